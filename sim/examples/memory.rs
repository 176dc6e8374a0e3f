//! The simulator's memory with many apps: starts `target/release/heroku-sim`
//! (build it first), seeds N apps over HTTP (each with five config vars, a
//! Postgres and a Redis add-on and two custom domains), then prints the
//! process's resident memory (`VmRSS`, Linux) and the time the seeding took.
//!
//! Usage: `cargo build --release -p heroku-sim && cargo run --release -p
//! heroku-sim --example memory -- [N]` (default 1000).

use std::io::{BufRead, BufReader};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use serde_json::{Value, json};

fn main() -> ExitCode {
    let apps: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let binary = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/release/heroku-sim");
    let mut child = match Command::new(binary)
        .args(["--rate-limit", "1000000000"])
        .stdout(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("memory: cannot start {binary} (cargo build --release -p heroku-sim): {e}");
            return ExitCode::from(2);
        }
    };
    let mut line = String::new();
    let _ = BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line);
    let url = line.trim().trim_start_matches("listening on ").to_string();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let send = |method: &str, path: &str, body: Value| -> u16 {
        let req = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{url}{path}"))
            .header("Accept", "application/vnd.heroku+json; version=3")
            .header("Authorization", "Bearer sim-token")
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .expect("a request");
        agent.run(req).map_or(0, |r| r.status().as_u16())
    };
    let rss_before = rss_kb(child.id());
    let started = Instant::now();
    let mut failed = 0;
    for n in 0..apps {
        let app = format!("app-{n:04}");
        let mut statuses = vec![
            send("POST", "/apps", json!({"name": app})),
            send(
                "PATCH",
                &format!("/apps/{app}/config-vars"),
                json!({"RAILS_ENV": "production", "WEB_CONCURRENCY": "2", "RAILS_MAX_THREADS": "5",
                       "SECRET_KEY_BASE": format!("secret-{n:08}-0123456789abcdef"), "LOG_LEVEL": "info"}),
            ),
        ];
        for plan in ["heroku-postgresql:essential-0", "heroku-redis:mini"] {
            statuses.push(send(
                "POST",
                &format!("/apps/{app}/addons"),
                json!({"plan": plan}),
            ));
        }
        for host in ["www", "api"] {
            let hostname = format!("{host}.{app}.example.com");
            statuses.push(send(
                "POST",
                &format!("/apps/{app}/domains"),
                json!({"hostname": hostname, "sni_endpoint": null}),
            ));
        }
        failed += statuses.iter().filter(|s| !(200..300).contains(*s)).count();
    }
    let elapsed = started.elapsed();
    let rss = rss_kb(child.id());
    let _ = child.kill();
    let _ = child.wait();
    println!(
        "{apps} apps (6 requests each, {failed} refused) in {:.1} s; resident memory {} MB (at start {} MB)",
        elapsed.as_secs_f64(),
        rss.map_or("?".into(), |kb| format!("{:.1}", kb as f64 / 1024.0)),
        rss_before.map_or("?".into(), |kb| format!("{:.1}", kb as f64 / 1024.0)),
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `VmRSS` of a process, in kB (Linux's /proc).
fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
