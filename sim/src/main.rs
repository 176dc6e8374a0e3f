//! The `heroku-sim` binary: parses the command line, loads the state, binds
//! 127.0.0.1, prints `listening on http://127.0.0.1:PORT`, and serves until
//! killed.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::Parser;
use heroku_sim::core::{HEROKU_BUCKET, Options, Sim};
use heroku_sim::server::{Shared, load_state, start};
use heroku_sim::state::State;

/// A local, stateful Heroku Platform API for tests, demos and rehearsals.
#[derive(Debug, Parser)]
#[command(name = "heroku-sim", version, max_term_width = 100)]
struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Load the state from FILE at start (if it exists) and save it there after every change.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// An accepted API token, for the account TOKEN@example.com (repeatable).
    #[arg(long = "token", value_name = "TOKEN", default_values_t = [String::from("sim-token")])]
    tokens: Vec<String>,
    /// Delay every response by N milliseconds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    latency_ms: u64,
    /// Answer this share of requests (0 to 1) with 503 before doing anything.
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    fail_rate: f64,
    /// Seed for ids, names and injected faults.
    #[arg(long, value_name = "N", default_value_t = 0)]
    seed: u64,
    /// Size of each account's rate-limit bucket (refilled at Heroku's 4500 an hour).
    #[arg(long, value_name = "N", default_value_t = HEROKU_BUCKET)]
    rate_limit: u32,
    /// Force list pages of at most N items, whatever the client asks
    /// (default: Heroku's 200, up to the client's max=1000).
    #[arg(long, value_name = "N")]
    page_size: Option<usize>,
    /// Keep new add-ons `provisioning` for N milliseconds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    provision_ms: u64,
    /// A team that exists, for team apps (repeatable).
    #[arg(long = "team", value_name = "NAME")]
    teams: Vec<String>,
    /// Append every request and response to FILE as JSON lines (for checking
    /// what a client sends).
    #[arg(long, value_name = "FILE")]
    request_log: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if !(0.0..=1.0).contains(&args.fail_rate) {
        eprintln!("heroku-sim: --fail-rate must be between 0 and 1");
        return ExitCode::from(2);
    }
    if args.page_size == Some(0) || args.rate_limit == 0 {
        eprintln!("heroku-sim: --page-size and --rate-limit must be at least 1");
        return ExitCode::from(2);
    }
    let options = Options {
        tokens: args.tokens,
        fail_rate: args.fail_rate,
        rate_limit: args.rate_limit,
        page_size: args.page_size,
        provision_ms: args.provision_ms,
        seed: args.seed,
        refuse_plan_changes: Vec::new(),
        lose_write_rate: 0.0,
        echo_writes: false,
        addon_faults: Default::default(),
        teams: args.teams,
    };
    let state = match args.state.as_deref().map(load_state).transpose() {
        Ok(loaded) => loaded.flatten().unwrap_or_else(|| State::new(args.seed)),
        Err(e) => {
            eprintln!("heroku-sim: {e}");
            return ExitCode::from(1);
        }
    };
    let request_log = match &args.request_log {
        None => None,
        Some(path) => match std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            Ok(file) => Some(Mutex::new(file)),
            Err(e) => {
                eprintln!(
                    "heroku-sim: cannot open the request log {}: {e}",
                    path.display()
                );
                return ExitCode::from(1);
            }
        },
    };
    let shared = Arc::new(Shared {
        sim: Mutex::new(Sim::with_state(options, state)),
        state_file: args.state,
        latency: Duration::from_millis(args.latency_ms),
        request_log,
    });
    let running = match start(shared, args.port) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("heroku-sim: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return ExitCode::from(1);
        }
    };
    println!("listening on {}", running.url);
    let _ = std::io::stdout().flush();
    // Serve until killed.
    loop {
        std::thread::park();
    }
}
