//! A rotated drain secret that does not look like a key: the value Heroku
//! still has (no longer in the environment) is masked on the side being
//! replaced, in the plan, its JSON and the tag message. A real git
//! repository and heroku-sim over HTTP.

mod common;
use common::{repo, sim};

use common::heroin;
use heroku_sim::core::Options;
use serde_json::json;
use sim::{client, sim};

/// The token Heroku's drain has, and the one the files now want: neither is
/// shaped like a key, so only the environment tells that they are secret.
const OLD: &str = "tok-old-zz";
const NEW: &str = "tok-new-zz";

const FILES: &str = r#"[apps.web]
name = "rot-web-${HEROIN_ENV}"
log_drains = [
  "https://in.example.io/bulk/${DRAIN_TOKEN}/tag/heroku",
  "https://user:${DRAIN_PASSWORD}@logs.example.com/x?sig=${DRAIN_TOKEN}",
]
"#;

#[test]
fn a_rotated_drain_secret_is_masked_on_the_side_replaced() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "rot-web-prod"}))
        .unwrap();
    for url in [
        format!("https://in.example.io/bulk/{OLD}/tag/heroku"),
        format!("https://user:oldpass-zz@logs.example.com/x?sig={OLD}"),
    ] {
        c.write(
            "POST",
            "/apps/rot-web-prod/log-drains",
            &json!({"url": url}),
        )
        .unwrap();
    }
    let dir = repo::repo_of(&[("heroin.toml", FILES), ("heroin.prod.toml", "")]);
    let run = |args: &[&str]| {
        let out = heroin()
            .env("HEROKU_HOST", &running.url)
            .env("HEROKU_API_KEY", "sim-token")
            .env("DRAIN_TOKEN", NEW)
            .env("DRAIN_PASSWORD", "newpass-zz")
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        for secret in [OLD, NEW, "oldpass-zz", "newpass-zz", "sim-token"] {
            assert!(!text.contains(secret), "{args:?} shows {secret}:\n{text}");
        }
        (out.status.code(), text)
    };
    let (code, text) = run(&["diff", "prod", "--color", "never"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains(
            r#""https://in.example.io/bulk/(sensitive)/tag/heroku" -> "https://in.example.io/bulk/(sensitive)/tag/heroku""#
        ),
        "{text}"
    );
    let (code, text) = run(&["diff", "prod", "--json"]);
    assert_eq!(code, Some(0), "{text}");
    let (code, text) = run(&["apply", "prod", "--yes"]);
    assert_eq!(code, Some(0), "{text}");
    let git = git2::Repository::open(dir.path()).unwrap();
    let tag = git
        .find_reference("refs/tags/heroin/prod/1")
        .unwrap()
        .peel_to_tag()
        .unwrap();
    let message = tag.message().unwrap().unwrap();
    assert!(!message.contains(OLD), "{message}");
    let (code, text) = run(&["diff", "prod", "--detailed-exitcode"]);
    assert_eq!(code, Some(0), "{text}");
}

#[test]
fn a_secret_interpolated_into_a_drain_host_is_masked_in_label_and_url() {
    let running = sim(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let files = "[apps.web]\nname = \"host-web-${HEROIN_ENV}\"\nlog_drains = [\"https://${TENANT}.ingest.example.net/in\"]\n";
    std::fs::write(dir.path().join("heroin.toml"), files).unwrap();
    std::fs::write(dir.path().join("heroin.prod.toml"), "").unwrap();
    let run = |args: &[&str]| {
        let out = heroin()
            .env("HEROKU_HOST", &running.url)
            .env("HEROKU_API_KEY", "sim-token")
            .env("TENANT", "Tenant-Secret-zz")
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !text.to_ascii_lowercase().contains("tenant-secret-zz"),
            "{args:?} shows the tenant:\n{text}"
        );
        (out.status.code(), text)
    };
    let (code, text) = run(&["diff", "prod", "--color", "never"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains(
            r#"+ log_drains.(sensitive).ingest.example.net: "https://(sensitive).ingest.example.net/in""#
        ),
        "{text}"
    );
    run(&["diff", "prod", "--json"]);
    run(&["show", "prod"]);
    let (code, text) = run(&["-v", "apply", "prod", "--yes", "--allow-dirty"]);
    assert_eq!(code, Some(0), "{text}");
    let (code, text) = run(&["diff", "prod", "--detailed-exitcode"]);
    assert_eq!(code, Some(0), "{text}");
}
