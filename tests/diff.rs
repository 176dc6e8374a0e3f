//! `heroin diff` as users run it, against heroku-sim over HTTP: the rendered
//! plan (snapshots), the JSON plan against its schema, `--detailed-exitcode`,
//! `--app`, `--show-secrets`, and clear errors without a token, with a bad
//! one, and without a reachable API.

mod common;
use common::sim;

use common::{fixture, heroin, rack, root};
use heroku_sim::core::Options;
use heroku_sim::server::Running;
use serde_json::json;
use sim::{client, logged, sim, sim_logging, with_options};

fn diff(running: &Running, example: &str, args: &[&str]) -> std::process::Output {
    heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .env("SESSION_SECRET", "session-demo-secret")
        .env("PAYMENTS_API_KEY", "pay-demo-key")
        .arg("-C")
        .arg(fixture(example))
        .arg("diff")
        .args(args)
        .output()
        .unwrap()
}

fn text(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn the_plan_reads_like_terraform_s() {
    let running = sim(Options::default());
    let out = diff(
        &running,
        "examples/two-app-product",
        &["staging", "--color", "never"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!("diff_from_nothing", text(&out));

    rack::seed_drifted(&running);
    let out = diff(&running, "examples/rack-app", &["prod", "--color", "never"]);
    let t = text(&out);
    assert!(
        !t.contains("old-key") && !t.contains("pay-demo-key"),
        "secrets leak:\n{t}"
    );
    insta::assert_snapshot!("diff_rack_prod", t);
}

#[test]
fn detailed_exitcode_and_app_selection() {
    let running = sim(Options::default());
    rack::seed_drifted(&running);
    let out = diff(
        &running,
        "examples/rack-app",
        &["prod", "--detailed-exitcode"],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = diff(&running, "examples/rack-app", &["prod", "--app", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--app nope: no such app"));
    let out = diff(
        &running,
        "examples/rack-app",
        &["prod", "--show-secrets", "--color", "never"],
    );
    let t = text(&out);
    assert!(t.contains("\"old-key\" -> \"pay-demo-key\""), "{t}");
}

#[test]
fn the_json_plan_matches_its_schema_and_holds_no_secret() {
    let running = sim(Options::default());
    rack::seed_drifted(&running);
    let out = diff(&running, "examples/rack-app", &["prod", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/plan.schema.json")).unwrap(),
    )
    .unwrap();
    assert!(jsonschema::draft7::meta::is_valid(&schema));
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&plan)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let raw = text(&out);
    assert!(!raw.contains("old-key") && !raw.contains("pay-demo-key"));
    insta::assert_snapshot!("diff_rack_prod_json", raw);
    let key = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "PAYMENTS_API_KEY")
        .unwrap();
    assert_eq!(
        (key["sensitive"].as_bool(), key["after"].is_null()),
        (Some(true), true)
    );
    let db = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "postgres")
        .unwrap();
    assert_eq!(db["action"], "replace");
    assert!(db["destroys"].as_str().unwrap().contains("all its data"));
}

#[test]
fn no_token_a_bad_token_and_no_api_are_clear_errors() {
    let running = sim(Options::default());
    let out = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HOME", "/nonexistent")
        .env("SESSION_SECRET", "s")
        .arg("-C")
        .arg(fixture("examples/two-app-product"))
        .args(["diff", "staging"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no Heroku API token: HEROKU_API_KEY is not set and /nonexistent/.netrc has no `machine 127.0.0.1` entry"), "{err}");
    assert!(err.contains("hint: export HEROKU_API_KEY"), "{err}");

    let out = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "not-the-token")
        .env("SESSION_SECRET", "s")
        .arg("-C")
        .arg(fixture("examples/two-app-product"))
        .args(["diff", "staging", "-v"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error: GET /apps: 401 unauthorized: Invalid credentials provided."),
        "{err}"
    );
    assert!(
        err.contains("http: GET /apps"),
        "the trace is on stderr: {err}"
    );
    assert!(
        !err.contains("not-the-token"),
        "the token never shows: {err}"
    );

    let out = heroin()
        .env("HEROKU_HOST", "http://api.example.com")
        .env("HEROKU_API_KEY", "t")
        .env("SESSION_SECRET", "s")
        .arg("-C")
        .arg(fixture("examples/two-app-product"))
        .args(["diff", "staging"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("refusing `http://api.example.com`: over plain http://")
    );

    // Nothing listens on port 1: retried for about a second, then an error
    // naming the URL.
    let (out, took) = diff_at("http://127.0.0.1:1");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error: GET http://127.0.0.1:1/apps: ") && err.contains("(after 4 tries)"),
        "{err}"
    );
    assert!(err.contains("hint: nothing answers there"), "{err}");
    assert!(
        took >= std::time::Duration::from_millis(500) && took < std::time::Duration::from_secs(3),
        "{took:?}"
    );
}

/// `heroin diff` with HEROKU_HOST `host`, and how long it took.
fn diff_at(host: &str) -> (std::process::Output, std::time::Duration) {
    let started = std::time::Instant::now();
    let out = heroin()
        .env("HEROKU_HOST", host)
        .env("HEROKU_API_KEY", "t")
        .env("SESSION_SECRET", "s")
        .arg("-C")
        .arg(fixture("examples/two-app-product"))
        .args(["diff", "staging"])
        .output()
        .unwrap();
    (out, started.elapsed())
}

#[test]
fn what_retrying_cannot_fix_fails_at_once_naming_the_url() {
    // https:// to the simulator, which speaks plain HTTP.
    let running = sim(Options::default());
    let url = running.url.replace("http://", "https://");
    let (out, took) = diff_at(&url);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("error: GET {url}/apps: ")) && err.contains("(after 1 try)"),
        "{err}"
    );
    assert!(err.contains("https:// to a plain-HTTP server?"), "{err}");
    assert!(took < std::time::Duration::from_secs(2), "{took:?}");

    // Not a URL at all: named as heroin read it, before any request.
    let (out, _) = diff_at("https://exa mple.com");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "the API location `https://exa mple.com` (from HEROKU_HOST) is not a URL heroin can use"
        ),
        "{err}"
    );
}

#[test]
fn small_pages_and_injected_failures_give_the_same_plan() {
    let running = sim(Options::default());
    rack::seed_drifted(&running);
    let clean = text(&diff(&running, "examples/rack-app", &["prod", "--json"]));
    let paged = with_options(
        &running,
        Options {
            page_size: Some(2),
            ..Options::default()
        },
    );
    assert_eq!(
        text(&diff(&paged, "examples/rack-app", &["prod", "--json"])),
        clean
    );
    let flaky = with_options(
        &running,
        Options {
            fail_rate: 0.3,
            seed: 11,
            ..Options::default()
        },
    );
    let out = diff(&flaky, "examples/rack-app", &["prod", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(text(&out), clean);
}

#[test]
fn detailed_exitcode_is_1_when_apply_would_refuse_the_plan() {
    let running = sim(Options::default());
    // The files say region "us": a region cannot change.
    client(&running, "sim-token")
        .write(
            "POST",
            "/apps",
            &json!({"name": "rackshop-prod", "region": "eu"}),
        )
        .unwrap();
    let out = diff(
        &running,
        "examples/rack-app",
        &["prod", "--detailed-exitcode", "--color", "never"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(text(&out).contains("! app.region"), "{}", text(&out));
    assert!(err.contains("cannot be carried out"), "{err}");
    // Without the flag, diff only shows: exit 0.
    let out = diff(&running, "examples/rack-app", &["prod"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_netrc_others_can_read_is_warned_about() {
    let running = sim(Options::default());
    let home = tempfile::tempdir().unwrap();
    let netrc = home.path().join(".netrc");
    std::fs::write(
        &netrc,
        "machine 127.0.0.1\n  login me\n  password sim-token\n",
    )
    .unwrap();
    let diff_with_netrc = || {
        heroin()
            .env("HEROKU_HOST", &running.url)
            .env("HOME", home.path())
            .env("PAYMENTS_API_KEY", "k")
            .arg("-C")
            .arg(fixture("examples/rack-app"))
            .args(["diff", "staging"])
            .output()
            .unwrap()
    };
    use std::os::unix::fs::PermissionsExt;
    for mode in [0o644, 0o660, 0o602] {
        std::fs::set_permissions(&netrc, std::fs::Permissions::from_mode(mode)).unwrap();
        let out = diff_with_netrc();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{err}");
        assert!(
            err.contains(&format!(
                "warning: {} can be read or written by others (mode {mode:o})",
                netrc.display()
            )) && err.contains("chmod 600"),
            "{mode:o}: {err}"
        );
        assert!(!err.contains("sim-token"), "{err}");
    }
    std::fs::set_permissions(&netrc, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = diff_with_netrc();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn a_url_with_a_user_part_sends_no_token_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let running = sim_logging(Options::default(), Some(&log));
    // Before the @ is a user name, not the host: the request would go to
    // `localhost`, here the simulator standing in for another machine.
    let port = running.url.rsplit(':').next().unwrap();
    for host in [
        format!("http://127.0.0.1@localhost:{port}"),
        format!("http://127.0.0.1:{port}@localhost:{port}"),
    ] {
        let (out, _) = diff_at(&host);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{host}: {err}");
        assert!(err.contains("holds a user name or password"), "{err}");
    }
    assert!(logged(&log).is_empty(), "no request was made");
}
