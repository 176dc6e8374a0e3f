//! The simulator's memory with many apps, and what a change costs as the
//! state grows: starts `target/release/heroku-sim` (build it first), seeds N
//! apps over HTTP (each with five config vars, a Postgres and a Redis add-on
//! and two custom domains: six changes), then prints the process's resident
//! memory (`VmRSS`, Linux), the time the seeding took, and what a change
//! cost while the first tenth of the apps was seeded beside the last tenth:
//! the time the client waited, and the CPU time the simulator's threads
//! spent (its background writer's included; Linux's per-thread
//! `schedstat`), which a busy machine disturbs far less. And the CPU time
//! of a read (`GET /apps/app-0000/config-vars`, 500 times) once the first
//! tenth is seeded and once all are. With `--state`, the simulator saves to a state file in a temporary
//! directory (`--state FILE`), and the example checks at the end that the
//! file, after a clean stop, holds every app.
//!
//! Usage: `cargo build --release -p heroku-sim && cargo run --release -p
//! heroku-sim --example memory -- [N] [--state]` (default 1000). `make
//! bench-sim` runs it both ways.

use std::io::{BufRead, BufReader};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let apps: usize = args
        .iter()
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000)
        .max(10);
    let dir = std::env::temp_dir().join(format!("heroku-sim-memory-{}", std::process::id()));
    let state_file = args
        .iter()
        .any(|a| a == "--state")
        .then(|| dir.join("state.json"));
    let mut command = Command::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/release/heroku-sim"
    ));
    command.args(["--rate-limit", "1000000000"]);
    if let Some(file) = &state_file {
        if let Err(e) = std::fs::create_dir_all(&dir) {
            eprintln!("memory: cannot make {}: {e}", dir.display());
            return ExitCode::from(2);
        }
        command.arg("--state").arg(file);
    }
    let binary = "target/release/heroku-sim";
    let mut child = match command.stdout(Stdio::piped()).spawn() {
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
    let tenth = apps / 10;
    let (mut first, mut last) = (Duration::ZERO, Duration::ZERO);
    let (mut first_cpu, mut last_cpu) = (0u64, 0u64);
    let mut first_read = 0.0;
    for n in 0..apps {
        let app_started = Instant::now();
        let cpu_before = cpu_ns(child.id()).unwrap_or(0);
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
        let cpu = cpu_ns(child.id()).unwrap_or(0).saturating_sub(cpu_before);
        if n < tenth {
            first += app_started.elapsed();
            first_cpu += cpu;
        } else if n >= apps - tenth {
            last += app_started.elapsed();
            last_cpu += cpu;
        }
        if n + 1 == tenth {
            first_read = read_cpu(&send, child.id());
        }
    }
    let last_read = read_cpu(&send, child.id());
    let elapsed = started.elapsed();
    let rss = rss_kb(child.id());
    let saved = state_file
        .as_ref()
        .map(|file| stop_and_count(&mut child, file));
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    let per_change = |d: Duration| d.as_secs_f64() * 1000.0 / (tenth * 6) as f64;
    let cpu_per_change = |ns: u64| ns as f64 / 1000.0 / (tenth * 6) as f64;
    println!(
        "{apps} apps (6 changes each, {failed} refused){} in {:.1} s; resident memory {} MB (at start {} MB)",
        if saved.is_some() { " with --state" } else { "" },
        elapsed.as_secs_f64(),
        rss.map_or("?".into(), |kb| format!("{:.1}", kb as f64 / 1024.0)),
        rss_before.map_or("?".into(), |kb| format!("{:.1}", kb as f64 / 1024.0)),
    );
    println!(
        "a change, waited: {:.3} ms while the first {tenth} apps were seeded, {:.3} ms for the last {tenth}",
        per_change(first),
        per_change(last)
    );
    println!(
        "a change, the simulator's CPU: {:.1} µs for the first {tenth} apps, {:.1} µs for the last {tenth}",
        cpu_per_change(first_cpu),
        cpu_per_change(last_cpu)
    );
    println!(
        "a read of an app's config vars, the simulator's CPU: {first_read:.1} µs with {tenth} apps, {last_read:.1} µs with {apps}"
    );
    if let Some(saved) = &saved {
        println!("state file after a clean stop: {saved}");
    }
    let whole = saved
        .as_ref()
        .is_none_or(|s| s.starts_with(&format!("{apps} apps")));
    if failed == 0 && whole {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The simulator's mean CPU time, in µs, of 500 reads of one app's config
/// vars.
fn read_cpu(send: &dyn Fn(&str, &str, Value) -> u16, pid: u32) -> f64 {
    const READS: u32 = 500;
    let before = cpu_ns(pid).unwrap_or(0);
    for _ in 0..READS {
        send("GET", "/apps/app-0000/config-vars", Value::Null);
    }
    cpu_ns(pid).unwrap_or(0).saturating_sub(before) as f64 / 1000.0 / f64::from(READS)
}

/// Stops the simulator as Ctrl-C does (SIGTERM), then reads its state file:
/// "N apps, S MB", or what went wrong.
fn stop_and_count(child: &mut std::process::Child, file: &std::path::Path) -> String {
    let stopped = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .is_ok_and(|s| s.success());
    let exit = child.wait();
    if !stopped || !exit.is_ok_and(|s| s.success()) {
        return "the simulator did not stop cleanly".into();
    }
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return format!("unreadable: {e}"),
    };
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(state) => format!(
            "{} apps, {:.1} MB",
            state["apps"].as_array().map_or(0, Vec::len),
            bytes.len() as f64 / 1e6
        ),
        Err(e) => format!("not JSON: {e}"),
    }
}

/// CPU time of every thread of a process so far, in ns (the first field of
/// each `/proc/PID/task/TID/schedstat`, Linux).
fn cpu_ns(pid: u32) -> Option<u64> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    Some(
        tasks
            .filter_map(Result::ok)
            .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
            .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
            .sum(),
    )
}

/// `VmRSS` of a process, in kB (Linux's /proc).
fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
