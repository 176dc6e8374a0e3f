//! A priced environment for the cost tests: a web app running dynos with a
//! database a worker app shares, the files that describe it, and the
//! overlay of a costly typo.

#![allow(dead_code)]

use heroku_sim::server::Running;
use serde_json::json;

use super::sim::client;

/// A web app running 2 x standard-1x with an essential-0 database, which
/// the worker app shares.
pub const BASE: &str = r#"[apps.web]
name = "cost-web-${HEROIN_ENV}"
[apps.web.formation]
web = { quantity = 2, size = "standard-1x" }
[apps.web.addons.database]
plan = "heroku-postgresql:essential-0"

[apps.worker]
name = "cost-worker-${HEROIN_ENV}"
[apps.worker.addons.database]
attach = "web.database"
"#;

/// The prod overlay of the typo: performance-m where standard-1x was meant,
/// and a bigger database.
pub const COSTLY: &str = "[apps.web.formation]\nweb = { quantity = 2, size = \"performance-m\" }\n[apps.web.addons.database]\nplan = \"heroku-postgresql:essential-1\"\n";

/// The apps of [`BASE`] in prod on `running`, as the files describe them.
pub fn seed(running: &Running) {
    let c = client(running, "sim-token");
    for app in ["cost-web-prod", "cost-worker-prod"] {
        c.write("POST", "/apps", &json!({"name": app})).unwrap();
    }
    let slug = c
        .write(
            "POST",
            "/apps/cost-web-prod/slugs",
            &json!({"process_types": {"web": "puma"}}),
        )
        .unwrap();
    c.write(
        "POST",
        "/apps/cost-web-prod/releases",
        &json!({"slug": slug["id"]}),
    )
    .unwrap();
    c.write(
        "PATCH",
        "/apps/cost-web-prod/formation",
        &json!({"updates": [{"type": "web", "quantity": 2, "size": "standard-1X"}]}),
    )
    .unwrap();
    let db = c
        .write(
            "POST",
            "/apps/cost-web-prod/addons",
            &json!({"plan": "heroku-postgresql:essential-0", "attachment": {"name": "DATABASE"}}),
        )
        .unwrap();
    c.write(
        "POST",
        "/addon-attachments",
        &json!({"addon": db["id"], "app": "cost-worker-prod", "name": "DATABASE"}),
    )
    .unwrap();
    // Provisioned at once on the simulator's defaults.
}

/// A configuration directory whose prod overlay holds `prod`.
pub fn files(prod: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("heroin.toml"), BASE).unwrap();
    std::fs::write(dir.path().join("heroin.prod.toml"), prod).unwrap();
    dir
}
