//! `rackshop-prod`, the app of examples/rack-app, seeded on heroku-sim in
//! the states the diff and apply tests start from.

use heroku_sim::server::Running;
use serde_json::{Value, json};

use super::sim::client;

/// `rackshop-prod` created with `addons` (plan, attachment name): Heroku's
/// answer for each add-on.
pub fn with_addons(running: &Running, addons: &[(&str, Option<&str>)]) -> Vec<Value> {
    let c = client(running, "sim-token");
    c.write(
        "POST",
        "/apps",
        &json!({"name": "rackshop-prod", "region": "us"}),
    )
    .unwrap();
    addons
        .iter()
        .map(|(plan, attachment)| {
            let body = match attachment {
                Some(name) => json!({"plan": plan, "attachment": {"name": name}}),
                None => json!({"plan": plan}),
            };
            c.write("POST", "/apps/rackshop-prod/addons", &body)
                .unwrap()
        })
        .collect()
}

/// A live state that differs from the rack app's files in every section.
pub fn seed_drifted(running: &Running) {
    let c = client(running, "sim-token");
    with_addons(
        running,
        &[
            ("heroku-postgresql:essential-0", Some("DATABASE")),
            ("heroku-redis:mini", None),
        ],
    );
    c.write(
        "PATCH",
        "/apps/rackshop-prod/config-vars",
        &json!({"RACK_ENV": "staging", "LEGACY_FLAG": "1", "PAYMENTS_API_KEY": "old-key"}),
    )
    .unwrap();
    let slug = c
        .write(
            "POST",
            "/apps/rackshop-prod/slugs",
            &json!({"process_types": {"web": "puma", "worker": "sidekiq"}}),
        )
        .unwrap();
    c.write(
        "POST",
        "/apps/rackshop-prod/releases",
        &json!({"slug": slug["id"]}),
    )
    .unwrap();
    c.write(
        "PUT",
        "/apps/rackshop-prod/buildpack-installations",
        &json!({"updates": [{"buildpack": "heroku/ruby"}]}),
    )
    .unwrap();
}

/// `rackshop-prod` with a Postgres attached as DATABASE and eight config
/// vars the rack app's files do not have (`OLD_0` .. `OLD_7`).
pub fn seed_stale_vars(running: &Running) {
    let c = client(running, "sim-token");
    with_addons(
        running,
        &[("heroku-postgresql:essential-0", Some("DATABASE"))],
    );
    let vars: serde_json::Map<String, serde_json::Value> =
        (0..8).map(|i| (format!("OLD_{i}"), json!("x"))).collect();
    c.write(
        "PATCH",
        "/apps/rackshop-prod/config-vars",
        &serde_json::Value::Object(vars),
    )
    .unwrap();
}
