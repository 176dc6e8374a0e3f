//! What a plan costs, against heroku-sim's published prices: the monthly
//! cost now and after under the summary, per app and resource, in text,
//! JSON and Markdown; the prices read once, with no request of their own
//! when the plan changes nothing.

mod common;
use common::{priced, shop, sim};

use heroku_sim::core::Options;
use priced::{COSTLY, files, seed};
use shop::run;
use sim::{logged, sim_logging};

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

#[test]
fn show_cost_lists_what_the_files_describe_with_heroku_s_prices() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("requests.jsonl");
    let running = sim_logging(Options::default(), Some(&log));
    // Nothing on Heroku: the files alone say what it would cost.
    let dir = files(&format!(
        "{COSTLY}[apps.web.formation.clock]\nsize = \"standard-2x\"\n"
    ));
    let (code, out, err) = run(&running, dir.path(), &["show", "prod", "--cost"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    insta::assert_snapshot!("show_cost", out);
    let mut read = logged(&log);
    read.sort();
    assert_eq!(
        read,
        [
            "GET /addon-services/heroku-postgresql/plans",
            "GET /dyno-sizes"
        ],
        "the prices only, once each"
    );
    let (code, json, err) = run(&running, dir.path(), &["show", "prod", "--cost", "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let cost: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        cost["after"],
        serde_json::json!({"cents": 50900, "unpriced": 1})
    );
}
