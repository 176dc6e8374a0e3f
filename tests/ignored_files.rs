//! A heroin file that git ignores is never committed: `apply` refuses it as
//! it refuses an uncommitted one (a tag on the commit would not hold what was
//! applied), and `--allow-dirty` applies it untagged. A real git repository
//! and heroku-sim over HTTP.

mod common;
use common::sim;

use common::heroin;
use heroku_sim::core::Options;
use sim::{client, sim};

#[test]
fn an_ignored_overlay_is_refused_like_an_uncommitted_one() {
    let running = sim(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let base = "[apps.web]\nname = \"ign-web-${HEROIN_ENV}\"\n";
    std::fs::write(dir.path().join("heroin.toml"), base).unwrap();
    std::fs::write(dir.path().join(".gitignore"), "heroin.prod.toml\n").unwrap();
    let repo = git2::Repository::init(dir.path()).unwrap();
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::now("Dev", "dev@example.com").unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, "files", &tree, &[])
        .unwrap();
    // Written after the commit, and ignored: git status shows nothing.
    std::fs::write(
        dir.path().join("heroin.prod.toml"),
        "[apps.web.config_vars]\nMODE = \"from-an-ignored-file\"\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = heroin()
            .env("HEROKU_HOST", &running.url)
            .env("HEROKU_API_KEY", "sim-token")
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code(), text)
    };
    let (code, text) = run(&["apply", "prod", "--yes"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("heroin.prod.toml"), "{text}");
    let c = client(&running, "sim-token");
    assert_eq!(
        c.get_optional("/apps/ign-web-prod").unwrap(),
        None,
        "{text}"
    );
    assert_eq!(repo.tag_names(None).unwrap().len(), 0);

    let (code, text) = run(&["apply", "prod", "--yes", "--allow-dirty"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(c.get_optional("/apps/ign-web-prod").unwrap().is_some());
    assert_eq!(repo.tag_names(None).unwrap().len(), 0, "{text}");
}
