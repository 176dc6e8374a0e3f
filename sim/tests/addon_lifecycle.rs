//! Slow add-ons under `provision_ms`, as Heroku's asynchronous providers
//! behave: the "Attach" release is cut when provisioning completes (when the
//! config vars appear), plan changes and destroys take time too (a destroy
//! answers 202 `deprovisioning`), an attachment made while the add-on
//! provisions waits for it, and a plan change while it provisions is refused.

mod common;

use common::Driver;
use heroku_sim::core::Options;
use serde_json::{Value, json};

fn slow() -> Driver {
    let mut d = Driver::new(Options {
        provision_ms: 5_000,
        ..Options::default()
    });
    d.ok("POST", "/apps", Some(json!({"name": "acme"})), 201);
    d.ok("POST", "/apps", Some(json!({"name": "acme-two"})), 201);
    d
}

/// The app's release descriptions, oldest first.
fn descriptions(d: &mut Driver, app: &str) -> Vec<String> {
    let list = d.ok("GET", &format!("/apps/{app}/releases"), None, 200);
    let mut releases = list.as_array().unwrap().clone();
    releases.sort_by_key(|r| r["version"].as_i64());
    releases
        .iter()
        .map(|r| r["description"].as_str().unwrap().to_string())
        .collect()
}

fn redis(d: &mut Driver) -> Value {
    d.ok(
        "POST",
        "/apps/acme/addons",
        Some(json!({"plan": "heroku-redis:mini", "name": "cache-one"})),
        201,
    )
}

#[test]
fn the_attach_release_comes_when_the_vars_appear() {
    let mut d = slow();
    let a = redis(&mut d);
    assert_eq!(a["state"], "provisioning");
    assert_eq!(descriptions(&mut d, "acme"), ["Initial release"]);
    d.now += 5_000;
    let vars = d.ok("GET", "/apps/acme/config-vars", None, 200);
    assert!(vars["REDIS_URL"].as_str().is_some());
    assert_eq!(
        descriptions(&mut d, "acme"),
        ["Initial release", "Attach REDIS (@ref:cache-one)"]
    );
    let release = d.ok("GET", "/apps/acme/releases/2", None, 200);
    assert_eq!(release["addon_plan_names"], json!(["heroku-redis:mini"]));
}

#[test]
fn an_attachment_made_while_provisioning_waits_for_the_add_on() {
    let mut d = slow();
    redis(&mut d);
    let att = json!({"addon": "cache-one", "app": "acme-two", "name": "CACHE"});
    d.ok("POST", "/addon-attachments", Some(att), 201);
    assert_eq!(descriptions(&mut d, "acme-two"), ["Initial release"]);
    assert!(
        d.ok("GET", "/apps/acme-two/config-vars", None, 200)
            .get("CACHE_URL")
            .is_none()
    );
    d.now += 5_000;
    assert!(d.ok("GET", "/apps/acme-two/config-vars", None, 200)["CACHE_URL"].is_string());
    assert_eq!(
        descriptions(&mut d, "acme-two"),
        ["Initial release", "Attach CACHE (@ref:cache-one)"]
    );
}

#[test]
fn a_plan_change_while_provisioning_is_refused_and_one_after_takes_time() {
    let mut d = slow();
    redis(&mut d);
    let premium = json!({"plan": "heroku-redis:premium-0"});
    let r = d.send(
        "PATCH",
        "/apps/acme/addons/cache-one",
        Some(premium.clone()),
    );
    assert_eq!(
        (r.status, r.body["id"].as_str()),
        (422, Some("invalid_params"))
    );
    assert_eq!(
        r.body["message"],
        "cache-one is still provisioning: change its plan once it is provisioned."
    );
    d.now += 5_000;
    let url = d.ok("GET", "/apps/acme/config-vars", None, 200)["REDIS_URL"].clone();
    let changed = d.ok("PATCH", "/apps/acme/addons/cache-one", Some(premium), 200);
    assert_eq!(
        (changed["state"].as_str(), changed["plan"]["name"].as_str()),
        (Some("provisioning"), Some("heroku-redis:premium-0"))
    );
    // The vars stay while the plan changes.
    assert_eq!(
        d.ok("GET", "/apps/acme/config-vars", None, 200)["REDIS_URL"],
        url
    );
    d.now += 5_000;
    assert_eq!(
        d.ok("GET", "/apps/acme/addons/cache-one", None, 200)["state"],
        "provisioned"
    );
}

#[test]
fn a_destroy_answers_202_deprovisioning_then_the_add_on_is_gone() {
    let mut d = slow();
    redis(&mut d);
    d.now += 5_000;
    let r = d.send("DELETE", "/apps/acme/addons/cache-one", None);
    assert_eq!(
        (r.status, r.body["state"].as_str()),
        (202, Some("deprovisioning"))
    );
    // Its attachments and vars go at once; the add-on stays, going.
    assert!(
        d.ok("GET", "/apps/acme/config-vars", None, 200)
            .get("REDIS_URL")
            .is_none()
    );
    let last = descriptions(&mut d, "acme").pop().unwrap();
    assert_eq!(last, "Detach REDIS (@ref:cache-one)");
    assert_eq!(
        d.ok("GET", "/addons/cache-one", None, 200)["state"],
        "deprovisioning"
    );
    let r = d.send(
        "PATCH",
        "/apps/acme/addons/cache-one",
        Some(json!({"plan": "heroku-redis:premium-0"})),
    );
    assert_eq!(r.status, 422);
    d.now += 5_000;
    assert_eq!(d.send("GET", "/addons/cache-one", None).status, 404);
    // A destroy while provisioning: no release was cut, none is undone.
    redis(&mut d);
    let before = descriptions(&mut d, "acme").len();
    assert_eq!(
        d.send("DELETE", "/apps/acme/addons/cache-one", None).status,
        202
    );
    assert_eq!(descriptions(&mut d, "acme").len(), before);
}
