//! Heroku's behaviour, as the simulator must reproduce it: protocol rules,
//! fault injection, pagination, add-on lifecycle and naming, config var
//! ownership, releases, formation rules, and what deleting an app takes with it.

mod common;

use common::Driver;
use heroku_sim::core::Options;
use heroku_sim::protocol::Request;
use serde_json::{Value, json};

fn driver() -> Driver {
    Driver::with_acme(Options::default())
}

fn with(options: Options) -> Driver {
    Driver::new(options)
}

#[test]
fn accept_and_authorization_are_required() {
    let mut d = driver();
    let mut req = Request::new("GET", "/account", "sim-token");
    req.headers.remove("accept");
    let r = d.raw(req, None);
    assert_eq!(
        (r.status, r.body["id"].as_str()),
        (406, Some("not_acceptable"))
    );
    let r = d.raw(Request::new("GET", "/account", "wrong"), None);
    assert_eq!(
        (r.status, r.body["id"].as_str()),
        (401, Some("unauthorized"))
    );
    // Basic auth with the token as password, as the Ruby client sends it.
    let req =
        Request::new("GET", "/account", "x").header("authorization", "Basic dXNlcjpzaW0tdG9rZW4=");
    assert_eq!(d.raw(req, None).status, 200);
    // Any version=3 variant is version 3.
    let req = Request::new("GET", "/account", "sim-token")
        .header("accept", "application/vnd.heroku+json; version=3.sdk");
    assert_eq!(d.raw(req, None).status, 200);
}

#[test]
fn every_response_has_request_id_and_rate_limit_headers() {
    let mut d = driver();
    let req = Request::new("GET", "/account", "sim-token").header("request-id", "client-id-1");
    let r = d.raw(req, None);
    let id = r.header("Request-Id").unwrap();
    assert!(id.ends_with(",client-id-1") && id.len() > 20, "{id}");
    assert_eq!(r.header("RateLimit-Remaining"), Some("4499"));
    assert_eq!(r.header("RateLimit-Multiplier"), Some("1"));
    let r = d.send("GET", "/no/such/route", None);
    assert_eq!(r.status, 404);
    assert!(r.header("Request-Id").is_some());
    // Checking the level is free.
    let a = d.send("GET", "/account/rate-limits", None).body["remaining"].clone();
    let b = d.send("GET", "/account/rate-limits", None).body["remaining"].clone();
    assert_eq!(a, b);
}

#[test]
fn an_empty_bucket_answers_429_and_refills_over_time() {
    let mut d = with(Options {
        rate_limit: 3,
        ..Options::default()
    });
    for left in ["2", "1", "0"] {
        let r = d.send("GET", "/account", None);
        assert_eq!(
            (r.status, r.header("RateLimit-Remaining")),
            (200, Some(left))
        );
    }
    let r = d.send("GET", "/account", None);
    assert_eq!((r.status, r.body["id"].as_str()), (429, Some("rate_limit")));
    // Heroku refills 4500 an hour: 1.25 a second.
    d.now += 1_000;
    assert_eq!(d.send("GET", "/account", None).status, 200);
    assert_eq!(d.send("GET", "/account", None).status, 429);
    // Each account has its own bucket.
    let mut d = with(Options {
        rate_limit: 1,
        tokens: vec!["a".into(), "b".into()],
        ..Options::default()
    });
    assert_eq!(d.send("GET", "/account", None).status, 200);
    assert_eq!(
        d.raw(Request::new("GET", "/account", "b"), None).status,
        200
    );
    assert_eq!(d.send("GET", "/account", None).status, 429);
}

#[test]
fn injected_failures_are_reproducible_and_have_no_effect() {
    let statuses = |seed| {
        let mut d = with(Options {
            fail_rate: 0.3,
            seed,
            ..Options::default()
        });
        (0..40)
            .map(|_| d.send("GET", "/account", None).status)
            .collect::<Vec<_>>()
    };
    let (a, b) = (statuses(7), statuses(7));
    assert_eq!(a, b);
    let failed = a.iter().filter(|&&s| s == 503).count();
    assert!((4..=20).contains(&failed), "{failed} of 40 failed");
    assert_ne!(statuses(7), statuses(8));
    let mut d = with(Options {
        fail_rate: 1.0,
        ..Options::default()
    });
    let r = d.send("POST", "/apps", Some(json!({"name": "never-made"})));
    assert_eq!(
        (r.status, r.body["id"].as_str()),
        (503, Some("service_unavailable"))
    );
    assert!(d.sim.state.apps.is_empty());
}

#[test]
fn lists_are_paginated_with_range_headers() {
    let mut d = driver();
    for i in 0..205 {
        d.ok(
            "POST",
            "/apps",
            Some(json!({"name": format!("app-{i:03}")})),
            201,
        );
    }
    let r = d.send("GET", "/apps", None);
    assert_eq!((r.status, r.body.as_array().unwrap().len()), (206, 200));
    let next = r.header("Next-Range").unwrap().to_string();
    assert!(r.header("Content-Range").unwrap().starts_with("id "));
    let req = Request::new("GET", "/apps", "sim-token").header("range", &next);
    let r = d.raw(req, None);
    assert_eq!((r.status, r.body.as_array().unwrap().len()), (200, 5));
    assert!(r.header("Next-Range").is_none());
    // max= up to 1000, and by name in descending order.
    let req =
        Request::new("GET", "/apps", "sim-token").header("range", "name ..; max=1000, order=desc");
    let r = d.raw(req, None);
    assert_eq!(
        (r.status, r.body[0]["name"].as_str()),
        (200, Some("app-204"))
    );
    let req = Request::new("GET", "/apps", "sim-token").header("range", "name; bogus");
    assert_eq!(d.raw(req, None).status, 416);
    // --page-size forces small pages.
    let mut d = with(Options {
        page_size: Some(2),
        ..Options::default()
    });
    for i in 0..3 {
        d.ok(
            "POST",
            "/apps",
            Some(json!({"name": format!("small-{i}")})),
            201,
        );
    }
    assert_eq!(d.send("GET", "/apps", None).status, 206);
    // Even when the client asks for more.
    let req = Request::new("GET", "/apps", "sim-token").header("range", "id ..; max=1000");
    let r = d.raw(req, None);
    assert_eq!((r.status, r.body.as_array().unwrap().len()), (206, 2));
}

fn config(d: &mut Driver, app: &str) -> Value {
    d.ok("GET", &format!("/apps/{app}/config-vars"), None, 200)
}

#[test]
fn add_ons_provision_asynchronously_and_their_vars_appear_then() {
    let mut d = with(Options {
        provision_ms: 5_000,
        ..Options::default()
    });
    d.ok("POST", "/apps", Some(json!({"name": "acme"})), 201);
    let a = d.ok(
        "POST",
        "/apps/acme/addons",
        Some(json!({"plan": "heroku-postgresql:essential-0"})),
        201,
    );
    assert_eq!(a["state"], "provisioning");
    assert!(
        a["config_vars"]
            .as_array()
            .unwrap()
            .contains(&json!("DATABASE_URL"))
    );
    assert!(config(&mut d, "acme").get("DATABASE_URL").is_none());
    // The name is reserved while it provisions.
    let r = d.send(
        "PATCH",
        "/apps/acme/config-vars",
        Some(json!({"DATABASE_URL": "x"})),
    );
    assert_eq!(r.status, 422);
    d.now += 5_000;
    let a = d.ok("GET", "/apps/acme/addons/DATABASE", None, 200);
    assert_eq!(a["state"], "provisioned");
    assert!(
        config(&mut d, "acme")["DATABASE_URL"]
            .as_str()
            .unwrap()
            .starts_with("postgres://")
    );
}

#[test]
fn postgres_takes_database_when_free_and_a_colour_always() {
    let mut d = driver();
    d.ok("POST", "/apps", Some(json!({"name": "acme"})), 201);
    let first = d.ok(
        "POST",
        "/apps/acme/addons",
        Some(json!({"plan": "heroku-postgresql"})),
        201,
    );
    assert_eq!(
        first["plan"]["name"], "heroku-postgresql:essential-0",
        "the default plan"
    );
    let vars: Vec<String> = serde_json::from_value(first["config_vars"].clone()).unwrap();
    assert_eq!(vars.len(), 2);
    assert!(vars.contains(&"DATABASE_URL".to_string()));
    assert!(
        vars.iter()
            .any(|v| v.starts_with("HEROKU_POSTGRESQL_") && v.ends_with("_URL"))
    );
    let second = d.ok(
        "POST",
        "/apps/acme/addons",
        Some(json!({"plan": "heroku-postgresql:essential-1"})),
        201,
    );
    let vars: Vec<String> = serde_json::from_value(second["config_vars"].clone()).unwrap();
    assert_eq!(vars.len(), 1);
    assert!(vars[0].starts_with("HEROKU_POSTGRESQL_"));
    let config = config(&mut d, "acme");
    assert_eq!(config.as_object().unwrap().len(), 3);
    // An explicit attachment name is used as it is.
    let redis = d.ok(
        "POST",
        "/apps/acme/addons",
        Some(json!({"plan": "heroku-redis:mini", "attachment": {"name": "cache"}})),
        201,
    );
    assert_eq!(redis["config_vars"], json!(["CACHE_TLS_URL", "CACHE_URL"]));
}

#[test]
fn attaching_under_a_taken_name_needs_confirmation_and_moves_it() {
    let mut d = driver();
    d.ok("POST", "/apps", Some(json!({"name": "acme"})), 201);
    let old = d.ok(
        "POST",
        "/apps/acme/addons",
        Some(json!({"plan": "heroku-postgresql:essential-0"})),
        201,
    );
    let new = d.ok(
        "POST",
        "/apps/acme/addons",
        Some(json!({"plan": "heroku-postgresql:essential-0"})),
        201,
    );
    let body = json!({"addon": new["name"], "app": "acme", "name": "DATABASE"});
    let r = d.send("POST", "/addon-attachments", Some(body.clone()));
    assert_eq!(
        (r.status, r.body["id"].as_str()),
        (423, Some("confirmation_required"))
    );
    assert!(r.header("X-Confirmation-Required").is_some());
    let mut confirmed = body.clone();
    confirmed["confirm"] = json!("acme");
    d.ok("POST", "/addon-attachments", Some(confirmed), 201);
    let resolved = d.ok(
        "POST",
        "/actions/addons/resolve",
        Some(json!({"addon": "DATABASE", "app": "acme"})),
        200,
    );
    assert_eq!(resolved[0]["name"], new["name"]);
    let releases = d.ok("GET", "/apps/acme/releases", None, 200);
    let descriptions: Vec<&str> = releases
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["description"].as_str().unwrap())
        .collect();
    assert!(
        descriptions
            .iter()
            .any(|d| d.starts_with("Detach DATABASE")),
        "{descriptions:?}"
    );
    // The old database keeps its colour attachment; its last one cannot go.
    let atts = d.ok(
        "GET",
        &format!(
            "/addons/{}/addon-attachments",
            old["name"].as_str().unwrap()
        ),
        None,
        200,
    );
    assert_eq!(atts.as_array().unwrap().len(), 1);
    let r = d.send(
        "DELETE",
        &format!("/addon-attachments/{}", atts[0]["id"].as_str().unwrap()),
        None,
    );
    assert_eq!(r.status, 422);
    assert!(
        r.body["message"]
            .as_str()
            .unwrap()
            .contains("last attachment")
    );
}

#[test]
fn plan_changes_follow_heroku_s_rules() {
    let mut d = driver();
    d.ok("POST", "/apps", Some(json!({"name": "acme"})), 201);
    d.ok(
        "POST",
        "/apps/acme/addons",
        Some(json!({"plan": "heroku-postgresql:essential-0"})),
        201,
    );
    let r = d.ok(
        "PATCH",
        "/apps/acme/addons/DATABASE",
        Some(json!({"plan": "heroku-postgresql:essential-1"})),
        200,
    );
    assert_eq!(r["plan"]["name"], "heroku-postgresql:essential-1");
    let r = d.send(
        "PATCH",
        "/apps/acme/addons/DATABASE",
        Some(json!({"plan": "heroku-postgresql:standard-0"})),
    );
    assert_eq!(
        (r.status, r.body["id"].as_str()),
        (422, Some("invalid_params"))
    );
    let r = d.send(
        "PATCH",
        "/apps/acme/addons/DATABASE",
        Some(json!({"plan": "heroku-redis:mini"})),
    );
    assert_eq!(r.status, 422);
    let r = d.send(
        "PATCH",
        "/apps/acme/addons/DATABASE",
        Some(json!({"plan": "heroku-postgresql:gigantic"})),
    );
    assert!(
        r.body["message"]
            .as_str()
            .unwrap()
            .starts_with("Couldn't find either the add-on service or the add-on plan")
    );
    d.ok(
        "POST",
        "/apps/acme/addons",
        Some(json!({"plan": "heroku-redis:mini"})),
        201,
    );
    d.ok(
        "PATCH",
        "/apps/acme/addons/REDIS",
        Some(json!({"plan": "heroku-redis:premium-0"})),
        200,
    );
}

#[test]
fn config_vars_merge_delete_with_null_and_release_once_per_change() {
    let mut d = driver();
    d.ok("POST", "/apps", Some(json!({"name": "acme"})), 201);
    let releases = |d: &mut Driver| {
        d.ok("GET", "/apps/acme/releases", None, 200)
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(releases(&mut d), 1);
    d.ok(
        "PATCH",
        "/apps/acme/config-vars",
        Some(json!({"A": "1", "B": "2"})),
        200,
    );
    let full = d.ok(
        "PATCH",
        "/apps/acme/config-vars",
        Some(json!({"A": null, "C": "3"})),
        200,
    );
    assert_eq!(full, json!({"B": "2", "C": "3"}));
    assert_eq!(releases(&mut d), 3);
    d.ok(
        "PATCH",
        "/apps/acme/config-vars",
        Some(json!({"B": "2"})),
        200,
    );
    assert_eq!(releases(&mut d), 3, "no change, no release");
    assert_eq!(
        d.send(
            "PATCH",
            "/apps/acme/config-vars",
            Some(json!({"BAD-NAME": "1"}))
        )
        .status,
        422
    );
    assert_eq!(
        d.send("PATCH", "/apps/acme/config-vars", Some(json!({"N": 1})))
            .status,
        422
    );
    // Rollback restores the config of that release.
    d.ok(
        "POST",
        "/apps/acme/releases",
        Some(json!({"release": "2"})),
        201,
    );
    assert_eq!(config(&mut d, "acme"), json!({"A": "1", "B": "2"}));
}

#[test]
fn formation_follows_the_release_and_refuses_mixed_families() {
    let mut d = driver();
    d.ok("POST", "/apps", Some(json!({"name": "acme"})), 201);
    assert_eq!(d.ok("GET", "/apps/acme/formation", None, 200), json!([]));
    assert_eq!(
        d.send(
            "PATCH",
            "/apps/acme/formation/web",
            Some(json!({"quantity": 1}))
        )
        .status,
        404
    );
    let slug = d.ok(
        "POST",
        "/apps/acme/slugs",
        Some(json!({"process_types": {"web": "puma", "worker": "sidekiq"}})),
        201,
    );
    d.ok(
        "POST",
        "/apps/acme/releases",
        Some(json!({"slug": slug["id"]})),
        201,
    );
    let f = d.ok("GET", "/apps/acme/formation", None, 200);
    assert_eq!(
        (f[0]["type"].as_str(), f[0]["quantity"].as_i64()),
        (Some("web"), Some(1))
    );
    assert_eq!(
        (f[1]["type"].as_str(), f[1]["quantity"].as_i64()),
        (Some("worker"), Some(0))
    );
    let r = d.send(
        "PATCH",
        "/apps/acme/formation/web",
        Some(json!({"size": "Standard-1X"})),
    );
    assert_eq!(r.status, 422);
    assert_eq!(
        r.body["message"],
        "Cannot use the following dyno types in the same app: Basic and Standard-1X"
    );
    // A batch changes both at once, or nothing.
    let both = json!({"updates": [{"type": "web", "quantity": 2, "size": "standard-1X"}, {"type": "worker", "size": "standard-2x"}]});
    d.ok("PATCH", "/apps/acme/formation", Some(both), 200);
    let bad =
        json!({"updates": [{"type": "web", "quantity": 3}, {"type": "clock", "quantity": 1}]});
    assert_eq!(
        d.send("PATCH", "/apps/acme/formation", Some(bad)).status,
        404
    );
    assert_eq!(
        d.ok("GET", "/apps/acme/formation/web", None, 200)["quantity"],
        2
    );
    assert_eq!(
        d.send(
            "PATCH",
            "/apps/acme/formation/web",
            Some(json!({"quantity": -1}))
        )
        .status,
        422
    );
    assert_eq!(
        d.send(
            "PATCH",
            "/apps/acme/formation/web",
            Some(json!({"size": "hobby"}))
        )
        .status,
        422
    );
    // Quantities as the official CLI sends them: strings, and relative.
    d.ok(
        "PATCH",
        "/apps/acme/formation",
        Some(json!({"updates": [{"type": "worker", "quantity": "3"}]})),
        200,
    );
    d.ok(
        "PATCH",
        "/apps/acme/formation",
        Some(json!({"updates": [{"type": "worker", "quantity": "-2"}]})),
        200,
    );
    assert_eq!(
        d.ok("GET", "/apps/acme/formation/worker", None, 200)["quantity"],
        1
    );
    d.ok(
        "PATCH",
        "/apps/acme/formation/worker",
        Some(json!({"quantity": 0})),
        200,
    );
    let dynos = d.ok("GET", "/apps/acme/dynos", None, 200);
    let mut names: Vec<&str> = dynos
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["web.1", "web.2"]);
}

#[test]
fn add_on_drains_and_the_default_domain_cannot_be_removed() {
    let mut d = driver();
    d.ok("POST", "/apps", Some(json!({"name": "acme"})), 201);
    d.ok(
        "POST",
        "/apps/acme/addons",
        Some(json!({"plan": "papertrail:choklad"})),
        201,
    );
    let drains = d.ok("GET", "/apps/acme/log-drains", None, 200);
    assert_eq!(drains.as_array().unwrap().len(), 1);
    assert!(drains[0]["addon"]["name"].is_string());
    assert_eq!(
        d.send(
            "DELETE",
            &format!(
                "/apps/acme/log-drains/{}",
                drains[0]["id"].as_str().unwrap()
            ),
            None
        )
        .status,
        422
    );
    assert_eq!(
        d.send(
            "POST",
            "/apps/acme/log-drains",
            Some(json!({"url": "ftp://x.example"}))
        )
        .status,
        422
    );
    let domains = d.ok("GET", "/apps/acme/domains", None, 200);
    assert_eq!(
        (domains[0]["kind"].as_str(), domains[0]["hostname"].as_str()),
        (Some("heroku"), Some("acme.herokuapp.com"))
    );
    assert_eq!(
        d.send("DELETE", "/apps/acme/domains/acme.herokuapp.com", None)
            .status,
        422
    );
    let custom = d.ok(
        "POST",
        "/apps/acme/domains",
        Some(json!({"hostname": "www.acme.example", "sni_endpoint": null})),
        201,
    );
    assert!(
        custom["cname"]
            .as_str()
            .unwrap()
            .ends_with(".herokudns.com")
    );
    assert_eq!(
        d.send(
            "POST",
            "/apps/acme/domains",
            Some(json!({"hostname": "www.acme.example", "sni_endpoint": null}))
        )
        .status,
        422
    );
}

#[test]
fn deleting_an_app_takes_its_add_ons_and_their_attachments_elsewhere() {
    let mut d = driver();
    d.ok("POST", "/apps", Some(json!({"name": "acme-web"})), 201);
    d.ok("POST", "/apps", Some(json!({"name": "acme-worker"})), 201);
    let db = d.ok(
        "POST",
        "/apps/acme-web/addons",
        Some(json!({"plan": "heroku-postgresql:essential-0"})),
        201,
    );
    d.ok(
        "POST",
        "/addon-attachments",
        Some(json!({"addon": db["id"], "app": "acme-worker", "name": "DATABASE"})),
        201,
    );
    assert!(config(&mut d, "acme-worker")["DATABASE_URL"].is_string());
    // Destroying a shared add-on needs force.
    assert_eq!(
        d.send("DELETE", "/apps/acme-web/addons/DATABASE", None)
            .status,
        422
    );
    d.ok("DELETE", "/apps/acme-web", None, 200);
    assert_eq!(config(&mut d, "acme-worker"), json!({}));
    assert_eq!(
        d.ok("GET", "/apps/acme-worker/addons", None, 200),
        json!([])
    );
    assert_eq!(d.send("GET", "/apps/acme-web", None).status, 404);
}

#[test]
fn apps_are_private_to_their_owner_and_collaborators() {
    let mut d = with(Options {
        tokens: vec!["alice".into(), "bob".into()],
        ..Options::default()
    });
    d.ok("POST", "/apps", Some(json!({"name": "alices-app"})), 201);
    let r = d.raw(Request::new("GET", "/apps/alices-app", "bob"), None);
    assert_eq!((r.status, r.body["id"].as_str()), (403, Some("forbidden")));
    d.ok(
        "POST",
        "/apps/alices-app/collaborators",
        Some(json!({"user": {"email": "bob@example.com"}})),
        201,
    );
    assert_eq!(
        d.raw(Request::new("GET", "/apps/alices-app", "bob"), None)
            .status,
        200
    );
    // The owner is listed and cannot be removed.
    let list = d.ok("GET", "/apps/alices-app/collaborators", None, 200);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|c| c["role"] == "owner")
    );
    assert_eq!(
        d.send(
            "DELETE",
            "/apps/alices-app/collaborators/alice@example.com",
            None
        )
        .status,
        422
    );
}

#[test]
fn identities_work_by_id_or_name_in_paths_and_bodies() {
    let mut d = driver();
    let app = d.ok(
        "POST",
        "/apps",
        Some(json!({"name": "acme", "region": {"name": "eu"}, "stack": {"name": "heroku-22"}})),
        201,
    );
    let id = app["id"].as_str().unwrap();
    assert_eq!(
        d.ok("GET", &format!("/apps/{id}"), None, 200)["name"],
        "acme"
    );
    assert_eq!(app["region"]["name"], "eu");
    assert_eq!(app["stack"]["name"], "heroku-22");
    let addon = d.ok(
        "POST",
        &format!("/apps/{id}/addons"),
        Some(json!({"plan": {"name": "heroku-redis:mini"}})),
        201,
    );
    let addon_id = addon["id"].as_str().unwrap();
    d.ok("GET", &format!("/apps/acme/addons/{addon_id}"), None, 200);
    d.ok(
        "GET",
        &format!("/addons/{}", addon["name"].as_str().unwrap()),
        None,
        200,
    );
    let t = d.ok(
        "POST",
        "/teams/apps",
        Some(json!({"name": "team-one", "team": {"name": "acme"}})),
        201,
    );
    assert_eq!(t["team"]["name"], "acme");
    assert_eq!(t["owner"]["email"], "acme@herokumanager.com");
}
