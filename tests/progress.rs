//! Long reads show a spinner on a terminal: `heroin export` and `heroin
//! init --from` (many apps), in a real pseudo-terminal against a heroku-sim
//! that answers slowly; without a terminal there is none.

mod common;
use common::sim;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use heroku_sim::core::{Options, Sim};
use heroku_sim::server::{Running, Shared, start};
use serde_json::json;

/// A simulator that takes `latency` for every answer, with apps `names`.
fn slow_sim(latency: Duration, names: &[&str]) -> Running {
    let seed = sim::sim(Options::default());
    let c = sim::client(&seed, "sim-token");
    for name in names {
        c.write("POST", "/apps", &json!({"name": name})).unwrap();
    }
    let state = seed.shared.sim.lock().unwrap().state.clone();
    let shared = Arc::new(Shared {
        sim: Mutex::new(Sim::with_state(Options::default(), state)),
        state_file: None,
        latency,
        request_log: None,
        in_flight: Default::default(),
    });
    start(shared, 0).unwrap()
}

fn on_terminal(running: &Running, args: &str) -> rexpect::session::PtySession {
    let bin = assert_cmd::cargo::cargo_bin("heroin");
    let cmd = format!(
        "env HEROKU_HOST={} HEROKU_API_KEY=sim-token NO_COLOR=1 {} {args}",
        running.url,
        bin.display()
    );
    rexpect::spawn(&cmd, Some(30_000)).unwrap()
}

#[test]
fn export_shows_a_spinner_while_it_reads() {
    let running = slow_sim(Duration::from_millis(150), &["slow-app"]);
    let mut p = on_terminal(&running, "export slow-app");
    p.exp_string("reading slow-app from 127.0.0.1").unwrap();
    p.exp_string("name = \"slow-app\"").unwrap();
    p.exp_eof().unwrap();
    // Not on a terminal: no spinner in the output.
    let out = common::heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .args(["export", "slow-app"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("reading"));
}

#[test]
fn init_from_many_apps_shows_a_spinner_while_it_reads() {
    let names = ["many-1", "many-2", "many-3", "many-4", "many-5"];
    let running = slow_sim(Duration::from_millis(100), &names);
    let tmp = tempfile::tempdir().unwrap();
    let mut p = on_terminal(
        &running,
        &format!(
            "-C {} init --from {}",
            tmp.path().display(),
            names.join(" ")
        ),
    );
    p.exp_string("reading 5 apps from 127.0.0.1").unwrap();
    p.exp_string("Created").unwrap();
    p.exp_eof().unwrap();
    let base = std::fs::read_to_string(tmp.path().join("heroin.toml")).unwrap();
    for name in names {
        assert!(base.contains(&format!("[apps.{name}]")), "{base}");
    }
}

#[test]
fn export_of_many_apps_reads_them_at_once_with_a_spinner() {
    let names = ["exp-1", "exp-2", "exp-3"];
    let running = slow_sim(Duration::from_millis(100), &names);
    let mut p = on_terminal(&running, &format!("export {}", names.join(" ")));
    p.exp_string("reading 3 apps from 127.0.0.1").unwrap();
    p.exp_string("[apps.exp-3]").unwrap();
    p.exp_eof().unwrap();
    let out = common::heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .args(["export", "--format", "yaml"])
        .args(names)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("apps:").count(), 1, "{text}");
    for name in names {
        assert!(text.contains(&format!("  {name}:\n")), "{text}");
    }
    let out = common::heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .args(["export", "--key", "k", "exp-1", "exp-2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_short_apply_ticks_while_a_step_waits_and_while_it_checks() {
    // Two steps (an app, an add-on that takes a while to provision): no bar
    // of steps, but a ticking line while the add-on is awaited, and a
    // spinner while Heroku is read again to check.
    let shared = Arc::new(Shared {
        sim: Mutex::new(Sim::new(Options {
            provision_ms: 1_500,
            ..Options::default()
        })),
        state_file: None,
        latency: Duration::from_millis(20),
        request_log: None,
        in_flight: Default::default(),
    });
    let running = start(shared, 0).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("heroin.toml"),
        "[apps.web]\nname = \"ticking-${HEROIN_ENV}\"\n[apps.web.addons.redis]\nplan = \"heroku-redis:mini\"\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("heroin.prod.toml"), "").unwrap();
    let mut p = on_terminal(
        &running,
        &format!("-C {} apply prod --yes --allow-dirty", tmp.path().display()),
    );
    p.exp_string("1/2 applying").unwrap();
    p.exp_string("checking that 127.0.0.1").unwrap();
    p.exp_eof().unwrap();
}
