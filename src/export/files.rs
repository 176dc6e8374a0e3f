//! Writing an exported account into a directory: the base, one overlay per
//! environment, and a pre-commit configuration that runs `heroin validate`.
//! Nothing is ever overwritten: the directory must be empty or absent, and
//! every file is created new. Only this module of `export` writes files.

use std::path::Path;

use super::factor::Factored;
use super::{Item, toml, yaml};
use crate::config::parse::Format;
use crate::error::Error;

/// The pre-commit configuration written beside the files.
const PRE_COMMIT: &str = "\
# Checks the heroin files before every commit (`pre-commit install` once),
# with the heroin on PATH; no token or variables needed.
repos:
  - repo: local
    hooks:
      - id: heroin-validate
        name: heroin validate
        entry: heroin validate
        language: system
        files: (^|/)heroin(\\.[a-z0-9][a-z0-9-]*)?\\.(toml|ya?ml)$
        require_serial: true
";

/// DIR must be absent or empty.
pub fn check_empty(dir: &Path) -> Result<(), Error> {
    match std::fs::read_dir(dir).map(|mut entries| entries.next().is_some()) {
        Ok(true) => Err(Error::Usage(format!(
            "{}: the directory is not empty (heroin export never overwrites files); name a new or empty one",
            dir.display()
        ))),
        Ok(false) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::Usage(format!("{}: {e}", dir.display()))),
    }
}

/// The file's text: a comment saying what it holds, then the document.
fn text(comment: &str, doc: &Item, format: Format) -> String {
    let body = match format {
        Format::Toml => toml(doc),
        Format::Yaml => match doc {
            Item::Table(f) if f.is_empty() => String::new(),
            _ => yaml(doc),
        },
    };
    let comment: String = comment.lines().map(|l| format!("# {l}\n")).collect();
    match body.trim_end() {
        "" => comment,
        body => format!("{comment}\n{body}\n"),
    }
}

fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))
}

/// Writes the base, the overlays and the pre-commit configuration.
pub fn write(dir: &Path, files: &Factored, format: Format) -> Result<(), Error> {
    let ext = match format {
        Format::Toml => "toml",
        Format::Yaml => "yaml",
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::Usage(format!("{}: {e}", dir.display())))?;
    let envs: Vec<&str> = files.overlays.keys().map(String::as_str).collect();
    let base = format!(
        "heroin base: what every environment ({}) shares.\nExported from Heroku by `heroin export`; the overlays heroin.ENV.{ext} hold what differs.",
        envs.join(", ")
    );
    write_new(
        &dir.join(format!("heroin.{ext}")),
        &text(&base, &files.base, format),
    )?;
    for (env, doc) in &files.overlays {
        let comment = format!(
            "heroin overlay of {env}: what {env} has beyond heroin.{ext} (`heroin diff {env}`)."
        );
        write_new(
            &dir.join(format!("heroin.{env}.{ext}")),
            &text(&comment, doc, format),
        )?;
    }
    write_new(&dir.join(".pre-commit-config.yaml"), PRE_COMMIT)
}
