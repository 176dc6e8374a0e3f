//! `heroin init` and the other ways in: the files it writes validate in both
//! formats and point at the schema, it overwrites nothing, `--from` starts
//! from live apps that then plan no changes, and `--version` and
//! `completions` say what they should.

mod common;
use common::sim;

use std::path::Path;

use common::heroin;
use heroku_sim::core::Options;
use serde_json::json;
use sim::{client, sim};

fn init(dir: &Path, args: &[&str]) -> std::process::Output {
    heroin()
        .arg("-C")
        .arg(dir)
        .arg("init")
        .args(args)
        .output()
        .unwrap()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn validate(dir: &Path) -> String {
    let out = heroin()
        .arg("-C")
        .arg(dir)
        .arg("validate")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[test]
fn a_new_toml_project_validates_and_points_at_the_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme-shop");
    let out = init(&dir, &[]);
    assert!(out.status.success(), "{out:?}");
    let ok = validate(&dir);
    assert!(ok.contains("acme-shop: prod, staging)"), "{ok}");
    for name in ["heroin.toml", "heroin.staging.toml", "heroin.prod.toml"] {
        assert!(
            read(&dir, name).starts_with("#:schema ./heroin.schema.json\n"),
            "{name}"
        );
    }
    let base = read(&dir, "heroin.toml");
    for part in [
        "[apps.web.config_vars]",
        "[apps.web.addons.database]",
        "[apps.web.formation]",
    ] {
        assert!(base.contains(part), "{part}");
    }
    assert!(
        base.contains(r#"name = "acme-shop-${HEROIN_ENV}""#),
        "{base}"
    );
    let schema = heroin().arg("schema").output().unwrap();
    assert_eq!(
        read(&dir, "heroin.schema.json").as_bytes(),
        schema.stdout.as_slice()
    );
    // The resolved names are the environment's.
    let show = heroin()
        .arg("-C")
        .arg(&dir)
        .args(["show", "prod"])
        .output()
        .unwrap();
    let show = String::from_utf8_lossy(&show.stdout);
    assert!(show.contains("acme-shop-prod"), "{show}");
    assert!(show.contains("standard-1x"), "{show}");
}

#[test]
fn a_new_yaml_project_with_its_own_environments_validates() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("Billing Service");
    let out = init(&dir, &["--format", "yaml", "--envs", "qa,production"]);
    assert!(out.status.success(), "{out:?}");
    let ok = validate(&dir);
    assert!(ok.contains("production, qa"), "{ok}");
    for name in ["heroin.yaml", "heroin.qa.yaml", "heroin.production.yaml"] {
        assert!(
            read(&dir, name).starts_with("# yaml-language-server: $schema=./heroin.schema.json\n"),
            "{name}"
        );
    }
    assert!(read(&dir, "heroin.yaml").contains(r#"name: "billing-service-${HEROIN_ENV}""#));
    assert!(!dir.join("heroin.toml").exists());
}

#[test]
fn the_pre_commit_configuration_runs_heroin_validate_on_heroin_files() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(init(tmp.path(), &[]).status.success());
    let text = read(tmp.path(), ".pre-commit-config.yaml");
    let config: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let hook = &config["repos"][0]["hooks"][0];
    assert_eq!(hook["entry"], "heroin validate");
    assert_eq!(hook["language"], "system");
    // The same file pattern as heroin's own hooks.
    let hooks: serde_json::Value = serde_saphyr::from_str(
        &std::fs::read_to_string(common::root().join(".pre-commit-hooks.yaml")).unwrap(),
    )
    .unwrap();
    assert_eq!(hook["files"], hooks[1]["files"]);
    assert_eq!(hook["id"], hooks[1]["id"]);
}

#[test]
fn init_overwrites_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("heroin.prod.toml"), "# mine\n").unwrap();
    let out = init(tmp.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already holds heroin.prod.toml"), "{err}");
    assert_eq!(read(tmp.path(), "heroin.prod.toml"), "# mine\n");
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "nothing else was written");
    // A base in the other format stops it as well.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("heroin.yml"), "apps: {}\n").unwrap();
    assert_eq!(init(other.path(), &[]).status.code(), Some(1));
    assert!(!other.path().join("heroin.toml").exists());
}

#[test]
fn bad_environment_names_are_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let out = init(tmp.path(), &["--envs", "Prod"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_none());
}

#[test]
fn init_from_existing_apps_plans_no_changes() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    for name in ["old-web", "old-worker"] {
        c.write("POST", "/apps", &json!({"name": name})).unwrap();
    }
    c.write(
        "PATCH",
        "/apps/old-web/config-vars",
        &json!({"RAILS_ENV": "production", "STRIPE_SECRET": "sk-live-hidden"}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/old-web/addons",
        &json!({"plan": "heroku-postgresql:essential-0"}),
    )
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let out = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .arg("-C")
        .arg(dir)
        .args([
            "init",
            "--from",
            "old-web",
            "old-worker",
            "--format",
            "yaml",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("STRIPE_SECRET"), "{err}");
    assert!(!err.contains("sk-live-hidden"));
    let base = read(dir, "heroin.yaml");
    assert!(!base.contains("sk-live-hidden"));
    assert!(
        base.contains("old-web:") && base.contains("old-worker:"),
        "{base}"
    );
    assert!(dir.join("heroin.prod.yaml").exists());
    validate(dir);
    let diff = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .env("STRIPE_SECRET", "sk-live-hidden")
        .arg("-C")
        .arg(dir)
        .args(["diff", "prod", "--detailed-exitcode"])
        .output()
        .unwrap();
    assert_eq!(
        diff.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&diff.stdout)
    );
}

#[test]
fn init_from_with_two_environments_is_refused_before_reading_heroku() {
    let tmp = tempfile::tempdir().unwrap();
    let out = heroin()
        .arg("-C")
        .arg(tmp.path())
        .args(["init", "--from", "a-app", "--envs", "staging,prod"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("name one environment"));
}

#[test]
fn version_names_the_commit() {
    let out = heroin().arg("--version").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(common::root())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8(o.stdout).unwrap().trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    assert_eq!(
        text.trim(),
        format!("heroin {} (commit {head})", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _heroin"),
        ("zsh", "#compdef heroin"),
        ("fish", "complete -c heroin"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[heroin]"),
    ] {
        let out = heroin().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(marker), "{shell}: {marker}");
        assert!(text.contains("init") && text.contains("diff"), "{shell}");
    }
}

#[test]
fn a_man_page_for_every_command() {
    use clap::CommandFactory;
    let tmp = tempfile::tempdir().unwrap();
    let command = heroin::cli::Cli::command();
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| format!("heroin-{}.1", c.get_name()))
        .collect();
    clap_mangen::generate_to(command, tmp.path()).unwrap();
    for name in names.iter().chain(&["heroin.1".to_string()]) {
        let page = read(tmp.path(), name);
        assert!(page.contains(".SH NAME"), "{name}");
    }
    assert!(read(tmp.path(), "heroin-init.1").contains("\\-\\-from"));
}
