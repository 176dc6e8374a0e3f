//! Telemetry drains end to end against heroku-sim: on a Fir-generation app
//! (declared to the simulator with `fir_apps`, as one created in a Fir
//! space) they are created, updated in place by id and removed, header
//! values never shown (plan text, JSON, `-v`, tag), apply converges and
//! export writes them back with placeholders; on a Cedar app they are
//! impossible, and heroku-sim refuses them as Heroku does.

mod common;
use common::{repo, sim};

use heroku_sim::core::Options;
use heroku_sim::server::Running;
use serde_json::json;
use sim::{client, sim};

const OLD_KEY: &str = "otel-old-key-0123456789";
const NEW_KEY: &str = "otel-new-key-9876543210";
const VARS: &[(&str, &str)] = &[("OTEL_API_KEY", NEW_KEY)];

const FILES: &str = r#"[apps.web]
name = "tel-web-${HEROIN_ENV}"

[[apps.web.telemetry_drains]]
signals = ["traces", "logs"]
exporter = { type = "otlphttp", endpoint = "https://otel.example.com", headers = { x-api-key = "${OTEL_API_KEY}" } }

[[apps.web.telemetry_drains]]
signals = ["metrics"]
exporter = { type = "otlp", endpoint = "metrics.example.com:4317" }
"#;

fn fir() -> Options {
    Options {
        fir_apps: vec!["tel-web-prod".into()],
        ..Options::default()
    }
}

/// A Fir app with the drain the files update (an old key) and one they drop.
fn seed(running: &Running) -> String {
    let c = client(running, "sim-token");
    let app = c
        .write("POST", "/apps", &json!({"name": "tel-web-prod"}))
        .unwrap();
    assert_eq!(app["generation"]["name"], "fir");
    let id = app["id"].as_str().unwrap().to_string();
    for (endpoint, key) in [
        ("https://otel.example.com", OLD_KEY),
        ("https://gone.example.com", "gone"),
    ] {
        c.write(
            "POST",
            "/telemetry-drains",
            &json!({
                "owner": {"id": id, "type": "app"},
                "signals": ["traces", "logs"],
                "exporter": {"type": "otlphttp", "endpoint": endpoint, "headers": {"x-api-key": key}},
            }),
        )
        .unwrap();
    }
    id
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in [OLD_KEY, NEW_KEY, "sim-token"] {
        assert!(!text.contains(secret), "{what} shows {secret}:\n{text}");
    }
}

#[test]
fn telemetry_drains_converge_on_a_fir_app_and_never_show_header_values() {
    let running = sim(fir());
    seed(&running);
    let dir = repo::repo_of(&[("heroin.toml", FILES), ("heroin.prod.toml", "")]);
    let run = |args: &[&str]| repo::run_with(&running, dir.path(), VARS, args);
    let (code, out, err) = run(&["diff", "prod", "--color", "never"]);
    assert_eq!(code, Some(0), "{err}");
    assert_no_secret("the plan", &format!("{out}{err}"));
    insta::assert_snapshot!(out, @r#"
    heroin plans these changes to prod:

      # apps.web (tel-web-prod)
      - telemetry_drains.https://gone.example.com: "otlphttp: logs, traces; headers x-api-key"
          not in the files
      ~ telemetry_drains.https://otel.example.com: "otlphttp: logs, traces; headers x-api-key" -> "otlphttp: logs, traces; headers x-api-key"
          header value changed: x-api-key (values are secret)
      + telemetry_drains.metrics.example.com:4317: "otlp: metrics"

    Plan: 1 to add, 1 to change, 1 to destroy.
    "#);
    let (code, out, _) = run(&["diff", "prod", "--json"]);
    assert_eq!(code, Some(0));
    assert_no_secret("the JSON plan", &out);

    let (code, out, err) = run(&["-v", "apply", "prod", "--yes"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert_no_secret("apply -v", &format!("{out}{err}"));
    {
        let sim = running.shared.sim.lock().unwrap();
        let drains = &sim.state.telemetry_drains;
        assert_eq!(drains.len(), 2);
        let otel = drains.iter().find(|d| d.endpoint.contains("otel")).unwrap();
        assert_eq!(otel.headers["x-api-key"], NEW_KEY);
    }
    let git = git2::Repository::open(dir.path()).unwrap();
    let tag = git
        .find_reference("refs/tags/heroin/prod/1")
        .unwrap()
        .peel_to_tag()
        .unwrap();
    assert_no_secret("the tag", tag.message().unwrap().unwrap());
    let (code, out, err) = run(&["diff", "prod", "--detailed-exitcode"]);
    assert_eq!(code, Some(0), "{out}\n{err}");

    // Export writes the drains with the header as a placeholder; with the
    // variable set, the exported file plans no change.
    let (code, out, err) = run(&["export", "tel-web-prod", "--key", "web"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("x-api-key = \"${TELEMETRY_1_X_API_KEY}\""),
        "{out}"
    );
    assert!(err.contains("TELEMETRY_1_X_API_KEY"), "{err}");
    assert_no_secret("export", &format!("{out}{err}"));
    let exported = repo::repo_of(&[("heroin.toml", &out), ("heroin.prod.toml", "")]);
    let (code, out, err) = repo::run_with(
        &running,
        exported.path(),
        &[("TELEMETRY_1_X_API_KEY", NEW_KEY)],
        &["diff", "prod", "--detailed-exitcode"],
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
}

#[test]
fn telemetry_drains_on_a_cedar_app_are_impossible_and_refused_by_heroku() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    let app = c
        .write("POST", "/apps", &json!({"name": "tel-web-prod"}))
        .unwrap();
    assert_eq!(app["generation"]["name"], "cedar");
    let dir = repo::repo_of(&[("heroin.toml", FILES), ("heroin.prod.toml", "")]);
    let (code, out, err) = repo::run_with(
        &running,
        dir.path(),
        VARS,
        &["diff", "prod", "--detailed-exitcode", "--color", "never"],
    );
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(
        out.contains("telemetry drains exist only on Fir-generation apps, and Heroku has tel-web-prod as a cedar app"),
        "{out}"
    );
    let refused = c
        .write(
            "POST",
            "/telemetry-drains",
            &json!({
                "owner": {"id": app["id"], "type": "app"},
                "signals": ["logs"],
                "exporter": {"type": "otlphttp", "endpoint": "https://otel.example.com"},
            }),
        )
        .unwrap_err();
    assert_eq!(refused.status(), Some(422), "{refused}");
}
