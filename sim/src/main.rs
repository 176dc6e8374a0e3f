//! The `heroku-sim` binary: parses the command line, loads the state, binds
//! 127.0.0.1, prints `listening on http://127.0.0.1:PORT`, and serves until
//! killed.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::Parser;
use heroku_sim::core::{HEROKU_BUCKET, Options, Sim};
use heroku_sim::protocol::DEFAULT_PAGE;
use heroku_sim::server::{Shared, load_state, serve};
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
    /// Page size of lists when the client sends no Range.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PAGE)]
    page_size: usize,
    /// Keep new add-ons `provisioning` for N milliseconds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    provision_ms: u64,
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
    if args.page_size == 0 || args.rate_limit == 0 {
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
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("heroku-sim: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(run(shared, args.port))
}

async fn run(shared: Arc<Shared>, port: u16) -> ExitCode {
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("heroku-sim: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::from(1);
        }
    };
    let addr = listener.local_addr().map(|a| a.port()).unwrap_or(port);
    println!("listening on http://127.0.0.1:{addr}");
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let app = axum::Router::new().fallback(move |method, uri, headers, body| {
        serve(shared.clone(), method, uri, headers, body)
    });
    match axum::serve(listener, app).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("heroku-sim: {e}");
            ExitCode::from(1)
        }
    }
}
