//! `heroin apply` sends steps that do not depend on each other at once,
//! within `--concurrency`, and a failed step stops only what depends on it.
//! Shown by heroku-sim's request log, which records how many requests were
//! in flight as each arrived (the simulator waits before each response, so
//! requests sent together overlap there), never by timing.

mod common;
use common::{repo, sim};

use heroku_sim::core::Options;
use repo::{repo_of, run_with};
use serde_json::Value;
use std::time::Duration;

/// `n` apps, each with config vars, a domain and a feature.
fn files(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "[apps.app{i}]\nname = \"par-app{i}-${{HEROIN_ENV}}\"\n\
                 domains = [\"app{i}.example.com\"]\n\
                 [apps.app{i}.config_vars]\nA = \"1\"\nB = \"2\"\n\
                 [apps.app{i}.features]\npreboot = true\n\n"
            )
        })
        .collect()
}

fn log(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The most requests in flight at once among the exchanges `pick` keeps.
fn peak(exchanges: &[Value], pick: impl Fn(&Value) -> bool) -> u64 {
    exchanges
        .iter()
        .filter(|e| pick(e))
        .map(|e| e["in_flight"].as_u64().unwrap())
        .max()
        .unwrap_or(0)
}

/// Apply, then diff, shows no changes.
fn converged(running: &heroku_sim::server::Running, dir: &std::path::Path) {
    let args = ["diff", "staging", "--detailed-exitcode"];
    let (code, out, _) = run_with(running, dir, &[], &args);
    assert_eq!(code, Some(0), "{out}");
}

fn writes(e: &Value) -> bool {
    e["method"] != "GET"
}

#[test]
fn independent_steps_are_sent_at_once_within_the_concurrency() {
    for (concurrency, expect_overlap) in [("3", true), ("1", false)] {
        let tmp = tempfile::tempdir().unwrap();
        let log_path = tmp.path().join("requests.jsonl");
        let running =
            sim::sim_slow_logging(Options::default(), &log_path, Duration::from_millis(20));
        let dir = repo_of(&[("heroin.toml", &files(6)), ("heroin.staging.toml", "")]);
        let (code, out, err) = run_with(
            &running,
            dir.path(),
            &[],
            &["apply", "staging", "--yes", "--concurrency", concurrency],
        );
        assert_eq!(code, Some(0), "{out}\n{err}");
        let exchanges = log(&log_path);
        let all = peak(&exchanges, |_| true);
        let written = peak(&exchanges, writes);
        let limit: u64 = concurrency.parse().unwrap();
        assert!(
            all <= limit,
            "{all} in flight at --concurrency {concurrency}"
        );
        if expect_overlap {
            assert!(written >= 2, "writes never overlapped: peak {written}");
        } else {
            assert_eq!(written, 1);
        }
        // Six apps, each created, patched, its domain and its feature set.
        let sent = exchanges.iter().filter(|e| writes(e)).count();
        assert_eq!(sent, 24, "{exchanges:#?}");
        assert!(err.contains("Applied [24/24]"), "{err}");
        converged(&running, dir.path());
    }
}

#[test]
fn a_failed_step_stops_only_what_depends_on_it() {
    let running = sim::sim(Options::default());
    // Another app holds the domain app0 asks for: Heroku refuses it.
    let c = sim::client(&running, "sim-token");
    c.write(
        "POST",
        "/apps",
        &serde_json::json!({"name": "someone-else"}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/someone-else/domains",
        &serde_json::json!({"hostname": "app0.example.com", "sni_endpoint": null}),
    )
    .unwrap();
    let dir = repo_of(&[("heroin.toml", &files(3)), ("heroin.staging.toml", "")]);
    let (code, out, err) = run_with(&running, dir.path(), &[], &["apply", "staging", "--yes"]);
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(
        err.contains("step 10 of 12 failed: add domain app0.example.com to par-app0-staging"),
        "{err}"
    );
    // Nothing depended on the domain: every other step was applied.
    assert!(
        err.contains("another app. 11 step(s) were applied (above); 0 not attempted"),
        "{err}"
    );
    let (code, out, _) = run_with(&running, dir.path(), &[], &["diff", "staging"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("Plan: 0 to add, 1 to change, 0 to destroy.")
            || out.contains("Plan: 1 to add, 0 to change, 0 to destroy."),
        "{out}"
    );
    assert!(out.contains("app0.example.com"), "{out}");
}

#[test]
fn what_depends_on_a_failed_step_is_not_attempted_the_rest_is_applied() {
    let running = sim::sim(Options {
        tokens: vec!["sim-token".into(), "other-token".into()],
        ..Options::default()
    });
    // Another account has lane-a-staging: creating it is refused, and the
    // steps of that app, which all wait for its creation, are not sent.
    sim::client(&running, "other-token")
        .write(
            "POST",
            "/apps",
            &serde_json::json!({"name": "lane-a-staging"}),
        )
        .unwrap();
    let dir = repo_of(&[
        (
            "heroin.toml",
            "[apps.a]\nname = \"lane-a-${HEROIN_ENV}\"\n\
             domains = [\"a.example.com\"]\n\
             [apps.a.config_vars]\nX = \"1\"\n\
             [apps.b]\nname = \"lane-b-${HEROIN_ENV}\"\n\
             [apps.b.config_vars]\nY = \"1\"\n",
        ),
        ("heroin.staging.toml", ""),
    ]);
    let (code, out, err) = run_with(&running, dir.path(), &[], &["apply", "staging", "--yes"]);
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(
        err.contains("step 1 of 5 failed: create app lane-a-staging"),
        "{err}"
    );
    assert!(
        err.contains("2 step(s) were applied (above); 2 not attempted"),
        "{err}"
    );
    assert!(
        err.contains("  not attempted: set 1 and remove 0 config vars on lane-a-staging"),
        "{err}"
    );
    assert!(
        err.contains("  not attempted: add domain a.example.com to lane-a-staging"),
        "{err}"
    );
    // lane-b is whole: diff has only lane-a left.
    let (_, out, _) = run_with(&running, dir.path(), &[], &["diff", "staging"]);
    assert!(!out.contains("lane-b"), "{out}");
    assert!(out.contains("lane-a-staging"), "{out}");
}

#[test]
fn the_check_after_an_apply_reads_again_only_what_it_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let log_path = tmp.path().join("requests.jsonl");
    let running = sim::sim_logging(Options::default(), Some(&log_path));
    let dir = repo_of(&[("heroin.toml", &files(3)), ("heroin.staging.toml", "")]);
    let (code, _, err) = run_with(&running, dir.path(), &[], &["apply", "staging", "--yes"]);
    assert_eq!(code, Some(0), "{err}");
    // One config var of one app changes.
    std::fs::write(
        dir.path().join("heroin.staging.toml"),
        "[apps.app1.config_vars]\nB = \"3\"\n",
    )
    .unwrap();
    repo::commit(dir.path(), "B is 3 on app1");
    let before = log(&log_path).len();
    let (code, _, err) = run_with(&running, dir.path(), &[], &["apply", "staging", "--yes"]);
    assert_eq!(code, Some(0), "{err}");
    let exchanges = log(&log_path).split_off(before);
    let last_write = exchanges.iter().rposition(writes).unwrap();
    // Then the check, then the tag's look at every app's release.
    let after: Vec<&str> = exchanges[last_write + 1..]
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .take_while(|p| !p.ends_with("/releases"))
        .collect();
    assert!(!after.is_empty());
    assert!(
        after
            .iter()
            .all(|p| !p.contains("par-app0") && !p.contains("par-app2")),
        "{after:#?}"
    );
    // Of app1, its config vars (and add-ons, read with them), not its
    // domains or features.
    assert!(
        after
            .iter()
            .any(|p| p.ends_with("/apps/par-app1-staging/config-vars")),
        "{after:#?}"
    );
    assert!(
        after
            .iter()
            .all(|p| !p.contains("/domains") && !p.contains("/features")),
        "{after:#?}"
    );
    converged(&running, dir.path());
}
