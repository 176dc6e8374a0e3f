//! The behaviours in which a simulator can silently differ from Heroku,
//! driven over HTTP against the binary on a free port, as a client sees
//! them: the current release is eligible for rollback and a rollback leaves
//! the formation; bodies of the wrong type are refused before anything
//! happens; an unknown team is refused and never appears; a slow add-on's
//! "Attach" release comes with its vars, and a plan change while it
//! provisions is refused.

mod process;

use std::time::Duration;

use process::{Server, http, start};
use serde_json::{Value, json};

fn call(s: &Server, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let text = body.map(|b| b.to_string());
    let (status, _, body) = http(s.port, method, path, text.as_deref());
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

fn ok(s: &Server, method: &str, path: &str, body: Option<Value>, want: u16) -> Value {
    let (status, body) = call(s, method, path, body);
    assert_eq!(status, want, "{method} {path}: {body}");
    body
}

fn releases(s: &Server, app: &str) -> Vec<Value> {
    let mut list = ok(s, "GET", &format!("/apps/{app}/releases"), None, 200)
        .as_array()
        .unwrap()
        .clone();
    list.sort_by_key(|r| r["version"].as_i64());
    list
}

#[test]
fn every_release_is_eligible_and_a_rollback_leaves_the_formation() {
    let s = start(&[]);
    ok(&s, "POST", "/apps", Some(json!({"name": "acme-web"})), 201);
    let types = json!({"process_types": {"web": "bin/web", "worker": "bin/worker"}});
    let slug = ok(&s, "POST", "/apps/acme-web/slugs", Some(types), 201);
    let deploy = ok(
        &s,
        "POST",
        "/apps/acme-web/releases",
        Some(json!({"slug": slug["id"]})),
        201,
    );
    let scale = json!({"updates": [
        {"type": "web", "quantity": 3, "size": "standard-2x"},
        {"type": "worker", "quantity": 2, "size": "standard-1x"},
    ]});
    ok(&s, "PATCH", "/apps/acme-web/formation", Some(scale), 200);
    let vars = json!({"DEBUG": "1"});
    ok(&s, "PATCH", "/apps/acme-web/config-vars", Some(vars), 200);
    let all = releases(&s, "acme-web");
    assert!(
        all.iter().all(|r| r["eligible_for_rollback"] == true),
        "{all:?}"
    );
    assert_eq!(all.last().unwrap()["current"], true);
    // The official CLI's bare rollback: the second eligible release, newest
    // first, is the deploy.
    assert_eq!(all[all.len() - 2]["id"], deploy["id"]);
    let back = json!({"release": deploy["id"]});
    ok(&s, "POST", "/apps/acme-web/releases", Some(back), 201);
    let formation = ok(&s, "GET", "/apps/acme-web/formation", None, 200);
    let mut got: Vec<(String, i64, String)> = formation
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["type"].as_str().unwrap().to_string(),
                f["quantity"].as_i64().unwrap(),
                f["size"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("web".to_string(), 3, "Standard-2X".to_string()),
            ("worker".to_string(), 2, "Standard-1X".to_string())
        ]
    );
    let config = ok(&s, "GET", "/apps/acme-web/config-vars", None, 200);
    assert_eq!(config.get("DEBUG"), None, "the rollback brings config back");
}

#[test]
fn bodies_of_the_wrong_type_are_refused_and_nothing_is_created() {
    let s = start(&[]);
    for (body, message) in [
        (
            json!({"name": 123}),
            r#"key "name": expected 123 to be ["string"]."#,
        ),
        (
            json!({"region": 5}),
            r#"key "region": expected 5 to be ["string"]."#,
        ),
        (
            json!({"stack": {"bogus": 1}}),
            r#"key "stack": expected {"bogus"=>1} to be ["string"]."#,
        ),
    ] {
        let (status, answer) = call(&s, "POST", "/apps", Some(body.clone()));
        assert_eq!(status, 422, "{body}: {answer}");
        assert_eq!(answer["id"], "invalid_params");
        assert_eq!(answer["message"], format!("Invalid type for {message}"));
    }
    assert_eq!(ok(&s, "GET", "/apps", None, 200), json!([]));
}

#[test]
fn an_unknown_team_is_refused_and_never_appears() {
    let s = start(&["--team", "acme"]);
    let stray = json!({"name": "stray-app", "team": "no-such-team"});
    let (status, answer) = call(&s, "POST", "/teams/apps", Some(stray));
    assert_eq!((status, answer["id"].as_str()), (404, Some("not_found")));
    assert_eq!(answer["message"], "Couldn't find that team.");
    let teams = ok(&s, "GET", "/teams", None, 200);
    let names: Vec<&str> = teams
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["acme"]);
    assert_eq!(call(&s, "GET", "/apps/stray-app", None).0, 404);
}

#[test]
fn a_slow_add_on_is_attached_when_its_vars_appear() {
    let s = start(&["--provision-ms", "400"]);
    ok(&s, "POST", "/apps", Some(json!({"name": "acme-web"})), 201);
    let before = releases(&s, "acme-web").len();
    let plan = json!({"plan": "heroku-redis:mini", "name": "acme-cache"});
    let addon = ok(&s, "POST", "/apps/acme-web/addons", Some(plan), 201);
    assert_eq!(addon["state"], "provisioning");
    assert_eq!(releases(&s, "acme-web").len(), before, "no release yet");
    let config = ok(&s, "GET", "/apps/acme-web/config-vars", None, 200);
    assert_eq!(config.get("REDIS_URL"), None);
    let upgrade = json!({"plan": "heroku-redis:premium-0"});
    let (status, answer) = call(
        &s,
        "PATCH",
        "/apps/acme-web/addons/acme-cache",
        Some(upgrade),
    );
    assert_eq!(status, 422, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("still provisioning"),
        "{answer}"
    );
    std::thread::sleep(Duration::from_millis(500));
    let all = releases(&s, "acme-web");
    assert_eq!(all.len(), before + 1);
    assert_eq!(
        all.last().unwrap()["description"],
        "Attach REDIS (@ref:acme-cache)"
    );
    let config = ok(&s, "GET", "/apps/acme-web/config-vars", None, 200);
    assert!(config["REDIS_URL"].is_string(), "{config}");
    let gone = ok(&s, "DELETE", "/apps/acme-web/addons/acme-cache", None, 202);
    assert_eq!(gone["state"], "deprovisioning");
}
