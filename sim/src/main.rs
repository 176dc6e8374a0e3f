//! The `heroku-sim` binary: parses the command line, loads the state, binds
//! 127.0.0.1, prints `listening on http://127.0.0.1:PORT`, and serves until
//! SIGINT or SIGTERM (then saves the state a last time) or a kill.
//! `heroku-sim deploy` is a client of a running simulator instead.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::{Parser, Subcommand};
use heroku_sim::core::{HEROKU_BUCKET, Options, Sim};
use heroku_sim::deploy::{Deploy, parse_process_type};
use heroku_sim::server::{Shared, load_state, start};
use heroku_sim::state::State;

/// A local, stateful Heroku Platform API for tests, demos and rehearsals.
#[derive(Debug, Parser)]
#[command(
    name = "heroku-sim",
    version,
    max_term_width = 100,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: Args,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Give an app on a running simulator a release with process types, as a
    /// build does on Heroku: a slug with `process_types`, then a release.
    Deploy(DeployArgs),
}

#[derive(Debug, clap::Args)]
struct DeployArgs {
    /// The simulator's URL (default: $HEROKU_HOST).
    #[arg(long, value_name = "URL")]
    api: Option<String>,
    /// The API token to send.
    #[arg(long, value_name = "TOKEN", default_value = "sim-token")]
    token: String,
    /// The commit the code was built from (shown as "Deploy COMMIT").
    #[arg(long, value_name = "SHA")]
    commit: Option<String>,
    /// The app's name or id.
    app: String,
    /// Process types, as a Procfile declares them: web="bin/web" worker="bin/worker".
    #[arg(value_name = "TYPE=COMMAND", required = true, value_parser = parse_process_type)]
    process_types: Vec<(String, String)>,
}

#[derive(Debug, clap::Args)]
struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Load the state (or a seed giving some of its keys) from FILE at start, if it
    /// exists, and save it there in the background: at most every 100 ms, and at a
    /// clean stop.
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
    /// An app name that is Fir-generation once created, as if created in a
    /// Fir space (repeatable): only such apps take telemetry drains.
    #[arg(long = "fir-app", value_name = "APP")]
    fir_apps: Vec<String>,
    /// A Private Space that exists, `NAME` or `NAME:TEAM` (the team is the
    /// first `--team` by default), for apps and inbound rulesets
    /// (repeatable).
    #[arg(long = "space", value_name = "NAME[:TEAM]")]
    spaces: Vec<String>,
    /// Append every request and response to FILE as JSON lines (for checking
    /// what a client sends).
    #[arg(long, value_name = "FILE")]
    request_log: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Deploy(args)) => deploy(args),
        None => serve(cli.serve),
    }
}

fn deploy(args: DeployArgs) -> ExitCode {
    let Some(api) = args.api.or_else(|| std::env::var("HEROKU_HOST").ok()) else {
        eprintln!("heroku-sim deploy: give the simulator's URL with --api URL (or HEROKU_HOST)");
        return ExitCode::from(2);
    };
    let kinds: Vec<String> = args.process_types.iter().map(|(k, _)| k.clone()).collect();
    let deploy = Deploy {
        api,
        token: args.token,
        app: args.app,
        process_types: args.process_types.into_iter().collect(),
        commit: args.commit,
    };
    match heroku_sim::deploy::run(&deploy) {
        Ok(version) => {
            println!(
                "Released v{version} on {} with process types {}",
                deploy.app,
                kinds.join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("heroku-sim deploy: {}: {e}", deploy.app);
            ExitCode::from(1)
        }
    }
}

fn serve(args: Args) -> ExitCode {
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
        fir_apps: args.fir_apps,
        spaces: args.spaces,
    };
    let loaded = args.state.as_deref().map(|p| load_state(p, args.seed));
    let state = match loaded.transpose() {
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
        in_flight: Default::default(),
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
    wait_for_stop();
    // A clean stop: the last save is made holding the core's lock, and the
    // process exits still holding it, so no answered change is left out.
    if let Some(writer) = &running.writer {
        let (_sim, saved) = writer.save_final();
        if let Err(e) = saved {
            eprintln!("heroku-sim: cannot save the state: {e}");
            std::process::exit(1);
        }
        std::process::exit(0);
    }
    ExitCode::SUCCESS
}

/// Blocks until SIGINT or SIGTERM.
fn wait_for_stop() {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        loop {
            std::thread::park();
        }
    };
    runtime.block_on(async {
        let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        else {
            let _ = tokio::signal::ctrl_c().await;
            return;
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    });
}
