//! Real git repositories holding an example, and heroin run against a
//! heroku-sim: as a plain process, or in a real pseudo-terminal.

#![allow(dead_code)]

use std::path::Path;

use heroku_sim::server::Running;

use super::{fixture, heroin};

/// The variables the examples' secrets need.
pub const VARS: &[(&str, &str)] = &[
    ("SESSION_SECRET", "session-demo-secret"),
    ("PAYMENTS_API_KEY", "pay-demo-key"),
];

/// A git repository holding a copy of an example, committed.
pub fn repo_with(example: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture(example)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let repo = git2::Repository::init(dir.path()).unwrap();
    // The tagger comes from git config.
    let mut config = repo.config().unwrap();
    config.set_str("user.name", "Dev").unwrap();
    config.set_str("user.email", "dev@example.com").unwrap();
    commit(dir.path(), "files");
    dir
}

/// Commits everything in the work tree.
pub fn commit(dir: &Path, message: &str) {
    let repo = git2::Repository::open(dir).unwrap();
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::now("Dev", "dev@example.com").unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .unwrap();
}

/// heroin with `args` in a real pseudo-terminal, against `running`.
pub fn on_terminal(running: &Running, dir: &Path, args: &str) -> rexpect::session::PtySession {
    let bin = assert_cmd::cargo::cargo_bin("heroin");
    let cmd = format!(
        "env HEROKU_HOST={} HEROKU_API_KEY=sim-token PAYMENTS_API_KEY=k NO_COLOR=1 {} -C {} {args}",
        running.url,
        bin.display(),
        dir.display()
    );
    rexpect::spawn(&cmd, Some(30_000)).unwrap()
}

/// heroin with `args` in `dir` against `running`, with the examples'
/// variables: exit code, stdout, stderr.
pub fn run(running: &Running, dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    run_with(running, dir, VARS, args)
}

/// A committed git repository holding `files` (name, text).
pub fn repo_of(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, text).unwrap();
    }
    let repo = git2::Repository::init(dir.path()).unwrap();
    let mut config = repo.config().unwrap();
    config.set_str("user.name", "Dev").unwrap();
    config.set_str("user.email", "dev@example.com").unwrap();
    commit(dir.path(), "files");
    dir
}

/// heroin with `args` in `dir` against `running`, with the variables
/// `vars`: exit code, stdout, stderr.
pub fn run_with(
    running: &Running,
    dir: &Path,
    vars: &[(&str, &str)],
    args: &[&str],
) -> (Option<i32>, String, String) {
    let out = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .envs(vars.iter().copied())
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
