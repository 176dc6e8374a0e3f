//! Applying through Heroku's bad moments, as heroku-sim injects them:
//! failures (503), slow add-on provisioning and a small rate-limit bucket.
//! Apply completes, or stops with an exact report and the next apply
//! finishes the job; nothing is ever created twice.

mod common;
#[path = "common/sim.rs"]
mod sim;

use std::collections::BTreeSet;

use common::{fixture, heroin};
use heroku_sim::core::Options;
use sim::sim;

fn apply_until_done(url: &str, example: &str, env: &str) -> usize {
    for attempt in 1..=6 {
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
    panic!("apply did not finish in 6 runs");
}

#[test]
fn flaky_heroku_never_gets_anything_twice() {
    for (example, env, seed) in [
        ("examples/two-app-product", "staging", 3),
        ("examples/phoenix-app", "prod", 4),
    ] {
        let running = sim(Options {
            fail_rate: 0.2,
            provision_ms: 50,
            seed,
            ..Options::default()
        });
        let runs = apply_until_done(&running.url, example, env);
        assert!(runs >= 1);
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
            let unique: BTreeSet<&&String> = domains.iter().collect();
            assert_eq!(domains.len(), unique.len(), "{}: a domain twice", app.name);
            let drains: Vec<&String> = state
                .drains
                .iter()
                .filter(|d| d.app_id == app.id)
                .map(|d| &d.url)
                .collect();
            let unique: BTreeSet<&&String> = drains.iter().collect();
            assert_eq!(drains.len(), unique.len(), "{}: a drain twice", app.name);
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
}
