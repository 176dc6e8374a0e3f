//! Runs CI recipes as the runners do, for tests/ci_recipes.rs: a temporary
//! git repository made by `heroin init`, heroin on PATH, GitHub Actions jobs
//! (`run:` steps, and the heroin action's steps where a job uses it) and
//! GitLab CI jobs (`before_script` and `script`) executed with bash.
//! `${{ ... }}` expressions come from a table; `gh` and `curl` are stand-ins
//! that keep what they were given.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The root of the repository.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Where the recipes run: the repository, PATH, and the variables every
/// step sees.
pub struct Runner {
    pub repo: PathBuf,
    pub env: BTreeMap<String, String>,
    /// What `${{ ... }}` stands for.
    pub expressions: BTreeMap<String, String>,
    /// Where the stand-ins for `gh` and `curl` leave what they got.
    pub log: PathBuf,
    pub tmp: tempfile::TempDir,
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
    pub fn new(api: &str) -> Runner {
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
            ("github.action_path", root().to_str().unwrap()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let runner = Runner {
            repo,
            env,
            expressions,
            log,
            tmp,
        };
        // The repository: a project from `heroin init`, committed, with an
        // origin to push tags to.
        let origin = runner.tmp.path().join("origin.git");
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
    pub fn resolve(&self, value: &str, inputs: &BTreeMap<String, String>) -> String {
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
    pub fn sh(&self, script: &str, env: &BTreeMap<String, String>) -> Ran {
        self.sh_in(&self.repo.clone(), script, env)
    }

    pub fn sh_in(&self, dir: &Path, script: &str, env: &BTreeMap<String, String>) -> Ran {
        let dir = if dir.exists() {
            dir.to_path_buf()
        } else {
            self.tmp.path().to_path_buf()
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
    pub fn github_job(&self, workflow: &Value, job: &str) -> Ran {
        let steps = workflow["jobs"][job]["steps"]
            .as_array()
            .unwrap_or_else(|| panic!("no job {job}"));
        let mut last = None;
        for step in steps {
            let ran = if let Some(uses) = step["uses"].as_str() {
                if uses.starts_with("actions/checkout@") {
                    continue; // the repository is checked out already
                }
                if uses.starts_with("actions/upload-artifact@") {
                    self.upload(&step["with"]);
                    continue;
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

    /// Where artifacts are kept, one directory per name.
    pub fn artifacts(&self) -> PathBuf {
        self.tmp.path().join("artifacts")
    }

    /// `actions/upload-artifact`: the file `with.path` kept as `with.name`.
    pub fn upload(&self, with: &Value) {
        let name = with["name"].as_str().expect("an artifact's name");
        let path = with["path"].as_str().expect("an artifact's path");
        let dir = self.artifacts().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let file = std::path::Path::new(path);
        std::fs::copy(self.repo.join(file), dir.join(file.file_name().unwrap())).unwrap();
    }

    /// Replaces the stand-in `name` (gh, curl) with `script`.
    pub fn stand_in(&self, name: &str, script: &str) {
        let p = self.tmp.path().join("shims").join(name);
        std::fs::write(&p, script).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    pub fn env_of(
        &self,
        env: &Value,
        inputs: &BTreeMap<String, String>,
    ) -> BTreeMap<String, String> {
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
    pub fn action(&self, with: &Value) -> Ran {
        let action = yaml("action.yml");
        assert_eq!(action["runs"]["using"], "composite");
        let mut inputs = BTreeMap::new();
        for (name, spec) in action["inputs"].as_object().unwrap() {
            let given = with.get(name).and_then(Value::as_str);
            let default = spec["default"].as_str().unwrap_or_default();
            inputs.insert(name.clone(), given.unwrap_or(default).to_string());
        }
        let output = self.tmp.path().join("github_output");
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
    pub fn gitlab_job(&self, pipeline: &Value, job: &str) -> Ran {
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

    pub fn shim_body(&self) -> String {
        let body = PathBuf::from(format!("{}.body", self.log.display()));
        let text = std::fs::read_to_string(&body).unwrap_or_default();
        let _ = std::fs::remove_file(body);
        text
    }
}

pub struct Ran {
    pub script: String,
    pub out: std::process::Output,
}

impl Ran {
    pub fn success(&self) -> &Ran {
        assert!(self.out.status.success(), "{}", self.describe());
        self
    }

    pub fn describe(&self) -> String {
        format!(
            "script:\n{}\nexit: {:?}\nstdout:\n{}\nstderr:\n{}",
            self.script,
            self.out.status.code(),
            String::from_utf8_lossy(&self.out.stdout),
            String::from_utf8_lossy(&self.out.stderr)
        )
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
}
