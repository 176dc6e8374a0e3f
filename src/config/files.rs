//! Finding and reading the files of a configuration directory.
//!
//! This is the configuration layer's one edge that touches the file system: it
//! lists the directory, names the environments (the overlays that exist), and
//! reads files into [`Source`]s. Everything after it works on text in memory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::parse::Format;
use super::{Environment, Source};
use crate::diag::{Origin, Problem, closest};

#[path = "files_referenced.rs"]
mod referenced;
pub use referenced::{inside, read_referenced};

/// What can go wrong finding the files.
#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    /// The directory could not be listed.
    #[error("cannot read the directory {dir}: {source}")]
    Dir {
        /// The directory.
        dir: String,
        /// Why.
        source: std::io::Error,
    },
    /// A file could not be read.
    #[error("cannot read {file}: {source}")]
    Read {
        /// The file.
        file: String,
        /// Why.
        source: std::io::Error,
    },
    /// A file is not a regular file (a device, a FIFO, a directory).
    #[error("{file} is not a regular file")]
    NotAFile {
        /// The file.
        file: String,
    },
    /// A file is larger than any configuration heroin accepts.
    #[error("{file} is larger than {limit} bytes", limit = MAX_FILE_BYTES)]
    TooLarge {
        /// The file.
        file: String,
    },
    /// There is no base file.
    #[error("no heroin.toml, heroin.yaml or heroin.yml in {dir}")]
    NoBase {
        /// The directory.
        dir: String,
    },
    /// The environment has no overlay.
    #[error("unknown environment `{name}`")]
    UnknownEnv {
        /// The name asked for.
        name: String,
        /// The environments that exist.
        known: Vec<String>,
        /// The closest one, if any is close.
        suggestion: Option<String>,
    },
    /// The files themselves are in conflict (two formats for one layer, ...).
    #[error("the configuration files are in conflict")]
    Layout(Vec<Problem>),
}

/// One layer's file.
#[derive(Clone, Debug)]
pub struct Layer {
    /// The path to read.
    pub path: PathBuf,
    /// The name shown to users: the path as they would type it.
    pub display: Arc<str>,
    /// TOML or YAML.
    pub format: Format,
}

/// The files of a configuration directory.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The directory, as given.
    pub dir: PathBuf,
    /// The base file.
    pub base: Layer,
    /// The overlays, by environment name.
    pub overlays: BTreeMap<String, Layer>,
}

/// What a file name means to heroin.
#[derive(Debug, PartialEq, Eq)]
pub enum Role {
    /// `heroin.toml` and the like.
    Base(Format),
    /// `heroin.<env>.toml` and the like.
    Overlay(String, Format),
    /// `heroin.<something>.toml` where `<something>` is not an environment name.
    BadOverlay(String),
    /// Not a heroin file.
    Other,
}

/// What the file name `name` means to heroin.
pub fn role(name: &str) -> Role {
    let Some(rest) = name.strip_prefix("heroin.") else {
        return Role::Other;
    };
    let Some((stem, ext)) = rest.rsplit_once('.').or(Some(("", rest))) else {
        return Role::Other;
    };
    let Some(format) = Format::from_extension(ext) else {
        return Role::Other;
    };
    if stem.is_empty() {
        Role::Base(format)
    } else if is_env_name(stem) {
        Role::Overlay(stem.to_string(), format)
    } else {
        Role::BadOverlay(stem.to_string())
    }
}

/// Whether `name` is a valid environment name (`[a-z0-9][a-z0-9-]*`).
pub fn is_env_name(name: &str) -> bool {
    name.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Lists the heroin files of `dir`.
pub fn discover(dir: &Path) -> Result<Layout, FilesError> {
    let entries = std::fs::read_dir(dir).map_err(|source| FilesError::Dir {
        dir: dir.display().to_string(),
        source,
    })?;
    let names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    classify(dir, names)
}

/// The layout that the file `names` of `dir` make (no I/O): what
/// [`discover`] finds on disk, or what a commit's tree holds.
pub fn classify(dir: &Path, mut names: Vec<String>) -> Result<Layout, FilesError> {
    names.sort();
    let layer = |name: &str, format| Layer {
        path: dir.join(name),
        display: display(dir, name),
        format,
    };
    let mut base: Option<Layer> = None;
    let mut overlays: BTreeMap<String, Layer> = BTreeMap::new();
    let mut problems = Vec::new();
    for name in &names {
        let (slot, new) = match role(name) {
            Role::Base(format) => (&mut base, layer(name, format)),
            Role::Overlay(env, format) => {
                let new = layer(name, format);
                match overlays.get(&env) {
                    Some(old) => problems.push(two_formats(old, &new)),
                    None => {
                        overlays.insert(env, new);
                    }
                }
                continue;
            }
            Role::BadOverlay(env) => {
                let at = Origin::file_start(&display(dir, name));
                problems.push(
                    Problem::new(&at, "", format!("`{env}` is not a valid environment name"))
                        .with_hint(format!("environment names are lowercase letters, digits and dashes, starting with a letter or digit (see {})", crate::docs::link(crate::docs::CONFIGURATION, "Layers"))),
                );
                continue;
            }
            Role::Other => continue,
        };
        match slot {
            Some(old) => problems.push(two_formats(old, &new)),
            None => *slot = Some(new),
        }
    }
    if !problems.is_empty() {
        return Err(FilesError::Layout(problems));
    }
    let base = base.ok_or_else(|| FilesError::NoBase {
        dir: dir.display().to_string(),
    })?;
    Ok(Layout {
        dir: dir.to_path_buf(),
        base,
        overlays,
    })
}

fn two_formats(old: &Layer, new: &Layer) -> Problem {
    Problem::new(
        &Origin::file_start(&new.display),
        "",
        format!(
            "{} and {} describe the same layer",
            old.display, new.display
        ),
    )
    .with_hint(format!(
        "keep one of them: TOML or YAML, not both (see {})",
        crate::docs::link(crate::docs::CONFIGURATION, "Layers")
    ))
}

fn display(dir: &Path, name: &str) -> Arc<str> {
    if dir == Path::new(".") || dir.as_os_str().is_empty() {
        name.into()
    } else {
        dir.join(name).display().to_string().into()
    }
}

impl Layout {
    /// The environments: the overlays that exist, sorted.
    pub fn envs(&self) -> Vec<String> {
        self.overlays.keys().cloned().collect()
    }

    /// Reads the base and the overlay of `env`.
    pub fn environment(&self, env: &str) -> Result<Environment, FilesError> {
        let overlay = self
            .overlays
            .get(env)
            .ok_or_else(|| FilesError::UnknownEnv {
                name: env.to_string(),
                known: self.envs(),
                suggestion: closest(env, self.overlays.keys().map(String::as_str))
                    .map(str::to_string),
            })?;
        self.environment_with(env, overlay, &read)
    }

    /// Environment `env` with its files' texts from `read` (the disk, or a
    /// commit).
    pub fn environment_from(
        &self,
        env: &str,
        read: &dyn Fn(&Layer) -> Result<Source, FilesError>,
    ) -> Result<Environment, FilesError> {
        let overlay = self
            .overlays
            .get(env)
            .ok_or_else(|| FilesError::UnknownEnv {
                name: env.to_string(),
                known: self.envs(),
                suggestion: closest(env, self.overlays.keys().map(String::as_str))
                    .map(str::to_string),
            })?;
        self.environment_with(env, overlay, read)
    }

    fn environment_with(
        &self,
        env: &str,
        overlay: &Layer,
        read: &dyn Fn(&Layer) -> Result<Source, FilesError>,
    ) -> Result<Environment, FilesError> {
        Ok(Environment {
            name: Some(env.to_string()),
            base: read(&self.base)?,
            overlay: Some(read(overlay)?),
        })
    }

    /// Reads the base alone, as a configuration with no environment.
    pub fn base_only(&self) -> Result<Environment, FilesError> {
        Ok(Environment {
            name: None,
            base: read(&self.base)?,
            overlay: None,
        })
    }
}

/// The largest configuration file heroin reads, in bytes. A configuration of
/// thousands of apps is well under a megabyte; the bound keeps a mistake (a
/// symlink to a log or a device) from taking the machine's memory.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads one layer's file: a regular file (a symlink to one is fine) of at
/// most [`MAX_FILE_BYTES`].
pub fn read(layer: &Layer) -> Result<Source, FilesError> {
    let text = read_bounded(&layer.path, &layer.display)?;
    Ok(Source {
        name: layer.display.clone(),
        text,
        format: layer.format,
    })
}

/// Reads a configuration file as text, refusing what is not a regular file
/// and stopping at the size bound even when the size the file system reports
/// is wrong (files that grow while read, or report no size).
pub fn read_bounded(path: &Path, display: &str) -> Result<String, FilesError> {
    read_limited(path, display, MAX_FILE_BYTES)
}

pub(super) fn read_limited(path: &Path, display: &str, limit: u64) -> Result<String, FilesError> {
    use std::io::Read;
    let failed = |source| FilesError::Read {
        file: display.to_string(),
        source,
    };
    // `metadata` follows symlinks: what matters is what is finally read.
    let meta = std::fs::metadata(path).map_err(failed)?;
    if !meta.is_file() {
        return Err(FilesError::NotAFile {
            file: display.to_string(),
        });
    }
    if meta.len() > limit {
        return Err(FilesError::TooLarge {
            file: display.to_string(),
        });
    }
    let file = std::fs::File::open(path).map_err(failed)?;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > limit {
        return Err(FilesError::TooLarge {
            file: display.to_string(),
        });
    }
    String::from_utf8(bytes).map_err(|_| {
        failed(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_have_roles() {
        assert_eq!(role("heroin.toml"), Role::Base(Format::Toml));
        assert_eq!(role("heroin.yml"), Role::Base(Format::Yaml));
        assert_eq!(
            role("heroin.prod.yaml"),
            Role::Overlay("prod".into(), Format::Yaml)
        );
        assert_eq!(
            role("heroin.eu-2.toml"),
            Role::Overlay("eu-2".into(), Format::Toml)
        );
        assert_eq!(role("heroin.Prod.toml"), Role::BadOverlay("Prod".into()));
        assert_eq!(role("heroin.toml.bak"), Role::Other);
        assert_eq!(role("heroin.schema.json"), Role::Other);
        assert_eq!(role("Cargo.toml"), Role::Other);
    }
}
