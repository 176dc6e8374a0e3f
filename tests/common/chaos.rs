//! Applies under faults and interruptions: the harness behind `make chaos`
//! (examples/chaos.rs) and its short version in `cargo test` (tests/chaos.rs).
//!
//! Each run starts a heroku-sim in this process (port 0) that fails 20% of
//! requests, has a small rate-limit bucket, slow add-on provisioning and
//! small pages; copies an example into a fresh git repository; runs the real
//! `heroin apply ENV --yes` as a process and, at a moment the run's seed
//! picks, sends it SIGINT, SIGTERM or SIGKILL; then applies again until an
//! apply succeeds. Then `heroin diff ENV --detailed-exitcode` must exit 0
//! (against the same state without faults: the question is what Heroku
//! holds, not whether one more read gets through) and the simulator's state
//! must hold nothing twice, and the commit must carry a `heroin/ENV/N` tag
//! (the record of what was applied). Every process has a time limit and the whole
//! harness a budget: it always stops by itself.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use heroku_sim::core::{Options, Sim};
use heroku_sim::server::{Running, Shared, start};

use super::duplicates::{declared, duplicates};
use super::repo::repo_with;

/// The variables the examples read (the Makefile's DEMO_VARS).
pub const VARS: &[(&str, &str)] = &[
    ("IRC_PASSWORD", "demo-irc-password"),
    ("PAYMENTS_API_KEY", "demo-payments-key"),
    ("SECRET_KEY_BASE", "demo-secret-key-base"),
    ("LOGS_API_KEY", "demo-logs-key"),
    ("SESSION_SECRET", "demo-session"),
];

/// What to run.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The heroin binary.
    pub heroin: PathBuf,
    /// Examples, as paths below `fixtures/` (`examples/rack-app`).
    pub examples: Vec<String>,
    /// Seeds 1..=seeds for each example; seed N applies the example's
    /// environment N modulo their number.
    pub seeds: u64,
    /// Applies at most, the interrupted one included.
    pub most_applies: usize,
    /// Latest moment of an interruption after the start of the first apply.
    pub window: Duration,
    /// Time limit of one heroin process.
    pub process_limit: Duration,
    /// No new run starts after this much time.
    pub budget: Duration,
    /// Runs at once (each has its own simulator).
    pub workers: usize,
    /// The simulator's rate-limit bucket (Heroku refills 1.25 tokens a
    /// second: a small one runs dry).
    pub rate_limit: u32,
    /// How long add-ons stay provisioning, in ms.
    pub provision_ms: u64,
}

/// The signal sent to the first apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    Int,
    Term,
    Kill,
}

impl Signal {
    fn name(self) -> &'static str {
        match self {
            Signal::Int => "INT",
            Signal::Term => "TERM",
            Signal::Kill => "KILL",
        }
    }
}

/// One run's outcome.
#[derive(Clone, Debug)]
pub struct Run {
    pub example: String,
    pub env: String,
    pub seed: u64,
    pub signal: Signal,
    pub after: Duration,
    /// Whether the first apply was still running when the signal came.
    pub interrupted: bool,
    /// The apply (1 = the first) after which Heroku matched the files.
    pub converged: Option<usize>,
    /// What the simulator holds twice.
    pub duplicates: Vec<String>,
    /// Why it did not converge, or what else went wrong.
    pub problem: Option<String>,
    pub wall: Duration,
    /// Whether the commit the files come from carries a `heroin/ENV/N` tag
    /// at the end (an apply that converged without one left no record).
    pub tagged: bool,
}

/// A small deterministic generator (splitmix64) for the seed's choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The faults of every run: a fifth of the requests fail, pages of two.
/// The team the examples put apps in (heroku-sim knows only declared teams).
const EXAMPLE_TEAM: &str = "acme";

fn faulty(settings: &Settings, seed: u64) -> Options {
    Options {
        fail_rate: 0.2,
        rate_limit: settings.rate_limit,
        page_size: Some(2),
        provision_ms: settings.provision_ms,
        seed,
        teams: vec![EXAMPLE_TEAM.to_string()],
        ..Options::default()
    }
}

fn serve(sim: Sim) -> Running {
    let shared = Arc::new(Shared {
        sim: Mutex::new(sim),
        state_file: None,
        latency: Duration::ZERO,
        request_log: None,
        in_flight: Default::default(),
    });
    start(shared, 0).expect("heroku-sim starts")
}

/// Every run of `settings`, in order of example then seed.
pub fn run_all(settings: &Settings) -> Vec<Run> {
    let mut jobs = Vec::new();
    for example in &settings.examples {
        let envs = heroin::config::files::discover(&super::fixture(example))
            .expect("an example")
            .envs();
        for seed in 1..=settings.seeds {
            let env = envs[(seed as usize) % envs.len()].clone();
            jobs.push((example.clone(), env, seed));
        }
    }
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let runs = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..settings.workers.max(1) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some((example, env, seed)) = jobs.get(i) else {
                        break;
                    };
                    let run = if started.elapsed() > settings.budget {
                        skipped(example, env, *seed)
                    } else {
                        run_one(settings, example, env, *seed)
                    };
                    runs.lock().unwrap().push((i, run));
                }
            });
        }
    });
    let mut runs = runs.into_inner().unwrap();
    runs.sort_by_key(|(i, _)| *i);
    runs.into_iter().map(|(_, r)| r).collect()
}

fn skipped(example: &str, env: &str, seed: u64) -> Run {
    Run {
        example: example.to_string(),
        env: env.to_string(),
        seed,
        signal: Signal::Kill,
        after: Duration::ZERO,
        interrupted: false,
        converged: None,
        duplicates: Vec::new(),
        problem: Some("not run: the time budget was spent".into()),
        wall: Duration::ZERO,
        tagged: false,
    }
}

/// One example, one environment, one seed.
pub fn run_one(settings: &Settings, example: &str, env: &str, seed: u64) -> Run {
    let started = Instant::now();
    let mut rng = Rng(seed.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ example.len() as u64);
    let signal = [Signal::Int, Signal::Term, Signal::Kill][(rng.next() % 3) as usize];
    let window = settings.window.as_millis().max(1) as u64;
    let after = Duration::from_millis(rng.next() % window);
    let running = serve(Sim::new(faulty(settings, seed)));
    let repo = repo_with(example);
    let mut run = Run {
        example: example.to_string(),
        env: env.to_string(),
        seed,
        signal,
        after,
        interrupted: false,
        converged: None,
        duplicates: Vec::new(),
        problem: None,
        wall: Duration::ZERO,
        tagged: false,
    };
    let heroin = |url: &str, args: &[&str]| -> Command {
        let mut cmd = Command::new(&settings.heroin);
        cmd.env_clear()
            .env("HEROKU_HOST", url)
            .env("HEROKU_API_KEY", "sim-token")
            .env("NO_COLOR", "1")
            .envs(VARS.iter().copied())
            .arg("-C")
            .arg(repo.path())
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        cmd
    };
    let apply = ["apply", env, "--yes"];
    let mut last_error = String::new();
    for attempt in 1..=settings.most_applies {
        let mut child = heroin(&running.url, &apply).spawn().expect("heroin starts");
        let outcome = if attempt == 1 {
            interrupt(&mut child, signal, after, settings.process_limit)
        } else {
            finish(&mut child, settings.process_limit)
        };
        match outcome {
            Outcome::Exited(0) => {
                run.converged = Some(attempt);
                break;
            }
            Outcome::Exited(_) => last_error = stderr_of(&mut child),
            Outcome::Interrupted => run.interrupted = true,
            Outcome::TooLong => {
                run.problem = Some(format!(
                    "apply {attempt} still ran after {:?}",
                    settings.process_limit
                ));
                break;
            }
        }
    }
    let state = running.shared.sim.lock().unwrap().state.clone();
    drop(running);
    if run.converged.is_none() && run.problem.is_none() {
        run.problem = Some(format!(
            "no apply succeeded in {}: {}",
            settings.most_applies,
            last_error.trim()
        ));
    }
    if run.converged.is_some() {
        // The same state, without faults: does Heroku match the files?
        let calm = serve(Sim::with_state(
            Options {
                rate_limit: 1_000_000,
                teams: vec![EXAMPLE_TEAM.to_string()],
                ..Options::default()
            },
            state.clone(),
        ));
        let mut diff = heroin(&calm.url, &["diff", env, "--detailed-exitcode"]);
        let out = diff.stdout(Stdio::piped()).output().expect("heroin diff");
        if out.status.code() != Some(0) {
            run.problem = Some(format!(
                "diff after apply {} exited {:?}:\n{}{}",
                run.converged.unwrap(),
                out.status.code(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
            run.converged = None;
        }
    }
    run.duplicates = duplicates(&state, &declared(repo.path(), env));
    run.tagged = tagged(repo.path(), env);
    run.wall = started.elapsed();
    run
}

/// Whether HEAD carries a tag `heroin/ENV/...`.
fn tagged(dir: &std::path::Path, env: &str) -> bool {
    let repo = git2::Repository::open(dir).expect("the repository");
    let head = repo.head().and_then(|h| h.peel_to_commit()).expect("HEAD");
    let names = repo
        .tag_names(Some(&format!("heroin/{env}/*")))
        .expect("tags");
    (0..names.len())
        .filter_map(|i| names.get(i).ok().flatten())
        .any(|name| {
            repo.revparse_single(&format!("refs/tags/{name}"))
                .and_then(|t| t.peel_to_commit())
                .is_ok_and(|c| c.id() == head.id())
        })
}

enum Outcome {
    Exited(i32),
    Interrupted,
    TooLong,
}

/// Waits `after`, then sends `signal` if the process still runs.
fn interrupt(child: &mut Child, signal: Signal, after: Duration, limit: Duration) -> Outcome {
    let started = Instant::now();
    while started.elapsed() < after {
        if let Some(status) = child.try_wait().expect("wait") {
            return Outcome::Exited(status.code().unwrap_or(-1));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    if let Some(status) = child.try_wait().expect("wait") {
        return Outcome::Exited(status.code().unwrap_or(-1));
    }
    match signal {
        Signal::Kill => child.kill().expect("SIGKILL"),
        other => {
            let sent = Command::new("kill")
                .args(["-s", other.name(), &child.id().to_string()])
                .status()
                .expect("kill(1)");
            assert!(sent.success(), "kill -s {} failed", other.name());
        }
    }
    match finish(child, limit) {
        Outcome::TooLong => Outcome::TooLong,
        _ => Outcome::Interrupted,
    }
}

/// Waits for the process, at most `limit` (then kills it).
fn finish(child: &mut Child, limit: Duration) -> Outcome {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return Outcome::Exited(status.code().unwrap_or(-1));
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Outcome::TooLong;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn stderr_of(child: &mut Child) -> String {
    use std::io::Read;
    let mut err = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut err);
    }
    err
}

/// Whether every run converged, tagged, with nothing twice.
pub fn passed(runs: &[Run]) -> bool {
    runs.iter().all(|r| {
        r.converged.is_some() && r.tagged && r.problem.is_none() && r.duplicates.is_empty()
    })
}

/// The figures per example and environment (time: the sum of the runs'
/// times), and in all (time: the wall clock); then every problem.
pub fn table(runs: &[Run], wall: Duration) -> String {
    let mut groups: BTreeMap<String, Vec<&Run>> = BTreeMap::new();
    for r in runs {
        let example = r.example.rsplit('/').next().unwrap_or(&r.example);
        groups
            .entry(format!("{example} {}", r.env))
            .or_default()
            .push(r);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<26} {:>4} {:>11} {:>13} {:>5} {:>6} {:>5} {:>5} {:>10} {:>8} {:>8}",
        "example env",
        "runs",
        "interrupted",
        "INT/TERM/KILL",
        "first",
        "second",
        "later",
        "never",
        "duplicates",
        "untagged",
        "time (s)"
    );
    let mut row = |label: &str, rs: &[&Run], wall: Duration| {
        let at = |f: &dyn Fn(Option<usize>) -> bool| rs.iter().filter(|r| f(r.converged)).count();
        let _ = writeln!(
            out,
            "{:<26} {:>4} {:>11} {:>13} {:>5} {:>6} {:>5} {:>5} {:>10} {:>8} {:>8.1}",
            label,
            rs.len(),
            rs.iter().filter(|r| r.interrupted).count(),
            {
                let n = |s: Signal| rs.iter().filter(|r| r.interrupted && r.signal == s).count();
                format!("{}/{}/{}", n(Signal::Int), n(Signal::Term), n(Signal::Kill))
            },
            at(&|c| c == Some(1)),
            at(&|c| c == Some(2)),
            at(&|c| c.is_some_and(|n| n > 2)),
            at(&|c| c.is_none()),
            rs.iter().map(|r| r.duplicates.len()).sum::<usize>(),
            rs.iter()
                .filter(|r| r.converged.is_some() && !r.tagged)
                .count(),
            wall.as_secs_f64()
        );
    };
    for (label, rs) in &groups {
        let sum = rs.iter().map(|r| r.wall).sum();
        row(label, rs, sum);
    }
    let all: Vec<&Run> = runs.iter().collect();
    row("all (wall clock)", &all, wall);
    for r in runs {
        let what = r.problem.iter().chain(r.duplicates.iter());
        for p in what {
            let _ = writeln!(
                out,
                "{} {} seed {} (SIG{} at {} ms): {p}",
                r.example,
                r.env,
                r.seed,
                r.signal.name(),
                r.after.as_millis()
            );
        }
    }
    out
}
