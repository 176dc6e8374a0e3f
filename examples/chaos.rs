//! `make chaos`: every example applied to heroku-sim under faults (20% of
//! requests fail, a small rate-limit bucket, slow provisioning, small pages)
//! with an interruption of the first apply (SIGINT, SIGTERM or SIGKILL at a
//! random moment), then applied again until it succeeds; then `heroin diff
//! --detailed-exitcode` must exit 0 and the simulator must hold nothing
//! twice. Prints a table and exits 1 on any failure.
//!
//! Usage: `cargo run --example chaos -- [SEEDS] [WORKERS]` (default 20 and
//! 4); it runs `target/debug/heroin` (`cargo build` first). The harness is
//! tests/common/chaos.rs; `cargo test --test chaos` runs a short version.

#[path = "../tests/common/mod.rs"]
mod common;
use common::chaos;

use std::time::{Duration, Instant};

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let heroin = common::root().join("target/debug/heroin");
    assert!(
        heroin.exists(),
        "{} is missing: run cargo build first",
        heroin.display()
    );
    let examples = common::dirs("examples")
        .iter()
        .map(|d| format!("examples/{}", d.file_name().unwrap().to_string_lossy()))
        .collect();
    let settings = chaos::Settings {
        heroin,
        examples,
        seeds: args.first().copied().unwrap_or(20),
        most_applies: 6,
        window: Duration::from_millis(12_000),
        process_limit: Duration::from_secs(180),
        budget: Duration::from_secs(20 * 60),
        workers: args.get(1).copied().unwrap_or(4) as usize,
        rate_limit: 60,
        provision_ms: 1500,
    };
    let started = Instant::now();
    let runs = chaos::run_all(&settings);
    println!("{}", chaos::table(&runs, started.elapsed()));
    if !chaos::passed(&runs) {
        std::process::exit(1);
    }
}
