//! Benchmark: `heroin diff` for many apps against heroku-sim with latency.
//!
//! Seeds N apps (default 50), each with 40 config vars, 3 add-ons, 2 domains,
//! 1 drain, 2 collaborators, 2 features and a 2-type formation; writes the
//! heroin files that describe them (with one change per app, so the plan is
//! not empty); then runs the release `heroin diff` against the simulator
//! with `--latency-ms` (default 50) and prints the wall time, the API requests
//! it made, and the targets: at most 7 requests per app plus 4, and a wall
//! time within 1.5x of (requests / concurrency) x latency.
//!
//! Usage: `cargo run --release --example bench_diff -- [APPS] [LATENCY_MS]`
//! (`make bench-diff`; it needs `target/release/heroin`).

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use heroin::http::{Client, Endpoint, RetryPolicy};
use heroin::secret::Secret;
use heroku_sim::core::{Options, Sim};
use heroku_sim::server::{Shared, start};
use serde_json::json;

const CONCURRENCY: usize = 8;

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let apps = args.first().copied().unwrap_or(50) as usize;
    let latency = args.get(1).copied().unwrap_or(50);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let log = dir.path().join("requests.jsonl");
    let shared = Arc::new(Shared {
        sim: Mutex::new(Sim::new(Options {
            rate_limit: 1_000_000,
            ..Options::default()
        })),
        state_file: None,
        latency: Duration::ZERO,
        request_log: None,
        in_flight: Default::default(),
    });
    let running = start(shared.clone(), 0).expect("heroku-sim starts");
    let client = Client::new(
        Endpoint {
            base: running.url.clone(),
            host: "127.0.0.1".into(),
        },
        Secret::new("sim-token"),
        RetryPolicy::default(),
        None,
    );
    eprintln!("seeding {apps} apps...");
    let mut files = String::new();
    for i in 0..apps {
        seed(&client, i);
        describe(&mut files, i);
    }
    std::fs::write(dir.path().join("heroin.toml"), files).expect("write heroin.toml");
    std::fs::write(dir.path().join("heroin.bench.toml"), "").expect("write the overlay");
    // Now the latency, and a log of what heroin asks.
    drop(running);
    let state = shared.sim.lock().expect("the state").state.clone();
    let shared = Arc::new(Shared {
        sim: Mutex::new(Sim::with_state(
            Options {
                rate_limit: 1_000_000,
                ..Options::default()
            },
            state,
        )),
        state_file: None,
        latency: Duration::from_millis(latency),
        request_log: Some(Mutex::new(
            std::fs::File::create(&log).expect("the request log"),
        )),
        in_flight: Default::default(),
    });
    let running = start(shared, 0).expect("heroku-sim starts");
    let heroin = std::env::current_dir()
        .expect("a directory")
        .join("target/release/heroin");
    let started = Instant::now();
    let out = std::process::Command::new(&heroin)
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .env("NO_COLOR", "1")
        .arg("-C")
        .arg(dir.path())
        .args(["diff", "bench", "--concurrency", &CONCURRENCY.to_string()])
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (build it with cargo build --release)",
                heroin.display()
            )
        });
    let wall = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}\n{}",
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
    let requests = std::fs::read_to_string(&log)
        .expect("the request log")
        .lines()
        .count();
    let summary = stdout.lines().last().unwrap_or_default();
    let ideal = Duration::from_millis(latency).mul_f64(requests as f64 / CONCURRENCY as f64);
    println!("apps: {apps}, latency: {latency} ms, concurrency: {CONCURRENCY}");
    println!("plan: {summary}");
    println!("requests: {requests} (target at most {})", 7 * apps + 4);
    println!(
        "wall time: {:.2} s (target at most {:.2} s: 1.5 x {requests} / {CONCURRENCY} x {latency} ms)",
        wall.as_secs_f64(),
        ideal.as_secs_f64() * 1.5
    );
}

fn seed(c: &Client, i: usize) {
    let app = format!("bench-app-{i:03}");
    let w = |m: &str, p: &str, b: serde_json::Value| c.write(m, p, &b).expect("seeding");
    w("POST", "/apps", json!({"name": app}));
    let vars: serde_json::Map<String, serde_json::Value> = (0..40)
        .map(|v| (format!("VAR_{v:02}"), json!(format!("value-{v}"))))
        .collect();
    w(
        "PATCH",
        &format!("/apps/{app}/config-vars"),
        serde_json::Value::Object(vars),
    );
    w(
        "POST",
        &format!("/apps/{app}/addons"),
        json!({"plan": "heroku-postgresql:essential-0", "attachment": {"name": "DATABASE"}}),
    );
    w(
        "POST",
        &format!("/apps/{app}/addons"),
        json!({"plan": "heroku-redis:mini"}),
    );
    w(
        "POST",
        &format!("/apps/{app}/addons"),
        json!({"plan": "scheduler:standard"}),
    );
    for d in ["www", "api"] {
        w(
            "POST",
            &format!("/apps/{app}/domains"),
            json!({"hostname": format!("{d}.{app}.example"), "sni_endpoint": null}),
        );
    }
    w(
        "POST",
        &format!("/apps/{app}/log-drains"),
        json!({"url": format!("syslog+tls://logs.example.net:{}", 6000 + i)}),
    );
    for u in ["dev", "ops"] {
        w(
            "POST",
            &format!("/apps/{app}/collaborators"),
            json!({"user": format!("{u}@{app}.example")}),
        );
    }
    for f in ["preboot", "runtime-dyno-metadata"] {
        w(
            "PATCH",
            &format!("/apps/{app}/features/{f}"),
            json!({"enabled": true}),
        );
    }
    let slug = w(
        "POST",
        &format!("/apps/{app}/slugs"),
        json!({"process_types": {"web": "puma", "worker": "sidekiq"}}),
    );
    w(
        "POST",
        &format!("/apps/{app}/releases"),
        json!({"slug": slug["id"]}),
    );
}

/// The files for app `i`: as seeded, but for one config var that differs.
fn describe(out: &mut String, i: usize) {
    let app = format!("bench-app-{i:03}");
    let _ = writeln!(out, "[apps.app{i:03}]\nname = \"{app}\"");
    let _ = writeln!(
        out,
        "domains = [\"www.{app}.example\", \"api.{app}.example\"]"
    );
    let _ = writeln!(
        out,
        "log_drains = [\"syslog+tls://logs.example.net:{}\"]",
        6000 + i
    );
    let _ = writeln!(
        out,
        "collaborators = [\"dev@{app}.example\", \"ops@{app}.example\"]"
    );
    let _ = writeln!(out, "[apps.app{i:03}.config_vars]");
    for v in 0..40 {
        let value = if v == 0 {
            "changed".to_string()
        } else {
            format!("value-{v}")
        };
        let _ = writeln!(out, "VAR_{v:02} = \"{value}\"");
    }
    let _ = writeln!(
        out,
        "[apps.app{i:03}.addons.database]\nplan = \"heroku-postgresql:essential-0\""
    );
    let _ = writeln!(
        out,
        "[apps.app{i:03}.addons.redis]\nplan = \"heroku-redis:mini\""
    );
    let _ = writeln!(
        out,
        "[apps.app{i:03}.addons.scheduler]\nplan = \"scheduler:standard\""
    );
    let _ = writeln!(
        out,
        "[apps.app{i:03}.features]\npreboot = true\nruntime-dyno-metadata = true"
    );
    let _ = writeln!(out, "[apps.app{i:03}.formation]\nweb = 1\nworker = 0\n");
}
