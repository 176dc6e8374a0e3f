//! Helpers shared by the integration tests: fixture paths and the heroin binary.

#![allow(dead_code)]

pub mod chaos;
pub mod ci;
pub mod duplicates;
pub mod gen_files;
pub mod gen_live;
pub mod hostile;
pub mod model;
pub mod model_more;
pub mod model_tables;
pub mod priced;
pub mod rack;
pub mod repo;
pub mod saved;
pub mod shop;
pub mod sim;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `fixtures/<rel>`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

/// The configuration directories directly below `fixtures/<rel>`, sorted.
pub fn dirs(rel: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixture(rel))
        .unwrap_or_else(|e| panic!("fixtures/{rel}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "fixtures/{rel} holds no directories");
    dirs
}

/// The heroin files of a configuration directory, sorted.
pub fn heroin_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("heroin.")
                && (name.ends_with(".toml") || name.ends_with(".yaml") || name.ends_with(".yml"))
        })
        .collect();
    files.sort();
    files
}

/// The heroin binary with a clean environment (no variables leak in from the
/// machine running the tests) and no colors.
pub fn heroin() -> Command {
    let mut cmd = Command::cargo_bin("heroin").unwrap();
    cmd.env_clear().env("NO_COLOR", "1");
    cmd
}

/// The name of a fixture directory, for messages.
pub fn name(dir: &Path) -> String {
    dir.strip_prefix(root())
        .unwrap_or(dir)
        .display()
        .to_string()
}

/// What `plan` breaks of `schemas/plan.schema.json` (empty when it holds).
pub fn plan_schema_errors(plan: &serde_json::Value) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("schemas/plan.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    validator.iter_errors(plan).map(|e| e.to_string()).collect()
}

/// Snapshot settings that write `dir` as `<dir>`, so that snapshots do not
/// depend on where the test's files are.
pub fn dir_filter(dir: &Path) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(&regex::escape(&dir.display().to_string()), "<dir>");
    settings
}
