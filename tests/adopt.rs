//! `heroin export --all --dir DIR`: a whole account, seeded through the API as
//! the official CLI would, becomes a base and overlays that validate and, with
//! the variables stderr lists set, plan no changes in every environment.

mod common;
use common::{repo, sim};

use std::path::Path;

use common::heroin;
use heroin::http::Client;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use heroku_sim::core::{Options, Sim};
use heroku_sim::server::{Running, Shared, start};
use serde_json::{Value, json};
use sim::{client, sim};

/// The config vars every environment's web app shares.
const SHARED: &[(&str, &str)] = &[
    ("LOG_LEVEL", "info"),
    ("TZ", "UTC"),
    ("LANG", "en_US.UTF-8"),
    ("MAX_THREADS", "5"),
    ("PRICE_TAG", "$5"),
];

fn post(c: &Client, path: &str, body: Value) -> Value {
    c.write("POST", path, &body).unwrap()
}

/// A release that declares `web` and `worker`, then the formation of
/// `kind`, the other process type at the same size (Heroku refuses mixing
/// Basic with Standard sizes).
fn formation(c: &Client, app: &str, kind: &str, size: &str) {
    let other = if kind == "web" { "worker" } else { "web" };
    let slug = post(
        c,
        &format!("/apps/{app}/slugs"),
        json!({"process_types": {"web": "puma", "worker": "sidekiq"}}),
    );
    post(
        c,
        &format!("/apps/{app}/releases"),
        json!({"slug": slug["id"]}),
    );
    c.write(
        "PATCH",
        &format!("/apps/{app}/formation"),
        &json!({"updates": [
            {"type": kind, "quantity": 1, "size": size},
            {"type": other, "quantity": 0, "size": size},
        ]}),
    )
    .unwrap();
}

fn seed(running: &Running) {
    let c = client(running, "sim-token");
    let pipeline = post(&c, "/pipelines", json!({"name": "shop"}));
    let couple = |app: &str, stage: &str| {
        post(
            &c,
            "/pipeline-couplings",
            json!({"app": app, "pipeline": pipeline["id"], "stage": stage}),
        );
    };
    for (env, stage) in [
        ("dev", "development"),
        ("staging", "staging"),
        ("prod", "production"),
    ] {
        let web = format!("shop-web-{env}");
        let worker = format!("shop-worker-{env}");
        for app in [&web, &worker] {
            post(
                &c,
                "/teams/apps",
                json!({"name": app, "team": "acme", "region": "eu"}),
            );
            couple(app, stage);
        }
        let plan = if env == "prod" {
            "essential-1"
        } else {
            "essential-0"
        };
        let db = post(
            &c,
            &format!("/apps/{web}/addons"),
            json!({"plan": format!("heroku-postgresql:{plan}")}),
        );
        post(
            &c,
            "/addon-attachments",
            json!({"addon": db["id"], "app": worker, "name": "DATABASE"}),
        );
        let mut vars: serde_json::Map<String, Value> = SHARED
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        vars.insert("RACK_ENV".into(), json!(env));
        vars.insert(
            "SESSION_SECRET".into(),
            json!(format!("session-secret-{env}")),
        );
        c.write(
            "PATCH",
            &format!("/apps/{web}/config-vars"),
            &Value::Object(vars),
        )
        .unwrap();
        let size = if env == "prod" {
            "standard-2x"
        } else {
            "basic"
        };
        formation(&c, &web, "web", size);
        formation(&c, &worker, "worker", "basic");
    }
    // A review app: left out.
    post(
        &c,
        "/teams/apps",
        json!({"name": "shop-pr-7", "team": "acme"}),
    );
    couple("shop-pr-7", "review");
    // Personal apps outside any pipeline, placed by their names.
    for env in ["staging", "prod"] {
        post(&c, "/apps", json!({"name": format!("blog-{env}")}));
    }
    // One whose name says no environment.
    post(&c, "/apps", json!({"name": "scratchpad"}));
}

fn export(running: &Running, dir: &Path, extra: &[&str]) -> (bool, String) {
    let out = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .args(["export", "--dir"])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    (out.status.success(), String::from_utf8(out.stderr).unwrap())
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn round_trip(running: &Running, dir: &Path, envs: &[&str]) {
    let validate = heroin()
        .arg("validate")
        .arg("-C")
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        validate.status.success(),
        "{}{}",
        String::from_utf8_lossy(&validate.stdout),
        String::from_utf8_lossy(&validate.stderr)
    );
    for env in envs {
        let diff = heroin()
            .env("HEROKU_HOST", &running.url)
            .env("HEROKU_API_KEY", "sim-token")
            .env("WEB_SESSION_SECRET", format!("session-secret-{env}"))
            .arg("-C")
            .arg(dir)
            .args(["diff", env, "--detailed-exitcode", "--color", "never"])
            .output()
            .unwrap();
        assert_eq!(
            diff.status.code(),
            Some(0),
            "{env}:\n{}\n{}",
            String::from_utf8_lossy(&diff.stdout),
            String::from_utf8_lossy(&diff.stderr)
        );
    }
}

#[test]
fn a_whole_account_becomes_a_base_and_overlays_that_plan_no_changes() {
    let running = sim(Options::default());
    seed(&running);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("heroku");
    let (ok, err) = export(&running, &dir, &["--all"]);
    assert!(ok, "{err}");
    let base = read(&dir, "heroin.toml");
    // The factoring: every shared value once, in the base, none in overlays.
    for (name, value) in SHARED {
        let line = format!("{name} = \"{}\"", value.replace('$', "$$"));
        assert_eq!(base.matches(&line).count(), 1, "{line}:\n{base}");
    }
    for env in ["dev", "staging", "prod"] {
        let overlay = read(&dir, &format!("heroin.{env}.toml"));
        for (name, _) in SHARED {
            assert!(!overlay.contains(name), "{env}:\n{overlay}");
        }
        assert!(overlay.starts_with("# heroin overlay of"), "{overlay}");
        assert!(
            overlay.contains(&format!("RACK_ENV = \"{env}\"")),
            "{overlay}"
        );
    }
    assert!(base.starts_with("# heroin base"), "{base}");
    assert!(
        base.contains("[apps.web]\nname = \"shop-web-${HEROIN_ENV}\""),
        "{base}"
    );
    assert!(
        base.contains("SESSION_SECRET = \"${WEB_SESSION_SECRET}\""),
        "{base}"
    );
    assert!(
        base.contains("[apps.worker.addons.database]\nattach = \"web.database\""),
        "{base}"
    );
    let prod = read(&dir, "heroin.prod.toml");
    assert!(
        prod.contains("plan = \"heroku-postgresql:essential-1\""),
        "{prod}"
    );
    assert!(prod.contains("size = \"standard-2x\""), "{prod}");
    // The blog exists in two of three environments: in the base, and unset
    // in the third.
    assert!(
        base.contains("[apps.blog]\nname = \"blog-${HEROIN_ENV}\""),
        "{base}"
    );
    let dev = read(&dir, "heroin.dev.toml");
    assert!(dev.contains("unset = [\"apps.blog\"]"), "{dev}");
    assert!(read(&dir, ".pre-commit-config.yaml").contains("heroin validate"));
    assert!(!dir.join(".gitignore").exists());
    // No empty tables anywhere.
    for file in common::heroin_files(&dir) {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for pair in lines.windows(2) {
            let empty =
                pair[0].starts_with('[') && (pair[1].is_empty() || pair[1].starts_with('['));
            assert!(
                !empty || pair[1].starts_with("[apps"),
                "{}:\n{text}",
                file.display()
            );
        }
    }
    // Reported: the review app, the app with no environment, the variables
    // per environment, never a secret value.
    assert!(err.contains("shop-pr-7 is a review app"), "{err}");
    assert!(err.contains("scratchpad is in no pipeline"), "{err}");
    assert!(
        err.contains("heroin diff prod") && err.contains("WEB_SESSION_SECRET"),
        "{err}"
    );
    assert!(!err.contains("session-secret-"), "{err}");
    for file in common::heroin_files(&dir) {
        assert!(
            !std::fs::read_to_string(&file)
                .unwrap()
                .contains("session-secret-")
        );
    }
    round_trip(&running, &dir, &["dev", "staging", "prod"]);
    if let Ok(keep) = std::env::var("HEROIN_TEST_KEEP") {
        let _ = std::process::Command::new("cp")
            .arg("-r")
            .arg(&dir)
            .arg(keep)
            .status();
    }
}

#[test]
fn env_places_an_app_and_team_limits_the_export() {
    let running = sim(Options::default());
    seed(&running);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("yaml");
    let (ok, err) = export(
        &running,
        &dir,
        &["--all", "--env", "scratchpad=prod", "--format", "yaml"],
    );
    assert!(ok, "{err}");
    assert!(!err.contains("scratchpad is in no pipeline"), "{err}");
    assert!(read(&dir, "heroin.prod.yaml").contains("scratchpad"));
    round_trip(&running, &dir, &["dev", "staging", "prod"]);
    let team = tmp.path().join("team");
    let (ok, err) = export(&running, &team, &["--team", "acme"]);
    assert!(ok, "{err}");
    let all: String = common::heroin_files(&team)
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert!(all.contains("shop-web") && !all.contains("blog"), "{all}");
    round_trip(&running, &team, &["dev", "staging", "prod"]);
    let named = tmp.path().join("named");
    let (ok, err) = export(&running, &named, &["blog-staging", "blog-prod"]);
    assert!(ok, "{err}");
    assert!(read(&named, "heroin.toml").contains("name = \"blog-${HEROIN_ENV}\""));
    round_trip(&running, &named, &["staging", "prod"]);
}

#[test]
fn nothing_is_written_into_a_directory_with_files_nor_when_no_app_can_be_exported() {
    let running = sim(Options::default());
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("heroin.toml"), "keep me").unwrap();
    let (ok, err) = export(&running, tmp.path(), &["--all"]);
    assert!(!ok);
    assert!(err.contains("the directory is not empty"), "{err}");
    let fresh = tmp.path().join("fresh");
    let (ok, err) = export(&running, &fresh, &["--team", "acme"]);
    assert!(!ok && err.contains("no app of team `acme`"), "{err}");
    client(&running, "sim-token")
        .write("POST", "/apps", &json!({"name": "scratchpad"}))
        .unwrap();
    let (ok, err) = export(&running, &fresh, &["scratchpad"]);
    assert!(!ok && err.contains("--env scratchpad=ENV"), "{err}");
    assert!(!fresh.exists(), "nothing is written");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("heroin.toml")).unwrap(),
        "keep me"
    );
}

/// The apps of a large account, all answering `latency` late, logging every
/// exchange to `log`.
fn large(apps: usize, latency: Duration, log: &Path) -> Running {
    let seeding = sim(Options::default());
    let c = client(&seeding, "sim-token");
    for i in 0..apps / 2 {
        for env in ["staging", "prod"] {
            let name = format!("svc{i}-{env}");
            post(&c, "/apps", json!({"name": name}));
            c.write(
                "PATCH",
                &format!("/apps/{name}/config-vars"),
                &json!({"SHARED": "same", "RACK_ENV": env}),
            )
            .unwrap();
        }
    }
    let state = seeding.shared.sim.lock().unwrap().state.clone();
    let shared = Arc::new(Shared {
        // The account's rate limit is not what these tests look at.
        sim: Mutex::new(Sim::with_state(
            Options {
                rate_limit: 1_000_000,
                ..Options::default()
            },
            state,
        )),
        state_file: None,
        latency,
        request_log: Some(Mutex::new(std::fs::File::create(log).unwrap())),
        in_flight: Default::default(),
    });
    start(shared, 0).unwrap()
}

/// The requests logged since the first `from` lines.
fn logged_since(log: &Path, from: usize) -> Vec<String> {
    sim::logged(log).into_iter().skip(from).collect()
}

#[test]
fn two_hundred_apps_export_in_one_parallel_read_as_a_diff_does() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("requests.jsonl");
    let running = large(200, Duration::from_millis(3), &log);
    let dir = tmp.path().join("account");
    let (ok, err) = export(&running, &dir, &["--all"]);
    assert!(ok, "{err}");
    let exported = logged_since(&log, 0);
    let base = read(&dir, "heroin.toml");
    assert_eq!(base.matches("SHARED = \"same\"").count(), 100, "{base}");
    let mut diffed = Vec::new();
    for env in ["staging", "prod"] {
        let from = sim::logged(&log).len();
        let diff = heroin()
            .env("HEROKU_HOST", &running.url)
            .env("HEROKU_API_KEY", "sim-token")
            .arg("-C")
            .arg(&dir)
            .args(["diff", env, "--detailed-exitcode"])
            .output()
            .unwrap();
        assert_eq!(
            diff.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&diff.stderr)
        );
        diffed.extend(logged_since(&log, from));
    }
    // Only reads; one per app and section at most, the account-wide lists
    // once (`/apps` twice: to find the apps, then in the read).
    assert!(
        exported.iter().all(|r| r.starts_with("GET ")),
        "{exported:?}"
    );
    // Eight sections, webhooks, and certificates (endpoints and domains).
    assert!(exported.len() <= 2 + 3 + 11 * 200, "{}", exported.len());
    let apps_listed = exported.iter().filter(|r| *r == "GET /apps").count();
    assert_eq!(apps_listed, 2);
    // Every request the diffs make, the export made too.
    for request in &diffed {
        assert!(exported.contains(request), "{request}");
    }
    // A progress line on a terminal only.
    assert!(!err.contains("reading 200 apps"), "{err}");
    let mut p = repo::on_terminal(
        &running,
        tmp.path(),
        &format!("export --all --dir {}", tmp.path().join("again").display()),
    );
    p.exp_string("reading 200 apps from 127.0.0.1").unwrap();
    p.exp_string("Exported 200 apps").unwrap();
    // The time it takes beside a diff is measured in docs/performance.md,
    // never asserted here.
}

#[test]
fn all_or_team_without_a_directory_is_a_usage_error() {
    // Several apps named without --dir go to stdout as one file; the account
    // or a team needs a directory.
    let running = sim(Options::default());
    for args in [
        &["export"][..],
        &["export", "--all"],
        &["export", "--team", "acme", "a"],
        &["export", "--all", "--dir", "x", "a"],
        &["export", "--all", "--dir", "x", "--env", "scratchpad=Prod"],
    ] {
        let out = heroin()
            .env("HEROKU_HOST", &running.url)
            .env("HEROKU_API_KEY", "sim-token")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("--dir") || err.contains("not both") || err.contains("write APP=ENV"),
            "{args:?}: {err}"
        );
    }
}
