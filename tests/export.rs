//! `heroin export`: a file for a live app that, with the listed variables set,
//! plans no changes (the round trip), in TOML and YAML; secrets never printed.

mod common;
use common::sim;

use common::heroin;
use heroku_sim::core::Options;
use heroku_sim::server::Running;
use serde_json::json;
use sim::{client, sim};

fn seed(running: &Running) {
    let c = client(running, "sim-token");
    c.write(
        "POST",
        "/teams/apps",
        &json!({"name": "exp-web", "team": "acme", "region": "eu"}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/exp-web/addons",
        &json!({"plan": "heroku-postgresql:essential-0"}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/exp-web/addons",
        &json!({"plan": "heroku-redis:mini", "attachment": {"name": "CACHE"}}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/exp-web/addons",
        &json!({"plan": "papertrail:choklad"}),
    )
    .unwrap();
    c.write(
        "PATCH",
        "/apps/exp-web/config-vars",
        &json!({"RAILS_ENV": "production", "SECRET_KEY_BASE": "xyz-secret", "PRICE": "$5", "HEROKU_API_KEY": "apps-own-heroku-key"}),
    )
    .unwrap();
    let slug = c
        .write(
            "POST",
            "/apps/exp-web/slugs",
            &json!({"process_types": {"web": "puma", "worker": "sidekiq"}}),
        )
        .unwrap();
    c.write(
        "POST",
        "/apps/exp-web/releases",
        &json!({"slug": slug["id"]}),
    )
    .unwrap();
    c.write(
        "PATCH",
        "/apps/exp-web/formation",
        &json!({"updates": [{"type": "web", "quantity": 2}]}),
    )
    .unwrap();
    c.write("PUT", "/apps/exp-web/buildpack-installations", &json!({"updates": [{"buildpack": "heroku/ruby"}, {"buildpack": "https://github.com/heroku/heroku-buildpack-nodejs"}]})).unwrap();
    c.write(
        "POST",
        "/apps/exp-web/log-drains",
        &json!({"url": "https://user:drain-pass@logs.example.net/ingest"}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/exp-web/log-drains",
        &json!({"url": format!("https://http-intake.logs.datadoghq.com/v1/input/{DD_KEY}?ddsource=heroku")}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/exp-web/domains",
        &json!({"hostname": "www.exp.example", "sni_endpoint": null}),
    )
    .unwrap();
    c.write(
        "POST",
        "/teams/apps/exp-web/collaborators",
        &json!({"user": "dev@exp.example", "permissions": ["deploy"]}),
    )
    .unwrap();
    c.write(
        "PATCH",
        "/apps/exp-web/features/preboot",
        &json!({"enabled": true}),
    )
    .unwrap();
    c.write("PATCH", "/apps/exp-web", &json!({"maintenance": true}))
        .unwrap();
    let p = c
        .write("POST", "/pipelines", &json!({"name": "exp"}))
        .unwrap();
    c.write(
        "POST",
        "/pipeline-couplings",
        &json!({"app": "exp-web", "pipeline": p["id"], "stage": "staging"}),
    )
    .unwrap();
}

/// A Datadog API key, in the path of a drain URL.
const DD_KEY: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

fn round_trip(running: &Running, format: &str, file: &str) {
    let out = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .args(["export", "exp-web", "--key", "web", "--format", format])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    for secret in ["xyz-secret", "drain-pass", DD_KEY, "apps-own-heroku-key"] {
        assert!(
            !text.contains(secret) && !err.contains(secret),
            "{secret} leaks:\n{text}\n{err}"
        );
    }
    for var in [
        "SECRET_KEY_BASE",
        "LOG_DRAIN_1_KEY",
        "LOG_DRAIN_2_PASSWORD",
        "WEB_HEROKU_API_KEY",
    ] {
        assert!(err.contains(var), "{var}:\n{err}");
    }
    // The non-secret parts of drain URLs stay, to tell them apart.
    assert!(
        text.contains(
            "https://http-intake.logs.datadoghq.com/v1/input/${LOG_DRAIN_1_KEY}?ddsource=heroku"
        ) && text.contains("https://user:${LOG_DRAIN_2_PASSWORD}@logs.example.net/ingest"),
        "{text}"
    );
    // The app's own HEROKU_API_KEY must not be read from heroin's token.
    assert!(
        !text.contains("${HEROKU_API_KEY}") && text.contains("${WEB_HEROKU_API_KEY}"),
        "{text}"
    );
    assert!(
        !text.contains("DATABASE_URL"),
        "add-on vars are left out:\n{text}"
    );
    assert!(
        !text.contains("herokuapp.com"),
        "the default domain is left out:\n{text}"
    );
    assert!(
        !text.contains("papertrailapp"),
        "add-on drains are left out:\n{text}"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(file), &text).unwrap();
    std::fs::write(dir.path().join(file.replace("heroin.", "heroin.live.")), "").unwrap();
    let validate = heroin()
        .current_dir(dir.path())
        .arg("validate")
        .output()
        .unwrap();
    assert!(
        validate.status.success(),
        "{}\n{text}",
        String::from_utf8_lossy(&validate.stdout)
    );
    let diff = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .env("SECRET_KEY_BASE", "xyz-secret")
        .env("LOG_DRAIN_1_KEY", DD_KEY)
        .env("LOG_DRAIN_2_PASSWORD", "drain-pass")
        .env("WEB_HEROKU_API_KEY", "apps-own-heroku-key")
        .current_dir(dir.path())
        .args(["diff", "live", "--detailed-exitcode", "--color", "never"])
        .output()
        .unwrap();
    let plan = String::from_utf8_lossy(&diff.stdout);
    assert_eq!(
        diff.status.code(),
        Some(0),
        "{plan}\n{}\n{text}",
        String::from_utf8_lossy(&diff.stderr)
    );
    assert!(plan.contains("No changes."), "{plan}");
}

#[test]
fn an_exported_app_plans_no_changes() {
    let running = sim(Options::default());
    seed(&running);
    round_trip(&running, "toml", "heroin.toml");
    round_trip(&running, "yaml", "heroin.yaml");
}

#[test]
fn an_add_on_attached_from_an_app_outside_the_file_is_named_in_a_note() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "exp-solo"}))
        .unwrap();
    c.write("POST", "/apps", &json!({"name": "exp-other"}))
        .unwrap();
    let shared = c
        .write(
            "POST",
            "/apps/exp-other/addons",
            &json!({"plan": "sendgrid:starter"}),
        )
        .unwrap();
    c.write(
        "POST",
        "/addon-attachments",
        &json!({"addon": shared["id"], "app": "exp-solo", "name": "MAIL"}),
    )
    .unwrap();
    let out = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .args(["export", "exp-solo"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("note: MAIL is attached from exp-other: add that app to these files and use `attach` to manage it"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("sendgrid"));
}

#[test]
fn exporting_an_unknown_app_is_a_clear_error() {
    let running = sim(Options::default());
    let out = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .args(["export", "no-such-app"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no app `no-such-app`"));
}
