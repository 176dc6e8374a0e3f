//! Pipeline settings, team members and Private Spaces as Heroku keeps
//! them: schema-valid answers, Heroku's rules and errors, and only the
//! declared teams and spaces.

mod common;

use common::Driver;
use common::schema::mismatches;
use heroku_sim::core::Options;
use serde_json::json;

fn refused(d: &mut Driver, method: &str, path: &str, body: serde_json::Value) -> String {
    let r = d.send(method, path, Some(body));
    assert_eq!(
        (r.status, r.body["id"].as_str()),
        (422, Some("invalid_params")),
        "{}",
        r.body
    );
    r.body["message"].as_str().unwrap().to_string()
}

#[test]
fn stage_config_vars_and_review_apps_are_kept_by_pipeline_id() {
    let mut d = Driver::new(Options::default());
    let p = d.ok("POST", "/pipelines", Some(json!({"name": "shop"})), 201);
    let id = p["id"].as_str().unwrap().to_string();
    let vars = format!("/pipelines/{id}/stage/review/config-vars");
    assert_eq!(d.ok("GET", &vars, None, 200), json!({}));
    let set = d.ok(
        "PATCH",
        &vars,
        Some(json!({"RAILS_ENV": "review", "TOKEN": "t"})),
        200,
    );
    assert_eq!(set, json!({"RAILS_ENV": "review", "TOKEN": "t"}));
    d.ok("PATCH", &vars, Some(json!({"TOKEN": null})), 200);
    assert_eq!(
        d.ok("GET", &vars, None, 200),
        json!({"RAILS_ENV": "review"})
    );
    let test = format!("/pipelines/{id}/stage/test/config-vars");
    assert_eq!(d.ok("GET", &test, None, 200), json!({}), "stages are apart");
    let staging = format!("/pipelines/{id}/stage/staging/config-vars");
    assert!(refused(&mut d, "PATCH", &staging, json!({"A": "b"})).contains("review or test"));
    let by_name = d.send("GET", "/pipelines/shop/stage/review/config-vars", None);
    assert_eq!(by_name.status, 404, "by id only");

    let config = format!("/pipelines/{id}/review-app-config");
    assert_eq!(d.send("GET", &config, None).status, 404);
    assert!(
        refused(
            &mut d,
            "POST",
            &config,
            json!({"automatic_review_apps": true})
        )
        .contains("repo")
    );
    assert!(refused(&mut d, "POST", &config, json!({"repo": "shop"})).contains("owner/name"));
    let enabled = d.ok(
        "POST",
        &config,
        Some(json!({"repo": "acme/shop", "automatic_review_apps": true, "deploy_target": {"type": "region", "id": "eu"}})),
        201,
    );
    assert_eq!(
        (
            enabled["repo"]["id"].is_i64(),
            enabled["stale_days"].as_i64()
        ),
        (true, Some(5))
    );
    assert!(refused(&mut d, "POST", &config, json!({"repo": "acme/shop"})).contains("already"));
    assert!(refused(&mut d, "PATCH", &config, json!({"stale_days": 31})).contains("1 and 30"));
    let changed = d.ok(
        "PATCH",
        &config,
        Some(json!({"stale_days": 7, "wait_for_ci": true})),
        200,
    );
    assert_eq!(
        (
            changed["stale_days"].as_i64(),
            changed["wait_for_ci"].as_bool()
        ),
        (Some(7), Some(true))
    );
    assert_eq!(d.ok("GET", &config, None, 200), changed);
    d.ok("DELETE", &config, None, 200);
    assert_eq!(d.send("GET", &config, None).status, 404);
    d.ok("DELETE", &format!("/pipelines/{id}"), None, 200);
    let report = mismatches(&common::schema_path(), &d.log);
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
}

#[test]
fn team_members_are_set_and_removed_and_a_team_keeps_an_admin() {
    let mut d = Driver::with_acme(Options::default());
    let members = "/teams/acme/members";
    let first = d.ok("GET", members, None, 200);
    assert_eq!(first[0]["email"], "sim-token@example.com");
    assert_eq!(first[0]["role"], "admin");
    d.ok(
        "PUT",
        members,
        Some(json!({"email": "dev@example.com", "role": "member"})),
        201,
    );
    d.ok(
        "PUT",
        members,
        Some(json!({"email": "dev@example.com", "role": "viewer"})),
        200,
    );
    assert!(
        refused(
            &mut d,
            "PUT",
            members,
            json!({"email": "x@example.com", "role": "owner"})
        )
        .contains("role")
    );
    let me = "/teams/acme/members/sim-token@example.com";
    assert!(
        d.send("DELETE", me, None).body["message"]
            .as_str()
            .unwrap()
            .contains("at least one admin")
    );
    assert!(
        refused(
            &mut d,
            "PUT",
            members,
            json!({"email": "sim-token@example.com", "role": "member"})
        )
        .contains("at least one admin")
    );
    d.ok(
        "PUT",
        members,
        Some(json!({"email": "ops@example.com", "role": "admin"})),
        201,
    );
    d.ok("DELETE", me, None, 200);
    let now = d.ok("GET", members, None, 200);
    let roles: Vec<(&str, &str)> = now
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["email"].as_str().unwrap(), m["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        roles,
        [("dev@example.com", "viewer"), ("ops@example.com", "admin")]
    );
    assert_eq!(d.send("GET", "/teams/nope/members", None).status, 404);
    let report = mismatches(&common::schema_path(), &d.log);
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
}

#[test]
fn declared_spaces_take_apps_and_keep_their_inbound_ruleset() {
    let mut options = Options::default();
    options.teams.push("acme".into());
    options.spaces.push("acme-eu:acme".into());
    let mut d = Driver::new(options);
    let spaces = d.ok("GET", "/spaces", None, 200);
    assert_eq!(spaces[0]["name"], "acme-eu");
    assert_eq!(spaces[0]["team"]["name"], "acme");
    assert_eq!(d.send("GET", "/spaces/nope", None).status, 404);
    let app = d.ok(
        "POST",
        "/teams/apps",
        Some(json!({"name": "acme-api", "space": "acme-eu"})),
        201,
    );
    assert_eq!(app["space"]["name"], "acme-eu");
    assert_eq!(app["team"]["name"], "acme");
    assert_eq!(
        d.ok("GET", "/apps/acme-api", None, 200)["space"]["name"],
        "acme-eu"
    );
    let ruleset = "/spaces/acme-eu/inbound-ruleset";
    let first = d.ok("GET", ruleset, None, 200);
    assert_eq!(
        first["rules"],
        json!([{"action": "allow", "source": "0.0.0.0/0"}])
    );
    let rules = json!({"rules": [{"action": "allow", "source": "203.0.113.0/24"}, {"action": "deny", "source": "198.51.100.7/32"}]});
    let set = d.ok("PUT", ruleset, Some(rules.clone()), 200);
    assert_eq!(set["rules"], rules["rules"]);
    assert_ne!(set["id"], first["id"]);
    assert_eq!(d.ok("GET", ruleset, None, 200), set);
    let bad = json!({"rules": [{"action": "allow", "source": "203.0.113.0"}]});
    assert!(refused(&mut d, "PUT", ruleset, bad).contains("CIDR"));
    let bad = json!({"rules": [{"action": "permit", "source": "203.0.113.0/24"}]});
    assert!(refused(&mut d, "PUT", ruleset, bad).contains("action"));
    let listed = d.ok("GET", "/spaces/acme-eu/inbound-rulesets", None, 200);
    assert_eq!(listed[0], set);
    let report = mismatches(&common::schema_path(), &d.log);
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
}
