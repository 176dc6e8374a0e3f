//! Add-ons shared between apps, against heroku-sim over HTTP: destroying one
//! other apps are attached to names them in the plan and needs its own yes
//! (`--detach-others` under `--yes`, a question on a terminal), and another
//! app's add-on attached here under a name the files do not list is detached
//! from this app only.

mod common;
use common::{repo, shop, sim};

use heroku_sim::core::Options;
use heroku_sim::server::Running;
use serde_json::json;
use shop::{attached_as, run, seed};
use sim::{client, sim};

/// shop-prod's Postgres (its name), attached to billing-worker as each of
/// `names` too.
fn shared(running: &Running, names: &[&str]) -> String {
    let db = seed(running);
    let c = client(running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "billing-worker"}))
        .unwrap();
    for name in names {
        c.write(
            "POST",
            "/addon-attachments",
            &json!({"addon": db, "app": "billing-worker", "name": name}),
        )
        .unwrap();
    }
    db
}

/// Files whose shop-prod has no add-on at all.
fn without_addons() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("heroin.toml"),
        "[apps.web]\nname = \"shop-${HEROIN_ENV}\"\n\n[apps.web.addons]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("heroin.prod.toml"), "").unwrap();
    dir
}

/// Whether the simulator still has an add-on of that name.
fn exists(running: &Running, name: &str) -> bool {
    let state = running.shared.sim.lock().unwrap().state.clone();
    state.addons.iter().any(|a| a.name == name)
}

/// billing-worker's attachment names, sorted.
fn worker_attachments(running: &Running) -> Vec<String> {
    let state = running.shared.sim.lock().unwrap().state.clone();
    let app = state
        .apps
        .iter()
        .find(|a| a.name == "billing-worker")
        .unwrap();
    let mut names: Vec<String> = state
        .attachments
        .iter()
        .filter(|t| t.app_id == app.id)
        .map(|t| t.name.clone())
        .collect();
    names.sort();
    names
}

const APPLY: &[&str] = &[
    "apply",
    "prod",
    "--yes",
    "--allow-data-loss",
    "--allow-dirty",
    "--force",
];

#[test]
fn the_plan_names_the_other_apps_a_destroyed_add_on_is_attached_to() {
    let running = sim(Options::default());
    shared(&running, &["DATABASE"]);
    let files = without_addons();
    let (code, out, err) = run(&running, files.path(), &["diff", "prod"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("also attached to billing-worker as DATABASE"),
        "{out}"
    );
    let (code, out, err) = run(&running, files.path(), &["diff", "prod", "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
    let destroys = plan["changes"][0]["destroys"].as_str().unwrap_or_default();
    assert!(
        destroys.ends_with("; also attached to billing-worker as DATABASE"),
        "{out}"
    );
    assert_eq!(
        plan["changes"][0]["also_attached"],
        json!([{"app": "billing-worker", "attachment": "DATABASE"}])
    );
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("schemas/plan.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&plan)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_shared_add_on_is_not_destroyed_under_yes_without_detach_others() {
    let running = sim(Options::default());
    let db = shared(&running, &["DATABASE"]);
    let files = without_addons();
    let state = || serde_json::to_value(&running.shared.sim.lock().unwrap().state).unwrap();
    let before = state();
    let (code, _, err) = run(&running, files.path(), APPLY);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(&db) && err.contains("billing-worker as DATABASE"),
        "{err}"
    );
    assert!(err.contains("--detach-others"), "{err}");
    assert_eq!(state(), before);
    assert!(exists(&running, &db));
}

#[test]
fn a_shared_add_on_is_destroyed_under_yes_with_detach_others() {
    let running = sim(Options::default());
    let db = shared(&running, &["DATABASE"]);
    let files = without_addons();
    let args = [APPLY, &["--detach-others"]].concat();
    let (code, _, err) = run(&running, files.path(), &args);
    assert_eq!(code, Some(0), "{err}");
    assert!(!exists(&running, &db));
    assert_eq!(worker_attachments(&running), Vec::<String>::new());
    let (code, out, _) = run(&running, files.path(), &["diff", "prod"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("No changes"), "{out}");
}

#[test]
fn on_a_terminal_destroying_a_shared_add_on_asks_naming_the_other_app() {
    let running = sim(Options::default());
    let db = shared(&running, &["DATABASE"]);
    let files = without_addons();
    let mut p = repo::on_terminal(&running, files.path(), "apply prod --allow-dirty --force");
    p.exp_string("Apply this plan to prod?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    p.exp_string("remove apps.web.addons.database?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    p.exp_string(&format!(
        "{db} is also attached to billing-worker as DATABASE: destroying it detaches it from those apps. Detach and destroy it?"
    ))
    .unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    p.exp_string(&format!("Type {db}")).unwrap();
    p.send(&format!("{db}\r")).unwrap();
    p.flush().unwrap();
    p.exp_eof().unwrap();
    assert!(!exists(&running, &db));
}

#[test]
fn on_a_terminal_a_no_to_detaching_the_other_apps_keeps_the_add_on() {
    let running = sim(Options::default());
    let db = shared(&running, &["DATABASE"]);
    let files = without_addons();
    let mut p = repo::on_terminal(&running, files.path(), "apply prod --allow-dirty --force");
    p.exp_string("Apply this plan to prod?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    p.exp_string("remove apps.web.addons.database?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    p.exp_string("is also attached to billing-worker as DATABASE: destroying it detaches it from those apps. Detach and destroy it?")
        .unwrap();
    p.send("n\r").unwrap();
    p.flush().unwrap();
    p.exp_eof().unwrap();
    assert!(exists(&running, &db));
    assert_eq!(worker_attachments(&running), ["DATABASE"]);
}

#[test]
fn an_extra_attachment_on_a_managed_app_is_shown_and_detached_from_it_only() {
    let running = sim(Options::default());
    let db = shared(&running, &["DATABASE", "REPORTING"]);
    let files = tempfile::tempdir().unwrap();
    std::fs::write(
        files.path().join("heroin.toml"),
        format!(
            "{}\n[apps.worker]\nname = \"billing-worker\"\n\n[apps.worker.addons]\ndb = {{ attach = \"web.postgres\", as = \"DATABASE\" }}\n",
            shop::BASE
        ),
    )
    .unwrap();
    std::fs::write(files.path().join("heroin.prod.toml"), "").unwrap();
    let (code, out, err) = run(&running, files.path(), &["diff", "prod"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("- addons.reporting"), "{out}");
    assert!(out.contains("detached, shop-prod keeps it"), "{out}");
    let (code, _, err) = run(&running, files.path(), APPLY);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(worker_attachments(&running), ["DATABASE"]);
    assert!(exists(&running, &db));
    assert_eq!(attached_as(&running, "DATABASE"), Some(db));
    let (code, out, _) = run(&running, files.path(), &["diff", "prod"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("No changes"), "{out}");
}
