//! Teams are part of the state, declared up front (the `teams` option,
//! `--team`, a state file): team apps go only into a team that exists, an
//! unknown team is refused as Heroku refuses it, and nothing comes into
//! existence because a request named it.

mod common;

use common::Driver;
use heroku_sim::core::Options;
use serde_json::json;

fn with_teams(teams: &[&str]) -> Driver {
    Driver::new(Options {
        teams: teams.iter().map(|t| t.to_string()).collect(),
        ..Options::default()
    })
}

#[test]
fn an_unknown_team_is_refused_and_does_not_appear() {
    let mut d = with_teams(&["acme"]);
    let r = d.send(
        "POST",
        "/teams/apps",
        Some(json!({"name": "stray", "team": "no-such-team"})),
    );
    assert_eq!(
        (r.status, r.body["id"].as_str(), r.body["resource"].as_str()),
        (404, Some("not_found"), Some("team"))
    );
    assert_eq!(r.body["message"], "Couldn't find that team.");
    assert_eq!(d.send("GET", "/apps/stray", None).status, 404);
    let teams = d.ok("GET", "/teams", None, 200);
    let names: Vec<&str> = teams
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["acme"]);
    assert_eq!(d.send("GET", "/teams/no-such-team", None).status, 404);
    assert_eq!(d.send("GET", "/teams/no-such-team/apps", None).status, 404);
    let owner = json!({"name": "pipe", "owner": {"id": "no-such-team", "type": "team"}});
    assert_eq!(d.send("POST", "/pipelines", Some(owner)).status, 404);
}

#[test]
fn declared_teams_exist_with_no_apps_and_take_team_apps() {
    let mut d = with_teams(&["acme", "umbrella"]);
    let teams = d.ok("GET", "/teams", None, 200);
    assert_eq!(teams.as_array().unwrap().len(), 2);
    let umbrella = d.ok("GET", "/teams/umbrella", None, 200);
    assert_eq!(d.ok("GET", "/teams/umbrella/apps", None, 200), json!([]));
    // By name or by id, as a string or an object.
    let app = d.ok(
        "POST",
        "/teams/apps",
        Some(json!({"name": "umb-web", "team": {"id": umbrella["id"]}})),
        201,
    );
    assert_eq!(app["team"]["name"], "umbrella");
    let listed = d.ok("GET", "/teams/umbrella/apps", None, 200);
    assert_eq!(listed[0]["name"], "umb-web");
    // With no teams declared, there are none.
    let mut bare = Driver::new(Options::default());
    assert_eq!(bare.ok("GET", "/teams", None, 200), json!([]));
}

#[test]
fn a_state_written_before_teams_were_kept_gets_those_its_apps_name() {
    let mut d = with_teams(&["acme"]);
    d.ok(
        "POST",
        "/teams/apps",
        Some(json!({"name": "acme-web", "team": "acme"})),
        201,
    );
    let mut old = d.sim.state.clone();
    old.teams.clear();
    d.sim = heroku_sim::core::Sim::with_state(Options::default(), old);
    assert_eq!(d.ok("GET", "/teams", None, 200)[0]["name"], "acme");
}

#[test]
fn the_creator_of_a_team_app_can_leave_it_once_and_is_never_listed() {
    let mut d = with_teams(&["acme"]);
    let app = json!({"name": "acme-left", "team": "acme"});
    d.ok("POST", "/teams/apps", Some(app), 201);
    let list = "/teams/apps/acme-left/collaborators";
    let emails = |d: &mut Driver| -> Vec<String> {
        let l = d.ok("GET", list, None, 200);
        l.as_array()
            .unwrap()
            .iter()
            .map(|c| c["user"]["email"].as_str().unwrap().to_string())
            .collect()
    };
    let before = emails(&mut d);
    assert!(
        !before.iter().any(|e| e == "sim-token@example.com"),
        "{before:?}"
    );
    let me = d.ok("GET", "/account", None, 200);
    // What the official CLI's `heroku apps:leave` sends.
    let path = format!("{list}/sim-token@example.com");
    let left = d.ok("DELETE", &path, None, 200);
    assert_eq!(left["user"]["email"], "sim-token@example.com");
    assert_eq!(left["user"]["id"], me["id"]);
    assert_eq!(left["app"]["name"], "acme-left");
    assert_eq!(emails(&mut d), before);
    let again = d.send("DELETE", &path, None);
    assert_eq!(
        (again.status, again.body["resource"].as_str()),
        (404, Some("collaborator"))
    );
    // The official CLI 11's `apps:leave` sends the personal route.
    d.ok(
        "POST",
        "/teams/apps",
        Some(json!({"name": "acme-left-2", "team": "acme"})),
        201,
    );
    let personal = "/apps/acme-left-2/collaborators/sim-token@example.com";
    assert_eq!(d.ok("DELETE", personal, None, 200)["user"]["id"], me["id"]);
    assert_eq!(d.send("DELETE", personal, None).status, 404);
    // Anyone else who is no collaborator is still not found.
    let stranger = d.send("DELETE", &format!("{list}/nobody@example.com"), None);
    assert_eq!(stranger.status, 404);
}

#[test]
fn an_app_moves_only_to_a_team_or_an_account_that_exists() {
    let mut d = Driver::new(Options {
        teams: vec!["acme".into(), "umbrella".into()],
        tokens: vec!["sim-token".into(), "bob".into()],
        ..Options::default()
    });
    d.ok("POST", "/apps", Some(json!({"name": "solo"})), 201);
    d.ok(
        "PATCH",
        "/apps/solo/config-vars",
        Some(json!({"A": "1"})),
        200,
    );
    let to = |owner: &str| Some(json!({ "owner": owner }));
    // An owner that does not exist is refused, and nothing moves.
    for (owner, resource, message) in [
        ("no-such-team", "team", "Couldn't find that team."),
        ("nobody@example.com", "user", "Couldn't find that user."),
    ] {
        let r = d.send("PATCH", "/teams/apps/solo", to(owner));
        assert_eq!(
            (r.status, r.body["resource"].as_str()),
            (404, Some(resource))
        );
        assert_eq!(r.body["message"], message);
    }
    let app = d.ok("GET", "/apps/solo", None, 200);
    assert_eq!(
        (app["team"].clone(), app["owner"]["email"].clone()),
        (json!(null), json!("sim-token@example.com"))
    );
    assert_eq!(
        d.ok("GET", "/teams", None, 200).as_array().unwrap().len(),
        2
    );
    // To a declared team, by name, then another by id.
    let moved = d.ok("PATCH", "/teams/apps/solo", to("acme"), 200);
    assert_eq!(moved["team"]["name"], "acme");
    assert_eq!(
        d.ok("GET", "/teams/acme/apps", None, 200)[0]["name"],
        "solo"
    );
    let umbrella = d.ok("GET", "/teams/umbrella", None, 200);
    let id = umbrella["id"].as_str().unwrap();
    d.ok("PATCH", "/teams/apps/solo", to(id), 200);
    assert_eq!(d.ok("GET", "/teams/acme/apps", None, 200), json!([]));
    let app = d.ok("GET", "/apps/solo", None, 200);
    assert_eq!(app["owner"]["email"], "umbrella@herokumanager.com");
    // Out of the team to an account: the app is that account's, whole,
    // without its collaborators.
    let carol = json!({"user": "carol@example.com", "permissions": ["view"]});
    d.ok("POST", "/teams/apps/solo/collaborators", Some(carol), 201);
    d.ok("PATCH", "/teams/apps/solo", to("bob@example.com"), 200);
    assert_eq!(d.send("GET", "/apps/solo", None).status, 403);
    d.token = "bob".into();
    let app = d.ok("GET", "/apps/solo", None, 200);
    assert_eq!(
        (app["team"].clone(), app["owner"]["email"].clone()),
        (json!(null), json!("bob@example.com"))
    );
    assert_eq!(
        d.ok("GET", "/apps/solo/config-vars", None, 200),
        json!({"A": "1"})
    );
    assert_eq!(d.ok("GET", "/apps", None, 200)[0]["name"], "solo");
    let people = d.ok("GET", "/apps/solo/collaborators", None, 200);
    let people: Vec<(&str, &str)> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["user"]["email"].as_str().unwrap(),
                c["role"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(people, [("bob@example.com", "owner")]);
    // Its former owner can no longer move it.
    d.token = "sim-token".into();
    assert_eq!(d.send("PATCH", "/teams/apps/solo", to("acme")).status, 403);
}
