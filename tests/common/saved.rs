//! The files, the app on Heroku and the commands the saved-plan tests share:
//! one app with a literal, a secret from the environment, a value from the
//! environment that is not secret-looking and a log drain with a password;
//! staging moves WEB_CONCURRENCY from 2 to 3.

use std::path::{Path, PathBuf};

use heroku_sim::server::Running;
use serde_json::{Value, json};

use super::{repo, sim};

/// The base file.
pub const BASE: &str = r#"[apps.web]
name = "shop-web-${HEROIN_ENV}"
log_drains = ["https://user:${DRAIN_PASSWORD}@logs.example.net/drain"]

[apps.web.config_vars]
WEB_CONCURRENCY = "2"
SESSION_SECRET = "${SESSION_SECRET}"
HOLDER = "${HOLDER}"
PLAIN = "plain"
"#;

/// The secret values of the environment.
pub const SESSION: &str = "session-secret-5150";
pub const HOLDER: &str = "holder-value-7781";
pub const DRAIN: &str = "drain-password-3321";

/// The variables of the environment, with `session` as SESSION_SECRET.
pub fn vars(session: &str) -> Vec<(&str, &str)> {
    vec![
        ("SESSION_SECRET", session),
        ("HOLDER", HOLDER),
        ("DRAIN_PASSWORD", DRAIN),
    ]
}

/// The files, committed.
pub fn files() -> tempfile::TempDir {
    repo::repo_of(&[
        ("heroin.toml", BASE),
        (
            "heroin.staging.toml",
            "[apps.web.config_vars]\nWEB_CONCURRENCY = \"3\"\n",
        ),
    ])
}

/// heroin in `dir` with `session` as SESSION_SECRET.
pub fn heroin(
    running: &Running,
    dir: &Path,
    session: &str,
    args: &[&str],
) -> (Option<i32>, String, String) {
    repo::run_with(running, dir, &vars(session), args)
}

/// The app on Heroku, with WEB_CONCURRENCY at 2.
pub fn seed(running: &Running) {
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

/// A config var of the app on Heroku.
pub fn config_var(running: &Running, name: &str) -> Option<String> {
    let c = sim::client(running, "sim-token");
    let vars = c.get("/apps/shop-web-staging/config-vars").unwrap();
    vars[name].as_str().map(str::to_string)
}

/// Sets a config var of the app on Heroku, as someone else would.
pub fn set_var(running: &Running, name: &str, value: &str) {
    sim::client(running, "sim-token")
        .write(
            "PATCH",
            "/apps/shop-web-staging/config-vars",
            &json!({ name: value }),
        )
        .unwrap();
}

/// diff --out, from a committed tree: the plan file, outside the files.
pub fn plan_out(running: &Running, dir: &Path) -> PathBuf {
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

/// The saved plan in `path`, as JSON.
pub fn saved_file(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// What heroku-sim holds, all of it.
pub fn state(running: &Running) -> Value {
    serde_json::to_value(&running.shared.sim.lock().unwrap().state).unwrap()
}

/// Rewrites the saved plan in `path` after `edit`, sealed again with the
/// key of the token the tests use: what only someone holding the token can
/// do (a plan made that long ago, say).
pub fn reseal(path: &Path, edit: impl FnOnce(&mut heroin::saved::Saved)) {
    let mut saved: heroin::saved::Saved = serde_json::from_value(saved_file(path)).unwrap();
    edit(&mut saved);
    let key = heroin::secret::keyed::Key::new(None, &heroin::secret::Secret::new("sim-token"));
    saved.seal = saved.seal_of(&key);
    std::fs::write(path, serde_json::to_string_pretty(&saved).unwrap()).unwrap();
}

/// heroku-sim with the app, the files, and their plan of staging saved.
pub fn planned() -> (Running, tempfile::TempDir, PathBuf) {
    let running = sim::sim(heroku_sim::core::Options::default());
    seed(&running);
    let dir = files();
    let out = plan_out(&running, dir.path());
    (running, dir, out)
}

/// `heroin apply staging --plan FILE --yes`, and `extra`.
pub fn apply_plan(
    running: &Running,
    dir: &Path,
    out: &Path,
    extra: &[&str],
) -> (Option<i32>, String, String) {
    let args = [
        &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"][..],
        extra,
    ]
    .concat();
    heroin(running, dir, SESSION, &args)
}

/// A database on the app, as someone would add it: its name.
pub fn add_database(running: &Running) -> String {
    let db = sim::client(running, "sim-token")
        .write(
            "POST",
            "/apps/shop-web-staging/addons",
            &json!({"plan": "heroku-postgresql:essential-0", "attachment": {"name": "DATABASE"}}),
        )
        .unwrap();
    db["name"].as_str().unwrap().to_string()
}

/// Files that manage the app's add-ons and name only a Redis, committed.
pub fn redis_files() -> tempfile::TempDir {
    repo::repo_of(&[
        (
            "heroin.toml",
            &format!("{BASE}\n[apps.web.addons.redis]\nplan = \"heroku-redis:mini\"\n"),
        ),
        ("heroin.staging.toml", ""),
    ])
}

/// A database on the app, and [`redis_files`]: their plan destroys the
/// database. Its name, and the files.
pub fn database_to_destroy(running: &Running) -> (String, tempfile::TempDir) {
    (add_database(running), redis_files())
}
