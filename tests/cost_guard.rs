//! The guard against expensive typos: apply refuses a plan that raises the
//! monthly cost above the threshold (set in the files' `[cost]` or by
//! flags) unless `--allow-cost-increase`, or the person says yes at the
//! terminal seeing the figures; `--yes` does not answer for it. Against
//! heroku-sim, in a real pseudo-terminal for the questions.

mod common;
use common::{priced, repo, sim};

use heroku_sim::core::Options;
use heroku_sim::server::Running;
use priced::{BASE, COSTLY, seed};
use repo::{on_terminal, repo_of, run};
use rexpect::process::wait::WaitStatus;
use sim::{logged, sim, sim_logging};

const FIGURES: &str = "from $55.00/month to $509.00/month (+$454.00, +825%), more than $100.00 and 50% of the cost now";

/// The web dynos' size on heroku-sim.
fn web_size(running: &Running) -> String {
    let state = running.shared.sim.lock().unwrap().state.clone();
    let app = state
        .apps
        .iter()
        .find(|a| a.name == "cost-web-prod")
        .unwrap();
    let web = app.formation.iter().find(|f| f.kind == "web").unwrap();
    web.size.to_ascii_lowercase()
}

fn writes(log: &std::path::Path) -> Vec<String> {
    logged(log)
        .into_iter()
        .filter(|l| !l.starts_with("GET"))
        .collect()
}

#[test]
fn yes_does_not_answer_for_a_costly_plan_allow_cost_increase_does() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("requests.jsonl");
    let running = sim_logging(Options::default(), Some(&log));
    seed(&running);
    let dir = repo_of(&[("heroin.toml", BASE), ("heroin.prod.toml", COSTLY)]);
    let seeded = writes(&log).len();
    let (code, out, err) = run(&running, dir.path(), &["apply", "prod", "--yes"]);
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(out.contains("Cost: $55.00/month -> $509.00/month"), "{out}");
    assert!(
        err.contains(&format!("the plan raises the monthly cost {FIGURES}")),
        "{err}"
    );
    assert!(err.contains("--allow-cost-increase"), "{err}");
    assert_eq!(writes(&log).len(), seeded, "nothing was written");
    let (code, out, err) = run(
        &running,
        dir.path(),
        &["apply", "prod", "--yes", "--allow-cost-increase"],
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert_eq!(web_size(&running), "performance-m");
    let (code, out, _) = run(&running, dir.path(), &["diff", "prod"]);
    assert_eq!(
        (code, out.trim()),
        (Some(0), "No changes. Heroku matches the files.")
    );
}

#[test]
fn the_threshold_comes_from_the_files_and_the_flag_overrides_them() {
    let running = sim(Options::default());
    seed(&running);
    let prod = format!("[cost]\nmax_increase = 1000\n\n{COSTLY}");
    let dir = repo_of(&[("heroin.toml", BASE), ("heroin.prod.toml", &prod)]);
    let (code, _, err) = run(
        &running,
        dir.path(),
        &["apply", "prod", "--yes", "--max-cost-increase", "200"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("more than $200.00 and 50%"), "{err}");
    let (code, out, err) = run(&running, dir.path(), &["apply", "prod", "--yes"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert_eq!(web_size(&running), "performance-m");
}

#[test]
fn a_negative_threshold_in_the_files_is_an_error_at_its_place() {
    let dir = repo_of(&[
        ("heroin.toml", BASE),
        ("heroin.prod.toml", "[cost]\nmax_increase_percent = -5\n"),
    ]);
    let (code, out, err) = run(&sim(Options::default()), dir.path(), &["validate"]);
    assert_eq!(code, Some(1), "{out}\n{err}");
    // validate reports on stdout.
    assert!(
        out.contains("heroin.prod.toml:2:24: error: cost.max_increase_percent: must be 0 or more"),
        "{out}"
    );
}

fn exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process.wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("heroin did not exit normally: {other:?}"),
    }
}

#[test]
fn at_the_terminal_the_person_declines_the_increase_seeing_the_figures() {
    let running = sim(Options::default());
    seed(&running);
    let dir = repo_of(&[("heroin.toml", BASE), ("heroin.prod.toml", COSTLY)]);
    let mut p = on_terminal(&running, dir.path(), "apply prod");
    p.exp_string("Cost: $55.00/month -> $509.00/month (+$454.00)")
        .unwrap();
    p.exp_string(&format!(
        "This plan raises the monthly cost of prod {FIGURES}. Apply it anyway?"
    ))
    .unwrap();
    p.send("n\r").unwrap();
    p.flush().unwrap();
    p.exp_string("declined: nothing was changed").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 1);
    assert_eq!(web_size(&running), "standard-1x");
}

#[test]
fn at_the_terminal_the_person_accepts_the_increase_then_the_plan() {
    let running = sim(Options::default());
    seed(&running);
    let dir = repo_of(&[("heroin.toml", BASE), ("heroin.prod.toml", COSTLY)]);
    let mut p = on_terminal(&running, dir.path(), "apply prod");
    p.exp_string("Apply it anyway?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Apply this plan to prod?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Tagged heroin/prod/1").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 0);
    assert_eq!(web_size(&running), "performance-m");
}

#[test]
fn a_saved_plan_is_refused_when_the_prices_changed_since_it_was_made() {
    let running = sim(Options::default());
    seed(&running);
    let dir = repo_of(&[("heroin.toml", BASE), ("heroin.prod.toml", COSTLY)]);
    let plan = dir.path().parent().unwrap().join(format!(
        "{}.plan.json",
        dir.path().file_name().unwrap().to_string_lossy()
    ));
    let out = plan.to_str().unwrap();
    let (code, _, err) = run(&running, dir.path(), &["diff", "prod", "--out", out]);
    assert_eq!(code, Some(0), "{err}");
    let apply = [
        "apply",
        "prod",
        "--plan",
        out,
        "--yes",
        "--allow-cost-increase",
    ];
    // Heroku raises the price of the size the plan moves to.
    running
        .shared
        .sim
        .lock()
        .unwrap()
        .state
        .repriced
        .insert("performance-M".into(), 30_000);
    let (code, _, err) = run(&running, dir.path(), &apply);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("the prices changed since the plan"), "{err}");
    assert_eq!(web_size(&running), "standard-1x", "nothing was written");
    // The prices as they were: the same plan applies.
    running.shared.sim.lock().unwrap().state.repriced.clear();
    let (code, _, err) = run(&running, dir.path(), &apply);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(web_size(&running), "performance-m");
}
