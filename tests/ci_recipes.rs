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
#[path = "common/sim.rs"]
mod sim;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use heroku_sim::core::Options;
use serde_json::{Value, json};

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(common::root().join(path)).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Where the recipes run: the repository, PATH, and the variables every
/// step sees.
struct Runner {
    repo: PathBuf,
    env: BTreeMap<String, String>,
    /// What `${{ ... }}` stands for.
    expressions: BTreeMap<String, String>,
    /// Where the stand-ins for `gh` and `curl` leave what they got.
    log: PathBuf,
    _tmp: tempfile::TempDir,
}

const SHIM: &str = r#"#!/bin/sh
# Keeps its arguments, and the file a --body-file or --data-urlencode body@ names.
echo "$(basename "$0") $*" >> "$SHIM_LOG"
prev=""
for a in "$@"; do
  case "$prev" in --body-file) cat "$a" >> "$SHIM_LOG.body" ;; esac
  case "$a" in body@*) cat "${a#body@}" >> "$SHIM_LOG.body" ;; esac
  prev="$a"
done
"#;

impl Runner {
    fn new(api: &str) -> Runner {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        let shims = tmp.path().join("shims");
        std::fs::create_dir_all(&shims).unwrap();
        for name in ["gh", "curl"] {
            let p = shims.join(name);
            std::fs::write(&p, SHIM).unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let bin = assert_cmd::cargo::cargo_bin("heroin");
        let path = format!(
            "{}:{}:/usr/local/bin:/usr/bin:/bin",
            bin.parent().unwrap().display(),
            shims.display()
        );
        let log = tmp.path().join("shim.log");
        let env: BTreeMap<String, String> = [
            ("PATH", path.as_str()),
            ("HOME", tmp.path().to_str().unwrap()),
            ("NO_COLOR", "1"),
            ("CI", "true"),
            ("HEROKU_HOST", api),
            ("SHIM_LOG", log.to_str().unwrap()),
            ("GIT_CONFIG_NOSYSTEM", "1"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let expressions: BTreeMap<String, String> = [
            ("secrets.HEROKU_API_KEY", "sim-token"),
            ("github.token", "gh-token"),
            ("github.event.pull_request.number", "7"),
            ("github.action_path", common::root().to_str().unwrap()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let runner = Runner {
            repo,
            env,
            expressions,
            log,
            _tmp: tmp,
        };
        // The repository: a project from `heroin init`, committed, with an
        // origin to push tags to.
        let origin = runner._tmp.path().join("origin.git");
        runner
            .sh(
                &format!(
                    "heroin -C {repo} init --envs prod --name ci-demo\n\
             cd {repo} && git init -q -b main && git add . \
             && git -c user.name=Dev -c user.email=dev@example.com commit -qm start\n\
             git init -q --bare {origin} && git remote add origin {origin}",
                    repo = runner.repo.display(),
                    origin = origin.display()
                ),
                &BTreeMap::new(),
            )
            .success();
        runner
    }

    /// `${{ name }}` replaced from the table (or from `inputs`).
    fn resolve(&self, value: &str, inputs: &BTreeMap<String, String>) -> String {
        let mut out = value.to_string();
        while let Some(start) = out.find("${{") {
            let end = out[start..].find("}}").unwrap() + start;
            let name = out[start + 3..end].trim().to_string();
            let v = match name.strip_prefix("inputs.") {
                Some(input) => inputs
                    .get(input)
                    .unwrap_or_else(|| panic!("no input {input}"))
                    .clone(),
                None => self
                    .expressions
                    .get(&name)
                    .unwrap_or_else(|| panic!("unknown expression {name}"))
                    .clone(),
            };
            out.replace_range(start..end + 2, &v);
        }
        out
    }

    /// Runs `script` as a runner's bash does (`-eo pipefail`), in the
    /// repository (or `dir`), with `env` on top of the common variables.
    fn sh(&self, script: &str, env: &BTreeMap<String, String>) -> Ran {
        self.sh_in(&self.repo.clone(), script, env)
    }

    fn sh_in(&self, dir: &Path, script: &str, env: &BTreeMap<String, String>) -> Ran {
        let dir = if dir.exists() {
            dir.to_path_buf()
        } else {
            self._tmp.path().to_path_buf()
        };
        let out = std::process::Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(dir)
            .env_clear()
            .envs(&self.env)
            .envs(env)
            .output()
            .unwrap();
        Ran {
            script: script.to_string(),
            out,
        }
    }

    /// Runs a GitHub Actions job's steps in order; the first failing step
    /// ends it. Returns the last step run.
    fn github_job(&self, workflow: &Value, job: &str) -> Ran {
        let steps = workflow["jobs"][job]["steps"]
            .as_array()
            .unwrap_or_else(|| panic!("no job {job}"));
        let mut last = None;
        for step in steps {
            let ran = if let Some(uses) = step["uses"].as_str() {
                if uses.starts_with("actions/checkout@") {
                    continue; // the repository is checked out already
                }
                assert_eq!(uses, "OWNER/heroin@v0.1.0", "{job}: unknown action");
                self.action(&step["with"])
            } else {
                let env = self.env_of(&step["env"], &BTreeMap::new());
                self.sh(step["run"].as_str().expect("a run step"), &env)
            };
            let ok = ran.out.status.success();
            last = Some(ran);
            if !ok {
                break;
            }
        }
        last.expect("the job ran a step")
    }

    fn env_of(&self, env: &Value, inputs: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        env.as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| {
                let v = v
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string());
                (k.clone(), self.resolve(&v, inputs))
            })
            .collect()
    }

    /// The steps of action.yml with inputs `with` (defaults for the rest).
    fn action(&self, with: &Value) -> Ran {
        let action = yaml("action.yml");
        assert_eq!(action["runs"]["using"], "composite");
        let mut inputs = BTreeMap::new();
        for (name, spec) in action["inputs"].as_object().unwrap() {
            let given = with.get(name).and_then(Value::as_str);
            let default = spec["default"].as_str().unwrap_or_default();
            inputs.insert(name.clone(), given.unwrap_or(default).to_string());
        }
        let output = self._tmp.path().join("github_output");
        let mut last = None;
        for step in action["runs"]["steps"].as_array().unwrap() {
            assert!(
                step.get("if").is_none(),
                "a step condition the test cannot judge"
            );
            assert_eq!(step["shell"], "bash");
            let mut env = self.env_of(&step["env"], &inputs);
            env.insert("GITHUB_OUTPUT".into(), output.display().to_string());
            let dir = step["working-directory"]
                .as_str()
                .map_or(self.repo.clone(), |d| {
                    self.repo.join(self.resolve(d, &inputs))
                });
            let ran = self.sh_in(&dir, step["run"].as_str().unwrap(), &env);
            let ok = ran.out.status.success();
            last = Some(ran);
            if !ok {
                break;
            }
        }
        last.unwrap()
    }

    /// Runs a GitLab CI job: its template's and its own variables,
    /// `before_script`, then `script`, as one shell session.
    fn gitlab_job(&self, pipeline: &Value, job: &str) -> Ran {
        let spec = &pipeline[job];
        let template = &pipeline[spec["extends"].as_str().unwrap_or("")];
        let mut env = BTreeMap::new();
        for vars in [&template["variables"], &spec["variables"]] {
            env.extend(self.env_of(vars, &BTreeMap::new()));
        }
        for (k, v) in [
            ("HEROKU_API_KEY", "sim-token"),
            ("GITLAB_TOKEN", "gl-token"),
            ("CI_API_V4_URL", "https://gitlab.example.com/api/v4"),
            ("CI_PROJECT_ID", "42"),
            ("CI_MERGE_REQUEST_IID", "7"),
        ] {
            env.insert(k.into(), v.into());
        }
        let lines = |v: &Value| -> Vec<String> {
            v.as_array()
                .into_iter()
                .flatten()
                .map(|l| l.as_str().unwrap().to_string())
                .collect()
        };
        let before = lines(if spec["before_script"].is_null() {
            &template["before_script"]
        } else {
            &spec["before_script"]
        });
        let script: Vec<String> = before.into_iter().chain(lines(&spec["script"])).collect();
        assert!(!script.is_empty(), "{job}: no script");
        self.sh(&script.join("\n"), &env)
    }

    fn shim_body(&self) -> String {
        let body = PathBuf::from(format!("{}.body", self.log.display()));
        let text = std::fs::read_to_string(&body).unwrap_or_default();
        let _ = std::fs::remove_file(body);
        text
    }
}

struct Ran {
    script: String,
    out: std::process::Output,
}

impl Ran {
    fn success(&self) -> &Ran {
        assert!(self.out.status.success(), "{}", self.describe());
        self
    }

    fn describe(&self) -> String {
        format!(
            "script:\n{}\nexit: {:?}\nstdout:\n{}\nstderr:\n{}",
            self.script,
            self.out.status.code(),
            String::from_utf8_lossy(&self.out.stdout),
            String::from_utf8_lossy(&self.out.stderr)
        )
    }

    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
}

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
    let origin = runner._tmp.path().join("origin.git");
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
    let origin = runner._tmp.path().join("origin.git");
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
