//! The lookups the official CLI makes around its commands: team features
//! and members, account features, available stacks, add-on region
//! capabilities; and actions on one dyno (restart, stop).

mod common;

use common::Driver;
use heroku_sim::core::Options;
use serde_json::{Value, json};

fn names(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|x| x[key].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_team_has_features_and_members_and_an_unknown_team_has_neither() {
    let mut d = Driver::with_acme(Options::default());
    let features = d.ok("GET", "/teams/acme/features", None, 200);
    let access = features
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "org-access-controls")
        .unwrap();
    assert_eq!(access["enabled"], true);
    assert_eq!(d.send("GET", "/teams/initech/features", None).status, 404);
    assert_eq!(d.send("GET", "/teams/initech/members", None).status, 404);
    d.ok(
        "POST",
        "/teams/apps",
        Some(json!({"name": "acme-web", "team": "acme"})),
        201,
    );
    d.ok(
        "POST",
        "/teams/apps/acme-web/collaborators",
        Some(json!({"user": "ops@acme.example", "permissions": ["view"]})),
        201,
    );
    let members = d.ok("GET", "/teams/acme/members", None, 200);
    let mut roles: Vec<(String, String)> = names(&members, "email")
        .into_iter()
        .zip(names(&members, "role"))
        .collect();
    roles.sort();
    let want = [
        ("ops@acme.example", "member"),
        ("sim-token@example.com", "admin"),
    ];
    assert_eq!(roles, want.map(|(e, r)| (e.to_string(), r.to_string())));
}

#[test]
fn account_features_stacks_and_region_capabilities() {
    let mut d = Driver::new(Options::default());
    let features = d.ok("GET", "/account/features", None, 200);
    assert!(
        features
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["enabled"] == false)
    );
    assert_eq!(d.send("GET", "/account/features/nope", None).status, 404);
    d.ok("POST", "/apps", Some(json!({"name": "acme"})), 201);
    let stacks = d.ok("GET", "/apps/acme/available-stacks", None, 200);
    assert!(names(&stacks, "name").contains(&"heroku-24".to_string()));
    assert_eq!(
        d.send("GET", "/apps/nope/available-stacks", None).status,
        404
    );
    let caps = d.ok(
        "GET",
        "/addon-services/heroku-postgresql/region-capabilities",
        None,
        200,
    );
    let regions: Vec<&str> = caps
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["region"]["name"].as_str().unwrap())
        .collect();
    assert!(
        regions.contains(&"eu") && regions.contains(&"us"),
        "{regions:?}"
    );
    assert_eq!(
        d.send("GET", "/addon-services/nope/region-capabilities", None)
            .status,
        404
    );
}

#[test]
fn one_dyno_is_restarted_or_stopped_and_an_unknown_one_is_404() {
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
    let web = d.ok("GET", "/apps/acme/dynos/web.1", None, 200);
    assert_eq!(web["state"], "up");
    let by_id = format!("/apps/acme/dynos/{}", web["id"].as_str().unwrap());
    assert_eq!(d.ok("DELETE", &by_id, None, 202), json!({}));
    d.ok("POST", "/apps/acme/dynos/web.1/actions/stop", None, 202);
    let r = d.send("DELETE", "/apps/acme/dynos/web.2", None);
    assert_eq!((r.status, r.body["resource"].as_str()), (404, Some("dyno")));
    assert_eq!(
        d.send("POST", "/apps/acme/dynos/worker.1/actions/stop", None)
            .status,
        404
    );
    // The formation asks for it: the platform runs it again.
    assert_eq!(
        names(&d.ok("GET", "/apps/acme/dynos", None, 200), "name"),
        ["web.1"]
    );
}
