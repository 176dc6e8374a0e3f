//! Request bodies are checked against their link's schema in the official
//! hyper-schema before anything happens: a field of the wrong type is a 422
//! `invalid_params` in Heroku's message form, and nothing changes.

mod common;

use common::Driver;
use heroku_sim::core::Options;
use serde_json::{Value, json};

fn refused(d: &mut Driver, method: &str, path: &str, body: Value) -> String {
    let r = d.send(method, path, Some(body.clone()));
    assert_eq!(
        (r.status, r.body["id"].as_str()),
        (422, Some("invalid_params")),
        "{method} {path} {body}: {}",
        r.body
    );
    r.body["message"].as_str().unwrap().to_string()
}

#[test]
fn app_fields_of_the_wrong_type_are_refused_and_nothing_is_created() {
    let mut d = Driver::new(Options::default());
    assert_eq!(
        refused(&mut d, "POST", "/apps", json!({"name": 123})),
        "Invalid type for key \"name\": expected 123 to be [\"string\"]."
    );
    refused(&mut d, "POST", "/apps", json!({"region": 5}));
    // The value as the middleware (Ruby) renders it, and every type allowed.
    assert_eq!(
        refused(&mut d, "POST", "/apps", json!({"stack": {"bogus": 1}})),
        "Invalid type for key \"stack\": expected {\"bogus\"=>1} to be [\"string\"]."
    );
    assert_eq!(
        refused(
            &mut d,
            "PATCH",
            "/apps/x/config-vars",
            json!({"A": [1, null]})
        ),
        "Invalid type for key \"A\": expected [1, nil] to be [\"string\", \"null\"]."
    );
    refused(&mut d, "POST", "/apps", json!({"feature_flags": "preboot"}));
    assert_eq!(d.ok("GET", "/apps", None, 200), json!([]));
    // The forms Heroku accepts: identities as strings or objects.
    d.ok(
        "POST",
        "/apps",
        Some(json!({"name": "acme", "region": {"name": "eu"}, "stack": "heroku-24"})),
        201,
    );
}

#[test]
fn every_write_is_checked_required_keys_types_and_unknown_keys() {
    let mut d = Driver::new(Options::default());
    d.ok("POST", "/apps", Some(json!({"name": "acme"})), 201);
    assert_eq!(
        refused(&mut d, "POST", "/apps/acme/addons", json!({})),
        "Require params: plan."
    );
    refused(
        &mut d,
        "POST",
        "/apps/acme/addons",
        json!({"plan": "heroku-redis:mini", "config": {"version": 7}}),
    );
    // Config vars: string or null values, word-character names only.
    refused(&mut d, "PATCH", "/apps/acme/config-vars", json!({"A": 1}));
    let m = refused(
        &mut d,
        "PATCH",
        "/apps/acme/config-vars",
        json!({"A-B": "x"}),
    );
    assert_eq!(m, "Unknown params: A-B.");
    refused(&mut d, "PATCH", "/apps/acme", json!({"maintenance": "yes"}));
    refused(
        &mut d,
        "POST",
        "/apps/acme/log-drains",
        json!({"url": ["syslog://x"]}),
    );
    refused(
        &mut d,
        "PATCH",
        "/apps/acme/features/preboot",
        json!({"enabled": "true"}),
    );
    refused(&mut d, "POST", "/pipelines", json!({"name": 1}));
    let slug = d.ok(
        "POST",
        "/apps/acme/slugs",
        Some(json!({"process_types": {"web": "puma"}})),
        201,
    );
    d.ok(
        "POST",
        "/apps/acme/releases",
        Some(json!({"slug": slug["id"]})),
        201,
    );
    // Deploy and rollback share a link: the message names the bad key.
    let m = refused(&mut d, "POST", "/apps/acme/releases", json!({"release": 1}));
    assert!(m.contains("\"release\""), "{m}");
    let m = refused(
        &mut d,
        "PATCH",
        "/apps/acme/formation",
        json!({"updates": [{"type": "web", "quantity": true}]}),
    );
    assert!(m.contains("updates[0].quantity"), "{m}");
    refused(
        &mut d,
        "PATCH",
        "/apps/acme/formation",
        json!({"updates": [{"type": "web", "colour": "red"}]}),
    );
    // Nothing changed on the way.
    assert_eq!(d.ok("GET", "/apps/acme/config-vars", None, 200), json!({}));
    assert_eq!(
        d.ok("GET", "/apps/acme/releases", None, 200)
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn the_forms_the_official_cli_sends_are_accepted() {
    let mut d = Driver::new(Options::default());
    d.ok("POST", "/apps", Some(json!({"name": "acme"})), 201);
    let slug = d.ok(
        "POST",
        "/apps/acme/slugs",
        Some(json!({"process_types": {"web": "puma"}})),
        201,
    );
    d.ok(
        "POST",
        "/apps/acme/releases",
        Some(json!({"slug": slug["id"]})),
        201,
    );
    // The deprecated size, quantities as strings, relative ones.
    let scale = json!({"updates": [{"type": "web", "quantity": "+1", "size": "Basic"}]});
    d.ok("PATCH", "/apps/acme/formation", Some(scale), 200);
    d.ok(
        "PATCH",
        "/apps/acme/formation/web",
        Some(json!({"quantity": "3"})),
        200,
    );
    d.ok(
        "POST",
        "/apps/acme/addons",
        Some(json!({"plan": {"name": "heroku-redis:mini"}, "attachment": {"name": "CACHE"}})),
        201,
    );
}
