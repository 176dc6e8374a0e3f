//! The git edge on real repositories: dirty files, tags, history.

use super::*;

fn commit_all(repo: &git2::Repository, message: &str) {
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

#[test]
fn dirty_files_tags_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let git = git2::Repository::init(dir.path()).unwrap();
    let cfg = dir.path().join("deploy");
    std::fs::create_dir(&cfg).unwrap();
    std::fs::write(
        cfg.join("heroin.toml"),
        "[apps.web]\nname = \"a-${HEROIN_ENV}\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("README.md"), "outside\n").unwrap();
    let repo = Repo::discover(&cfg).unwrap();
    assert_eq!(repo.prefix, Path::new("deploy"));
    assert_eq!(
        repo.dirty().unwrap(),
        ["deploy/heroin.toml"],
        "untracked heroin files count"
    );
    commit_all(&git, "first");
    assert!(repo.dirty().unwrap().is_empty());
    std::fs::write(cfg.join("notes.txt"), "untracked, not heroin's\n").unwrap();
    std::fs::write(
        dir.path().join("README.md"),
        "changed outside the directory\n",
    )
    .unwrap();
    assert!(repo.dirty().unwrap().is_empty());
    std::fs::write(
        cfg.join("heroin.toml"),
        "[apps.web]\nname = \"b-${HEROIN_ENV}\"\n",
    )
    .unwrap();
    assert_eq!(repo.dirty().unwrap(), ["deploy/heroin.toml"]);

    let head = repo.head().unwrap();
    assert_eq!(
        repo.tag(
            "prod",
            &head,
            "apply\n\nPlan: 1 to add, 0 to change, 0 to destroy.\n"
        )
        .unwrap(),
        "heroin/prod/1"
    );
    assert_eq!(
        repo.tag(
            "prod",
            &head,
            "again\nPlan: 0 to add, 2 to change, 0 to destroy.\n"
        )
        .unwrap(),
        "heroin/prod/2"
    );
    assert_eq!(
        repo.tag("staging", &head, "x\n").unwrap(),
        "heroin/staging/1"
    );
    let history = repo.history("prod").unwrap().applied;
    assert_eq!(history.iter().map(|h| h.number).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(
        history[0].summary,
        "Plan: 0 to add, 2 to change, 0 to destroy."
    );
    assert_eq!(history[0].commit, head);
    assert!(Repo::discover(&std::env::temp_dir().join("surely-not-a-repo-heroin")).is_none());
}
