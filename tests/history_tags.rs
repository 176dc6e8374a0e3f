//! `heroin history` reads tags anyone can push: stray names are skipped with a
//! warning, never an error, and what a tag says reaches the terminal escaped.

mod common;

use std::path::Path;
use std::process::Command;

use common::heroin;

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Dev")
        .env("GIT_AUTHOR_EMAIL", "dev@example.com")
        .env("GIT_COMMITTER_NAME", "Dev \u{202e}evil")
        .env("GIT_COMMITTER_EMAIL", "dev@example.com")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("heroin.toml"),
        "[apps.web]\nname = \"web-${HEROIN_ENV}\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("heroin.staging.toml"), "").unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "files"]);
    dir
}

#[test]
fn stray_tags_are_skipped_and_forged_text_is_escaped() {
    let dir = repository();
    let p = dir.path();
    git(
        p,
        &[
            "tag",
            "-a",
            "heroin/staging/1",
            "-m",
            "apply\n\nPlan: 1 to add, 0 to change, 0 to destroy.",
        ],
    );
    git(
        p,
        &[
            "tag",
            "-a",
            "heroin/staging/007",
            "-m",
            "Plan: 7 to add, 0 to change, 0 to destroy.",
        ],
    );
    git(p, &["tag", "heroin/staging/3"]);
    git(
        p,
        &[
            "tag",
            "-a",
            "heroin/staging/2",
            "-m",
            "Plan: \u{1b}[2J\u{1b}[31mall good",
        ],
    );
    let out = heroin()
        .current_dir(p)
        .args(["history", "staging"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    let numbers: Vec<&str> = stdout
        .lines()
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(numbers, ["#2", "#1"], "{stdout}");
    assert!(
        stderr.contains("skipped the tag heroin/staging/007"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped the tag heroin/staging/3"),
        "{stderr}"
    );
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{202e}'),
        "{stdout:?}"
    );
    assert!(stdout.contains("Plan: \\u{1b}[2J"), "{stdout}");
    assert!(stdout.contains("Dev \\u{202e}evil"), "{stdout}");
}

#[test]
fn the_largest_number_is_not_wrapped() {
    let dir = repository();
    git(
        dir.path(),
        &[
            "tag",
            "-a",
            &format!("heroin/staging/{}", u64::MAX),
            "-m",
            "Plan: last",
        ],
    );
    let repo = heroin::git::Repo::discover(dir.path()).unwrap();
    let head = repo.head().unwrap();
    let err = repo.tag("staging", &head, "Plan: next").unwrap_err();
    assert!(err.to_string().contains("no tag number is left"), "{err}");
    let history = repo.history("staging").unwrap();
    assert_eq!(history.applied.len(), 1);
}
