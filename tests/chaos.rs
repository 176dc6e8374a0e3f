//! The short version of `make chaos` (examples/chaos.rs): two examples, a few
//! seeds, each first apply interrupted at a random moment under faults; the
//! next applies finish the job, the plan is then empty and nothing exists
//! twice.

mod common;
use common::{chaos, duplicates, repo, sim};

use std::time::{Duration, Instant};

#[test]
fn interrupted_applies_under_faults_converge_with_nothing_twice() {
    let settings = chaos::Settings {
        heroin: assert_cmd::cargo::cargo_bin("heroin"),
        examples: vec![
            "examples/rack-app".into(),
            "examples/two-app-product".into(),
        ],
        seeds: 3,
        most_applies: 6,
        window: Duration::from_millis(1500),
        process_limit: Duration::from_secs(120),
        budget: Duration::from_secs(120),
        workers: 4,
        rate_limit: 200,
        provision_ms: 500,
    };
    let started = Instant::now();
    let runs = chaos::run_all(&settings);
    let table = chaos::table(&runs, started.elapsed());
    eprintln!("{table}");
    assert!(chaos::passed(&runs), "{table}");
    assert!(
        runs.iter().any(|r| r.interrupted),
        "no apply was interrupted: the window is too late\n{table}"
    );
}

#[test]
fn the_scan_finds_what_exists_twice() {
    let running = sim::sim(heroku_sim::core::Options::default());
    let dir = repo::repo_with("examples/two-app-product");
    let (code, _, err) = repo::run(&running, dir.path(), &["apply", "staging", "--yes"]);
    assert_eq!(code, Some(0), "{err}");
    let mut state = running.shared.sim.lock().unwrap().state.clone();
    let declared = duplicates::declared(dir.path(), "staging");
    assert_eq!(
        duplicates::duplicates(&state, &declared),
        Vec::<String>::new()
    );
    // One of each, twice.
    state.apps.push(state.apps[0].clone());
    state.domains.push(state.domains[0].clone());
    state.drains.extend(state.drains.first().cloned());
    let mut addon = state.addons[0].clone();
    addon.id = "another".into();
    state.addons.push(addon);
    state.pipelines.push(state.pipelines[0].clone());
    let found = duplicates::duplicates(&state, &declared);
    for what in [
        "app ",
        "domain ",
        "add-on ",
        "with no attachment",
        "pipeline ",
    ] {
        assert!(found.iter().any(|f| f.contains(what)), "{what}: {found:?}");
    }
}
