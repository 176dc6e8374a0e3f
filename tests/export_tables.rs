//! `heroin export` writes what an app refers to beyond itself: its `space`,
//! its pipeline's stage config vars and review-app configuration, its
//! team's members and features, its space's inbound ruleset. Exported one
//! app at a time (TOML and YAML) or as a directory (`--dir --all`), the
//! files plan no changes; the stage's secret is a placeholder, never
//! printed; what Heroku then has beyond the files shows as a change.

mod common;
use common::{repo, sim};

use heroku_sim::core::Options;
use heroku_sim::server::Running;
use serde_json::json;
use sim::{client, sim};

const SECRET: &str = "stage-s3cr3t-token";

fn seeded() -> Running {
    let running = sim(Options {
        teams: vec!["acme".into()],
        spaces: vec!["acme-eu:acme".into()],
        ..Options::default()
    });
    let c = client(&running, "sim-token");
    c.write(
        "POST",
        "/teams/apps",
        &json!({"name": "xt-api-prod", "team": "acme", "space": "acme-eu"}),
    )
    .unwrap();
    c.write(
        "PUT",
        "/teams/acme/members",
        &json!({"email": "dev@example.com", "role": "viewer"}),
    )
    .unwrap();
    c.write(
        "PUT",
        "/spaces/acme-eu/inbound-ruleset",
        &json!({"rules": [
            {"action": "allow", "source": "203.0.113.0/24"},
            {"action": "deny", "source": "198.51.100.7/32"},
        ]}),
    )
    .unwrap();
    let p = c
        .write("POST", "/pipelines", &json!({"name": "xt-shop"}))
        .unwrap();
    let id = p["id"].as_str().unwrap().to_string();
    c.write(
        "POST",
        "/pipeline-couplings",
        &json!({"app": "xt-api-prod", "pipeline": id, "stage": "production"}),
    )
    .unwrap();
    c.write(
        "PATCH",
        &format!("/pipelines/{id}/stage/review/config-vars"),
        &json!({"RAILS_ENV": "review", "API_TOKEN": SECRET}),
    )
    .unwrap();
    c.write(
        "PATCH",
        &format!("/pipelines/{id}/stage/test/config-vars"),
        &json!({"CI": "true"}),
    )
    .unwrap();
    c.write(
        "POST",
        &format!("/pipelines/{id}/review-app-config"),
        &json!({"repo": "acme/shop", "automatic_review_apps": true, "stale_days": 7,
                "destroy_stale_apps": true, "deploy_target": {"type": "region", "id": "eu"}}),
    )
    .unwrap();
    running
}

/// The stage secret's variable, as the export names it.
const VARS: [(&str, &str); 1] = [("XT_SHOP_REVIEW_API_TOKEN", SECRET)];

fn no_changes(running: &Running, dir: &std::path::Path) {
    let (code, out, err) = repo::run_with(
        running,
        dir,
        &VARS,
        &["diff", "prod", "--detailed-exitcode", "--color", "never"],
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert!(out.contains("No changes."), "{out}");
    assert!(!format!("{out}{err}").contains(SECRET), "{out}{err}");
}

#[test]
fn an_app_s_pipeline_team_and_space_are_exported_and_plan_no_changes() {
    let running = seeded();
    let dir = repo::repo_of(&[("heroin.prod.toml", "")]);
    let run = |args: &[&str]| repo::run_with(&running, dir.path(), &[], args);
    let (code, toml, err) = run(&["export", "xt-api-prod", "--key", "api"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!format!("{toml}{err}").contains(SECRET), "{toml}{err}");
    for part in [
        "space = \"acme-eu\"",
        "[pipelines.xt-shop.stages.review.config_vars]",
        "API_TOKEN = \"${XT_SHOP_REVIEW_API_TOKEN}\"",
        "[pipelines.xt-shop.stages.test.config_vars]\nCI = \"true\"",
        "[pipelines.xt-shop.review_apps]",
        "stale_days = 7",
        "deploy_target = { type = \"region\", id = \"eu\" }",
        "[teams.acme.members]",
        "\"dev@example.com\" = \"viewer\"",
        "[spaces.acme-eu]",
        "{ action = \"deny\", source = \"198.51.100.7/32\" }",
    ] {
        assert!(toml.contains(part), "{part}:\n{toml}");
    }
    assert!(err.contains("XT_SHOP_REVIEW_API_TOKEN"), "{err}");
    assert!(err.contains("without `repo`"), "{err}");
    std::fs::write(dir.path().join("heroin.toml"), &toml).unwrap();
    repo::commit(dir.path(), "exported");
    no_changes(&running, dir.path());

    let (code, yaml, err) = run(&["export", "xt-api-prod", "--key", "api", "--format", "yaml"]);
    assert_eq!(code, Some(0), "{err}");
    let ydir = repo::repo_of(&[("heroin.yaml", &yaml), ("heroin.prod.yaml", "")]);
    no_changes(&running, ydir.path());

    // The exported tables are authoritative: what Heroku has beyond them
    // is planned away.
    let c = client(&running, "sim-token");
    c.write(
        "PUT",
        "/teams/acme/members",
        &json!({"email": "late@example.com", "role": "member"}),
    )
    .unwrap();
    let id = c.get("/pipelines/xt-shop").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    c.write(
        "PATCH",
        &format!("/pipelines/{id}/stage/review/config-vars"),
        &json!({"EXTRA": "1"}),
    )
    .unwrap();
    let (code, out, err) = repo::run_with(
        &running,
        dir.path(),
        &VARS,
        &["diff", "prod", "--detailed-exitcode", "--color", "never"],
    );
    assert_eq!(code, Some(2), "{out}\n{err}");
    assert!(out.contains("- members.late@example.com"), "{out}");
    assert!(out.contains("- stages.review.config_vars.EXTRA"), "{out}");
}

#[test]
fn an_exported_directory_holds_the_tables_once_and_plans_no_changes() {
    let running = seeded();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("heroku");
    let (code, out, err) = repo::run_with(
        &running,
        tmp.path(),
        &[],
        &["export", "--all", "--dir", dir.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert!(!err.contains(SECRET), "{err}");
    let base = std::fs::read_to_string(dir.join("heroin.toml")).unwrap();
    let prod = std::fs::read_to_string(dir.join("heroin.prod.toml")).unwrap();
    for part in [
        "[pipelines.xt-shop.stages.review.config_vars]",
        "[teams.acme.members]",
        "[spaces.acme-eu]",
    ] {
        assert!(base.contains(part), "{part}:\n{base}");
        assert!(!prod.contains(part), "{part}:\n{prod}");
    }
    assert!(!format!("{base}{prod}").contains(SECRET));
    assert!(err.contains("XT_SHOP_REVIEW_API_TOKEN"), "{err}");
    no_changes(&running, &dir);
}
