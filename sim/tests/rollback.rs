//! Rollbacks as Heroku does them: every release, the current one included,
//! is eligible (the official CLI's `heroku rollback` with no version takes the
//! second eligible release, newest first); a rollback changes code and config
//! vars, never the formation's quantities or sizes.

mod common;

use common::Driver;
use heroku_sim::core::Options;
use serde_json::{Value, json};

/// Deploys a slug with `types` on `app`; returns the new release's version.
fn deploy(d: &mut Driver, app: &str, types: Value) -> i64 {
    let slug = d.ok(
        "POST",
        &format!("/apps/{app}/slugs"),
        Some(json!({"process_types": types})),
        201,
    );
    let r = d.ok(
        "POST",
        &format!("/apps/{app}/releases"),
        Some(json!({"slug": slug["id"]})),
        201,
    );
    r["version"].as_i64().unwrap()
}

/// What the official CLI's `heroku rollback` (no version) picks: the second
/// release eligible for rollback, newest first.
fn cli_rollback_target(d: &mut Driver, app: &str) -> i64 {
    let list = d.ok("GET", &format!("/apps/{app}/releases"), None, 200);
    let mut eligible: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["eligible_for_rollback"] == json!(true))
        .map(|r| r["version"].as_i64().unwrap())
        .collect();
    eligible.sort_unstable_by(|a, b| b.cmp(a));
    eligible[1]
}

#[test]
fn the_current_release_is_eligible_so_a_bare_rollback_goes_back_one() {
    let mut d = Driver::new(Options::default());
    d.ok("POST", "/apps", Some(json!({"name": "acme"})), 201);
    deploy(&mut d, "acme", json!({"web": "puma"}));
    d.ok(
        "PATCH",
        "/apps/acme/config-vars",
        Some(json!({"A": "1"})),
        200,
    );
    let current = d.ok("GET", "/apps/acme/releases/3", None, 200);
    assert_eq!(
        (&current["current"], &current["eligible_for_rollback"]),
        (&json!(true), &json!(true))
    );
    assert_eq!(cli_rollback_target(&mut d, "acme"), 2);
    d.ok(
        "POST",
        "/apps/acme/releases",
        Some(json!({"release": "2"})),
        201,
    );
    assert!(
        d.ok("GET", "/apps/acme/config-vars", None, 200)
            .get("A")
            .is_none()
    );
}

fn formation(d: &mut Driver, app: &str) -> Vec<(String, i64, String)> {
    let f = d.ok("GET", &format!("/apps/{app}/formation"), None, 200);
    f.as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["type"].as_str().unwrap().to_string(),
                x["quantity"].as_i64().unwrap(),
                x["dyno_size"]["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_rollback_keeps_quantities_and_sizes() {
    let mut d = Driver::new(Options::default());
    d.ok("POST", "/apps", Some(json!({"name": "acme"})), 201);
    let first = deploy(&mut d, "acme", json!({"web": "puma", "worker": "sidekiq"}));
    let scaled = json!({"updates": [
        {"type": "web", "quantity": 3, "dyno_size": {"name": "standard-2X"}},
        {"type": "worker", "quantity": 2, "dyno_size": {"name": "standard-1X"}},
    ]});
    d.ok("PATCH", "/apps/acme/formation", Some(scaled), 200);
    let want = vec![
        ("web".to_string(), 3, "standard-2X".to_string()),
        ("worker".to_string(), 2, "standard-1X".to_string()),
    ];
    // Back to the release before any code (no process types), then forward
    // again: the scale and sizes come back as they were.
    d.ok(
        "POST",
        "/apps/acme/releases",
        Some(json!({"release": "1"})),
        201,
    );
    d.ok(
        "POST",
        "/apps/acme/releases",
        Some(json!({"release": first.to_string()})),
        201,
    );
    assert_eq!(formation(&mut d, "acme"), want);
    // A deploy that drops the worker, and a rollback to the one that had it.
    deploy(&mut d, "acme", json!({"web": "puma"}));
    d.ok(
        "POST",
        "/apps/acme/releases",
        Some(json!({"release": first.to_string()})),
        201,
    );
    assert_eq!(formation(&mut d, "acme"), want);
}
