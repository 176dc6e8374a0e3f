//! What a plan costs, against heroku-sim's published prices: the monthly
//! cost now and after under the summary, per app and resource, in text,
//! JSON and Markdown; the prices read once, with no request of their own
//! when the plan changes nothing.

mod common;
#[path = "common/shop.rs"]
mod shop;
#[path = "common/sim.rs"]
mod sim;

use heroku_sim::core::Options;
use heroku_sim::server::Running;
use serde_json::json;
use shop::run;
use sim::{client, logged, sim_logging};

/// A web app running 2 x standard-1x with an essential-0 database, which
/// the worker app shares.
pub const BASE: &str = r#"[apps.web]
name = "cost-web-${HEROIN_ENV}"
[apps.web.formation]
web = { quantity = 2, size = "standard-1x" }
[apps.web.addons.database]
plan = "heroku-postgresql:essential-0"

[apps.worker]
name = "cost-worker-${HEROIN_ENV}"
[apps.worker.addons.database]
attach = "web.database"
"#;

/// The prod overlay of the typo: performance-m where standard-1x was meant,
/// and a bigger database.
pub const COSTLY: &str = "[apps.web.formation]\nweb = { quantity = 2, size = \"performance-m\" }\n[apps.web.addons.database]\nplan = \"heroku-postgresql:essential-1\"\n";

/// The apps of [`BASE`] in prod on `running`, as the files describe them.
pub fn seed(running: &Running) {
    let c = client(running, "sim-token");
    for app in ["cost-web-prod", "cost-worker-prod"] {
        c.write("POST", "/apps", &json!({"name": app})).unwrap();
    }
    let slug = c
        .write(
            "POST",
            "/apps/cost-web-prod/slugs",
            &json!({"process_types": {"web": "puma"}}),
        )
        .unwrap();
    c.write(
        "POST",
        "/apps/cost-web-prod/releases",
        &json!({"slug": slug["id"]}),
    )
    .unwrap();
    c.write(
        "PATCH",
        "/apps/cost-web-prod/formation",
        &json!({"updates": [{"type": "web", "quantity": 2, "size": "standard-1X"}]}),
    )
    .unwrap();
    let db = c
        .write(
            "POST",
            "/apps/cost-web-prod/addons",
            &json!({"plan": "heroku-postgresql:essential-0", "attachment": {"name": "DATABASE"}}),
        )
        .unwrap();
    c.write(
        "POST",
        "/addon-attachments",
        &json!({"addon": db["id"], "app": "cost-worker-prod", "name": "DATABASE"}),
    )
    .unwrap();
    // Provisioned at once on the simulator's defaults.
}

/// A configuration directory whose prod overlay holds `prod`.
pub fn files(prod: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("heroin.toml"), BASE).unwrap();
    std::fs::write(dir.path().join("heroin.prod.toml"), prod).unwrap();
    dir
}

fn count(requests: &[String], request: &str) -> usize {
    requests.iter().filter(|r| *r == request).count()
}

#[test]
fn a_plan_that_changes_nothing_reads_no_price() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("requests.jsonl");
    let running = sim_logging(Options::default(), Some(&log));
    seed(&running);
    let dir = files("");
    let before = logged(&log).len();
    let (code, out, err) = run(&running, dir.path(), &["diff", "prod"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert_eq!(out.trim(), "No changes. Heroku matches the files.");
    let read: Vec<String> = logged(&log).split_off(before);
    assert_eq!(count(&read, "GET /dyno-sizes"), 0, "{read:#?}");
    // The plans' prices come with the catalogue heroin reads anyway: once.
    assert_eq!(
        count(&read, "GET /addon-services/heroku-postgresql/plans"),
        1
    );
    let (_, json, _) = run(&running, dir.path(), &["diff", "prod", "--json"]);
    let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(plan["cost"].is_null(), "{json}");
}

#[test]
fn the_cost_now_and_after_shows_under_the_summary_in_text_json_and_markdown() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("requests.jsonl");
    let running = sim_logging(Options::default(), Some(&log));
    seed(&running);
    let dir = files(COSTLY);
    let before = logged(&log).len();
    let (code, out, err) = run(&running, dir.path(), &["diff", "prod", "--color", "never"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    let read: Vec<String> = logged(&log).split_off(before);
    assert_eq!(count(&read, "GET /dyno-sizes"), 1, "{read:#?}");
    assert_eq!(
        count(&read, "GET /addon-services/heroku-postgresql/plans"),
        1
    );
    // 2 x $25 + $5 now; 2 x $250 + $9 after; the worker pays for nothing.
    assert!(
        out.contains("Cost: $55.00/month -> $509.00/month (+$454.00)"),
        "{out}"
    );
    insta::assert_snapshot!("cost_text", out);

    let (code, json, err) = run(&running, dir.path(), &["diff", "prod", "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
    let errors = common::plan_schema_errors(&plan);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(plan["cost"]["increase_cents"], 45400);
    insta::assert_snapshot!(
        "cost_json",
        serde_json::to_string_pretty(&plan["cost"]).unwrap()
    );

    let (code, md, err) = run(
        &running,
        dir.path(),
        &["diff", "prod", "--format", "markdown"],
    );
    assert_eq!(code, Some(0), "{err}");
    insta::assert_snapshot!("cost_markdown", md);
}
