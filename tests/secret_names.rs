//! Config vars Heroku has whose names say they hold a secret in the short
//! words people use (`SMTP_PASS`, `DB_PASSWD`, `GITHUB_AUTH`, `SENTRY_DSN`):
//! masked in the plan that removes them (and so in the tag message), and
//! turned into placeholders by `heroin export`. heroku-sim over HTTP.

mod common;
use common::sim;

use common::heroin;
use heroku_sim::core::Options;
use serde_json::json;
use sim::{client, sim};

const VARS: &[(&str, &str)] = &[
    ("SMTP_PASS", "smtp-pass-zz"),
    ("DB_PASSWD", "db-passwd-zz"),
    ("GITHUB_AUTH", "gh-auth-zz"),
    ("SENTRY_DSN", "https://sentrykey-zz@o1.ingest.sentry.io/5"),
    ("SESSION_SIG", "session-sig-zz"),
    ("TLS_PRIVATE_PEM", "private-pem-zz"),
];

#[test]
fn secrets_by_their_short_names_are_masked_in_plan_and_export() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "names-web-prod"}))
        .unwrap();
    let vars: serde_json::Map<String, serde_json::Value> = VARS
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    c.write(
        "PATCH",
        "/apps/names-web-prod/config-vars",
        &serde_json::Value::Object(vars),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = "[apps.web]\nname = \"names-web-${HEROIN_ENV}\"\n\n[apps.web.config_vars]\nRAILS_ENV = \"production\"\n";
    std::fs::write(dir.path().join("heroin.toml"), files).unwrap();
    std::fs::write(dir.path().join("heroin.prod.toml"), "").unwrap();
    for args in [
        &["diff", "prod"][..],
        &["diff", "prod", "--json"][..],
        &["export", "names-web-prod"][..],
        &["export", "names-web-prod", "--format", "yaml"][..],
    ] {
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
        assert_eq!(out.status.code(), Some(0), "{args:?}: {text}");
        for (name, value) in VARS {
            assert!(text.contains(name), "{args:?} names {name}:\n{text}");
            assert!(!text.contains(value), "{args:?} shows {name}:\n{text}");
        }
    }
}
