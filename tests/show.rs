//! `heroin show ENV` and `heroin envs`: the resolved configuration, secrets
//! masked, every value with its origin; snapshots of what users see.

mod common;

use common::{dirs, fixture, heroin, name};

/// The variables the examples need, with demo values.
const DEMO_VARS: &[(&str, &str)] = &[
    ("IRC_PASSWORD", "irc-demo-password"),
    ("PAYMENTS_API_KEY", "pay-demo-key"),
    ("SECRET_KEY_BASE", "phx-demo-secret"),
    ("LOGS_API_KEY", "logs-demo-key"),
    ("SESSION_SECRET", "session-demo-secret"),
];

fn show(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    heroin()
        .envs(DEMO_VARS.iter().copied())
        .arg("-C")
        .arg(dir)
        .arg("show")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn every_example_environment_resolves_with_secrets_masked() {
    for dir in dirs("examples") {
        let envs = heroin().arg("-C").arg(&dir).arg("envs").output().unwrap();
        let envs = String::from_utf8(envs.stdout).unwrap();
        assert!(!envs.is_empty(), "{}", name(&dir));
        for env in envs.lines() {
            let out = show(&dir, &[env]);
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(
                out.status.success(),
                "{} {env}: {}",
                name(&dir),
                String::from_utf8_lossy(&out.stderr)
            );
            for (_, secret) in DEMO_VARS {
                assert!(
                    !text.contains(secret),
                    "{} {env} leaks a secret:\n{text}",
                    name(&dir)
                );
            }
            let example = dir.file_name().unwrap().to_string_lossy().to_string();
            let mut settings = common::dir_filter(&dir);
            settings.set_snapshot_suffix(format!("{example}-{env}"));
            settings.bind(|| insta::assert_snapshot!("show", text));
        }
    }
}

#[test]
fn show_secrets_reveals_them_and_json_masks_them() {
    let dir = fixture("examples/phoenix-app");
    let out = show(&dir, &["prod", "--show-secrets"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\"https://heroku:logs-demo-key@in.logs.example.net/v1/heroku\""),
        "{text}"
    );
    assert!(
        text.contains("SECRET_KEY_BASE = \"phx-demo-secret\""),
        "{text}"
    );

    let out = show(&dir, &["prod", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let key = &json["apps"]["web"]["config_vars"]["SECRET_KEY_BASE"];
    assert_eq!(key["secret"], true);
    assert_eq!(key["value"], serde_json::Value::Null);
    assert_eq!(
        key["from"].as_str().unwrap().rsplit('/').next().unwrap(),
        "heroin.yml:16:24"
    );
    let drain = &json["apps"]["web"]["log_drains"][0];
    assert_eq!(drain["secret"], true);
    assert_eq!(json["apps"]["web"]["config_vars"]["PORT"]["value"], "4000");
    assert_eq!(json["env"], "prod");
    assert!(!String::from_utf8(out.stdout).unwrap().contains("demo"));
}

#[test]
fn missing_variables_are_all_reported_with_their_places() {
    let dir = fixture("examples/phoenix-app");
    let out = heroin()
        .arg("-C")
        .arg(&dir)
        .args(["show", "staging"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    let _filter = common::dir_filter(&dir).bind_to_scope();
    insta::assert_snapshot!(err, @r"
    <dir>/heroin.yml:16:24: error: apps.web.config_vars.SECRET_KEY_BASE: $SECRET_KEY_BASE is not set
      hint: export it before running heroin, or give a default: ${NAME:-default} (see docs/configuration.md#interpolation)
    <dir>/heroin.yml:19:9: error: apps.web.log_drains[0]: $LOGS_API_KEY is not set
      hint: export it before running heroin, or give a default: ${NAME:-default} (see docs/configuration.md#interpolation)
    error: 2 problems in the configuration
    ");
}

#[test]
fn required_variables_say_their_message() {
    let dir = fixture("valid/interpolation");
    let out = heroin()
        .env("API_TOKEN", "t")
        .arg("-C")
        .arg(&dir)
        .args(["show", "ci"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("apps.app.config_vars.REQUIRED: $DEPLOY_KEY is not set: set DEPLOY_KEY to the deploy key"), "{err}");
    let out = heroin()
        .env("API_TOKEN", "t0k")
        .env("DEPLOY_KEY", "k")
        .arg("-C")
        .arg(&dir)
        .args(["show", "ci", "--show-secrets"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("DEFAULTED = \"eu-west\""), "{text}");
    assert!(text.contains("PRICE = \"costs $5\""), "{text}");
    assert!(
        text.contains("MIXED = \"https://user:t0k@example.net/ci\""),
        "{text}"
    );
}

#[test]
fn unknown_environments_and_apps_get_suggestions() {
    let dir = fixture("examples/two-app-product");
    let out = heroin()
        .arg("-C")
        .arg(&dir)
        .args(["show", "stagin"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8(out.stderr).unwrap(), @r"
    error: unknown environment `stagin`
      hint: did you mean `staging`?
      hint: environments here: prod, staging
      hint: see docs/errors.md#unknown-environment
    ");
    let out = show(&dir, &["prod", "--app", "wokrer"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--app wokrer: no such app in this environment (did you mean `worker`?)"),
        "{err}"
    );
    let out = show(&dir, &["prod", "--app", "worker"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("[apps.worker]") && !text.contains("[apps.web]"),
        "{text}"
    );
}

#[test]
fn envs_lists_the_overlays() {
    let out = heroin()
        .arg("-C")
        .arg(fixture("valid/mixed-formats"))
        .arg("envs")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "prod\nstaging\n");
    let out = heroin()
        .arg("-C")
        .arg(fixture("valid/mixed-formats"))
        .args(["envs", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["environments"][0]["name"], "prod");
    assert!(
        json["environments"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("heroin.prod.yml")
    );
    let out = heroin()
        .arg("-C")
        .arg(fixture("valid/no-overlays"))
        .arg("envs")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("no environments")
    );
}

#[test]
fn a_directory_without_heroin_files_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let out = heroin()
        .current_dir(dir.path())
        .arg("envs")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("error: no heroin.toml, heroin.yaml or heroin.yml in ."),
        "{err}"
    );
    assert!(
        err.contains("hint: run heroin in the directory that holds heroin.toml"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = heroin().arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = heroin()
        .args(["validate", "--color", "sometimes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = heroin().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

/// Drops every `from` key, leaving what the configuration means.
fn without_origins(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("from");
            map.remove("files");
            map.values_mut().for_each(without_origins);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(without_origins),
        _ => {}
    }
}

#[test]
fn toml_and_yaml_resolve_to_the_same_configuration() {
    let toml_dir = tempfile::tempdir().unwrap();
    let yaml_dir = tempfile::tempdir().unwrap();
    let spec = fixture("valid/spec-example");
    std::fs::copy(
        spec.join("heroin.toml"),
        toml_dir.path().join("heroin.toml"),
    )
    .unwrap();
    std::fs::copy(
        spec.join("heroin.prod.toml"),
        toml_dir.path().join("heroin.prod.toml"),
    )
    .unwrap();
    // The same document, written in YAML.
    std::fs::write(
        yaml_dir.path().join("heroin.yaml"),
        r#"apps:
  web:
    name: "acme-web-${HEROIN_ENV}"
    region: eu
    stack: heroku-24
    team: acme
    maintenance: false
    acm: true
    buildpacks: [heroku/ruby, "https://github.com/heroku/heroku-buildpack-nodejs"]
    domains: [www.acme.example]
    log_drains: ["syslog+tls://logs.example.net:6514"]
    collaborators:
      - dev@acme.example
      - {email: ops@acme.example, permissions: [view, deploy, operate]}
    ignore_config_vars: ["NEW_RELIC_*"]
    config_vars:
      RAILS_ENV: production
      WEB_CONCURRENCY: 4
      SECRET_KEY_BASE: "${SECRET_KEY_BASE}"
    addons:
      database: {plan: "heroku-postgresql:essential-0", config: {version: "16"}}
      cache: {plan: "heroku-redis:mini", as: REDIS}
    formation:
      web: {quantity: 2, size: standard-1x}
      worker: 1
    features: {preboot: true, runtime-dyno-metadata: true}
    pipeline: {name: acme, stage: staging}
  worker:
    name: "acme-worker-${HEROIN_ENV}"
    addons:
      database: {attach: web.database}
"#,
    )
    .unwrap();
    std::fs::write(
        yaml_dir.path().join("heroin.prod.yaml"),
        "unset: [apps.web.config_vars.WEB_CONCURRENCY]\napps:\n  web:\n    pipeline:\n      stage: production\n",
    )
    .unwrap();
    let resolve = |dir: &std::path::Path| {
        let out = heroin()
            .env("SECRET_KEY_BASE", "s")
            .arg("-C")
            .arg(dir)
            .args(["show", "prod", "--json", "--show-secrets"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        without_origins(&mut json);
        json
    };
    let (from_toml, from_yaml) = (resolve(toml_dir.path()), resolve(yaml_dir.path()));
    assert_eq!(from_toml, from_yaml);
    assert_eq!(
        from_toml["apps"]["web"]["pipeline"]["stage"]["value"],
        "production"
    );
    assert!(
        from_toml["apps"]["web"]["config_vars"]
            .get("WEB_CONCURRENCY")
            .is_none()
    );
}

#[test]
fn pipelines_teams_and_spaces_show_with_their_places_and_secrets_masked() {
    let dir = tempfile::tempdir().unwrap();
    let files = r#"[apps.api]
name = "api-${HEROIN_ENV}"
team = "acme"
space = "acme-eu"

[pipelines.shop.stages.review.config_vars]
API_TOKEN = "${SESSION_SECRET}"
RAILS_ENV = "review"

[pipelines.shop.review_apps]
automatic_review_apps = true
stale_days = 5
deploy_target = { type = "region", id = "eu" }

[teams.acme.members]
"ops@example.com" = "admin"

[spaces.acme-eu]
inbound_ruleset = [{ action = "allow", source = "203.0.113.0/24" }]
"#;
    std::fs::write(dir.path().join("heroin.toml"), files).unwrap();
    std::fs::write(dir.path().join("heroin.prod.toml"), "").unwrap();
    let out = show(dir.path(), &["prod"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    for line in [
        "space = \"acme-eu\"",
        "[pipelines.shop.review_apps]",
        "stale_days = 5",
        "deploy_target = { type = \"region\", id = \"eu\" }",
        "[pipelines.shop.stages.review.config_vars]",
        "API_TOKEN = (sensitive)",
        "[teams.acme.members]",
        "\"ops@example.com\" = \"admin\"",
        "{ action = \"allow\", source = \"203.0.113.0/24\" },",
    ] {
        assert!(text.contains(line), "{line}:\n{text}");
    }
    assert!(text.contains("heroin.toml:7:13"), "{text}");
    assert!(!text.contains("session-demo-secret"), "{text}");

    let out = show(dir.path(), &["prod", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let token = &json["pipelines"]["shop"]["stages"]["review"]["config_vars"]["API_TOKEN"];
    assert_eq!(token["secret"], true);
    assert_eq!(token["value"], serde_json::Value::Null);
    assert_eq!(
        json["teams"]["acme"]["members"]["ops@example.com"]["value"],
        "admin"
    );
    assert_eq!(
        json["spaces"]["acme-eu"]["inbound_ruleset"][0]["source"]["value"],
        "203.0.113.0/24"
    );
    assert_eq!(json["apps"]["api"]["space"]["value"], "acme-eu");
    assert!(
        !String::from_utf8(out.stdout)
            .unwrap()
            .contains("session-demo-secret")
    );
}
