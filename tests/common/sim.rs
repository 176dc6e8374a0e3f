//! A heroku-sim serving in this process on port 0, for tests that talk HTTP
//! through heroin's real client.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use heroin::http::{Client, Endpoint, RetryPolicy};
use heroin::secret::Secret;
use heroku_sim::core::{Options, Sim};
use heroku_sim::server::{Running, Shared, start};

/// Starts a simulator with `options`.
pub fn sim(options: Options) -> Running {
    sim_logging(options, None)
}

/// The teams heroin's fixtures and tests put apps in (`team = "acme"`):
/// every simulator they start has them, as the account a user applies with
/// belongs to the teams their files name.
pub const TEAMS: &[&str] = &["acme"];

/// Starts a simulator with `options` (and [`TEAMS`]) that logs every
/// exchange to `log`.
pub fn sim_logging(mut options: Options, log: Option<&std::path::Path>) -> Running {
    for team in TEAMS {
        if !options.teams.iter().any(|t| t == team) {
            options.teams.push(team.to_string());
        }
    }
    let request_log = log.map(|p| Mutex::new(std::fs::File::create(p).unwrap()));
    let shared = Arc::new(Shared {
        sim: Mutex::new(Sim::new(options)),
        state_file: None,
        latency: Duration::ZERO,
        request_log,
        in_flight: Default::default(),
    });
    start(shared, 0).unwrap()
}

/// The `METHOD path` of every exchange in a request log.
pub fn logged(log: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            format!(
                "{} {}",
                v["method"].as_str().unwrap(),
                v["path"].as_str().unwrap()
            )
        })
        .collect()
}

/// A client of `running` with `token`, retrying quickly.
pub fn client(running: &Running, token: &str) -> Client {
    let endpoint = Endpoint {
        base: running.url.clone(),
        host: "127.0.0.1".into(),
    };
    let policy = RetryPolicy {
        tries: 6,
        base: Duration::from_millis(5),
        max: Duration::from_millis(50),
    };
    Client::new(endpoint, Secret::new(token), policy, None)
}

/// A new simulator with `options` and a copy of `running`'s state (to seed
/// without faults, then read with them).
pub fn with_options(running: &Running, options: Options) -> Running {
    let state = running.shared.sim.lock().unwrap().state.clone();
    let shared = Arc::new(Shared {
        sim: Mutex::new(Sim::with_state(options, state)),
        state_file: None,
        latency: Duration::ZERO,
        request_log: None,
        in_flight: Default::default(),
    });
    start(shared, 0).unwrap()
}

/// Starts a simulator with `options` that waits `latency` before each
/// response and logs every exchange to `log` (with how many requests were
/// in flight as each arrived).
pub fn sim_slow_logging(options: Options, log: &std::path::Path, latency: Duration) -> Running {
    let shared = Arc::new(Shared {
        sim: Mutex::new(Sim::new(options)),
        state_file: None,
        latency,
        request_log: Some(Mutex::new(std::fs::File::create(log).unwrap())),
        in_flight: Default::default(),
    });
    start(shared, 0).unwrap()
}
