//! Two applies of one environment at once, for real: two `heroin apply
//! staging --yes` processes from two clones of the files, started together
//! against one heroku-sim, many rounds. Each round must end with Heroku
//! matching the files, and each apply either applied its plan or stopped
//! with the clear message of an apply that was overtaken (before its first
//! write, or between steps), never with a half-done apply it did not
//! report (an apply that found nothing to change, the other having
//! finished, is counted apart). `cargo test --test concurrent_applies --
//! --nocapture` prints how the rounds went (HEROIN_RACE_ROUNDS sets how
//! many; 30 by default).

mod common;
use common::{repo, sim};

use std::collections::BTreeMap;
use std::process::{Command, Stdio};

use heroku_sim::core::Options;
use heroku_sim::server::Running;
use serde_json::json;

const BASE: &str = r#"[apps.web]
name = "race-web-${HEROIN_ENV}"

[apps.web.config_vars]
WEB_CONCURRENCY = "3"

[apps.worker]
name = "race-worker-${HEROIN_ENV}"

[apps.worker.config_vars]
QUEUES = "default,mailers"
"#;

fn seed(running: &Running) {
    let c = sim::client(running, "sim-token");
    for (app, var, value) in [
        ("race-web-staging", "WEB_CONCURRENCY", "2"),
        ("race-worker-staging", "QUEUES", "default"),
    ] {
        c.write("POST", "/apps", &json!({ "name": app })).unwrap();
        c.write(
            "PATCH",
            &format!("/apps/{app}/config-vars"),
            &json!({ var: value }),
        )
        .unwrap();
    }
}

/// How one apply ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum End {
    /// Found nothing to change: the other apply had finished.
    NothingToChange,
    Applied,
    StoppedBeforeWriting,
    StoppedBetweenSteps,
    Failed,
}

fn end(code: Option<i32>, err: &str) -> End {
    match code {
        Some(0) if err.contains("Applied [") => End::Applied,
        Some(0) => End::NothingToChange,
        Some(1) if err.contains("Heroku changed since this apply read it") => {
            if err.contains("nothing was applied (not tagged)") {
                End::StoppedBeforeWriting
            } else {
                assert!(err.contains("step(s) were applied (above)"), "{err}");
                End::StoppedBetweenSteps
            }
        }
        _ => End::Failed,
    }
}

#[test]
fn two_applies_at_once_find_each_other_and_heroku_ends_as_the_files_say() {
    let rounds: usize = std::env::var("HEROIN_RACE_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(30);
    let files = [("heroin.toml", BASE), ("heroin.staging.toml", "")];
    let (a, b) = (repo::repo_of(&files), repo::repo_of(&files));
    let bin = assert_cmd::cargo::cargo_bin("heroin");
    let mut ends: BTreeMap<(End, End), usize> = BTreeMap::new();
    for round in 0..rounds {
        let running = sim::sim(Options::default());
        seed(&running);
        let children: Vec<_> = [a.path(), b.path()]
            .iter()
            .map(|dir| {
                Command::new(&bin)
                    .env_clear()
                    .env("NO_COLOR", "1")
                    .env("HEROKU_HOST", &running.url)
                    .env("HEROKU_API_KEY", "sim-token")
                    .args(["-C", dir.to_str().unwrap(), "apply", "staging", "--yes"])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut pair: Vec<End> = Vec::new();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr).into_owned();
            let e = end(out.status.code(), &err);
            assert_ne!(
                e,
                End::Failed,
                "round {round}: an apply failed otherwise:\n{err}"
            );
            pair.push(e);
        }
        // Both may stop: each sends its steps of different apps at once,
        // and each finds the other's write on an app it has not written
        // yet. Heroku then holds what the files say all the same (checked
        // below), written half by one, half by the other, and neither tags.
        pair.sort();
        *ends.entry((pair[0], pair[1])).or_default() += 1;
        let (code, out, err) = repo::run(
            &running,
            a.path(),
            &["diff", "staging", "--detailed-exitcode"],
        );
        assert_eq!(
            code,
            Some(0),
            "round {round}: Heroku does not match the files:\n{out}{err}"
        );
    }
    eprintln!("{rounds} rounds of two applies at once:");
    for ((first, second), n) in &ends {
        eprintln!("  {n:>4}  {first:?} + {second:?}");
    }
}

#[test]
fn a_change_while_the_question_waits_stops_the_apply_before_its_first_write() {
    let running = sim::sim(Options::default());
    seed(&running);
    let dir = repo::repo_of(&[("heroin.toml", BASE), ("heroin.staging.toml", "")]);
    let mut p = repo::on_terminal(&running, dir.path(), "apply staging");
    p.exp_string("Apply this plan to staging?").unwrap();
    // Someone else, meanwhile.
    sim::client(&running, "sim-token")
        .write(
            "PATCH",
            "/apps/race-worker-staging/config-vars",
            &json!({"QUEUES": "default,low"}),
        )
        .unwrap();
    p.send_line("y").unwrap();
    p.exp_string("Heroku changed since this apply read it; it stopped before step 1 of 2")
        .unwrap();
    p.exp_string(
        "config_vars.QUEUES on race-worker-staging changed on Heroku since the plan: \"default\" -> \"default,low\"",
    )
    .unwrap();
    p.exp_string("nothing was applied (not tagged)").unwrap();
    p.exp_eof().unwrap();
    let c = sim::client(&running, "sim-token");
    let web = c.get("/apps/race-web-staging/config-vars").unwrap();
    assert_eq!(web["WEB_CONCURRENCY"], "2", "nothing was written");
}
