//! Over HTTP, against the binary on a free port, what official CLI commands
//! beyond heroin's own resources send: `heroku labs:enable` and
//! `labs:disable` on an account (and for that account only), `heroku
//! buildpacks:info`, `buildpacks:versions` and `buildpacks:search` from the
//! buildpack registry, and `heroku addons:rename` (a name and no plan).

mod process;

use process::{Server, http, start};
use serde_json::Value;

fn get(s: &Server, path: &str) -> (u16, Value) {
    let (status, _, body) = http(s.port, "GET", path, None);
    (status, serde_json::from_str(&body).unwrap())
}

fn enabled(s: &Server, feature: &str) -> bool {
    let (status, body) = get(s, &format!("/account/features/{feature}"));
    assert_eq!(status, 200, "{body}");
    body["enabled"].as_bool().unwrap()
}

#[test]
fn an_account_feature_is_turned_on_and_off_and_stays_with_its_account() {
    let s = start(&["--token", "sim-token", "--token", "other-token"]);
    assert!(!enabled(&s, "pipelines-dashboard-beta"));
    let on = r#"{"enabled":true}"#;
    let path = "/account/features/pipelines-dashboard-beta";
    let (status, _, body) = http(s.port, "PATCH", path, Some(on));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""enabled":true"#), "{body}");
    assert!(enabled(&s, "pipelines-dashboard-beta"));
    let (_, list) = get(&s, "/account/features");
    let mut listed: Vec<(&str, bool)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f["enabled"].as_bool().unwrap()))
        .collect();
    listed.sort();
    assert_eq!(
        listed,
        [
            ("account-metrics-beta", false),
            ("pipelines-dashboard-beta", true)
        ]
    );
    // Another account's flags are its own.
    let other = process::http_as(s.port, "other-token", "GET", path, None);
    assert_eq!(other.0, 200, "{}", other.2);
    assert!(other.2.contains(r#""enabled":false"#), "{}", other.2);
    // Off again; `enabled` is required and a boolean; unknown features 404.
    let off = r#"{"enabled":false}"#;
    assert_eq!(http(s.port, "PATCH", path, Some(off)).0, 200);
    assert!(!enabled(&s, "pipelines-dashboard-beta"));
    let (status, _, body) = http(s.port, "PATCH", path, Some("{}"));
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("Require params: enabled."), "{body}");
    let (status, _, body) = http(s.port, "PATCH", path, Some(r#"{"enabled":"yes"}"#));
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("invalid_params"), "{body}");
    let unknown = "/account/features/no-such-flag";
    assert_eq!(http(s.port, "PATCH", unknown, Some(on)).0, 404);
}

#[test]
fn the_registry_answers_revisions_readme_and_searches() {
    let s = start(&[]);
    let (status, revisions) = get(&s, "/buildpacks/hashnuke%2Felixir/revisions");
    assert_eq!(status, 200, "{revisions}");
    let revision = &revisions[0];
    assert_eq!(
        (revision["release"].as_u64(), revision["status"].as_str()),
        (Some(1), Some("published"))
    );
    let (_, bp) = get(&s, "/buildpacks/hashnuke%2Felixir");
    assert_eq!(revision["buildpack_id"], bp["id"]);
    let one = format!(
        "/buildpacks/hashnuke%2Felixir/revisions/{}",
        revision["id"].as_str().unwrap()
    );
    assert_eq!(get(&s, &one).1, *revision);
    let missing = "/buildpacks/hashnuke%2Felixir/revisions/7";
    assert_eq!(get(&s, missing).0, 404);
    let (status, readme) = get(&s, "/buildpacks/hashnuke%2Felixir/readme");
    assert_eq!((status, readme["encoding"].as_str()), (200, Some("base64")));
    assert!(!readme["content"].as_str().unwrap().is_empty());
    assert_eq!(get(&s, "/buildpacks/nobody%2Fnothing/revisions").0, 404);
    // Search as the CLI's buildpacks:search sends it.
    let found = |query: &str| -> Vec<String> {
        let (status, list) = get(&s, &format!("/buildpacks?{query}"));
        assert_eq!(status, 200, "{query}: {list}");
        list.as_array()
            .unwrap()
            .iter()
            .map(|b| {
                format!(
                    "{}/{}",
                    b["namespace"].as_str().unwrap(),
                    b["name"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(found("in[name][]=elixir"), ["hashnuke/elixir"]);
    assert_eq!(found("in[namespace][]=hashnuke"), ["hashnuke/elixir"]);
    assert_eq!(found("like[description]=ELIXIR"), ["hashnuke/elixir"]);
    assert_eq!(
        found("in[namespace][]=heroku&in[name][]=ruby&in[name][]=go"),
        ["heroku/go", "heroku/ruby"]
    );
    assert!(found("in[name][]=cobol").is_empty());
    assert!(found("").len() > 10);
}

#[test]
fn an_add_on_is_renamed_with_a_name_alone() {
    let s = start(&[]);
    assert_eq!(
        http(s.port, "POST", "/apps", Some(r#"{"name":"acme-web"}"#)).0,
        201
    );
    let create = r#"{"plan":"heroku-redis:mini","name":"acme-cache"}"#;
    let (status, _, body) = http(s.port, "POST", "/apps/acme-web/addons", Some(create));
    assert_eq!(status, 201, "{body}");
    // As `heroku addons:rename acme-cache acme-cache-two` sends it.
    let rename = r#"{"name":"acme-cache-two"}"#;
    let path = "/apps/acme-web/addons/acme-cache";
    let (status, _, body) = http(s.port, "PATCH", path, Some(rename));
    assert_eq!(status, 200, "{body}");
    let (status, addon) = get(&s, "/addons/acme-cache-two");
    assert_eq!(status, 200, "{addon}");
    assert_eq!(addon["plan"]["name"], "heroku-redis:mini");
    assert_eq!(get(&s, "/addons/acme-cache").0, 404);
    // Neither a plan nor a name: Heroku's words for the missing plan.
    let path = "/apps/acme-web/addons/acme-cache-two";
    let (status, _, body) = http(s.port, "PATCH", path, Some("{}"));
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("Require params: plan."), "{body}");
    // A name of the wrong type is still refused by the schema.
    let (status, _, body) = http(s.port, "PATCH", path, Some(r#"{"name":7}"#));
    assert_eq!(status, 422, "{body}");
    assert!(body.contains(r#"Invalid type for key \"name\""#), "{body}");
}
