//! A signal while `heroin apply` sends its steps (no question waiting): the
//! step in flight is finished or abandoned before it is sent, then heroin
//! says what was applied and what was not attempted, exits 130 (SIGINT) or
//! 143 (SIGTERM) and tags nothing; applying again finishes the job, with
//! nothing created twice. Run in a real pseudo-terminal, against a
//! heroku-sim that keeps add-ons provisioning so the signal lands mid-apply.

#![cfg(unix)]

mod common;
use common::{repo, sim};

use std::time::{Duration, Instant};

use heroku_sim::core::Options;
use heroku_sim::server::Running;
use repo::{on_terminal, repo_with, run};
use rexpect::process::wait::WaitStatus;
use rexpect::session::PtySession;
use sim::sim;

/// How many add-ons the simulator holds.
fn addons(running: &Running) -> usize {
    running.shared.sim.lock().unwrap().state.addons.len()
}

/// Starts `apply staging --yes` on a terminal and waits until its first
/// add-on has been created (and is provisioning: heroin waits for it).
fn apply_until_an_addon_provisions(running: &Running, dir: &std::path::Path) -> PtySession {
    apply_until_addons(running, dir, 1)
}

/// Starts `apply staging --yes` on a terminal and waits until `n` add-ons
/// have been created.
fn apply_until_addons(running: &Running, dir: &std::path::Path, n: usize) -> PtySession {
    let p = on_terminal(running, dir, "apply staging --yes");
    let started = Instant::now();
    while addons(running) < n {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no add-on created"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    p
}

fn exit_code(p: &PtySession) -> i32 {
    match p.process.wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("heroin did not exit normally: {other:?}"),
    }
}

/// What the stopped apply said, checked, and that applying again converges.
fn check_report_then_converge(running: &Running, dir: &std::path::Path, said: &str) {
    assert!(
        said.contains("step(s) were applied (above)") && said.contains("not tagged"),
        "{said}"
    );
    assert!(
        said.contains("  applied: create app rackshop-staging"),
        "{said}"
    );
    assert!(said.contains("  not attempted: "), "{said}");
    assert!(
        said.contains("run `heroin apply` again to finish the job"),
        "{said}"
    );
    assert!(!said.contains("Tagged"), "{said}");
    let repo = git2::Repository::open(dir).unwrap();
    assert!(repo.tag_names(None).unwrap().is_empty());
    let (code, _, err) = run(running, dir, &["apply", "staging", "--yes"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("Tagged heroin/staging/1"), "{err}");
    let state = running.shared.sim.lock().unwrap().state.clone();
    assert_eq!(state.apps.len(), 1);
    assert_eq!(state.addons.len(), 2, "nothing created twice");
    let (code, out, err) = run(running, dir, &["diff", "staging", "--detailed-exitcode"]);
    assert_eq!(code, Some(0), "{out}{err}");
}

#[test]
fn ctrl_c_while_steps_are_applied_says_what_was_applied_and_exits_130() {
    let running = sim(Options {
        provision_ms: 1500,
        ..Options::default()
    });
    let dir = repo_with("examples/rack-app");
    let mut p = apply_until_an_addon_provisions(&running, dir.path());
    p.send_control('c').unwrap();
    p.exp_string("interrupted: ").unwrap();
    let said = p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 130, "{said}");
    assert!(
        said.contains("(sent; Heroku may still be provisioning it)"),
        "the add-on in flight is named: {said}"
    );
    // The wait was abandoned: only the add-on in flight was created.
    assert_eq!(addons(&running), 1, "{said}");
    check_report_then_converge(&running, dir.path(), &said);
}

#[test]
fn sigterm_while_steps_are_applied_says_what_was_applied_and_exits_143() {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    let running = sim(Options {
        provision_ms: 1500,
        ..Options::default()
    });
    let dir = repo_with("examples/rack-app");
    let mut p = apply_until_an_addon_provisions(&running, dir.path());
    kill(Pid::from_raw(p.process.child_pid.as_raw()), Signal::SIGTERM).unwrap();
    p.exp_string("terminated: ").unwrap();
    let said = p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 143, "{said}");
    assert_eq!(addons(&running), 1, "{said}");
    check_report_then_converge(&running, dir.path(), &said);
}

#[test]
fn an_add_on_left_provisioning_is_awaited_before_the_next_apply_tags() {
    use heroku_sim::state::AddonState;
    let running = sim(Options {
        provision_ms: 3000,
        ..Options::default()
    });
    let dir = repo_with("examples/rack-app");
    // Stopped while the last add-on is provisioning: the next apply finds
    // it there, with its plan, but not finished.
    let mut p = apply_until_addons(&running, dir.path(), 2);
    p.send_control('c').unwrap();
    p.exp_string("interrupted: ").unwrap();
    let said = p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 130, "{said}");
    let provisioning = |running: &Running| {
        let state = running.shared.sim.lock().unwrap().state.clone();
        state
            .addons
            .iter()
            .filter(|a| a.state == AddonState::Provisioning)
            .count()
    };
    assert!(provisioning(&running) > 0, "{said}");
    let (code, _, err) = run(&running, dir.path(), &["apply", "staging", "--yes"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("Tagged heroin/staging/1"), "{err}");
    // Tagged only once Heroku showed every add-on provisioned (the
    // simulator moves an add-on on only when it is asked about it).
    assert_eq!(
        provisioning(&running),
        0,
        "tagged while provisioning: {err}"
    );
    assert!(err.contains("is provisioned"), "{err}");
    assert_eq!(addons(&running), 2, "nothing created twice");
}

#[test]
fn with_nothing_to_change_an_add_on_still_provisioning_is_awaited_before_the_tag() {
    use heroku_sim::state::AddonState;
    let running = sim(Options::default());
    let dir = repo_with("examples/rack-app");
    let (code, _, err) = run(
        &running,
        dir.path(),
        &["apply", "staging", "--yes", "--no-tag"],
    );
    assert_eq!(code, Some(0), "{err}");
    // Heroku matches the files, untagged, but one add-on is still being
    // provisioned (for 1.5 s more), as an apply stopped while waiting for
    // it leaves it.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    {
        let mut sim = running.shared.sim.lock().unwrap();
        let addon = &mut sim.state.addons[0];
        addon.state = AddonState::Provisioning;
        addon.ready_at = Some(now + 1500);
    }
    let (code, out, err) = run(&running, dir.path(), &["apply", "staging", "--yes"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("0 to add, 0 to change, 0 to destroy"), "{out}");
    assert!(
        err.contains("is provisioned") && err.contains("Tagged heroin/staging/1"),
        "{err}"
    );
    let state = running.shared.sim.lock().unwrap().state.clone();
    assert!(
        state
            .addons
            .iter()
            .all(|a| a.state == AddonState::Provisioned),
        "tagged while provisioning: {err}"
    );
}
