//! Add-ons against heroku-sim over HTTP: every plan the files name is checked
//! against Heroku's catalogue before anything is planned, a replacement says
//! its true reason, and a replacement creates the new add-on first and
//! destroys the old one last, so that a failure at any step before the
//! destroy leaves the app with its add-on, still attached.

mod common;
#[path = "common/sim.rs"]
mod sim;

use std::path::Path;

use common::heroin;
use heroku_sim::core::Options;
use heroku_sim::server::Running;
use serde_json::json;
use sim::{client, logged, sim, sim_logging};

const BASE: &str = "[apps.web]\nname = \"shop-${HEROIN_ENV}\"\n\n[apps.web.addons.postgres]\nplan = \"heroku-postgresql:essential-0\"\nas = \"DATABASE\"\n";

/// A configuration directory whose prod overlay holds `prod`.
fn write_files(prod: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("heroin.toml"), BASE).unwrap();
    std::fs::write(dir.path().join("heroin.prod.toml"), prod).unwrap();
    dir
}

/// `shop-prod` with an essential-0 Postgres attached as DATABASE; its name.
fn seed(running: &Running) -> String {
    let c = client(running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "shop-prod"}))
        .unwrap();
    let db = c
        .write(
            "POST",
            "/apps/shop-prod/addons",
            &json!({"plan": "heroku-postgresql:essential-0", "attachment": {"name": "DATABASE"}}),
        )
        .unwrap();
    db["name"].as_str().unwrap().to_string()
}

fn run(running: &Running, dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn an_unknown_plan_is_an_error_at_its_place_and_nothing_is_applied() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let running = sim_logging(Options::default(), Some(&log));
    let old = seed(&running);
    let files = write_files("[apps.web.addons.postgres]\nplan = \"heroku-postgresql:standrd-0\"\n");
    let (code, out, err) = run(&running, files.path(), &["diff", "prod"]);
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(
        err.contains(
            "heroin.prod.toml:2:8: error: apps.web.addons.postgres.plan: Heroku has no plan `heroku-postgresql:standrd-0`"
        ),
        "{err}"
    );
    assert!(
        err.contains("did you mean `heroku-postgresql:standard-0`?"),
        "{err}"
    );
    assert!(!out.contains("must be replaced"), "{out}");

    assert!(
        err.contains("heroku-postgresql plans: essential-0, essential-1, essential-2, premium-0, standard-0, standard-2"),
        "{err}"
    );

    // The plan of the requirement, applied with every flag: refused before
    // anything is written.
    let files = write_files("[apps.web.addons.postgres]\nplan = \"heroku-postgresql:mega-9\"\n");
    let writes_before = logged(&log).iter().filter(|l| !l.starts_with("GET")).count();
    let (code, out, err) = run(
        &running,
        files.path(),
        &["apply", "prod", "--yes", "--allow-data-loss", "--allow-dirty"],
    );
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(
        err.contains("heroin.prod.toml:2:8: error: apps.web.addons.postgres.plan: Heroku has no plan `heroku-postgresql:mega-9`"),
        "{err}"
    );
    assert!(!out.contains("must be replaced"), "{out}");
    let writes = logged(&log).iter().filter(|l| !l.starts_with("GET")).count();
    assert_eq!(writes, writes_before, "nothing was written");
    let state = running.shared.sim.lock().unwrap().state.clone();
    assert_eq!(state.addons.len(), 1);
    assert_eq!(state.addons[0].name, old, "the database is still there");
}

#[test]
fn a_misspelled_service_is_an_error_with_the_real_name_as_hint() {
    let running = sim(Options::default());
    seed(&running);
    let files = write_files("[apps.web.addons.postgres]\nplan = \"heroku-postgres:standard-0\"\n");
    let (code, out, err) = run(&running, files.path(), &["diff", "prod"]);
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(
        err.contains("heroin.prod.toml:2:8: error: apps.web.addons.postgres.plan: Heroku has no add-on service `heroku-postgres`"),
        "{err}"
    );
    assert!(err.contains("did you mean `heroku-postgresql`?"), "{err}");
    assert!(!out.contains("another service"), "{out}");
}
