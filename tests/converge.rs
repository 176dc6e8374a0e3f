//! Every example, for every environment, applied to heroku-sim converges:
//! from nothing, and again from a live state pushed partly away from the
//! files, the next plan has no changes ("run twice, expect zero changes").

mod common;
use common::sim;

use std::collections::BTreeMap;
use std::time::Duration;

use heroin::apply::execute::{Wait, execute};
use heroin::config::{files, model::Config};
use heroin::http::Client;
use heroin::live::read::{Scope, read};
use heroin::plan::{Plan, plan};
use heroku_sim::core::Options;
use serde_json::json;
use sim::{client, sim};

const VARS: &[(&str, &str)] = &[
    ("IRC_PASSWORD", "irc-demo-password"),
    ("PAYMENTS_API_KEY", "pay-demo-key"),
    ("SECRET_KEY_BASE", "phx-demo-secret"),
    ("LOGS_API_KEY", "logs-demo-key"),
    ("SESSION_SECRET", "session-demo-secret"),
];

fn config(dir: &std::path::Path, env: &str) -> Config {
    let layout = files::discover(dir).unwrap();
    let vars: BTreeMap<String, String> = VARS
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    heroin::config::load(&layout.environment(env).unwrap(), Some(&vars)).unwrap()
}

fn planned(c: &Client, cfg: &Config) -> Plan {
    plan(cfg, &read(c, &Scope::of(cfg), 4).unwrap())
}

fn apply(c: &Client, p: &Plan) {
    let wait = Wait {
        poll: Duration::from_millis(20),
        timeout: Duration::from_secs(10),
    };
    if let Err((i, e)) = execute(c, &p.step_list(), wait, &mut |_, _| {}) {
        panic!("step {i} {:?} failed: {e}", p.step_list()[i]);
    }
}

fn show(p: &Plan) -> String {
    heroin::render::text(p, &BTreeMap::new(), heroin::render::Options::default())
}

/// Pushes the live state of every app of `cfg` away from the files.
fn disturb(c: &Client, cfg: &Config) {
    for app in cfg.apps.values() {
        let name = app.name.value.known().unwrap();
        c.write(
            "PATCH",
            &format!("/apps/{name}/config-vars"),
            &json!({"STRAY_VAR": "x"}),
        )
        .unwrap();
        if let Some((k, _)) = app.config_vars.as_ref().and_then(|v| v.iter().next()) {
            c.write(
                "PATCH",
                &format!("/apps/{name}/config-vars"),
                &json!({k: "drifted"}),
            )
            .unwrap();
        }
        if app.domains.is_some() {
            c.write(
                "POST",
                &format!("/apps/{name}/domains"),
                &json!({"hostname": format!("stray.{name}.example"), "sni_endpoint": null}),
            )
            .unwrap();
        }
        if app.buildpacks.is_some() {
            c.write(
                "PUT",
                &format!("/apps/{name}/buildpack-installations"),
                &json!({"updates": []}),
            )
            .unwrap();
        }
        if app.collaborators.is_some() {
            c.write(
                "POST",
                &format!("/apps/{name}/collaborators"),
                &json!({"user": "stray@example.com"}),
            )
            .ok();
        }
        if app.features.is_some() {
            c.write(
                "PATCH",
                &format!("/apps/{name}/features/preboot"),
                &json!({"enabled": false}),
            )
            .unwrap();
        }
    }
}

#[test]
fn every_example_converges_from_nothing_and_from_drift() {
    for dir in common::dirs("examples") {
        let envs = files::discover(&dir).unwrap().envs();
        for env in envs {
            let running = sim(Options {
                provision_ms: 60,
                ..Options::default()
            });
            let c = client(&running, "sim-token");
            let cfg = config(&dir, &env);
            let first = planned(&c, &cfg);
            assert!(!first.is_empty());
            apply(&c, &first);
            let second = planned(&c, &cfg);
            assert!(
                second.is_empty(),
                "{} {env} after apply:\n{}",
                common::name(&dir),
                show(&second)
            );
            // The same, as users see it.
            let out = common::heroin()
                .env("HEROKU_HOST", &running.url)
                .env("HEROKU_API_KEY", "sim-token")
                .envs(VARS.iter().copied())
                .arg("-C")
                .arg(&dir)
                .args(["diff", &env, "--detailed-exitcode"])
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert_eq!(out.status.code(), Some(0), "{text}");
            // Nothing to change; formation waits while no release declares
            // its process types (the simulator's apps have no release).
            let expected = match second.waiting.len() {
                0 => "No changes. Heroku matches the files.".to_string(),
                n => format!("Plan: 0 to add, 0 to change, 0 to destroy, {n} waiting."),
            };
            assert!(text.contains(&expected), "{text}");

            disturb(&c, &cfg);
            let drifted = planned(&c, &cfg);
            assert!(
                !drifted.is_empty(),
                "{} {env}: the drift is seen",
                common::name(&dir)
            );
            apply(&c, &drifted);
            let again = planned(&c, &cfg);
            assert!(
                again.is_empty(),
                "{} {env} after drift:\n{}",
                common::name(&dir),
                show(&again)
            );
        }
    }
}
