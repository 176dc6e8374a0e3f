//! Writing `heroin init`'s files: the edge of [`crate::init`].
//!
//! It refuses to overwrite anything: when any file it would write exists, or
//! the directory already holds heroin files (in either format), nothing is
//! written at all. Each file is then created with `create_new`, so a file
//! that appears meanwhile is not overwritten either.

use std::io::Write;
use std::path::Path;

use super::File;
use crate::error::Error;

/// The names among `files` that exist in `dir`, and the heroin files `dir`
/// holds already (a `heroin.yaml` stops a TOML start too).
pub fn existing(dir: &Path, names: &[&str]) -> Vec<String> {
    let mut found: Vec<String> = names
        .iter()
        .filter(|n| dir.join(n).symlink_metadata().is_ok())
        .map(|n| n.to_string())
        .collect();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let layer = name.starts_with("heroin.")
                && [".toml", ".yaml", ".yml"].iter().any(|e| name.ends_with(e));
            if layer && !found.contains(&name) {
                found.push(name);
            }
        }
    }
    found.sort();
    found
}

/// Refuses when any of `names`, or any heroin file, is in `dir` already.
pub fn check(dir: &Path, names: &[&str]) -> Result<(), Error> {
    let found = existing(dir, names);
    if !found.is_empty() {
        return Err(Error::Refused {
            message: format!(
                "{} already holds {}: heroin init overwrites nothing",
                dir.display(),
                found.join(", ")
            ),
            hint: "run heroin init in a new directory (-C DIR), or remove those files first".into(),
        });
    }
    Ok(())
}

/// Writes `files` into `dir` (created when missing), or nothing when any of
/// them, or any heroin file, is there already.
pub fn write(dir: &Path, files: &[File]) -> Result<(), Error> {
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    check(dir, &names)?;
    std::fs::create_dir_all(dir)?;
    for f in files {
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dir.join(&f.name))?;
        out.write_all(f.text.as_bytes())?;
    }
    Ok(())
}
