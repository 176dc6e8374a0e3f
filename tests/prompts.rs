//! The questions `heroin apply` asks, in a real pseudo-terminal, with keys
//! sent as a terminal sends them (`\r` for Enter, Ctrl-C, Ctrl-D).

mod common;
use common::{rack, repo, sim};

use heroku_sim::core::Options;
use heroku_sim::server::Running;
use repo::{on_terminal, repo_with};
use rexpect::process::wait::WaitStatus;
use rexpect::session::PtySession;
use serde_json::json;
use sim::{client, sim};

/// `rackshop-staging` with two config vars the files do not have.
fn staging_with_strays(running: &Running) {
    let c = client(running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "rackshop-staging"}))
        .unwrap();
    c.write(
        "PATCH",
        "/apps/rackshop-staging/config-vars",
        &json!({"STRAY_ONE": "1", "STRAY_TWO": "2"}),
    )
    .unwrap();
}

fn config(running: &Running, app: &str) -> std::collections::BTreeMap<String, String> {
    let state = running.shared.sim.lock().unwrap().state.clone();
    let app = state.apps.iter().find(|a| a.name == app).unwrap();
    app.config
        .iter()
        .map(|(k, v)| (k.clone(), v.to_string()))
        .collect()
}

/// The exit code, once the process has ended.
fn exit_code(p: &PtySession) -> i32 {
    match p.process.wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("heroin did not exit normally: {other:?}"),
    }
}

#[test]
fn y_then_enter_answers_the_first_question_only() {
    let running = sim(Options::default());
    staging_with_strays(&running);
    let dir = repo_with("examples/rack-app");
    let mut p = on_terminal(&running, dir.path(), "apply staging");
    p.exp_string("Apply this plan to staging?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    // The Enter after `y` must not answer this one: it waits for its own.
    p.exp_string("remove apps.web.config_vars.STRAY_ONE?")
        .unwrap();
    p.send("yes\r").unwrap();
    p.flush().unwrap();
    p.exp_string("remove apps.web.config_vars.STRAY_TWO? [y/N]")
        .unwrap();
    // Not an answer: asked again.
    p.send("yep\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Please answer yes or no").unwrap();
    p.exp_string("remove apps.web.config_vars.STRAY_TWO? [y/N]")
        .unwrap();
    p.send("Y\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Tagged heroin/staging/1").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 0);
    let vars = config(&running, "rackshop-staging");
    assert!(
        !vars.contains_key("STRAY_ONE") && !vars.contains_key("STRAY_TWO"),
        "{vars:?}"
    );
}

#[test]
fn ctrl_c_at_a_prompt_restores_the_terminal_changes_nothing_and_exits_130() {
    let running = sim(Options::default());
    staging_with_strays(&running);
    let dir = repo_with("examples/rack-app");
    let mut p = on_terminal(&running, dir.path(), "apply staging");
    let mut seen = p.exp_string("Apply this plan to staging?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    seen += &p
        .exp_string("remove apps.web.config_vars.STRAY_ONE?")
        .unwrap();
    p.send_control('c').unwrap();
    seen += &p.exp_string("interrupted: nothing was changed").unwrap();
    seen += &p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 130);
    // The cursor is made visible on the way out (whatever hid it: a
    // spinner, a prompt library), and nothing hides it again.
    let hidden = seen.rfind("\x1b[?25l");
    let shown = seen.rfind("\x1b[?25h");
    assert!(shown.is_some(), "the cursor is not shown again: {seen:?}");
    assert!(hidden.is_none() || shown > hidden, "{seen:?}");
    assert!(!seen.contains("Tagged"), "{seen}");
    let vars = config(&running, "rackshop-staging");
    assert!(vars.contains_key("STRAY_ONE") && vars.contains_key("STRAY_TWO"));
    assert!(!vars.contains_key("RACK_ENV"), "nothing was applied");
}

#[test]
fn end_of_input_at_a_prompt_is_no() {
    let running = sim(Options::default());
    let dir = repo_with("examples/rack-app");
    let mut p = on_terminal(&running, dir.path(), "apply staging");
    p.exp_string("Apply this plan to staging?").unwrap();
    p.send_control('d').unwrap();
    p.exp_string("declined: nothing was changed").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 1);
    assert!(running.shared.sim.lock().unwrap().state.apps.is_empty());
}

#[test]
fn ctrl_c_after_some_steps_says_what_was_applied() {
    let running = sim(Options {
        refuse_plan_changes: vec!["heroku-redis".into()],
        ..Options::default()
    });
    rack::with_addons(
        &running,
        &[
            ("heroku-postgresql:standard-0", Some("DATABASE")),
            ("heroku-redis:mini", None),
        ],
    );
    let dir = repo_with("examples/rack-app");
    let mut p = on_terminal(&running, dir.path(), "apply prod");
    p.exp_string("Apply this plan to prod?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Replace it instead?").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("interrupted: ").unwrap();
    let said = p.exp_eof().unwrap();
    assert!(
        said.contains("step(s) were applied (above)") && said.contains("not tagged"),
        "{said}"
    );
    assert_eq!(exit_code(&p), 130);
    let repo = git2::Repository::open(dir.path()).unwrap();
    assert!(repo.tag_names(None).unwrap().is_empty());
}
