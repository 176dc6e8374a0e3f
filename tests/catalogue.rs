//! heroin checks every add-on service and plan the files name against
//! Heroku's catalogue (read once per service and run) before anything is
//! planned: an unknown one is an error at its place with the closest real
//! name, and nothing is applied. Against heroku-sim over HTTP.

mod common;
use common::{shop, sim};

use heroku_sim::core::Options;
use shop::{run, seed, write_files};
use sim::{logged, sim, sim_logging};

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
    let writes_before = logged(&log)
        .iter()
        .filter(|l| !l.starts_with("GET"))
        .count();
    let (code, out, err) = run(
        &running,
        files.path(),
        &[
            "apply",
            "prod",
            "--yes",
            "--allow-data-loss",
            "--allow-dirty",
        ],
    );
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(
        err.contains("heroin.prod.toml:2:8: error: apps.web.addons.postgres.plan: Heroku has no plan `heroku-postgresql:mega-9`"),
        "{err}"
    );
    assert!(!out.contains("must be replaced"), "{out}");
    let writes = logged(&log)
        .iter()
        .filter(|l| !l.starts_with("GET"))
        .count();
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

#[test]
fn apply_reads_the_catalogue_once_per_service() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let running = sim_logging(Options::default(), Some(&log));
    seed(&running);
    let files =
        write_files("[apps.web.addons.postgres]\nplan = \"heroku-postgresql:standard-0\"\n");
    let (code, out, err) = run(
        &running,
        files.path(),
        &[
            "apply",
            "prod",
            "--yes",
            "--allow-data-loss",
            "--allow-dirty",
        ],
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
    let requests = logged(&log);
    for path in [
        "GET /addon-services/heroku-postgresql",
        "GET /addon-services/heroku-postgresql/plans",
    ] {
        let n = requests.iter().filter(|r| *r == path).count();
        assert_eq!(n, 1, "{path}: {requests:#?}");
    }
}

#[test]
fn a_misspelled_team_is_an_error_before_anything_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    // heroku-sim knows the team `acme` (tests/common/sim.rs).
    let running = sim_logging(Options::default(), Some(&log));
    let files = write_files("[apps.web]\nteam = \"acmee\"\n");
    let (code, out, err) = run(&running, files.path(), &["diff", "prod"]);
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(
        err.contains(
            "heroin.prod.toml:2:8: error: apps.web.team: the account belongs to no team `acmee`"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `acme`?"), "{err}");
    let (code, out, err) = run(
        &running,
        files.path(),
        &["apply", "prod", "--yes", "--allow-dirty"],
    );
    assert_eq!(code, Some(1), "{out}\n{err}");
    let writes: Vec<String> = logged(&log)
        .into_iter()
        .filter(|l| !l.starts_with("GET"))
        .collect();
    assert!(writes.is_empty(), "nothing is written: {writes:?}");
    // The team spelled right plans the app, and reads the teams once.
    let files = write_files("[apps.web]\nteam = \"acme\"\n");
    let (code, out, err) = run(&running, files.path(), &["diff", "prod"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert!(out.contains("+ app: \"shop-prod\""), "{out}");
}
