//! App webhooks as Heroku keeps them: the schema's fields, `secret` and
//! `authorization` accepted and never returned, an https URL, entity types
//! from Heroku's list, at most 10 per app, and gone with their app.

mod common;

use common::Driver;
use heroku_sim::core::Options;
use serde_json::{Value, json};

const HOOKS: &str = "/apps/acme-web/webhooks";

fn with_app() -> Driver {
    let mut d = Driver::new(Options::default());
    d.ok("POST", "/apps", Some(json!({"name": "acme-web"})), 201);
    d
}

fn hook(url: &str) -> Value {
    json!({"url": url, "include": ["api:release", "api:build"], "level": "notify"})
}

/// A refused write: 422 `invalid_params` and its message.
fn refused(d: &mut Driver, method: &str, path: &str, body: Value) -> String {
    let r = d.send(method, path, Some(body));
    assert_eq!(
        (r.status, r.body["id"].as_str()),
        (422, Some("invalid_params"))
    );
    r.body["message"].as_str().unwrap().to_string()
}

#[test]
fn a_webhook_is_created_listed_read_updated_and_deleted() {
    let mut d = with_app();
    let mut body = hook("https://hooks.acme.example/heroku");
    body["secret"] = json!("s3cr3t-signing-key");
    body["authorization"] = json!("Bearer hook-token-123");
    let created = d.ok("POST", HOOKS, Some(body), 201);
    assert_eq!(created["url"], "https://hooks.acme.example/heroku");
    assert_eq!(created["include"], json!(["api:release", "api:build"]));
    assert_eq!(
        (created["level"].as_str(), created["app"]["name"].as_str()),
        (Some("notify"), Some("acme-web"))
    );
    let id = created["id"].as_str().unwrap().to_string();
    let one = format!("{HOOKS}/{id}");

    assert_eq!(d.ok("GET", HOOKS, None, 200), json!([created.clone()]));
    assert_eq!(d.ok("GET", &one, None, 200), created);

    let changed = d.ok(
        "PATCH",
        &one,
        Some(json!({"level": "sync", "include": ["api:dyno"], "secret": null})),
        200,
    );
    assert_eq!(
        (changed["level"].as_str(), &changed["include"]),
        (Some("sync"), &json!(["api:dyno"]))
    );
    assert_eq!(changed["url"], created["url"]);

    let gone = d.ok("DELETE", &one, None, 200);
    assert_eq!(gone["id"], id.as_str());
    assert_eq!(d.ok("GET", HOOKS, None, 200), json!([]));
    let r = d.send("GET", &one, None);
    assert_eq!(
        (r.status, r.body["resource"].as_str()),
        (404, Some("app-webhook"))
    );
}

#[test]
fn secret_and_authorization_are_never_returned() {
    let mut d = with_app();
    let mut body = hook("https://hooks.acme.example/");
    body["secret"] = json!("s3cr3t-signing-key");
    body["authorization"] = json!("Bearer hook-token-123");
    let created = d.ok("POST", HOOKS, Some(body), 201);
    let one = format!("{HOOKS}/{}", created["id"].as_str().unwrap());
    let patch = json!({"secret": "n3w-s3cr3t", "authorization": "Bearer other-456"});
    let answers = [
        created,
        d.ok("GET", HOOKS, None, 200),
        d.ok("GET", &one, None, 200),
        d.ok("PATCH", &one, Some(patch), 200),
        d.ok("DELETE", &one, None, 200),
    ];
    for answer in answers {
        let text = answer.to_string();
        for secret in ["s3cr3t", "hook-token", "other-456"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        let objects = answer
            .as_array()
            .cloned()
            .unwrap_or_else(|| vec![answer.clone()]);
        for o in objects {
            assert!(
                o.get("secret").is_none() && o.get("authorization").is_none(),
                "{o}"
            );
        }
    }
}

#[test]
fn only_https_urls_are_accepted() {
    let mut d = with_app();
    for url in ["http://hooks.acme.example/", "ftp://hooks.acme.example/"] {
        assert_eq!(
            refused(&mut d, "POST", HOOKS, hook(url)),
            "Url must use https."
        );
    }
    assert_eq!(
        refused(&mut d, "POST", HOOKS, hook("hooks.acme.example")),
        "Url hooks.acme.example is invalid."
    );
    assert_eq!(
        refused(&mut d, "POST", HOOKS, hook("https:///path")),
        "Url must have a host."
    );
    let created = d.ok(
        "POST",
        HOOKS,
        Some(hook("https://hooks.acme.example/")),
        201,
    );
    let one = format!("{HOOKS}/{}", created["id"].as_str().unwrap());
    let message = refused(
        &mut d,
        "PATCH",
        &one,
        json!({"url": "http://hooks.acme.example/"}),
    );
    assert_eq!(message, "Url must use https.");
    assert_eq!(
        d.ok("GET", &one, None, 200)["url"],
        "https://hooks.acme.example/"
    );
    assert_eq!(d.ok("GET", HOOKS, None, 200).as_array().unwrap().len(), 1);
}

#[test]
fn include_names_heroku_entity_types_and_level_is_notify_or_sync() {
    let mut d = with_app();
    let every = json!([
        "api:addon-attachment",
        "api:addon",
        "api:app",
        "api:build",
        "api:collaborator",
        "api:domain",
        "api:dyno",
        "api:formation",
        "api:release",
        "api:sni-endpoint"
    ]);
    let all = json!({"url": "https://h.acme.example/", "include": every, "level": "sync"});
    assert_eq!(d.ok("POST", HOOKS, Some(all), 201)["include"], every);
    let unknown = json!({"url": "https://h.acme.example/", "include": ["api:release", "api:pipeline"], "level": "notify"});
    let message = refused(&mut d, "POST", HOOKS, unknown);
    assert!(
        message.starts_with("Include contains unknown entities: api:pipeline."),
        "{message}"
    );
    let empty = json!({"url": "https://h.acme.example/", "include": [], "level": "notify"});
    assert_eq!(
        refused(&mut d, "POST", HOOKS, empty),
        "Include can't be empty."
    );
    let level = json!({"url": "https://h.acme.example/", "include": ["api:app"], "level": "often"});
    let message = refused(&mut d, "POST", HOOKS, level);
    assert!(
        message.contains("level") || message.contains("Level"),
        "{message}"
    );
    let missing = json!({"url": "https://h.acme.example/", "level": "notify"});
    assert_eq!(
        refused(&mut d, "POST", HOOKS, missing),
        "Require params: include."
    );
    assert_eq!(d.ok("GET", HOOKS, None, 200).as_array().unwrap().len(), 1);
}

#[test]
fn an_app_has_at_most_ten_webhooks() {
    let mut d = with_app();
    for n in 0..10 {
        d.ok(
            "POST",
            HOOKS,
            Some(hook(&format!("https://h{n}.acme.example/"))),
            201,
        );
    }
    let message = refused(&mut d, "POST", HOOKS, hook("https://h10.acme.example/"));
    assert_eq!(
        message,
        "This app already has 10 webhooks, the most an app can have."
    );
    assert_eq!(d.ok("GET", HOOKS, None, 200).as_array().unwrap().len(), 10);
    // The limit is per app.
    d.ok("POST", "/apps", Some(json!({"name": "acme-api"})), 201);
    d.ok(
        "POST",
        "/apps/acme-api/webhooks",
        Some(hook("https://h.acme.example/")),
        201,
    );
}

#[test]
fn webhooks_go_with_their_app() {
    let mut d = with_app();
    d.ok("POST", HOOKS, Some(hook("https://h.acme.example/")), 201);
    d.ok("DELETE", "/apps/acme-web", None, 200);
    d.ok("POST", "/apps", Some(json!({"name": "acme-web"})), 201);
    assert_eq!(d.ok("GET", HOOKS, None, 200), json!([]));
    assert_eq!(
        d.send("GET", "/apps/no-such-app/webhooks", None).status,
        404
    );
}

#[test]
fn a_signing_secret_is_made_up_when_none_is_given_and_returned_once_in_a_header() {
    let mut d = with_app();
    let r = d.send("POST", HOOKS, Some(hook("https://h.acme.example/")));
    assert_eq!(r.status, 201);
    let secret = r.header("heroku-webhook-secret").unwrap().to_string();
    assert!(secret.len() >= 32, "{secret}");
    assert!(!r.body.to_string().contains(&secret));
    let one = format!("{HOOKS}/{}", r.body["id"].as_str().unwrap());
    let read = d.send("GET", &one, None);
    assert!(read.header("heroku-webhook-secret").is_none());
    assert!(!read.body.to_string().contains(&secret));
    // A secret given is the client's: not sent back.
    let mut body = hook("https://h2.acme.example/");
    body["secret"] = json!("given-secret");
    let r = d.send("POST", HOOKS, Some(body));
    assert_eq!(r.status, 201);
    assert!(r.header("heroku-webhook-secret").is_none());
}
