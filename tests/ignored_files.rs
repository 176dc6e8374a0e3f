//! A heroin file that git ignores is never committed: `apply` refuses it as
//! it refuses an uncommitted one (a tag on the commit would not hold what was
//! applied), and `--allow-dirty` applies it untagged. A real git repository
//! and heroku-sim over HTTP.

mod common;
use common::{repo, sim};

use common::heroin;
use heroku_sim::core::Options;
use sim::{client, sim};

#[test]
fn an_ignored_overlay_is_refused_like_an_uncommitted_one() {
    let running = sim(Options::default());
    let base = "[apps.web]\nname = \"ign-web-${HEROIN_ENV}\"\n";
    let dir = repo::repo_of(&[("heroin.toml", base), (".gitignore", "heroin.prod.toml\n")]);
    let git = git2::Repository::open(dir.path()).unwrap();
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
    assert_eq!(git.tag_names(None).unwrap().len(), 0);

    let (code, text) = run(&["apply", "prod", "--yes", "--allow-dirty"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(c.get_optional("/apps/ign-web-prod").unwrap().is_some());
    assert_eq!(git.tag_names(None).unwrap().len(), 0, "{text}");
}
