//! Every response the simulator gives here is checked against the response
//! schema (`targetSchema`) of the matching link in Heroku's official
//! hyper-schema, made strict: every property the schema documents must be
//! present, and none it does not document may appear. Every request body is
//! checked against the link's request schema. A scenario drives every route
//! the simulator serves; a test fails on any mismatch or on a route that the
//! schema does not have.

mod common;

use common::schema::{Exchange, mismatches};
use common::{Driver, schema_path};
use heroku_sim::core::Options;
use serde_json::json;

fn check(log: &[Exchange], min_links: usize) {
    let report = mismatches(&schema_path(), log);
    let (failures, covered) = (report.failures, report.links);
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        covered.len() >= min_links,
        "only {} links exercised: {covered:#?}",
        covered.len()
    );
}

/// Drives every route the simulator serves.
fn scenario(d: &mut Driver) {
    d.ok("GET", "/account", None, 200);
    d.ok("GET", "/account/rate-limits", None, 200);
    d.ok("GET", "/regions", None, 200);
    d.ok("GET", "/regions/eu", None, 200);
    d.ok("GET", "/stacks", None, 200);
    d.ok("GET", "/stacks/heroku-24", None, 200);
    d.ok("GET", "/dyno-sizes", None, 200);
    d.ok("GET", "/dyno-sizes/standard-1X", None, 200);
    d.ok("GET", "/addon-services", None, 200);
    d.ok("GET", "/addon-services/heroku-postgresql", None, 200);
    d.ok("GET", "/addon-services/heroku-postgresql/plans", None, 200);
    d.ok(
        "GET",
        "/addon-services/heroku-postgresql/plans/essential-0",
        None,
        200,
    );
    d.ok("GET", "/plans/heroku-redis:mini", None, 200);
    d.ok("GET", "/teams/permissions", None, 200);

    let web = d.ok(
        "POST",
        "/apps",
        Some(json!({"name": "acme-web", "region": "eu", "stack": "heroku-24"})),
        201,
    );
    let web_id = web["id"].as_str().unwrap().to_string();
    d.ok(
        "POST",
        "/apps",
        Some(
            json!({"name": "acme-worker", "region": {"name": "eu"}, "feature_flags": ["preboot"]}),
        ),
        201,
    );
    d.ok(
        "POST",
        "/teams/apps",
        Some(json!({"name": "acme-team-app", "team": "acme", "region": "us"})),
        201,
    );
    d.ok("GET", "/teams/apps/acme-team-app", None, 200);
    d.ok(
        "PATCH",
        "/teams/apps/acme-team-app",
        Some(json!({"locked": true})),
        200,
    );
    d.ok("GET", "/teams/acme/apps", None, 200);
    d.ok("GET", "/teams", None, 200);
    d.ok("GET", "/teams/acme", None, 200);
    d.ok("GET", "/teams/acme/features", None, 200);
    d.ok("GET", "/teams/acme/features/org-access-controls", None, 200);
    d.ok("GET", "/account/features", None, 200);
    d.ok("GET", "/account/features/account-metrics-beta", None, 200);
    d.ok(
        "PATCH",
        "/account/features/account-metrics-beta",
        Some(json!({"enabled": true})),
        200,
    );
    d.ok("GET", "/apps/acme-team-app/available-stacks", None, 200);
    d.ok(
        "GET",
        "/addon-services/heroku-redis/region-capabilities",
        None,
        200,
    );
    d.ok("GET", "/apps", None, 200);
    d.ok("GET", "/users/~/apps", None, 200);
    d.ok("GET", &format!("/apps/{web_id}"), None, 200);
    d.ok(
        "PATCH",
        "/apps/acme-web",
        Some(json!({"maintenance": true, "build_stack": "heroku-22"})),
        200,
    );
    d.ok("POST", "/apps/acme-web/acm", None, 200);
    d.ok("PATCH", "/apps/acme-web/acm", None, 200);
    d.ok("DELETE", "/apps/acme-web/acm", None, 200);
    d.ok("GET", "/apps/acme-web/available-dyno-sizes", None, 200);

    d.ok("GET", "/apps/acme-web/config-vars", None, 200);
    d.ok(
        "PATCH",
        "/apps/acme-web/config-vars",
        Some(json!({"RAILS_ENV": "production", "DEBUG": "1"})),
        200,
    );
    d.ok(
        "PATCH",
        "/apps/acme-web/config-vars",
        Some(json!({"DEBUG": null})),
        200,
    );
    d.ok("GET", "/apps/acme-web/releases/2/config-vars", None, 200);

    let db = d.ok(
        "POST",
        "/apps/acme-web/addons",
        Some(
            json!({"plan": {"name": "heroku-postgresql:essential-0"}, "config": {"version": "16"}}),
        ),
        201,
    );
    let db_name = db["name"].as_str().unwrap().to_string();
    d.ok(
        "POST",
        "/apps/acme-web/addons",
        Some(json!({"plan": "heroku-redis:mini", "attachment": {"name": "CACHE"}})),
        201,
    );
    d.ok(
        "POST",
        "/apps/acme-web/addons",
        Some(json!({"plan": "papertrail:choklad"})),
        201,
    );
    d.ok("GET", "/addons", None, 200);
    d.ok("GET", &format!("/addons/{db_name}"), None, 200);
    d.ok("GET", "/apps/acme-web/addons", None, 200);
    d.ok("GET", "/apps/acme-web/addons/DATABASE", None, 200);
    d.ok(
        "PATCH",
        &format!("/apps/acme-web/addons/{db_name}"),
        Some(json!({"plan": "heroku-postgresql:essential-1"})),
        200,
    );
    // A rename alone, as `heroku addons:rename` sends it, and back.
    d.ok(
        "PATCH",
        &format!("/apps/acme-web/addons/{db_name}"),
        Some(json!({"name": "acme-db"})),
        200,
    );
    d.ok(
        "PATCH",
        "/apps/acme-web/addons/acme-db",
        Some(json!({"name": db_name})),
        200,
    );
    let att = d.ok(
        "POST",
        "/addon-attachments",
        Some(
            json!({"addon": {"name": db_name}, "app": {"name": "acme-worker"}, "name": "DATABASE"}),
        ),
        201,
    );
    let att_id = att["id"].as_str().unwrap().to_string();
    d.ok("GET", "/addon-attachments", None, 200);
    d.ok("GET", &format!("/addon-attachments/{att_id}"), None, 200);
    d.ok(
        "GET",
        &format!("/addons/{db_name}/addon-attachments"),
        None,
        200,
    );
    d.ok("GET", "/apps/acme-worker/addon-attachments", None, 200);
    d.ok(
        "GET",
        "/apps/acme-worker/addon-attachments/DATABASE",
        None,
        200,
    );
    d.ok(
        "POST",
        "/actions/addons/resolve",
        Some(json!({"addon": "DATABASE", "app": "acme-web"})),
        200,
    );
    d.ok(
        "POST",
        "/actions/addon-attachments/resolve",
        Some(json!({"addon_attachment": "DATABASE", "app": "acme-worker"})),
        200,
    );
    d.ok("DELETE", &format!("/addon-attachments/{att_id}"), None, 200);
    let logs = d.ok("GET", "/apps/acme-web/addons/PAPERTRAIL", None, 200);
    d.ok(
        "GET",
        &format!("/addons/{}/log-drains", logs["name"].as_str().unwrap()),
        None,
        200,
    );

    let slug = d.ok("POST", "/apps/acme-web/slugs", Some(json!({"process_types": {"web": "bundle exec puma", "worker": "bundle exec sidekiq"}, "commit": "60883d9e8947a57e04dc9124f25df004866a2051"})), 201);
    let slug_id = slug["id"].as_str().unwrap().to_string();
    d.ok("GET", &format!("/apps/acme-web/slugs/{slug_id}"), None, 200);
    d.ok(
        "POST",
        "/apps/acme-web/releases",
        Some(json!({"slug": slug_id})),
        201,
    );
    d.ok("GET", "/apps/acme-web/releases", None, 200);
    let first = d.ok("GET", "/apps/acme-web/releases/1", None, 200);
    d.ok(
        "POST",
        "/apps/acme-web/releases",
        Some(json!({"release": first["id"]})),
        201,
    );
    d.ok(
        "POST",
        "/apps/acme-web/releases",
        Some(json!({"slug": slug_id})),
        201,
    );

    d.ok("GET", "/apps/acme-web/formation", None, 200);
    d.ok("GET", "/apps/acme-web/formation/web", None, 200);
    d.ok(
        "PATCH",
        "/apps/acme-web/formation/web",
        Some(json!({"quantity": 2})),
        200,
    );
    d.ok("PATCH", "/apps/acme-web/formation", Some(json!({"updates": [{"type": "web", "dyno_size": {"name": "standard-1X"}}, {"type": "worker", "quantity": 1, "dyno_size": {"name": "standard-2X"}}]})), 200);
    d.ok("GET", "/apps/acme-web/dynos", None, 200);
    d.ok("DELETE", "/apps/acme-web/dynos", None, 202);
    d.ok("GET", "/apps/acme-web/dynos/web.1", None, 200);
    d.ok("DELETE", "/apps/acme-web/dynos/web.1", None, 202);
    d.ok(
        "POST",
        "/apps/acme-web/dynos/worker.1/actions/stop",
        None,
        202,
    );

    d.ok("GET", "/apps/acme-web/collaborators", None, 200);
    d.ok(
        "POST",
        "/apps/acme-web/collaborators",
        Some(json!({"user": "dev@acme.example", "silent": true})),
        201,
    );
    d.ok(
        "GET",
        "/apps/acme-web/collaborators/dev@acme.example",
        None,
        200,
    );
    d.ok(
        "DELETE",
        "/apps/acme-web/collaborators/dev@acme.example",
        None,
        200,
    );
    d.ok(
        "POST",
        "/teams/apps/acme-team-app/collaborators",
        Some(json!({"user": "ops@acme.example", "permissions": ["deploy"]})),
        201,
    );
    d.ok("GET", "/teams/apps/acme-team-app/collaborators", None, 200);
    d.ok("GET", "/teams/acme/members", None, 200);
    d.ok(
        "GET",
        "/teams/apps/acme-team-app/collaborators/ops@acme.example",
        None,
        200,
    );
    d.ok(
        "PATCH",
        "/teams/apps/acme-team-app/collaborators/ops@acme.example",
        Some(json!({"permissions": ["view", "operate"]})),
        200,
    );
    d.ok(
        "DELETE",
        "/teams/apps/acme-team-app/collaborators/ops@acme.example",
        None,
        200,
    );

    // `heroku apps:leave` by the team app's creator (the CLI 11 sends the
    // personal route).
    d.ok(
        "POST",
        "/teams/apps",
        Some(json!({"name": "acme-team-left", "team": "acme"})),
        201,
    );
    d.ok(
        "DELETE",
        "/apps/acme-team-left/collaborators/sim-token@example.com",
        None,
        200,
    );
    d.ok(
        "DELETE",
        "/teams/apps/acme-team-app/collaborators/sim-token@example.com",
        None,
        200,
    );

    d.ok("GET", "/apps/acme-web/features", None, 200);
    d.ok("GET", "/apps/acme-web/features/preboot", None, 200);
    d.ok(
        "PATCH",
        "/apps/acme-web/features/preboot",
        Some(json!({"enabled": true})),
        200,
    );

    let drain = d.ok(
        "POST",
        "/apps/acme-web/log-drains",
        Some(json!({"url": "syslog+tls://logs.example.net:6514"})),
        201,
    );
    d.ok("GET", "/apps/acme-web/log-drains", None, 200);
    d.ok(
        "GET",
        &format!(
            "/apps/acme-web/log-drains/{}",
            drain["token"].as_str().unwrap()
        ),
        None,
        200,
    );
    d.ok(
        "DELETE",
        "/apps/acme-web/log-drains/syslog+tls%3A%2F%2Flogs.example.net%3A6514",
        None,
        200,
    );

    d.ok(
        "POST",
        "/apps/acme-web/domains",
        Some(json!({"hostname": "www.acme.example", "sni_endpoint": null})),
        201,
    );
    d.ok("GET", "/apps/acme-web/domains", None, 200);
    d.ok("GET", "/apps/acme-web/domains/www.acme.example", None, 200);
    d.ok(
        "PATCH",
        "/apps/acme-web/domains/www.acme.example",
        Some(json!({"sni_endpoint": null})),
        200,
    );
    d.ok(
        "DELETE",
        "/apps/acme-web/domains/www.acme.example",
        None,
        200,
    );

    let hook = d.ok(
        "POST",
        "/apps/acme-web/webhooks",
        Some(json!({"url": "https://hooks.acme.example/heroku", "include": ["api:release"], "level": "notify", "secret": "signing-key", "authorization": null})),
        201,
    );
    let hook_path = format!("/apps/acme-web/webhooks/{}", hook["id"].as_str().unwrap());
    d.ok("GET", "/apps/acme-web/webhooks", None, 200);
    d.ok("GET", &hook_path, None, 200);
    d.ok(
        "PATCH",
        &hook_path,
        Some(json!({"level": "sync", "authorization": "Bearer hook-token"})),
        200,
    );
    d.ok("DELETE", &hook_path, None, 200);

    d.ok("PUT", "/apps/acme-web/buildpack-installations", Some(json!({"updates": [{"buildpack": "heroku/ruby"}, {"buildpack": "https://github.com/heroku/heroku-buildpack-nodejs"}]})), 200);
    d.ok("GET", "/apps/acme-web/buildpack-installations", None, 200);

    let pipeline = d.ok("POST", "/pipelines", Some(json!({"name": "acme"})), 201);
    let pid = pipeline["id"].as_str().unwrap().to_string();
    d.ok("GET", "/pipelines", None, 200);
    d.ok("GET", "/pipelines?eq[name]=acme", None, 200);
    d.ok("GET", &format!("/pipelines/{pid}"), None, 200);
    d.ok(
        "PATCH",
        &format!("/pipelines/{pid}"),
        Some(json!({"name": "acme-2"})),
        200,
    );
    let c = d.ok(
        "POST",
        "/pipeline-couplings",
        Some(json!({"app": "acme-web", "pipeline": pid, "stage": "staging"})),
        201,
    );
    d.ok(
        "POST",
        "/pipeline-couplings",
        Some(json!({"app": "acme-worker", "pipeline": pid, "stage": "production"})),
        201,
    );
    let cid = c["id"].as_str().unwrap().to_string();
    d.ok("GET", "/pipeline-couplings", None, 200);
    d.ok("GET", "/users/~/pipeline-couplings", None, 200);
    d.ok("GET", &format!("/pipeline-couplings/{cid}"), None, 200);
    d.ok(
        "GET",
        &format!("/pipelines/{pid}/pipeline-couplings"),
        None,
        200,
    );
    d.ok("GET", "/apps/acme-web/pipeline-couplings", None, 200);
    d.ok(
        "PATCH",
        &format!("/pipeline-couplings/{cid}"),
        Some(json!({"stage": "development"})),
        200,
    );
    let promotion = d.ok("POST", "/pipeline-promotions", Some(json!({"pipeline": {"id": pid}, "source": {"app": {"id": web_id}}, "targets": [{"app": {"name": "acme-worker"}}]})), 201);
    let prid = promotion["id"].as_str().unwrap().to_string();
    d.ok("GET", &format!("/pipeline-promotions/{prid}"), None, 200);
    d.ok(
        "GET",
        &format!("/pipeline-promotions/{prid}/promotion-targets"),
        None,
        200,
    );
    d.ok("DELETE", &format!("/pipeline-couplings/{cid}"), None, 200);
    d.ok("DELETE", &format!("/pipelines/{pid}"), None, 200);

    d.ok(
        "DELETE",
        &format!("/apps/acme-web/addons/{db_name}"),
        Some(json!({"force": true})),
        200,
    );
    d.ok("DELETE", "/apps/acme-worker", None, 200);
    d.ok("DELETE", "/apps/acme-web", None, 200);

    // Errors are Heroku-shaped too.
    d.ok("GET", "/apps/no-such-app", None, 404);
    d.ok("POST", "/apps", Some(json!({"name": "Bad_Name"})), 422);
}

#[test]
fn every_response_and_request_matches_the_official_schema() {
    let mut d = Driver::with_acme(Options::default());
    scenario(&mut d);
    check(&d.log, 100);
}

#[test]
fn responses_match_with_asynchronous_provisioning_too() {
    let mut d = Driver::with_acme(Options {
        provision_ms: 60_000,
        ..Options::default()
    });
    d.ok("POST", "/apps", Some(json!({"name": "acme-slow"})), 201);
    let addon = d.ok(
        "POST",
        "/apps/acme-slow/addons",
        Some(json!({"plan": "heroku-postgresql:essential-0"})),
        201,
    );
    assert_eq!(addon["state"], "provisioning");
    d.ok("GET", "/apps/acme-slow/addons", None, 200);
    d.now += 60_000;
    let standard = json!({"plan": "heroku-postgresql:standard-0"});
    let premium = json!({"plan": "heroku-postgresql:premium-0"});
    d.ok("POST", "/apps", Some(json!({"name": "acme-slow-two"})), 201);
    let big = d.ok("POST", "/apps/acme-slow-two/addons", Some(standard), 201);
    d.now += 60_000;
    let path = format!("/apps/acme-slow-two/addons/{}", big["id"].as_str().unwrap());
    let changed = d.ok("PATCH", &path, Some(premium), 200);
    assert_eq!(changed["state"], "provisioning");
    let id = addon["id"].as_str().unwrap();
    let gone = d.ok("DELETE", &format!("/apps/acme-slow/addons/{id}"), None, 202);
    assert_eq!(gone["state"], "deprovisioning");
    d.ok("GET", &format!("/addons/{id}"), None, 200);
    check(&d.log, 6);
}
