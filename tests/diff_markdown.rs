//! `heroin diff ENV --format markdown`, the plan for a pull-request comment,
//! against heroku-sim: snapshots of a plan with changes in two apps and of
//! one with none; secrets masked as the text plan masks them; a value that
//! holds backticks or HTML cannot break the comment's structure.

mod common;
use common::sim;

use std::path::Path;

use common::heroin;
use heroku_sim::core::Options;
use heroku_sim::server::Running;
use serde_json::json;
use sim::{client, sim};

const BASE: &str = r#"
[apps.web]
name = "md-web-${HEROIN_ENV}"

[apps.web.config_vars]
GREETING = "```</details><script>alert(1)</script> **bold** | `x`"
API_TOKEN = "${API_TOKEN}"
LOG_LEVEL = "info"

[apps.web.addons.database]
plan = "heroku-postgresql:essential-0"

[apps.worker]
name = "md-worker-${HEROIN_ENV}"
[apps.worker.config_vars]
QUEUE = "default"
"#;

fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("heroin.toml"), BASE).unwrap();
    std::fs::write(tmp.path().join("heroin.prod.toml"), "").unwrap();
    tmp
}

fn markdown(running: &Running, dir: &Path, extra: &[&str]) -> std::process::Output {
    heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .env("API_TOKEN", "tok-very-secret")
        .arg("-C")
        .arg(dir)
        .args(["diff", "prod", "--format", "markdown"])
        .args(extra)
        .output()
        .unwrap()
}

/// The worker exists with an old value and an extra var; the web app does
/// not exist yet.
fn seed(running: &Running) {
    let c = client(running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "md-worker-prod"}))
        .unwrap();
    c.write(
        "PATCH",
        "/apps/md-worker-prod/config-vars",
        &json!({"QUEUE": "old", "LEGACY": "1"}),
    )
    .unwrap();
}

#[test]
fn the_markdown_plan_for_a_pull_request() {
    let running = sim(Options::default());
    seed(&running);
    let tmp = project();
    let out = markdown(&running, tmp.path(), &["--detailed-exitcode"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("tok-very-secret"), "{text}");
    assert!(
        text.contains("+ config_vars.API_TOKEN: (sensitive)"),
        "{text}"
    );
    // The hostile value stays inside its code block: the block's fence is
    // longer than its backtick run, and the only </details> lines outside
    // code are the sections' own.
    assert!(text.contains("````diff"), "{text}");
    let closing = text.lines().filter(|l| *l == "</details>").count();
    assert_eq!(closing, 2, "{text}");
    insta::assert_snapshot!("diff_markdown", text);
}

#[test]
fn the_markdown_plan_says_when_nothing_changes() {
    let running = sim(Options::default());
    let tmp = project();
    let apply = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .env("API_TOKEN", "tok-very-secret")
        .arg("-C")
        .arg(tmp.path())
        .args(["apply", "prod", "--yes", "--no-tag", "--allow-dirty"])
        .output()
        .unwrap();
    assert!(
        apply.status.success(),
        "{}",
        String::from_utf8_lossy(&apply.stderr)
    );
    let out = markdown(&running, tmp.path(), &["--detailed-exitcode"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(
        "diff_markdown_no_changes",
        String::from_utf8(out.stdout).unwrap()
    );
}

#[test]
fn markdown_never_shows_secrets_and_json_stays_the_machine_format() {
    let running = sim(Options::default());
    let tmp = project();
    let out = markdown(&running, tmp.path(), &["--show-secrets"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let out = markdown(&running, tmp.path(), &["--json"]);
    assert_eq!(out.status.code(), Some(2));
    let json = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .env("API_TOKEN", "tok-very-secret")
        .arg("-C")
        .arg(tmp.path())
        .args(["diff", "prod", "--format", "json"])
        .output()
        .unwrap();
    let plan: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(plan["format_version"], "1");
}
