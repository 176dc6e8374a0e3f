//! Applying through Heroku's bad moments, as heroku-sim injects them:
//! failures (503), slow add-on provisioning and a small rate-limit bucket.
//! Apply completes, or stops with an exact report and the next apply
//! finishes the job; nothing is ever created twice.

mod common;
use common::sim;

use std::collections::BTreeSet;

use common::{fixture, heroin};
use heroku_sim::core::Options;
use sim::sim;

fn apply_until_done(url: &str, example: &str, env: &str) -> usize {
    apply_until_done_in(url, example, env, 6)
}

fn apply_until_done_in(url: &str, example: &str, env: &str, most: usize) -> usize {
    for attempt in 1..=most {
        let out = heroin()
            .env("HEROKU_HOST", url)
            .env("HEROKU_API_KEY", "sim-token")
            .env("SESSION_SECRET", "s")
            .env("SECRET_KEY_BASE", "k")
            .env("LOGS_API_KEY", "l")
            .arg("-C")
            .arg(fixture(example))
            .args(["apply", env, "--yes", "--no-tag"])
            .output()
            .unwrap();
        if out.status.success() {
            return attempt;
        }
        let err = String::from_utf8_lossy(&out.stderr);
        // A stop is an exact report: which step, and what was and was not done.
        let reported = (err.contains("step ")
            && err.contains(" step(s) were applied;")
            && err.contains("not attempted"))
            || err.contains("(after 6 tries)");
        assert!(reported, "attempt {attempt}:\n{err}");
    }
    panic!("apply did not finish in {most} runs");
}

/// No attachment, add-on, domain or drain twice; the files converged.
fn check_no_duplicates_and_converged(
    running: &heroku_sim::server::Running,
    example: &str,
    env: &str,
) {
    let state = running.shared.sim.lock().unwrap().state.clone();
    let mut attachments = BTreeSet::new();
    for a in &state.attachments {
        assert!(
            attachments.insert((a.app_id.clone(), a.name.clone())),
            "attachment {} twice",
            a.name
        );
    }
    for app in &state.apps {
        let addons = state.addons.iter().filter(|a| a.app_id == app.id).count();
        let attached = state
            .attachments
            .iter()
            .filter(|a| {
                a.app_id == app.id
                    && state
                        .addons
                        .iter()
                        .any(|d| d.id == a.addon_id && d.app_id == app.id)
            })
            .count();
        assert!(
            addons <= attached,
            "{}: an add-on without its attachment (a duplicate create)",
            app.name
        );
        let domains: Vec<&String> = state
            .domains
            .iter()
            .filter(|d| d.app_id == app.id)
            .map(|d| &d.hostname)
            .collect();
        assert_eq!(
            domains.len(),
            domains.iter().collect::<BTreeSet<_>>().len(),
            "{}: a domain twice",
            app.name
        );
        let drains: Vec<&String> = state
            .drains
            .iter()
            .filter(|d| d.app_id == app.id)
            .map(|d| &d.url)
            .collect();
        assert_eq!(
            drains.len(),
            drains.iter().collect::<BTreeSet<_>>().len(),
            "{}: a drain twice",
            app.name
        );
    }
    let out = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .env("SESSION_SECRET", "s")
        .env("SECRET_KEY_BASE", "k")
        .env("LOGS_API_KEY", "l")
        .arg("-C")
        .arg(fixture(example))
        .args(["diff", env, "--detailed-exitcode"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn flaky_heroku_never_gets_anything_twice() {
    for (example, env, seed) in [
        ("examples/two-app-product", "staging", 3),
        ("examples/phoenix-app", "prod", 4),
    ] {
        // A small bucket too: Heroku refills 1.25 tokens a second.
        let running = sim(Options {
            fail_rate: 0.2,
            provision_ms: 50,
            rate_limit: 60,
            seed,
            ..Options::default()
        });
        assert!(apply_until_done(&running.url, example, env) >= 1);
        check_no_duplicates_and_converged(&running, example, env);
    }
}

#[test]
fn a_write_whose_answer_is_lost_is_read_back_not_repeated() {
    // A third of the successful writes lose their answer: the change is made,
    // the client sees a 503. Writing again blindly would create things twice.
    for (example, env, seed) in [
        ("examples/two-app-product", "staging", 5),
        ("examples/phoenix-app", "prod", 6),
    ] {
        let running = sim(Options {
            lose_write_rate: 0.33,
            provision_ms: 20,
            seed,
            ..Options::default()
        });
        assert_eq!(
            apply_until_done_in(&running.url, example, env, 1),
            1,
            "the read-back finishes it in one run"
        );
        check_no_duplicates_and_converged(&running, example, env);
    }
}
