//! A small app for the add-on tests: `shop-prod` with a Postgres attached as
//! DATABASE, the files that describe it, and heroin run against heroku-sim.

#![allow(dead_code)]

use std::path::Path;

use heroku_sim::server::Running;
use serde_json::json;

use super::sim::client;

pub const BASE: &str = "[apps.web]\nname = \"shop-${HEROIN_ENV}\"\n\n[apps.web.addons.postgres]\nplan = \"heroku-postgresql:essential-0\"\nas = \"DATABASE\"\n";

/// A configuration directory whose prod overlay holds `prod`.
pub fn write_files(prod: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("heroin.toml"), BASE).unwrap();
    std::fs::write(dir.path().join("heroin.prod.toml"), prod).unwrap();
    dir
}

/// `shop-prod` with an essential-0 Postgres attached as DATABASE; its name.
pub fn seed(running: &Running) -> String {
    let c = client(running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "shop-prod"}))
        .unwrap();
    let db = c
        .write(
            "POST",
            "/apps/shop-prod/addons",
            &json!({"plan": "heroku-postgresql:essential-0", "attachment": {"name": "DATABASE"}}),
        )
        .unwrap();
    db["name"].as_str().unwrap().to_string()
}

/// heroin with `args` in `dir` against `running`, with no variables set.
pub fn run(running: &Running, dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    super::repo::run_with(running, dir, &[], args)
}

/// The add-on attached to shop-prod as `name`, by global name.
pub fn attached_as(running: &Running, name: &str) -> Option<String> {
    let state = running.shared.sim.lock().unwrap().state.clone();
    let app = state.apps.iter().find(|a| a.name == "shop-prod")?;
    let att = state
        .attachments
        .iter()
        .find(|t| t.app_id == app.id && t.name == name)?;
    let addon = state.addons.iter().find(|a| a.id == att.addon_id)?;
    Some(addon.name.clone())
}
