//! The CI recipes of docs/ci.md, run: the workflow files it includes
//! (docs/ci/github-actions.yml, docs/ci/gitlab-ci.yml) are parsed as YAML,
//! and their jobs' `run:` steps (GitLab: `before_script` and `script`) are
//! executed with bash, as the runners do, in a temporary git repository made
//! by `heroin init`, with heroin on PATH, against heroku-sim on port 0. The
//! heroin action's steps (action.yml) run where a workflow uses it.
//!
//! The parts that are GitHub or GitLab themselves are stood in for: the
//! checkout is the repository the test made, `${{ ... }}` expressions come
//! from a table (an unknown one fails the test), and `gh` / `curl` (posting
//! the comment) are small scripts that keep what they were given.

mod common;
use common::{ci, sim};

use std::collections::BTreeMap;
use std::path::Path;

use ci::{Runner, yaml};
use heroku_sim::core::Options;
use serde_json::{Value, json};

/// A deploy: a release that declares `web`, so that the formation can be
/// scaled (until then it waits). The app must exist.
fn deploy(running: &heroku_sim::server::Running) {
    let c = sim::client(running, "sim-token");
    let slug = c
        .write(
            "POST",
            "/apps/ci-demo-prod/slugs",
            &json!({"process_types": {"web": "bin/web"}}),
        )
        .unwrap();
    c.write(
        "POST",
        "/apps/ci-demo-prod/releases",
        &json!({"slug": slug["id"]}),
    )
    .unwrap();
}

/// Someone changes the app on Heroku behind heroin's back.
fn drift(running: &heroku_sim::server::Running) {
    sim::client(running, "sim-token")
        .write(
            "PATCH",
            "/apps/ci-demo-prod/config-vars",
            &json!({"LOG_LEVEL": "debug"}),
        )
        .unwrap();
}

fn tags(runner: &Runner, repo: &Path) -> String {
    let out = std::process::Command::new("git")
        .args(["tag", "--list"])
        .current_dir(repo)
        .env_clear()
        .envs(&runner.env)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_github_actions_recipe_validates_plans_applies_and_catches_drift() {
    let running = sim::sim(Options::default());
    let runner = Runner::new(&running.url);
    let workflow = yaml("docs/ci/github-actions.yml");
    assert!(workflow["on"]["schedule"].is_array());

    runner.github_job(&workflow, "validate").success();

    let plan = runner.github_job(&workflow, "plan");
    plan.success();
    let comment = runner.shim_body();
    assert!(
        comment.starts_with("### heroin plan for <code>prod</code>"),
        "{comment}"
    );
    assert!(comment.contains("<details><summary><code>apps.web</code> (ci-demo-prod)"));
    let calls = std::fs::read_to_string(&runner.log).unwrap();
    assert!(
        calls.contains("gh pr comment 7 --body-file plan.md"),
        "{calls}"
    );

    runner.github_job(&workflow, "apply").success();
    let origin = runner.tmp.path().join("origin.git");
    assert!(tags(&runner, &origin).contains("heroin/prod/1"));
    // The formation waited for a deploy; after one, the next apply scales it.
    deploy(&running);
    runner.github_job(&workflow, "plan").success();
    assert!(runner.shim_body().contains("1 to change"));
    runner
        .sh("git commit -q --allow-empty -m deploy", &BTreeMap::new())
        .success();
    runner.github_job(&workflow, "apply").success();
    assert!(tags(&runner, &origin).contains("heroin/prod/2"));

    runner.github_job(&workflow, "plan").success();
    let comment = runner.shim_body();
    assert!(comment.contains("**No changes.**"), "{comment}");

    runner.github_job(&workflow, "drift").success();
    drift(&running);
    let failed = runner.github_job(&workflow, "drift");
    assert_eq!(failed.out.status.code(), Some(2), "{}", failed.describe());
    assert!(failed.stdout().contains("config_vars.LOG_LEVEL"));
}

#[test]
fn the_gitlab_ci_recipe_validates_plans_applies_and_catches_drift() {
    let running = sim::sim(Options::default());
    let runner = Runner::new(&running.url);
    let pipeline = yaml("docs/ci/gitlab-ci.yml");
    assert_eq!(pipeline["stages"], json!(["validate", "plan", "apply"]));

    runner.gitlab_job(&pipeline, "validate").success();

    let plan = runner.gitlab_job(&pipeline, "plan");
    plan.success();
    assert!(
        plan.stdout()
            .contains("### heroin plan for <code>prod</code>")
    );
    let calls = std::fs::read_to_string(&runner.log).unwrap();
    assert!(
        calls.contains("/projects/42/merge_requests/7/notes"),
        "{calls}"
    );
    assert!(runner.shim_body().contains("(ci-demo-prod)"));

    // The push goes to the origin the test made, not to GitLab's URL.
    let mut apply = pipeline.clone();
    let script = apply["apply"]["script"].as_array_mut().unwrap();
    let push = script.pop().unwrap();
    assert!(push.as_str().unwrap().starts_with("git push "));
    script.push(json!("git push origin --tags"));
    runner.gitlab_job(&apply, "apply").success();
    let origin = runner.tmp.path().join("origin.git");
    assert!(tags(&runner, &origin).contains("heroin/prod/1"));

    runner.gitlab_job(&pipeline, "drift").success();
    drift(&running);
    let failed = runner.gitlab_job(&pipeline, "drift");
    assert_eq!(failed.out.status.code(), Some(2), "{}", failed.describe());
}

#[test]
fn the_action_runs_a_command_and_accepts_the_exit_codes_it_is_told() {
    let running = sim::sim(Options::default());
    let runner = Runner::new(&running.url);
    // Installs only (heroin is on PATH: it says which).
    let ran = runner.action(&json!({}));
    ran.success();
    let out = runner.sh(
        "cat \"$HOME/github_output\" 2>/dev/null || true",
        &BTreeMap::new(),
    );
    assert!(!out.stdout().contains("exitcode"));
    runner.action(&json!({"command": "validate"})).success();
    let out = runner.sh("cat \"$HOME/github_output\"", &BTreeMap::new());
    assert!(out.stdout().contains("exitcode=0"), "{}", out.stdout());

    // Changes under --detailed-exitcode: 2, failing unless 2 is accepted.
    let mut with_token = runner;
    with_token
        .env
        .insert("HEROKU_API_KEY".into(), "sim-token".into());
    let failed = with_token.action(&json!({"command": "diff prod --detailed-exitcode"}));
    assert_eq!(failed.out.status.code(), Some(2), "{}", failed.describe());
    with_token
        .action(&json!({"command": "diff prod --detailed-exitcode", "ok-exit-codes": "0 2"}))
        .success();
    let out = with_token.sh("tail -n1 \"$HOME/github_output\"", &BTreeMap::new());
    assert_eq!(out.stdout().trim(), "exitcode=2");
}

#[test]
fn the_pre_commit_hook_of_a_new_project_checks_its_files() {
    let running = sim::sim(Options::default());
    let runner = Runner::new(&running.url);
    let config: Value = serde_saphyr::from_str(
        &std::fs::read_to_string(runner.repo.join(".pre-commit-config.yaml")).unwrap(),
    )
    .unwrap();
    let entry = config["repos"][0]["hooks"][0]["entry"].as_str().unwrap();
    // pre-commit passes the changed files matching `files`.
    runner
        .sh(
            &format!("{entry} heroin.toml heroin.prod.toml"),
            &BTreeMap::new(),
        )
        .success();
    runner
        .sh(
            "printf '[apps.web.formation]\\nweb = -1\\n' >> heroin.prod.toml",
            &BTreeMap::new(),
        )
        .success();
    let failed = runner.sh(&format!("{entry} heroin.prod.toml"), &BTreeMap::new());
    assert_eq!(failed.out.status.code(), Some(1), "{}", failed.describe());
}

#[test]
fn docs_ci_md_holds_the_files_the_tests_run() {
    let doc = std::fs::read_to_string(common::root().join("docs/ci.md")).unwrap();
    for file in [
        "docs/ci/github-actions.yml",
        "docs/ci/gitlab-ci.yml",
        "action.yml",
    ] {
        let text = std::fs::read_to_string(common::root().join(file)).unwrap();
        assert!(
            doc.contains(&format!("```yaml\n{}\n```", text.trim_end())),
            "docs/ci.md does not hold {file} as it is"
        );
    }
}
