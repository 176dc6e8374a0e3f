//! Keys typed before a question is shown do not answer it: pasting `y\ry\r`
//! at the first question answers that one only, and the destructive one
//! after it waits for its own answer. A real pseudo-terminal, keys sent as a
//! terminal sends them.

mod common;
use common::{repo, sim};

use heroku_sim::core::Options;
use repo::{on_terminal, repo_with};
use rexpect::process::wait::WaitStatus;
use serde_json::json;
use sim::{client, sim};

#[test]
fn a_pasted_second_yes_does_not_answer_the_destructive_question() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "rackshop-staging"}))
        .unwrap();
    c.write(
        "PATCH",
        "/apps/rackshop-staging/config-vars",
        &json!({"STRAY_ONE": "1"}),
    )
    .unwrap();
    let dir = repo_with("examples/rack-app");
    let mut p = on_terminal(&running, dir.path(), "apply staging");
    p.exp_string("Apply this plan to staging?").unwrap();
    p.send("y\ry\r").unwrap();
    p.flush().unwrap();
    p.exp_string("remove apps.web.config_vars.STRAY_ONE? [y/N]")
        .unwrap();
    // It waits: the pasted second line was typed before it was asked.
    p.send("n\r").unwrap();
    p.flush().unwrap();
    p.exp_string("1 change declined").unwrap();
    p.exp_eof().unwrap();
    match p.process.wait().unwrap() {
        WaitStatus::Exited(_, code) => assert_eq!(code, 1),
        other => panic!("{other:?}"),
    }
    let state = running.shared.sim.lock().unwrap().state.clone();
    let app = state
        .apps
        .iter()
        .find(|a| a.name == "rackshop-staging")
        .unwrap();
    assert!(
        app.config.contains_key("STRAY_ONE"),
        "kept: it was declined"
    );
}
