//! Saved plans against heroku-sim: `heroin diff ENV --out FILE` and `heroin
//! apply ENV --plan FILE` in real git repositories, applied when nothing
//! moved and refused, before any write, when the files, a secret value, the
//! app on Heroku, the host or the plan's age did; `heroin show-plan`; and no
//! secret value or token in the file.

mod common;
use common::{repo, sim};

use std::path::Path;

use heroku_sim::core::Options;
use heroku_sim::server::Running;
use repo::{commit, repo_of, run_with};
use serde_json::{Value, json};

const BASE: &str = r#"[apps.web]
name = "shop-web-${HEROIN_ENV}"
log_drains = ["https://user:${DRAIN_PASSWORD}@logs.example.net/drain"]

[apps.web.config_vars]
WEB_CONCURRENCY = "2"
SESSION_SECRET = "${SESSION_SECRET}"
HOLDER = "${HOLDER}"
PLAIN = "plain"
"#;

const SESSION: &str = "session-secret-5150";
const HOLDER: &str = "holder-value-7781";
const DRAIN: &str = "drain-password-3321";

fn vars(session: &str) -> Vec<(&str, &str)> {
    vec![
        ("SESSION_SECRET", session),
        ("HOLDER", HOLDER),
        ("DRAIN_PASSWORD", DRAIN),
    ]
}

fn files() -> tempfile::TempDir {
    repo_of(&[
        ("heroin.toml", BASE),
        (
            "heroin.staging.toml",
            "[apps.web.config_vars]\nWEB_CONCURRENCY = \"3\"\n",
        ),
    ])
}

fn heroin(
    running: &Running,
    dir: &Path,
    session: &str,
    args: &[&str],
) -> (Option<i32>, String, String) {
    run_with(running, dir, &vars(session), args)
}

/// The app on Heroku, with WEB_CONCURRENCY at 2.
fn seed(running: &Running) {
    let c = sim::client(running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "shop-web-staging"}))
        .unwrap();
    c.write(
        "PATCH",
        "/apps/shop-web-staging/config-vars",
        &json!({"WEB_CONCURRENCY": "2", "SESSION_SECRET": SESSION, "HOLDER": HOLDER, "PLAIN": "plain"}),
    )
    .unwrap();
}

fn config_var(running: &Running, name: &str) -> Option<String> {
    let c = sim::client(running, "sim-token");
    let vars = c.get("/apps/shop-web-staging/config-vars").unwrap();
    vars[name].as_str().map(str::to_string)
}

fn set_var(running: &Running, name: &str, value: &str) {
    sim::client(running, "sim-token")
        .write(
            "PATCH",
            "/apps/shop-web-staging/config-vars",
            &json!({ name: value }),
        )
        .unwrap();
}

/// diff --out, from a committed tree: the plan file, outside the files.
fn plan_out(running: &Running, dir: &Path) -> std::path::PathBuf {
    let out = dir.parent().unwrap().join(format!(
        "{}.plan.json",
        dir.file_name().unwrap().to_string_lossy()
    ));
    let (code, _, err) = heroin(
        running,
        dir,
        SESSION,
        &[
            "diff",
            "staging",
            "--out",
            out.to_str().unwrap(),
            "--detailed-exitcode",
        ],
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("Saved the plan to"), "{err}");
    out
}

#[test]
fn a_saved_plan_is_applied_exactly_when_nothing_moved() {
    let running = sim::sim(Options::default());
    seed(&running);
    let dir = files();
    let out = plan_out(&running, dir.path());
    let (code, shown, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["show-plan", out.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{err}");
    let (_, diffed, _) = heroin(&running, dir.path(), SESSION, &["diff", "staging"]);
    assert_eq!(shown, diffed, "show-plan prints the plan as diff does");
    assert!(err.contains("Saved plan of staging, made "), "{err}");
    let (_, json_shown, _) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["--json", "show-plan", out.to_str().unwrap()],
    );
    let (_, json_diffed, _) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["--json", "diff", "staging"],
    );
    assert_eq!(json_shown, json_diffed);

    let (code, stdout, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"],
    );
    assert_eq!(code, Some(0), "{stdout}{err}");
    assert!(
        err.contains("Applied [1/2]") && err.contains("Applied [2/2]"),
        "{err}"
    );
    assert!(err.contains("Tagged heroin/staging/1"), "{err}");
    assert_eq!(
        config_var(&running, "WEB_CONCURRENCY").as_deref(),
        Some("3")
    );
    let (code, stdout, _) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["diff", "staging", "--detailed-exitcode"],
    );
    assert_eq!(code, Some(0), "{stdout}");

    // Applied once: applying it again is refused, since Heroku moved.
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("config_vars.WEB_CONCURRENCY on shop-web-staging changed on Heroku since the plan: \"2\" -> \"3\""),
        "{err}"
    );
}

#[test]
fn a_change_on_heroku_since_the_plan_is_refused_before_any_write() {
    let running = sim::sim(Options::default());
    seed(&running);
    let dir = files();
    let out = plan_out(&running, dir.path());
    set_var(&running, "WEB_CONCURRENCY", "4");
    set_var(&running, "SESSION_SECRET", "rotated-by-hand-9912");
    let before = serde_json::to_value(&running.shared.sim.lock().unwrap().state).unwrap();
    let (code, stdout, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"],
    );
    assert_eq!(code, Some(1), "{stdout}{err}");
    assert!(
        err.contains("config_vars.WEB_CONCURRENCY on shop-web-staging changed on Heroku since the plan: \"2\" -> \"4\""),
        "{err}"
    );
    assert!(
        err.contains("config_vars.SESSION_SECRET on shop-web-staging changed on Heroku since the plan: (sensitive) -> (sensitive)"),
        "{err}"
    );
    assert!(err.contains("nothing was changed"), "{err}");
    assert!(
        err.contains("hint: plan again (`heroin diff staging --out "),
        "{err}"
    );
    assert!(
        !err.contains("rotated-by-hand") && !err.contains(SESSION),
        "{err}"
    );
    assert_eq!(
        before,
        serde_json::to_value(&running.shared.sim.lock().unwrap().state).unwrap(),
        "nothing was written"
    );
}

#[test]
fn changed_files_secrets_hosts_and_old_plans_are_refused() {
    let running = sim::sim(Options::default());
    seed(&running);
    let dir = files();
    let out = plan_out(&running, dir.path());
    let apply = ["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"];

    // A secret value of the environment is not the one planned with.
    let (code, _, err) = heroin(&running, dir.path(), "another-session-4410", &apply);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("apps.web.config_vars.SESSION_SECRET"), "{err}");
    assert!(
        !err.contains("another-session") && !err.contains(SESSION),
        "{err}"
    );

    // Another host.
    let (code, _, err) = repo::run_with(
        &running,
        dir.path(),
        &vars(SESSION),
        &[
            "apply",
            "staging",
            "--plan",
            out.to_str().unwrap(),
            "--yes",
            "--api-url",
            &running.url.replace("127.0.0.1", "localhost"),
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("the API host: the plan was made with 127.0.0.1, this is localhost"),
        "{err}"
    );

    // Too old: the clock moved on (the file says when it was made).
    let mut old = saved_file(&out);
    old["created_at"] = json!(old["created_at"].as_i64().unwrap() - 2 * 86_400);
    std::fs::write(&out, old.to_string()).unwrap();
    let (code, _, err) = heroin(&running, dir.path(), SESSION, &apply);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("the plan is 2d 0h old, more than the 1d 0h a saved plan may be"),
        "{err}"
    );
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &[&apply[..], &["--max-age", "3d"]].concat(),
    );
    assert_eq!(code, Some(0), "{err}");

    // The files changed after the plan.
    let out = plan_out_after_reset(&running, dir.path());
    std::fs::write(
        dir.path().join("heroin.staging.toml"),
        "[apps.web.config_vars]\nWEB_CONCURRENCY = \"5\"\n",
    )
    .unwrap();
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("uncommitted changes"), "{err}");
    commit(dir.path(), "five");
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("the files changed since the plan: it was made from commit"),
        "{err}"
    );
    assert_eq!(
        config_var(&running, "WEB_CONCURRENCY").as_deref(),
        Some("2")
    );

    // Arguments a saved plan rules out.
    for extra in [
        &["--ref", "HEAD"][..],
        &["--allow-dirty"],
        &["--app", "web"],
    ] {
        let args = [
            &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"][..],
            extra,
        ]
        .concat();
        let (code, _, err) = heroin(&running, dir.path(), SESSION, &args);
        assert_eq!(code, Some(2), "{extra:?}: {err}");
    }
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["apply", "prod", "--plan", out.to_str().unwrap(), "--yes"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("is a plan of staging, not of prod"), "{err}");
}

fn saved_file(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// WEB_CONCURRENCY back at 2 on Heroku, and a new plan.
fn plan_out_after_reset(running: &Running, dir: &Path) -> std::path::PathBuf {
    set_var(running, "WEB_CONCURRENCY", "2");
    plan_out(running, dir)
}

#[test]
fn a_saved_plan_holds_no_secret_value_and_no_token() {
    let running = sim::sim(Options::default());
    seed(&running);
    let dir = files();
    // Every secret changes, so that the plan sends each of them.
    let out = dir.path().parent().unwrap().join("leak.plan.json");
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        "a-new-session-secret-6672",
        &["diff", "staging", "--out", out.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    for secret in [
        "a-new-session-secret-6672",
        SESSION,
        HOLDER,
        DRAIN,
        "sim-token",
    ] {
        assert!(
            !text.contains(secret),
            "{secret} is in the saved plan:\n{text}"
        );
    }
    let file = saved_file(&out);
    assert!(text.contains("hmac-sha256:"), "{text}");
    assert_eq!(file["api_host"], "127.0.0.1");
    assert!(
        file["steps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| !s["secrets"].as_array().unwrap().is_empty())
    );
    // It is what its schema says.
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("schemas/saved-plan.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&file)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // Applied, it converges.
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        "a-new-session-secret-6672",
        &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        config_var(&running, "SESSION_SECRET").as_deref(),
        Some("a-new-session-secret-6672")
    );
}

#[test]
fn a_saved_plan_keeps_the_consent_rules_and_records_what_it_destroys() {
    let running = sim::sim(Options::default());
    seed(&running);
    let db = sim::client(&running, "sim-token")
        .write(
            "POST",
            "/apps/shop-web-staging/addons",
            &json!({"plan": "heroku-postgresql:essential-0", "attachment": {"name": "DATABASE"}}),
        )
        .unwrap();
    let db = db["name"].as_str().unwrap().to_string();
    let dir = repo_of(&[
        (
            "heroin.toml",
            &format!("{BASE}\n[apps.web.addons.redis]\nplan = \"heroku-redis:mini\"\n"),
        ),
        ("heroin.staging.toml", ""),
    ]);
    let out = plan_out(&running, dir.path());
    let file = saved_file(&out);
    let destructive = file["destructive"].as_array().unwrap();
    assert_eq!(destructive.len(), 1, "{file}");
    assert_eq!(destructive[0]["address"]["key"], db_key(&file).as_str());
    assert_eq!(destructive[0]["action"], "delete");
    assert!(
        destructive[0]["destroys"].as_str().unwrap().contains(&db),
        "{file}"
    );
    assert_eq!(destructive[0]["loses_data"], true);
    let apply = ["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"];
    let (code, _, err) = heroin(&running, dir.path(), SESSION, &apply);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(&format!("the plan loses data: destroys {db}")),
        "{err}"
    );
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &[&apply[..], &["--allow-data-loss"]].concat(),
    );
    assert_eq!(code, Some(0), "{err}");
    let state = running.shared.sim.lock().unwrap().state.clone();
    assert!(
        !state.addons.iter().any(|a| a.name == db),
        "{db} was destroyed"
    );
}

/// The key of the add-on the saved plan destroys, as the plan names it.
fn db_key(file: &Value) -> String {
    file["plan"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["action"] == "delete")
        .map(|c| c["key"].as_str().unwrap().to_string())
        .unwrap()
}
