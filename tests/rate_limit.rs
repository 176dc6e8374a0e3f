//! A diff of several apps under a nearly empty rate-limit bucket (heroku-sim
//! with a small one, refilled at Heroku's 4500 an hour): it completes, and
//! the pause after a 429 is shared by every reading thread, so 429s do not
//! multiply with threads.

mod common;
use common::sim;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::heroin;
use heroku_sim::core::{Options, Sim};
use heroku_sim::server::{Running, Shared, start};
use serde_json::json;

const APPS: [&str; 5] = ["paced-a", "paced-b", "paced-c", "paced-d", "paced-e"];

/// [`APPS`] seeded with a full bucket, then served again with a bucket of
/// `bucket` tokens and a request log; the files describing them (each app
/// with `extra` lines more) in `files` under the returned directory.
fn paced(bucket: u32, extra: &str) -> (Running, tempfile::TempDir) {
    let seeded = sim::sim(Options::default());
    let c = sim::client(&seeded, "sim-token");
    for name in APPS {
        c.write("POST", "/apps", &json!({ "name": name })).unwrap();
    }
    let state = seeded.shared.sim.lock().unwrap().state.clone();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let shared = Arc::new(Shared {
        sim: Mutex::new(Sim::with_state(
            Options {
                rate_limit: bucket,
                ..Options::default()
            },
            state,
        )),
        state_file: None,
        latency: Duration::ZERO,
        request_log: Some(Mutex::new(std::fs::File::create(&log).unwrap())),
        in_flight: Default::default(),
    });
    let running = start(shared, 0).unwrap();
    let files = dir.path().join("files");
    std::fs::create_dir(&files).unwrap();
    let mut base = String::new();
    for (i, name) in APPS.iter().enumerate() {
        base.push_str(&format!(
            "[apps.a{i}]\nname = \"{name}\"\n{extra}\n[apps.a{i}.config_vars]\nX = \"1\"\n\n"
        ));
    }
    std::fs::write(files.join("heroin.toml"), base).unwrap();
    std::fs::write(files.join("heroin.test.toml"), "").unwrap();
    (running, dir)
}

#[test]
fn a_nearly_empty_bucket_slows_a_diff_down_together_instead_of_failing_it() {
    // Seed the apps with a full bucket, then serve the same state with a
    // bucket of three tokens.
    let (running, dir) = paced(3, "");
    let (log, files) = (dir.path().join("requests.jsonl"), dir.path().join("files"));

    let out = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .arg("-C")
        .arg(&files)
        .args(["diff", "test", "--concurrency", "8"])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("Plan: 5 to add"), "{stdout}");
    // Only the requests already under way when the bucket ran dry get a
    // 429 (one wave, at most one per app); after it, requests go one at a
    // time as the bucket refills, and none gets a 429 again.
    let statuses: Vec<u64> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["status"]
                .as_u64()
                .unwrap()
        })
        .collect();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert!(
        (1..=APPS.len()).contains(&limited),
        "{limited} answers of 429: {statuses:?}"
    );
    let first = statuses.iter().position(|s| *s == 429).unwrap();
    let wave = statuses[first..].iter().take_while(|s| **s == 429).count();
    assert!(
        !statuses[first + wave..].contains(&429),
        "a 429 after the pause: {statuses:?}"
    );
    assert_eq!(
        stderr
            .matches("Waiting Heroku's rate limit is used up: all requests pause")
            .count(),
        1,
        "one status line: {stderr}"
    );
}

#[test]
fn a_reserve_of_the_bucket_is_left_to_others() {
    // A bucket of 40 with a reserve of 30: heroin spends ten freely, then
    // only what refills, and says so once.
    let (running, dir) = paced(40, "domains = []\nfeatures = {}\n");
    let (log, files) = (dir.path().join("requests.jsonl"), dir.path().join("files"));
    let concurrency = 4;
    let out = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .arg("-C")
        .arg(&files)
        .args(["diff", "test", "--rate-limit-reserve", "30"])
        .args(["--concurrency", &concurrency.to_string()])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert_eq!(
        stderr
            .matches("heroin leaves 30 to other tools and people")
            .count(),
        1,
        "{stderr}"
    );
    let remaining: Vec<u64> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .filter_map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["rate_limit_remaining"].as_u64()
        })
        .collect();
    assert!(remaining.len() > 15, "{remaining:?}");
    // Only requests already on their way when the reserve was reached go
    // below it: at most one per request in flight.
    let lowest = remaining.iter().min().copied().unwrap();
    assert!(lowest + concurrency >= 30, "{remaining:?}");
}
