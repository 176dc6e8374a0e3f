//! The test-only faults of the add-on lifecycle (`Options::addon_faults`):
//! each makes one step of a replacement fail, and only that step.

mod common;

use common::Driver;
use heroku_sim::core::{AddonFaults, Options};
use serde_json::json;

fn with(faults: AddonFaults) -> Driver {
    let mut d = Driver::new(Options {
        addon_faults: faults,
        ..Options::default()
    });
    d.ok("POST", "/apps", Some(json!({"name": "shop"})), 201);
    d
}

fn postgres(d: &mut Driver, attachment: &str) -> heroku_sim::protocol::Response {
    let body = json!({"plan": "heroku-postgresql:essential-0", "attachment": {"name": attachment}});
    d.send("POST", "/apps/shop/addons", Some(body))
}

#[test]
fn a_refused_create_creates_nothing() {
    let mut d = with(AddonFaults {
        refuse_create: vec!["heroku-postgresql".into()],
        ..AddonFaults::default()
    });
    let r = postgres(&mut d, "DATABASE");
    assert_eq!(
        (r.status, r.body["id"].as_str()),
        (422, Some("invalid_params"))
    );
    assert!(d.sim.state.addons.is_empty());
    let r = d.send(
        "POST",
        "/apps/shop/addons",
        Some(json!({"plan": "heroku-redis:mini"})),
    );
    assert_eq!(r.status, 201, "other services are unaffected");
}

#[test]
fn a_failed_provisioning_ends_deprovisioned() {
    let mut d = with(AddonFaults {
        fail_provisioning: vec!["heroku-postgresql".into()],
        ..AddonFaults::default()
    });
    let r = postgres(&mut d, "DATABASE");
    assert_eq!(
        (r.status, r.body["state"].as_str()),
        (201, Some("provisioning"))
    );
    let name = r.body["name"].as_str().unwrap().to_string();
    let later = d.ok("GET", &format!("/addons/{name}"), None, 200);
    assert_eq!(later["state"], "deprovisioned");
    let vars = d.ok("GET", "/apps/shop/config-vars", None, 200);
    assert!(vars.get("DATABASE_URL").is_none(), "{vars}");
}

#[test]
fn refused_attachment_names_and_destroys() {
    let mut d = with(AddonFaults {
        refuse_attach: vec!["DATABASE".into()],
        refuse_destroy: vec!["heroku-postgresql".into()],
        ..AddonFaults::default()
    });
    let old = postgres(&mut d, "DATABASE").body["name"].clone();
    let new = postgres(&mut d, "DATABASE_NEW").body["name"].clone();
    let moved = json!({"addon": new, "app": "shop", "name": "DATABASE", "confirm": "shop"});
    let r = d.send("POST", "/addon-attachments", Some(moved));
    assert_eq!(r.status, 422);
    let other = json!({"addon": old, "app": "shop", "name": "DATABASE_OLD"});
    assert_eq!(
        d.send("POST", "/addon-attachments", Some(other)).status,
        201
    );
    let r = d.send(
        "DELETE",
        &format!("/apps/shop/addons/{}", old.as_str().unwrap()),
        None,
    );
    assert_eq!(r.status, 422);
    assert_eq!(d.sim.state.addons.len(), 2);
}
