//! Checks a request log written by `heroku-sim --request-log FILE` against
//! Heroku's official hyper-schema: every request body a client sent must fit
//! its link's request schema, and every response must fit the strict response
//! schema. `make conformance` runs it on the official Heroku CLI's requests.
//!
//! Usage: `cargo run -p heroku-sim --example check_requests -- LOG SCHEMA`

#[path = "../tests/common/schema.rs"]
mod schema;

use std::process::ExitCode;

use schema::{Exchange, mismatches};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [log, schema_file] = args.as_slice() else {
        eprintln!("usage: check_requests LOG SCHEMA");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(log) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("check_requests: cannot read {log}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut exchanges = Vec::new();
    let mut registry = 0;
    for (n, line) in text.lines().enumerate() {
        let mut x: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("check_requests: {log}:{}: {e}", n + 1);
                return ExitCode::from(2);
            }
        };
        // The log keeps the query apart; the checker wants it in the path.
        if let Some(q) = x["query"].as_str().filter(|q| !q.is_empty()) {
            x["path"] = format!("{}?{q}", x["path"].as_str().unwrap_or("")).into();
        }
        if x["request"].is_null() {
            x.as_object_mut().map(|o| o.remove("request"));
        }
        match serde_json::from_value::<Exchange>(x) {
            // The buildpack registry's answers are outside the Platform API
            // and its schema.
            Ok(e) if heroku_sim::registry::handles(&e.method, path_of(&e.path)) => registry += 1,
            Ok(e) => exchanges.push(e),
            Err(e) => {
                eprintln!("check_requests: {log}:{}: {e}", n + 1);
                return ExitCode::from(2);
            }
        }
    }
    if registry > 0 {
        println!(
            "{registry} buildpack registry exchange(s), outside the Platform API, not checked"
        );
    }
    let report = mismatches(std::path::Path::new(schema_file), &exchanges);
    for f in &report.failures {
        println!("mismatch: {f}");
    }
    for (form, n) in &report.forms {
        println!("accepted {n} time(s), a form Heroku takes beyond its schema: {form}");
    }
    println!(
        "{} exchanges checked against {} schema links: {} passed, {} failed",
        exchanges.len(),
        report.links.len(),
        exchanges.len() - report.failures.len(),
        report.failures.len()
    );
    if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A logged path without its query (which the checker keeps in it).
fn path_of(path: &str) -> &str {
    path.split_once('?').map_or(path, |(p, _)| p)
}
