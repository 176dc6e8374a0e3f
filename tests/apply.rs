//! `heroin apply` end to end: real temporary git repositories, heroku-sim
//! over HTTP, and a real pseudo-terminal for the prompts.

mod common;
use common::{rack, repo, sim};

use common::fixture;
use heroku_sim::core::Options;
use repo::{commit, on_terminal, repo_with, run};
use serde_json::json;
use sim::{client, logged, sim, sim_logging};

#[test]
fn apply_converges_tags_the_commit_and_records_history() {
    let running = sim(Options {
        provision_ms: 30,
        ..Options::default()
    });
    let dir = repo_with("examples/two-app-product");
    let (code, out, err) = run(
        &running,
        dir.path(),
        &["apply", "staging", "--yes", "--color", "never"],
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert!(out.contains("Plan: "), "{out}");
    assert!(err.contains("Applied [1/"), "{err}");
    assert!(err.contains("Tagged heroin/staging/1"), "{err}");
    let (code, out, _) = run(
        &running,
        dir.path(),
        &["diff", "staging", "--detailed-exitcode"],
    );
    assert_eq!(code, Some(0), "{out}");
    // No release declares the process types yet: their formation waits.
    assert!(
        out.ends_with("Plan: 0 to add, 0 to change, 0 to destroy, 2 waiting.\n"),
        "{out}"
    );

    let repo = git2::Repository::open(dir.path()).unwrap();
    let tag = repo
        .find_reference("refs/tags/heroin/staging/1")
        .unwrap()
        .peel_to_tag()
        .unwrap();
    let message = tag.message().unwrap().unwrap();
    assert!(message.contains("+ app: \"acme-web-staging\""), "{message}");
    assert!(
        message.contains("(sensitive)") && !message.contains("session-demo-secret"),
        "{message}"
    );
    assert!(message.contains("API: 127.0.0.1"), "{message}");
    assert!(!message.contains("sim-token"));
    assert_eq!(
        tag.target_id(),
        repo.head().unwrap().peel_to_commit().unwrap().id()
    );

    // A committed edit, applied again: the next number.
    let base = dir.path().join("heroin.toml");
    let text = std::fs::read_to_string(&base)
        .unwrap()
        .replace("QUEUES = \"mail,reports\"", "QUEUES = \"mail\"");
    std::fs::write(&base, text).unwrap();
    commit(dir.path(), "fewer queues");
    let (code, _, err) = run(&running, dir.path(), &["apply", "staging", "--yes"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("Tagged heroin/staging/2"), "{err}");
    let (code, out, _) = run(&running, dir.path(), &["history", "staging"]);
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("#2 ")
            && lines[0].contains("Dev <dev@example.com>")
            && lines[0].contains("Plan: 0 to add, 1 to change, 0 to destroy, 2 waiting."),
        "{out}"
    );
    let (_, json_out, _) = run(&running, dir.path(), &["history", "staging", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&json_out).unwrap();
    assert_eq!(list[1]["tag"], "heroin/staging/1");

    // Rollback: the files as they were at the first apply.
    let (code, out, _) = run(
        &running,
        dir.path(),
        &[
            "diff",
            "staging",
            "--ref",
            "heroin/staging/1",
            "--color",
            "never",
        ],
    );
    assert_eq!(code, Some(0));
    assert!(
        out.contains("~ config_vars.QUEUES: \"mail\" -> \"mail,reports\""),
        "{out}"
    );
    let (code, _, err) = run(
        &running,
        dir.path(),
        &["apply", "staging", "--yes", "--ref", "heroin/staging/1"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("Tagged heroin/staging/3"), "{err}");
    let first = list[1]["commit"].as_str().unwrap();
    let third = repo
        .find_reference("refs/tags/heroin/staging/3")
        .unwrap()
        .peel_to_tag()
        .unwrap();
    assert_eq!(
        third.target_id().to_string(),
        first,
        "the rollback tags the commit it applied"
    );
    let (code, out, _) = run(
        &running,
        dir.path(),
        &[
            "diff",
            "staging",
            "--ref",
            "heroin/staging/1",
            "--detailed-exitcode",
        ],
    );
    assert_eq!(code, Some(0), "{out}");
    let (code, _, err) = run(
        &running,
        dir.path(),
        &["diff", "staging", "--ref", "no-such-ref"],
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("no-such-ref"), "{err}");
}

#[test]
fn a_dirty_tree_is_refused_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let running = sim_logging(Options::default(), Some(&log));
    let repo = repo_with("examples/two-app-product");
    std::fs::write(
        repo.path().join("heroin.staging.toml"),
        "[apps.web]\nmaintenance = true\n",
    )
    .unwrap();
    let (code, _, err) = run(&running, repo.path(), &["apply", "staging", "--yes"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("uncommitted changes in the configuration directory: heroin.staging.toml"),
        "{err}"
    );
    assert!(err.contains("--allow-dirty"), "{err}");
    assert!(logged(&log).is_empty(), "no request was made");
    let (code, _, err) = run(
        &running,
        repo.path(),
        &["apply", "staging", "--yes", "--allow-dirty"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("Not tagged") && err.contains("uncommitted"),
        "{err}"
    );
}

#[test]
fn without_a_terminal_apply_needs_yes_and_changes_nothing() {
    let running = sim(Options::default());
    let dir = repo_with("examples/two-app-product");
    let (code, _, err) = run(&running, dir.path(), &["apply", "staging"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("apply needs a terminal"), "{err}");
    assert!(running.shared.sim.lock().unwrap().state.apps.is_empty());
}

#[test]
fn data_loss_and_mass_removal_need_their_own_flags() {
    let running = sim(Options::default());
    rack::seed_stale_vars(&running);
    let dir = repo_with("examples/rack-app");
    let (code, _, err) = run(&running, dir.path(), &["apply", "prod", "--yes"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("the plan removes too much at once: apps.web.config_vars: removes 8 of 8"),
        "{err}"
    );
    let (code, _, err) = run(&running, dir.path(), &["apply", "prod", "--yes", "--force"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("the plan loses data: destroys postgresql-")
            && err.contains("--allow-data-loss"),
        "{err}"
    );
    let db_before = running.shared.sim.lock().unwrap().state.addons.len();
    assert_eq!(db_before, 1, "nothing was changed");
    let (code, out, err) = run(
        &running,
        dir.path(),
        &["apply", "prod", "--yes", "--force", "--allow-data-loss"],
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
    let (code, out, _) = run(
        &running,
        dir.path(),
        &["diff", "prod", "--detailed-exitcode"],
    );
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn outside_git_apply_is_refused_unless_allow_dirty_and_then_untagged() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let running = sim_logging(Options::default(), Some(&log));
    let files = tempfile::tempdir().unwrap();
    for name in ["heroin.toml", "heroin.staging.toml"] {
        std::fs::copy(
            fixture("examples/rack-app").join(name),
            files.path().join(name),
        )
        .unwrap();
    }
    let (code, _, err) = run(&running, files.path(), &["apply", "staging", "--yes"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("is not in a git repository: there is no history to record this apply in")
            && err.contains("--allow-dirty"),
        "{err}"
    );
    assert!(logged(&log).is_empty(), "no request was made");
    let (code, _, err) = run(
        &running,
        files.path(),
        &["apply", "staging", "--yes", "--allow-dirty"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("Not tagged the configuration directory is not in a git repository"),
        "{err}"
    );
}

#[test]
fn prompts_on_a_terminal_accept_skip_and_check_the_typed_name() {
    let running = sim(Options::default());
    rack::seed_stale_vars(&running);
    let c = client(&running, "sim-token");
    // Fewer stray vars than the safety share, so only the prompts decide.
    let vars: serde_json::Map<String, serde_json::Value> = (0..8)
        .map(|i| (format!("OLD_{i}"), serde_json::Value::Null))
        .collect();
    c.write(
        "PATCH",
        "/apps/rackshop-prod/config-vars",
        &serde_json::Value::Object(vars),
    )
    .unwrap();
    c.write(
        "PATCH",
        "/apps/rackshop-prod/config-vars",
        &json!({"STRAY": "1"}),
    )
    .unwrap();
    let dir = repo_with("examples/rack-app");
    let mut p = on_terminal(&running, dir.path(), "apply prod");
    p.exp_string("Apply this plan to prod?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    // The database replacement loses data: confirm, then type a wrong name.
    p.exp_string("replace apps.web.addons.postgres?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    p.exp_string("to destroy it and its data").unwrap();
    p.send_line("not-the-name").unwrap();
    p.flush().unwrap();
    p.exp_string("The name does not match: skipped.").unwrap();
    // The stray config var removal: accepted.
    p.exp_string("remove apps.web.config_vars.STRAY?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    // What was declined still differs: no tag, exit 1.
    p.exp_string(
        "Heroku does not match the files yet: 1 change declined (apps.web.addons.postgres)",
    )
    .unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(!rest.contains("Tagged"), "{rest}");
    assert!(matches!(
        p.process.wait().unwrap(),
        rexpect::process::wait::WaitStatus::Exited(_, 1)
    ));
    let repo = git2::Repository::open(dir.path()).unwrap();
    assert!(repo.tag_names(None).unwrap().is_empty());
    let (code, _, err) = run(&running, dir.path(), &["history", "prod"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("nothing has been applied to prod"), "{err}");
    let state = running.shared.sim.lock().unwrap().state.clone();
    let db = state
        .addons
        .iter()
        .find(|a| a.service == "heroku-postgresql")
        .unwrap();
    assert_eq!(
        db.plan, "essential-0",
        "the declined replacement did not happen"
    );
    let app = state
        .apps
        .iter()
        .find(|a| a.name == "rackshop-prod")
        .unwrap();
    assert!(!app.config.contains_key("STRAY"));
}

#[test]
fn declining_the_plan_changes_nothing() {
    let running = sim(Options::default());
    let dir = repo_with("examples/rack-app");
    let mut p = on_terminal(&running, dir.path(), "apply staging");
    p.exp_string("Apply this plan to staging?").unwrap();
    p.send("n\r").unwrap();
    p.flush().unwrap();
    p.exp_string("declined: nothing was changed").unwrap();
    p.exp_eof().unwrap();
    assert!(running.shared.sim.lock().unwrap().state.apps.is_empty());
}

#[test]
fn declining_one_destructive_change_skips_it_and_leaves_the_apply_untagged() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "rackshop-staging"}))
        .unwrap();
    c.write(
        "PATCH",
        "/apps/rackshop-staging/config-vars",
        &json!({"STRAY_ONE": "1", "STRAY_TWO": "2"}),
    )
    .unwrap();
    let dir = repo_with("examples/rack-app");
    let mut p = on_terminal(&running, dir.path(), "apply staging");
    p.exp_string("Apply this plan to staging?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    p.exp_string("remove apps.web.config_vars.STRAY_ONE?")
        .unwrap();
    p.send("n\r").unwrap();
    p.flush().unwrap();
    p.exp_string("remove apps.web.config_vars.STRAY_TWO?")
        .unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    p.exp_string(
        "Heroku does not match the files yet: 1 change declined (apps.web.config_vars.STRAY_ONE)",
    )
    .unwrap();
    p.exp_eof().unwrap();
    assert!(matches!(
        p.process.wait().unwrap(),
        rexpect::process::wait::WaitStatus::Exited(_, 1)
    ));
    let state = running.shared.sim.lock().unwrap().state.clone();
    let app = state
        .apps
        .iter()
        .find(|a| a.name == "rackshop-staging")
        .unwrap();
    assert!(app.config.contains_key("STRAY_ONE"), "declined: kept");
    assert!(!app.config.contains_key("STRAY_TWO"), "accepted: removed");
    assert!(app.config.contains_key("RACK_ENV"), "the rest was applied");
    let repo = git2::Repository::open(dir.path()).unwrap();
    assert!(repo.tag_names(None).unwrap().is_empty());
    let (_, out, _) = run(&running, dir.path(), &["history", "staging", "--json"]);
    assert_eq!(out.trim(), "[]", "an untagged apply is no history");

    // --no-tag is honoured on an apply that converges.
    let (code, _, err) = run(
        &running,
        dir.path(),
        &["apply", "staging", "--yes", "--no-tag"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("Not tagged --no-tag"), "{err}");
    assert!(repo.tag_names(None).unwrap().is_empty());
}

#[test]
fn a_plan_change_heroku_refuses_is_offered_as_a_replacement() {
    let running = sim(Options {
        refuse_plan_changes: vec!["heroku-redis".into()],
        ..Options::default()
    });
    let added = rack::with_addons(
        &running,
        &[
            ("heroku-postgresql:standard-0", Some("DATABASE")),
            ("heroku-redis:mini", None),
        ],
    );
    let redis = added[1]["name"].as_str().unwrap().to_string();
    let dir = repo_with("examples/rack-app");

    // Without a terminal to ask: stop, saying how to go on.
    let (code, _, err) = run(&running, dir.path(), &["apply", "prod", "--yes"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("heroku-redis does not support changing plans"),
        "{err}"
    );
    assert!(
        err.contains("without --yes, to replace the add-on instead"),
        "{err}"
    );

    let mut p = on_terminal(&running, dir.path(), "apply prod");
    p.exp_string("Apply this plan to prod?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Heroku refused to change").unwrap();
    p.exp_string("Replace it instead?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    p.exp_string("to destroy it and its data").unwrap();
    p.send_line(&redis).unwrap();
    p.flush().unwrap();
    p.exp_string("Tagged heroin/prod/1").unwrap();
    p.exp_eof().unwrap();
    let state = running.shared.sim.lock().unwrap().state.clone();
    let plans: Vec<&str> = state
        .addons
        .iter()
        .filter(|a| a.service == "heroku-redis")
        .map(|a| a.plan.as_str())
        .collect();
    assert_eq!(
        plans,
        ["premium-0"],
        "replaced under the same attachment name"
    );
    assert!(state.attachments.iter().any(|a| a.name == "REDIS"));
}

#[test]
fn the_tag_never_holds_a_secret_even_when_the_plan_was_shown_with_them() {
    let running = sim(Options::default());
    let dir = repo_with("examples/two-app-product");
    let (code, out, err) = run(
        &running,
        dir.path(),
        &[
            "apply",
            "staging",
            "--yes",
            "--show-secrets",
            "--color",
            "never",
        ],
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert!(out.contains("session-demo-secret"), "shown as asked: {out}");
    let message = tag_message(dir.path(), "heroin/staging/1");
    assert!(message.contains("(sensitive)"), "{message}");
    assert!(!message.contains("session-demo-secret"), "{message}");
}

/// The message of the tag `name` in the repository at `dir`.
fn tag_message(dir: &std::path::Path, name: &str) -> String {
    let repo = git2::Repository::open(dir).unwrap();
    let tag = repo
        .find_reference(&format!("refs/tags/{name}"))
        .unwrap()
        .peel_to_tag()
        .unwrap();
    tag.message().unwrap().unwrap().to_string()
}
