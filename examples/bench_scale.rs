//! Benchmark: how `heroin diff` and `heroin apply` scale with the account,
//! against heroku-sim with latency, side by side with the network's ideal.
//!
//! Each app has 10 config vars, 2 add-ons, a formation, a domain, a drain, 2
//! collaborators, 2 features and 2 buildpacks. For each size the account is
//! first made by heroin itself (an apply from nothing without latency, then
//! a release with the process types, then an apply that scales), then served
//! again with `--latency-ms` and a request log, and the release binary runs
//! as a whole process:
//!
//! - `diff` and a no-change `apply --yes`, for 1, 10, 50, 200 and 1,000 apps;
//! - `apply --yes` from nothing, for 10, 50 and 200 apps;
//! - CPU only (no latency): `diff` of 1,000 apps x 200 config vars, and of
//!   40,000 apps on an empty account (a single request).
//!
//! Each row gives requests, writes, wall time, CPU time (user + system) and
//! peak memory (the child's maximum resident set), and the wall time beside
//! its ideal: the larger of the critical path and ceil(requests /
//! concurrency) x latency. The critical path counts the rounds a command
//! cannot overlap: for `diff`, listing the apps, then every other read at
//! once; for an apply, those, the check before the first write, the
//! longest chain of the plan's dependencies (`plan::after`, each step one
//! request, plus the GET that finds an id where a step needs one, plus the
//! check before each app's first step), the check after, and the tag's look
//! at the apps' releases.
//!
//! Usage: `cargo run --release --example bench_scale -- [--quick]`
//! (`make bench-scale`; it needs `target/release/heroin`). `--quick` runs
//! the smaller sizes only; `--part scale|nothing|validate|cpu` one table; `--serve APPS VARS` makes one account and serves
//! it, to profile a command by hand.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use heroin::error::Error;
use heroin::session::{self, Observer, Reach, Target};
use heroin::ui::Sources;
use heroku_sim::core::{Options, Sim};
use heroku_sim::server::{Running, Shared, start};

const CONCURRENCY: usize = 8;
const LATENCY_MS: u64 = 50;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let heroin = std::env::current_dir()
        .expect("a directory")
        .join("target/release/heroin");
    assert!(
        heroin.exists(),
        "{}: build it with cargo build --release",
        heroin.display()
    );
    if let [flag, n, vars] = args.as_slice()
        && flag == "--serve"
    {
        return serve_for_profiling(&heroin, n, vars);
    }
    // `--part scale|nothing|validate|cpu`: one table only.
    let part = args
        .iter()
        .position(|a| a == "--part")
        .and_then(|i| args.get(i + 1))
        .map(String::as_str);
    let runs = |name: &str| part.is_none_or(|p| p == name);
    let sizes: &[usize] = if !runs("scale") {
        &[]
    } else if quick {
        &[1, 10, 50]
    } else {
        &[1, 10, 50, 200, 1000]
    };
    println!("# heroku-sim --latency-ms {LATENCY_MS}, --concurrency {CONCURRENCY}\n");
    println!(
        "| command | apps | requests | writes | wall | ideal | wall / ideal | CPU | peak memory |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for &n in sizes {
        let dir = files(n, 10);
        let (state, _) = account(&heroin, dir.path(), n);
        for (command, args) in [
            ("diff", &["diff", "bench"][..]),
            ("apply, no change", &["apply", "bench", "--yes"][..]),
        ] {
            let sim = serve(state.clone(), LATENCY_MS);
            let run = measure(&heroin, dir.path(), &sim, args);
            assert!(run.ok, "{command} of {n} apps failed:\n{}", run.output);
            // With nothing to change, apply reads as diff does, and does
            // not tag (the files are those of the newest tag, or none).
            row(command, n, &run, 2);
        }
    }
    let from_nothing: &[usize] = if !runs("nothing") {
        &[]
    } else if quick {
        &[10]
    } else {
        &[10, 50, 200]
    };
    for &n in from_nothing {
        let dir = files(n, 10);
        let depth = chain(dir.path(), n);
        let sim = serve(heroku_sim::state::State::new(1), LATENCY_MS);
        let apply = ["apply", "bench", "--yes", "--allow-cost-increase"];
        let run = measure(&heroin, dir.path(), &sim, &apply);
        assert!(
            run.ok,
            "apply from nothing of {n} apps failed:\n{}",
            run.output
        );
        // Reads (2), the check before the first write (2), the chain, the
        // check after (2), the releases (1).
        row("apply from nothing", n, &run, 7 + depth);
    }
    if runs("validate") {
        validate_beside_check_jsonschema(&heroin);
    }
    println!("\n# CPU only (no latency)\n");
    println!("| command | apps | requests | wall | CPU | peak memory |");
    println!("| --- | --- | --- | --- | --- | --- |");
    let cpu_only = if !runs("cpu") {
        Vec::new()
    } else if quick {
        vec![(200, 200, true)]
    } else {
        vec![(1000, 200, true), (40_000, 0, false)]
    };
    for (n, vars, seeded) in cpu_only {
        let dir = files(n, vars);
        let state = if seeded {
            let (state, made) = account(&heroin, dir.path(), n);
            cpu_row(
                &format!("apply from nothing, {vars} config vars each"),
                n,
                &made,
            );
            state
        } else {
            heroku_sim::state::State::new(1)
        };
        let sim = serve(state, 0);
        let run = measure(&heroin, dir.path(), &sim, &["diff", "bench"]);
        assert!(run.ok, "diff of {n} apps failed:\n{}", run.output);
        let what = if seeded {
            format!("diff, {vars} config vars each")
        } else {
            "diff, empty account (a name and 2 config vars each)".to_string()
        };
        cpu_row(&what, n, &run);
    }
}

/// `heroin validate` of 2,000 apps in one file (each as in the scaling
/// table) beside check-jsonschema on the same file with heroin's schema,
/// five runs each, in turn; check-jsonschema only when it is installed.
fn validate_beside_check_jsonschema(heroin: &Path) {
    let dir = files(2000, 10);
    let file = dir.path().join("heroin.toml");
    let size = std::fs::metadata(&file).map_or(0, |m| m.len());
    println!("\n# validate, 2,000 apps in one file ({size} bytes)\n");
    println!("| command | wall (5 runs) | CPU | peak memory |");
    println!("| --- | --- | --- | --- |");
    let heroin_cmd = [
        heroin.as_os_str(),
        "-C".as_ref(),
        dir.path().as_os_str(),
        "validate".as_ref(),
    ];
    let schema = std::env::current_dir()
        .expect("a directory")
        .join("schemas/heroin.schema.json");
    let check = [
        "check-jsonschema".as_ref(),
        "--schemafile".as_ref(),
        schema.as_os_str(),
        file.as_os_str(),
    ];
    let installed = std::process::Command::new("check-jsonschema")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let commands: Vec<(&str, &[&std::ffi::OsStr])> =
        std::iter::once(("heroin validate", &heroin_cmd[..]))
            .chain(installed.then_some(("check-jsonschema", &check[..])))
            .collect();
    for (name, argv) in commands {
        let runs: Vec<(f64, f64, f64)> = (0..5).map(|_| timed(argv)).collect();
        let range = |f: fn(&(f64, f64, f64)) -> f64| {
            let low = runs.iter().map(f).fold(f64::MAX, f64::min);
            let high = runs.iter().map(f).fold(0f64, f64::max);
            format!("{low:.2}-{high:.2} s")
        };
        let peak = runs.iter().map(|r| r.2).fold(0f64, f64::max);
        println!(
            "| {name} | {} | {} | {peak:.0} MB |",
            range(|r| r.0),
            range(|r| r.1)
        );
    }
}

/// The wall time, CPU time and peak memory of one process under GNU
/// time; it must succeed.
fn timed(argv: &[&std::ffi::OsStr]) -> (f64, f64, f64) {
    let report = tempfile::NamedTempFile::new().expect("a file for time's report");
    let started = Instant::now();
    let out = std::process::Command::new("/usr/bin/time")
        .args(["-f", "%U %S %M", "-o"])
        .arg(report.path())
        .args(argv)
        .output()
        .expect("/usr/bin/time runs the command");
    let wall = started.elapsed().as_secs_f64();
    assert!(out.status.success(), "{argv:?} failed");
    let (user, system, kb) = time_report(report.path());
    (wall, user + system, kb / 1024.0)
}

/// User and system seconds and peak kilobytes from GNU time's report
/// (`-f "%U %S %M"`); zeros when it wrote none.
fn time_report(path: &Path) -> (f64, f64, f64) {
    let report = std::fs::read_to_string(path).unwrap_or_default();
    let figures: Vec<f64> = report
        .lines()
        .last()
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    match figures.as_slice() {
        [user, system, kb] => (*user, *system, *kb),
        _ => (0.0, 0.0, 0.0),
    }
}

/// One row of the CPU-only table.
fn cpu_row(what: &str, n: usize, run: &Run) {
    println!(
        "| {what} | {n} | {} | {:.2} s | {:.2} s | {:.0} MB |",
        run.requests,
        run.wall.as_secs_f64(),
        run.cpu.as_secs_f64(),
        run.peak_mb
    );
}

/// Makes the account of `n` apps with `vars` config vars each, then serves
/// it without latency until standard input ends, printing where the files
/// are and the simulator's URL: to profile one command by hand.
fn serve_for_profiling(heroin: &Path, n: &str, vars: &str) {
    let (n, vars) = (n.parse().expect("apps"), vars.parse().expect("vars"));
    let dir = files(n, vars);
    let sim = serve(account(heroin, dir.path(), n).0, 0);
    println!("files: {}", dir.path().display());
    println!("HEROKU_HOST={} HEROKU_API_KEY=sim-token", sim.running.url);
    let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut Vec::new());
}

/// The heroin files of `n` apps with `vars` config vars each; `vars` of 0:
/// a name and two config vars only (40,000 whole apps would pass the 8 MiB
/// bound on a file).
fn files(n: usize, vars: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut text = String::new();
    for i in (0..n).filter(|_| vars == 0) {
        text.push_str(&format!(
            "[apps.a{i}]\nname = \"scale-{i:05}-${{HEROIN_ENV}}\"\n\
             [apps.a{i}.config_vars]\nA = \"{i}\"\nB = \"b-{i}\"\n\n"
        ));
    }
    for i in (0..n).filter(|_| vars > 0) {
        text.push_str(&format!(
            "[apps.a{i}]\nname = \"scale-{i:05}-${{HEROIN_ENV}}\"\n\
             buildpacks = [\"heroku/nodejs\", \"heroku/ruby\"]\n\
             domains = [\"a{i}.scale.example\"]\n\
             log_drains = [\"https://logs.example.com/a{i}\"]\n\
             collaborators = [{{ email = \"dev@example.com\" }}, {{ email = \"ops@example.com\" }}]\n\
             [apps.a{i}.features]\npreboot = true\nruntime-dyno-metadata = true\n\
             [apps.a{i}.formation]\nweb = {{ quantity = 1, size = \"standard-1x\" }}\n\
             [apps.a{i}.addons.database]\nplan = \"heroku-postgresql:essential-0\"\n\
             [apps.a{i}.addons.redis]\nplan = \"heroku-redis:mini\"\n\
             [apps.a{i}.config_vars]\n"
        ));
        for v in 0..vars {
            text.push_str(&format!("VAR_{v:03} = \"value-{i}-{v}\"\n"));
        }
        text.push('\n');
    }
    std::fs::write(dir.path().join("heroin.toml"), text).expect("write heroin.toml");
    std::fs::write(dir.path().join("heroin.bench.toml"), "").expect("write the overlay");
    commit(dir.path());
    dir
}

/// Commits everything in `dir` to a new repository: an apply is tagged.
fn commit(dir: &Path) {
    let repo = git2::Repository::init(dir).expect("a repository");
    let mut index = repo.index().expect("the index");
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .expect("add");
    index.write().expect("the index");
    let tree = repo
        .find_tree(index.write_tree().expect("a tree"))
        .expect("the tree");
    let who = git2::Signature::now("Bench", "bench@example.com").expect("a signature");
    repo.commit(Some("HEAD"), &who, &who, "files", &tree, &[])
        .expect("a commit");
}

/// The account the files of `n` apps in `dir` describe, made by heroin:
/// an apply from nothing (measured), a release with a web process, an
/// apply that scales it.
fn account(heroin: &Path, dir: &Path, n: usize) -> (heroku_sim::state::State, Run) {
    let sim = serve(heroku_sim::state::State::new(1), 0);
    // heroku-sim itself slows down with the size of its state: no deadline.
    let apply = [
        "apply",
        "bench",
        "--yes",
        "--allow-cost-increase",
        "--timeout",
        "36000",
    ];
    let made = measure(heroin, dir, &sim, &apply);
    assert!(made.ok, "making the account failed:\n{}", made.output);
    for i in 0..n {
        let deploy = heroku_sim::deploy::Deploy {
            api: sim.running.url.clone(),
            token: "sim-token".into(),
            app: format!("scale-{i:05}-bench"),
            process_types: BTreeMap::from([("web".to_string(), "npm start".to_string())]),
            commit: None,
        };
        heroku_sim::deploy::run(&deploy).expect("a release");
    }
    let run = measure(heroin, dir, &sim, &apply);
    assert!(run.ok, "scaling failed:\n{}", run.output);
    let state = sim.shared.sim.lock().expect("the state").state.clone();
    drop(sim);
    (state, made)
}

struct Served {
    running: Running,
    shared: Arc<Shared>,
    log: tempfile::NamedTempFile,
}

/// heroku-sim serving `state` with `latency_ms` and a request log.
fn serve(state: heroku_sim::state::State, latency_ms: u64) -> Served {
    let log = tempfile::NamedTempFile::new().expect("the request log");
    let shared = Arc::new(Shared {
        sim: Mutex::new(Sim::with_state(
            Options {
                rate_limit: 100_000_000,
                ..Options::default()
            },
            state,
        )),
        state_file: None,
        latency: Duration::from_millis(latency_ms),
        request_log: Some(Mutex::new(log.reopen().expect("the log"))),
        in_flight: Default::default(),
    });
    let running = start(shared.clone(), 0).expect("heroku-sim starts");
    Served {
        running,
        shared,
        log,
    }
}

struct Run {
    ok: bool,
    output: String,
    requests: usize,
    writes: usize,
    wall: Duration,
    cpu: Duration,
    peak_mb: f64,
}

/// Runs heroin with `args` in `dir` against `sim`, as a whole process,
/// under GNU time for its own CPU time and peak memory. (A child's peak
/// as `wait4` reports it starts from this process's size when it forked,
/// and this process holds the simulator's whole state: GNU time is small
/// when it forks heroin.)
fn measure(heroin: &Path, dir: &Path, sim: &Served, args: &[&str]) -> Run {
    let before_log = lines(sim.log.path()).len();
    let report = tempfile::NamedTempFile::new().expect("a file for time's report");
    let started = Instant::now();
    let out = std::process::Command::new("/usr/bin/time")
        .args(["-f", "%U %S %M", "-o"])
        .arg(report.path())
        .arg(heroin)
        .env("HEROKU_HOST", &sim.running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .env("NO_COLOR", "1")
        .arg("-C")
        .arg(dir)
        .args(args)
        .args(["--concurrency", &CONCURRENCY.to_string()])
        .output()
        .expect("/usr/bin/time runs heroin (Debian's package `time`)");
    let wall = started.elapsed();
    let (user, system, peak_kb) = time_report(report.path());
    let exchanges = lines(sim.log.path()).split_off(before_log);
    let writes = exchanges
        .iter()
        .filter(|l| !l.contains("\"method\":\"GET\""))
        .count();
    Run {
        ok: out.status.success(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        requests: exchanges.len(),
        writes,
        wall,
        cpu: Duration::from_secs_f64(user + system),
        peak_mb: peak_kb / 1024.0,
    }
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

/// A table row: the wall time beside its ideal, with `rounds` the critical
/// path in round trips.
fn row(command: &str, n: usize, run: &Run, rounds: usize) {
    let latency = Duration::from_millis(LATENCY_MS);
    let by_requests = latency * run.requests.div_ceil(CONCURRENCY) as u32;
    let ideal = by_requests.max(latency * rounds as u32);
    println!(
        "| {command} | {n} | {} | {} | {:.2} s | {:.2} s | {:.2} | {:.2} s | {:.0} MB |",
        run.requests,
        run.writes,
        run.wall.as_secs_f64(),
        ideal.as_secs_f64(),
        run.wall.as_secs_f64() / ideal.as_secs_f64(),
        run.cpu.as_secs_f64(),
        run.peak_mb
    );
}

/// The longest chain of the plan's dependencies for the files in `dir` on
/// an empty account, in requests: each step one, the GET that finds an id
/// one more, and the check before each app's first step two more.
fn chain(dir: &Path, n: usize) -> usize {
    let sim = serve(heroku_sim::state::State::new(1), 0);
    let process = BTreeMap::from([
        ("HEROKU_HOST".to_string(), sim.running.url.clone()),
        ("HEROKU_API_KEY".to_string(), "sim-token".to_string()),
    ]);
    let target = Target {
        dir,
        env: "bench",
        apps: &[],
        git_ref: None,
    };
    let reach = Reach {
        api_url: None,
        concurrency: CONCURRENCY,
        reserve: None,
        verbose: false,
        timeouts: heroin::http::Timeouts::default(),
    };
    let prepared =
        session::prepare(target, reach, &Quiet, &mut Sources::new(), &process).expect("a plan");
    let steps = &prepared.plan.steps;
    assert!(steps.len() >= n, "a plan of {} steps", steps.len());
    let after = heroin::plan::after::after(steps);
    let mut longest = vec![0usize; steps.len()];
    let mut first_of: std::collections::BTreeSet<&str> = Default::default();
    for (i, planned) in steps.iter().enumerate() {
        let own = 1
            + usize::from(heroin::apply::lookup(&planned.step).is_some())
            + 2 * usize::from(first_of.insert(planned.change.app.as_str()));
        longest[i] = own + after[i].iter().map(|&j| longest[j]).max().unwrap_or(0);
    }
    longest.into_iter().max().unwrap_or(0)
}

struct Quiet;

impl Observer for Quiet {
    type Busy = ();

    fn busy(&self, _message: &str) {}

    fn warning(&self, _message: &str) -> Result<(), Error> {
        Ok(())
    }

    fn tracer(&self) -> heroin::http::Trace {
        Arc::new(|_| {})
    }

    fn notices(&self) -> heroin::http::Trace {
        Arc::new(|_| {})
    }
}
