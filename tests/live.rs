//! Reading live state from heroku-sim over HTTP: the model, ownership rules,
//! and only the requests the managed sections need.

mod common;
use common::sim;

use std::collections::BTreeMap;

use heroin::config::files;
use heroin::http::Client;
use heroin::live::read::{Scope, read};
use heroku_sim::core::Options;
use serde_json::json;
use sim::{client, logged, sim_logging};

fn config(example: &str, env: &str, vars: &[(&str, &str)]) -> heroin::config::model::Config {
    let layout = files::discover(&common::fixture(example)).unwrap();
    let vars: BTreeMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    heroin::config::load(&layout.environment(env).unwrap(), Some(&vars)).unwrap()
}

/// Seeds the two-app product's staging apps as someone set them up by hand.
fn seed(c: &Client) {
    c.write(
        "POST",
        "/teams/apps",
        &json!({"name": "acme-web-staging", "team": "acme", "region": "eu"}),
    )
    .unwrap();
    c.write(
        "POST",
        "/teams/apps",
        &json!({"name": "acme-worker-staging", "team": "acme", "region": "eu"}),
    )
    .unwrap();
    let db = c
        .write(
            "POST",
            "/apps/acme-web-staging/addons",
            &json!({"plan": "heroku-postgresql:essential-0"}),
        )
        .unwrap();
    c.write(
        "POST",
        "/addon-attachments",
        &json!({"addon": db["id"], "app": "acme-worker-staging", "name": "DATABASE"}),
    )
    .unwrap();
    c.write(
        "PATCH",
        "/apps/acme-web-staging/config-vars",
        &json!({"NODE_ENV": "staging", "OLD": "x", "NEW_RELIC_KEY": "k"}),
    )
    .unwrap();
    let slug = c
        .write(
            "POST",
            "/apps/acme-web-staging/slugs",
            &json!({"process_types": {"web": "node server.js"}}),
        )
        .unwrap();
    c.write(
        "POST",
        "/apps/acme-web-staging/releases",
        &json!({"slug": slug["id"]}),
    )
    .unwrap();
    c.write(
        "PATCH",
        "/apps/acme-web-staging/features/preboot",
        &json!({"enabled": true}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/acme-web-staging/domains",
        &json!({"hostname": "old.acme.example", "sni_endpoint": null}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/acme-web-staging/addons",
        &json!({"plan": "papertrail:choklad"}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/acme-web-staging/log-drains",
        &json!({"url": "syslog+tls://logs.example.net:6514"}),
    )
    .unwrap();
    c.write(
        "POST",
        "/teams/apps/acme-web-staging/collaborators",
        &json!({"user": "dev@acme.example", "permissions": ["deploy"]}),
    )
    .unwrap();
    c.write(
        "PUT",
        "/apps/acme-web-staging/buildpack-installations",
        &json!({"updates": [{"buildpack": "heroku/nodejs"}]}),
    )
    .unwrap();
    let p = c
        .write("POST", "/pipelines", &json!({"name": "acme"}))
        .unwrap();
    c.write(
        "POST",
        "/pipeline-couplings",
        &json!({"app": "acme-web-staging", "pipeline": p["id"], "stage": "development"}),
    )
    .unwrap();
}

#[test]
fn the_live_state_is_read_into_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let running = sim_logging(Options::default(), Some(&log));
    let c = client(&running, "sim-token");
    seed(&c);
    let before = logged(&log).len();
    let cfg = config(
        "examples/two-app-product",
        "staging",
        &[("SESSION_SECRET", "s")],
    );
    let live = read(&c, &Scope::of(&cfg), 4).unwrap();
    let web = live.apps["web"].as_ref().unwrap();
    assert_eq!(
        (web.name.as_str(), web.region.as_str(), web.team.as_deref()),
        ("acme-web-staging", "eu", Some("acme"))
    );
    let vars = web.config_vars.as_ref().unwrap();
    assert_eq!(vars["NODE_ENV"], "staging");
    assert!(vars.contains_key("DATABASE_URL"));
    assert_eq!(
        web.owned_vars.get("DATABASE_URL").map(String::as_str),
        Some("DATABASE")
    );
    assert!(
        web.owned_vars
            .keys()
            .any(|k| k.starts_with("HEROKU_POSTGRESQL_"))
    );
    let names: Vec<&str> = web.addons.iter().map(|a| a.service.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(web.formation.as_ref().unwrap()["web"].quantity, 1);
    assert!(web.features.as_ref().unwrap()["preboot"]);
    assert_eq!(
        web.buildpacks.as_deref(),
        Some(&["heroku/nodejs".to_string()][..])
    );
    assert_eq!(
        web.domains.as_deref(),
        Some(&["old.acme.example".to_string()][..]),
        "the default domain is left out"
    );
    assert_eq!(web.drains, None, "log_drains are not managed, so not read");
    let collaborators = web.collaborators.as_ref().unwrap();
    assert_eq!(
        collaborators.len(),
        1,
        "the owner is left out: {collaborators:?}"
    );
    assert_eq!(collaborators[0].permissions, ["deploy", "view"]);
    let coupling = web.pipeline.as_ref().unwrap().as_ref().unwrap();
    assert_eq!(
        (coupling.pipeline.as_str(), coupling.stage.as_str()),
        ("acme", "development")
    );
    // The worker attaches the web app's database.
    let worker = live.apps["worker"].as_ref().unwrap();
    assert_eq!(worker.addons[0].billing_app, "acme-web-staging");
    assert_eq!(
        worker.owned_vars.get("DATABASE_URL").map(String::as_str),
        Some("DATABASE")
    );
    assert_eq!(worker.pipeline, Some(None), "managed, and in no pipeline");

    // Requests: three account-wide lists, one per app and managed section,
    // and the catalogue of the one service the files name, all in one batch.
    let requests = &logged(&log)[before..];
    assert!(
        requests.iter().all(|r| r.starts_with("GET ")),
        "{requests:?}"
    );
    assert_eq!(requests.iter().filter(|r| *r == "GET /apps").count(), 1);
    // web manages 8 sections (webhooks among them), worker 4 (no features,
    // domains, drains, collaborators), and the pipeline's two stages.
    assert_eq!(requests.len(), 4 + 8 + 4 + 2 + 2, "{requests:#?}");
    for path in [
        "GET /addon-services/heroku-postgresql",
        "GET /addon-services/heroku-postgresql/plans",
    ] {
        assert_eq!(
            requests.iter().filter(|r| *r == path).count(),
            1,
            "{requests:#?}"
        );
    }
    assert!(
        !requests
            .iter()
            .any(|r| r.starts_with("GET /apps/acme-worker-staging/features"))
    );
    assert!(!requests.iter().any(|r| r.contains("/log-drains")));
}

#[test]
fn missing_apps_are_to_be_created_and_unmanaged_sections_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let running = sim_logging(Options::default(), Some(&log));
    let c = client(&running, "sim-token");
    let cfg = config("examples/irc-bot", "staging", &[("IRC_PASSWORD", "p")]);
    let live = read(&c, &Scope::of(&cfg), 8).unwrap();
    assert_eq!(live.apps.get("bot"), Some(&None));
    // Nothing of the app, but the catalogue of what it will provision and
    // the account-wide add-on lists (read together with the list of apps,
    // before heroin knows the app is not there: in any order).
    let mut requests = logged(&log);
    requests.sort();
    assert_eq!(
        requests,
        [
            "GET /addon-attachments",
            "GET /addon-services/heroku-postgresql",
            "GET /addon-services/heroku-postgresql/plans",
            "GET /addons",
            "GET /apps"
        ]
    );
}
