//! The account-wide tables end to end against heroku-sim: a pipeline's
//! stage config vars (secrets never shown) and review apps, created with
//! the pipeline's first app; a team's members, with the refusal to take
//! away its admins or the account heroin runs as without --force; a
//! Private Space's inbound ruleset and an app created in the space. Every
//! one converges: apply, then diff shows no changes.

mod common;
use common::{repo, sim};

use heroku_sim::core::Options;
use serde_json::json;
use sim::{client, sim};

const SECRET: &str = "review-s3cr3t-token";

const PIPELINE: &str = r#"[apps.web]
name = "tbl-web-${HEROIN_ENV}"
pipeline = { name = "tbl-shop", stage = "production" }

[pipelines.tbl-shop.stages.review.config_vars]
RAILS_ENV = "review"
API_TOKEN = "${REVIEW_TOKEN}"

[pipelines.tbl-shop.stages.test.config_vars]
CI = "true"

[pipelines.tbl-shop.review_apps]
repo = "acme/shop"
automatic_review_apps = true
destroy_stale_apps = true
stale_days = 5
deploy_target = { type = "region", id = "eu" }
"#;

#[test]
fn pipeline_settings_are_applied_with_the_pipeline_and_converge() {
    let running = sim(Options::default());
    let dir = repo::repo_of(&[("heroin.toml", PIPELINE), ("heroin.prod.toml", "")]);
    let vars = [("REVIEW_TOKEN", SECRET)];
    let run = |args: &[&str]| repo::run_with(&running, dir.path(), &vars, args);
    let (code, out, err) = run(&["diff", "prod", "--color", "never"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!format!("{out}{err}").contains(SECRET), "{out}");
    insta::assert_snapshot!(out, @r#"
    heroin plans these changes to prod:

      # apps.web (tbl-web-prod)
      + app: "tbl-web-prod"
      + pipeline: "tbl-shop (production)"

      # pipelines.tbl-shop
      + review_apps.automatic_review_apps: "true"
      + review_apps.deploy_target: "region eu"
      + review_apps.destroy_stale_apps: "true"
      + review_apps.repo: "acme/shop"
      + review_apps.stale_days: "5"
      + stages.review.config_vars.API_TOKEN: (sensitive)
      + stages.review.config_vars.RAILS_ENV: "review"
      + stages.test.config_vars.CI: "true"

    Plan: 10 to add, 0 to change, 0 to destroy.
    "#);
    let (code, out, err) = run(&["apply", "prod", "--yes"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert!(!format!("{out}{err}").contains(SECRET));
    let (code, out, err) = run(&["diff", "prod", "--detailed-exitcode"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert!(out.contains("No changes."), "{out}");
    assert!(
        out.contains("heroin cannot tell whether it is the one the files name"),
        "{out}"
    );
    {
        let sim = running.shared.sim.lock().unwrap();
        let stages = &sim.state.tables.stage_vars;
        let review = stages.iter().find(|s| s.stage == "review").unwrap();
        assert_eq!(review.vars["API_TOKEN"], SECRET);
        assert_eq!(sim.state.tables.review_configs[0].stale_days, 5);
    }
    // A var Heroku has beyond the files goes; a changed setting is updated.
    let c = client(&running, "sim-token");
    let id = c.get("/pipelines/tbl-shop").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    c.write(
        "PATCH",
        &format!("/pipelines/{id}/stage/test/config-vars"),
        &json!({"EXTRA": "1"}),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("heroin.prod.toml"),
        "[pipelines.tbl-shop.review_apps]\nstale_days = 9\n",
    )
    .unwrap();
    repo::commit(dir.path(), "prod: stale after nine days");
    let (code, out, err) = run(&["apply", "prod", "--yes", "--color", "never"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert!(
        out.contains("~ review_apps.stale_days: \"5\" -> \"9\""),
        "{out}"
    );
    assert!(
        out.contains("- stages.test.config_vars.EXTRA: \"1\""),
        "{out}"
    );
    let (code, out, err) = run(&["diff", "prod", "--detailed-exitcode"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
}

#[test]
fn a_pipeline_nothing_creates_is_impossible() {
    let running = sim(Options::default());
    let files = "[pipelines.tbl-none.stages.test.config_vars]\nCI = \"true\"\n";
    let dir = repo::repo_of(&[("heroin.toml", files), ("heroin.prod.toml", "")]);
    let (code, out, _) = repo::run_with(
        &running,
        dir.path(),
        &[],
        &["diff", "prod", "--detailed-exitcode"],
    );
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("Heroku has no pipeline tbl-none"), "{out}");
}

const TEAM: &str = r#"[teams.acme.members]
"sim-token@example.com" = "admin"
"ops@example.com" = "admin"
"dev@example.com" = "viewer"
"#;

#[test]
fn team_members_converge_and_taking_the_admins_away_needs_force() {
    let running = sim(Options {
        teams: vec!["acme".into()],
        ..Options::default()
    });
    let c = client(&running, "sim-token");
    for (email, role) in [("dev@example.com", "member"), ("old@example.com", "member")] {
        c.write(
            "PUT",
            "/teams/acme/members",
            &json!({"email": email, "role": role}),
        )
        .unwrap();
    }
    let dir = repo::repo_of(&[("heroin.toml", TEAM), ("heroin.prod.toml", "")]);
    let run = |args: &[&str]| repo::run_with(&running, dir.path(), &[], args);
    let (code, out, err) = run(&["diff", "prod", "--color", "never"]);
    assert_eq!(code, Some(0), "{err}");
    insta::assert_snapshot!(out, @r#"
    heroin plans these changes to prod:

      # teams.acme
      ~ members.dev@example.com: "member" -> "viewer"
      - members.old@example.com: "member"
          not in the files
      + members.ops@example.com: "admin"

    Plan: 1 to add, 1 to change, 1 to destroy.
    "#);
    let (code, out, err) = run(&["apply", "prod", "--yes"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    let (code, out, err) = run(&["diff", "prod", "--detailed-exitcode"]);
    assert_eq!(code, Some(0), "{out}\n{err}");

    // Leaving out the account heroin runs as is refused, then forced.
    let without_me =
        "[teams.acme.members]\n\"ops@example.com\" = \"admin\"\n\"dev@example.com\" = \"viewer\"\n";
    std::fs::write(dir.path().join("heroin.toml"), without_me).unwrap();
    repo::commit(dir.path(), "hand the team over to ops");
    let (code, out, err) = run(&["apply", "prod", "--yes"]);
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(
        err.contains("removes sim-token@example.com, the account heroin runs as, from the admins of team acme"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    let (code, _, err) = run(&["apply", "prod", "--json", "--yes"]);
    assert_eq!(code, Some(1), "{err}");
    let (code, out, err) = run(&["apply", "prod", "--yes", "--force"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    let (code, out, err) = run(&["diff", "prod", "--detailed-exitcode"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
}

const SPACE: &str = r#"[apps.api]
name = "tbl-api-${HEROIN_ENV}"
team = "acme"
space = "acme-eu"

[spaces.acme-eu]
inbound_ruleset = [
  { action = "allow", source = "203.0.113.0/24" },
  { action = "deny", source = "198.51.100.7/32" },
]
"#;

#[test]
fn a_space_s_ruleset_and_an_app_in_it_converge_and_the_space_never_moves() {
    let running = sim(Options {
        teams: vec!["acme".into()],
        spaces: vec!["acme-eu:acme".into()],
        ..Options::default()
    });
    let dir = repo::repo_of(&[("heroin.toml", SPACE), ("heroin.prod.toml", "")]);
    let run = |args: &[&str]| repo::run_with(&running, dir.path(), &[], args);
    let (code, out, err) = run(&["diff", "prod", "--color", "never"]);
    assert_eq!(code, Some(0), "{err}");
    insta::assert_snapshot!(out, @r#"
    heroin plans these changes to prod:

      # apps.api (tbl-api-prod)
      + app: "tbl-api-prod"

      # spaces.acme-eu
      - inbound_ruleset.0.0.0.0/0: "allow"
          not in the files
      + inbound_ruleset.198.51.100.7/32: "deny"
      + inbound_ruleset.203.0.113.0/24: "allow"

    Plan: 3 to add, 0 to change, 1 to destroy.
    "#);
    let (code, out, err) = run(&["apply", "prod", "--yes"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    let c = client(&running, "sim-token");
    let app = c.get("/apps/tbl-api-prod").unwrap();
    assert_eq!(app["space"]["name"], "acme-eu");
    let rules = c.get("/spaces/acme-eu/inbound-ruleset").unwrap();
    assert_eq!(rules["rules"][0]["source"], "203.0.113.0/24");
    let (code, out, err) = run(&["diff", "prod", "--detailed-exitcode"]);
    assert_eq!(code, Some(0), "{out}\n{err}");

    let moved = SPACE.replace("space = \"acme-eu\"", "space = \"acme-us\"");
    std::fs::write(dir.path().join("heroin.toml"), moved).unwrap();
    let (code, out, _) = run(&["diff", "prod", "--detailed-exitcode", "--color", "never"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("! app.space: \"acme-eu\" -> \"acme-us\""),
        "{out}"
    );
    assert!(out.contains("cannot change"), "{out}");
}
