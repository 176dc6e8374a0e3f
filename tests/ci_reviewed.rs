//! The reviewed-plan recipes of docs/ci.md, run (as tests/ci_recipes.rs runs
//! the others): the plan job saves the plan as an artifact, the apply job
//! after the merge applies exactly that plan, and refuses it, changing
//! nothing, when someone changed the app on Heroku between the two jobs, or
//! the artifact on its way.
//! GitHub's and GitLab's own parts are stood in for: the artifact store is a
//! directory, `gh run list` / `gh run download` and GitLab's API (`curl`)
//! are scripts that serve from it.

mod common;
use common::{ci, sim};

use std::collections::BTreeMap;
use std::path::Path;

use ci::{Runner, yaml};
use heroku_sim::core::Options;
use heroku_sim::server::Running;
use serde_json::json;

/// `gh`: `run list` names a run, `run download RUN --name NAME` copies the
/// artifact NAME into the working directory; everything is logged.
const GH: &str = r#"#!/bin/sh
echo "gh $*" >> "$SHIM_LOG"
case "$1 $2" in
  "run list") echo 4242 ;;
  "run download")
    prev=""; name=""
    for a in "$@"; do [ "$prev" = "--name" ] && name="$a"; prev="$a"; done
    cp "$ARTIFACTS/$name/"* . ;;
esac
"#;

/// `curl` against GitLab's API: the merge requests of a commit, and a job's
/// artifact file (`--output FILE`); everything is logged.
const CURL: &str = r#"#!/bin/sh
echo "curl $*" >> "$SHIM_LOG"
prev=""; out=""; url=""
for a in "$@"; do [ "$prev" = "--output" ] && out="$a"; url="$a"; prev="$a"; done
case "$url" in
  */repository/commits/*/merge_requests) echo '[{"iid": 7}]' ;;
  */jobs/artifacts/refs%2Fmerge-requests%2F7%2Fhead/raw/plan.json?job=plan) cp "$ARTIFACTS/plan/plan.json" "$out" ;;
  *) exit 22 ;;
esac
"#;

fn runner(running: &Running) -> Runner {
    let mut runner = Runner::new(&running.url);
    let artifacts = runner.artifacts();
    runner
        .env
        .insert("ARTIFACTS".into(), artifacts.display().to_string());
    for (k, v) in [
        ("github.event.pull_request.merge_commit_sha", "HEAD"),
        ("github.event.pull_request.head.sha", "0123abc"),
    ] {
        runner.expressions.insert(k.into(), v.into());
    }
    runner.stand_in("gh", GH);
    runner.stand_in("curl", CURL);
    runner
}

/// A pull request: LOG_LEVEL goes from warn to info, committed.
fn change(runner: &Runner) {
    runner
        .sh(
            "sed -i 's/^LOG_LEVEL = \"warn\"/LOG_LEVEL = \"info\"/' heroin.prod.toml && git -c user.name=Dev -c user.email=dev@example.com commit -qam info",
            &BTreeMap::new(),
        )
        .success();
}

/// Someone changes the app on Heroku behind heroin's back.
fn by_hand(running: &Running) {
    sim::client(running, "sim-token")
        .write(
            "PATCH",
            "/apps/ci-demo-prod/config-vars",
            &json!({"LOG_LEVEL": "debug"}),
        )
        .unwrap();
}

fn tags(origin: &Path) -> String {
    let out = std::process::Command::new("git")
        .args(["tag", "--list"])
        .current_dir(origin)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn config_var(running: &Running, name: &str) -> Option<String> {
    let c = sim::client(running, "sim-token");
    let vars = c.get("/apps/ci-demo-prod/config-vars").ok()?;
    vars[name].as_str().map(str::to_string)
}

#[test]
fn the_github_recipe_applies_the_reviewed_plan_and_refuses_one_heroku_moved_under() {
    let running = sim::sim(Options::default());
    let runner = runner(&running);
    let workflow = yaml("docs/ci/github-reviewed.yml");
    let origin = runner.tmp.path().join("origin.git");

    let plan = runner.github_job(&workflow, "plan");
    plan.success();
    assert!(
        plan.stdout().contains("heroin plans these changes to prod"),
        "{}",
        plan.describe()
    );
    assert!(
        runner
            .artifacts()
            .join("heroin-plan-prod/plan.json")
            .exists()
    );
    let applied = runner.github_job(&workflow, "apply");
    applied.success();
    assert!(
        applied
            .stdout()
            .contains("heroin plans these changes to prod"),
        "{}",
        applied.describe()
    );
    assert!(tags(&origin).contains("heroin/prod/1"));
    let calls = std::fs::read_to_string(&runner.log).unwrap();
    assert!(
        calls.contains("gh run download 4242 --name heroin-plan-prod"),
        "{calls}"
    );

    // The next pull request is planned; then someone changes the app.
    change(&runner);
    runner.github_job(&workflow, "plan").success();
    by_hand(&running);
    let refused = runner.github_job(&workflow, "apply");
    assert_eq!(refused.out.status.code(), Some(1), "{}", refused.describe());
    let err = String::from_utf8_lossy(&refused.out.stderr);
    assert!(
        err.contains(
            "config_vars.LOG_LEVEL on ci-demo-prod changed on Heroku since the plan: \"warn\" -> \"debug\""
        ),
        "{err}"
    );
    assert!(err.contains("hint: plan again"), "{err}");
    assert_eq!(
        config_var(&running, "LOG_LEVEL").as_deref(),
        Some("debug"),
        "nothing was applied"
    );
    assert!(!tags(&origin).contains("heroin/prod/2"));

    // Planned again, then the artifact is replaced by an edited plan on its
    // way to the apply job: refused, nothing applied.
    runner.github_job(&workflow, "plan").success();
    let artifact = runner.artifacts().join("heroin-plan-prod/plan.json");
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&artifact).unwrap()).unwrap();
    file["steps"][0]["step"] = serde_json::from_str(
        &file["steps"][0]["step"]
            .to_string()
            .replace("\"info\"", "\"trace\""),
    )
    .unwrap();
    std::fs::write(&artifact, file.to_string()).unwrap();
    let refused = runner.github_job(&workflow, "apply");
    assert_eq!(refused.out.status.code(), Some(1), "{}", refused.describe());
    let err = String::from_utf8_lossy(&refused.out.stderr);
    assert!(err.contains("the file is not as heroin wrote it"), "{err}");
    assert_eq!(config_var(&running, "LOG_LEVEL").as_deref(), Some("debug"));

    // Planned again and reviewed, it is applied.
    runner.github_job(&workflow, "plan").success();
    runner.github_job(&workflow, "apply").success();
    assert_eq!(config_var(&running, "LOG_LEVEL").as_deref(), Some("info"));
    assert!(tags(&origin).contains("heroin/prod/2"));
}

#[test]
fn the_gitlab_recipe_applies_the_reviewed_plan_and_refuses_one_heroku_moved_under() {
    let running = sim::sim(Options::default());
    let runner = runner(&running);
    let mut pipeline = yaml("docs/ci/gitlab-reviewed.yml");
    assert_eq!(pipeline["plan"]["artifacts"]["paths"], json!(["plan.json"]));
    // The push goes to the origin the test made, not to GitLab's URL.
    let script = pipeline["apply"]["script"].as_array_mut().unwrap();
    let push = script.pop().unwrap();
    assert!(push.as_str().unwrap().starts_with("git push "));
    script.push(json!("git push origin --tags"));
    let origin = runner.tmp.path().join("origin.git");
    // GitLab keeps the plan job's `artifacts: paths`.
    let plan = |runner: &Runner| {
        let ran = runner.gitlab_job(&pipeline, "plan");
        ran.success();
        runner.upload(&json!({"name": "plan", "path": "plan.json"}));
        ran.stdout()
    };

    assert!(plan(&runner).contains("heroin plans these changes to prod"));
    runner.gitlab_job(&pipeline, "apply").success();
    assert!(tags(&origin).contains("heroin/prod/1"));

    change(&runner);
    plan(&runner);
    by_hand(&running);
    let refused = runner.gitlab_job(&pipeline, "apply");
    assert_eq!(refused.out.status.code(), Some(1), "{}", refused.describe());
    let err = String::from_utf8_lossy(&refused.out.stderr);
    assert!(
        err.contains("config_vars.LOG_LEVEL on ci-demo-prod changed on Heroku since the plan: \"warn\" -> \"debug\""),
        "{err}"
    );
    assert_eq!(config_var(&running, "LOG_LEVEL").as_deref(), Some("debug"));

    plan(&runner);
    runner.gitlab_job(&pipeline, "apply").success();
    assert_eq!(config_var(&running, "LOG_LEVEL").as_deref(), Some("info"));
    assert!(tags(&origin).contains("heroin/prod/2"));
}
