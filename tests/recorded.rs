//! An apply that stopped after its last step (interrupted, or its check
//! could not read Heroku) left Heroku matching files that no tag records;
//! `make chaos` found 11 such runs in 80. The next apply finds nothing to
//! change and records them; files the newest tag already records get no
//! second tag.

mod common;
use common::{repo, sim};

use heroku_sim::core::Options;
use repo::{commit, repo_with, run};

fn tags(dir: &std::path::Path) -> Vec<String> {
    let repo = git2::Repository::open(dir).unwrap();
    let names = repo.tag_names(Some("heroin/*")).unwrap();
    let mut tags: Vec<String> = names
        .iter()
        .flatten()
        .flatten()
        .map(str::to_string)
        .collect();
    tags.sort();
    tags
}

#[test]
fn files_heroku_matches_without_a_record_are_tagged_by_the_next_apply() {
    let running = sim::sim(Options::default());
    let dir = repo_with("examples/rack-app");
    // Heroku is brought to the files, and nothing records it.
    let (code, _, err) = run(
        &running,
        dir.path(),
        &["apply", "staging", "--yes", "--no-tag"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(tags(dir.path()).is_empty());

    let (code, out, err) = run(&running, dir.path(), &["apply", "staging", "--yes"]);
    assert_eq!(code, Some(0), "{err}");
    // Nothing to change (formation waits for a release that declares it).
    assert!(
        out.contains("Plan: 0 to add, 0 to change, 0 to destroy"),
        "{out}"
    );
    assert_eq!(tags(dir.path()), ["heroin/staging/1"], "{err}");
    let (code, out, _) = run(&running, dir.path(), &["history", "staging"]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("#1 "), "{out}");

    // Recorded already: the same files, or a commit that changes none of
    // heroin's files, get no second tag.
    let (code, _, err) = run(&running, dir.path(), &["apply", "staging", "--yes"]);
    assert_eq!(code, Some(0), "{err}");
    std::fs::write(dir.path().join("NOTES.md"), "notes\n").unwrap();
    commit(dir.path(), "notes");
    let (code, _, err) = run(&running, dir.path(), &["apply", "staging", "--yes"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(tags(dir.path()), ["heroin/staging/1"]);
}
