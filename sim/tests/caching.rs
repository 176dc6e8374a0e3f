//! `ETag` on every response, and 304 Not Modified with no body for a read
//! whose `If-None-Match` names the current answer's tag, as Heroku does.

mod common;

use common::Driver;
use heroku_sim::core::Options;
use heroku_sim::protocol::Request;
use serde_json::{Value, json};

fn conditional(d: &mut Driver, path: &str, tag: &str) -> heroku_sim::protocol::Response {
    let req = Request::new("GET", path, "sim-token").header("if-none-match", tag);
    d.raw(req, None)
}

#[test]
fn an_unchanged_answer_is_304_and_a_changed_one_comes_with_a_new_tag() {
    let mut d = Driver::new(Options::default());
    let created = d.send("POST", "/apps", Some(json!({"name": "acme"})));
    assert!(created.header("ETag").is_some());
    let first = d.send("GET", "/apps/acme", None);
    let tag = first.header("ETag").unwrap().to_string();
    assert!(
        tag.starts_with('"') && tag.ends_with('"') && tag.len() > 2,
        "{tag}"
    );
    let again = conditional(&mut d, "/apps/acme", &tag);
    assert_eq!((again.status, &again.body), (304, &Value::Null));
    assert_eq!(again.header("ETag"), Some(tag.as_str()));
    // Among others, or weak: still a match.
    let listed = format!("\"other\", W/{tag}");
    assert_eq!(conditional(&mut d, "/apps/acme", &listed).status, 304);
    d.ok(
        "PATCH",
        "/apps/acme",
        Some(json!({"maintenance": true})),
        200,
    );
    let changed = conditional(&mut d, "/apps/acme", &tag);
    assert_eq!(changed.status, 200);
    assert_eq!(changed.body["maintenance"], true);
    assert_ne!(changed.header("ETag"), Some(tag.as_str()));
}

#[test]
fn errors_and_writes_carry_tags_but_only_reads_are_304() {
    let mut d = Driver::new(Options::default());
    let missing = d.send("GET", "/apps/nope", None);
    assert_eq!(missing.status, 404);
    let tag = missing.header("ETag").unwrap().to_string();
    // An error is never "not modified".
    assert_eq!(conditional(&mut d, "/apps/nope", &tag).status, 404);
    d.ok("POST", "/apps", Some(json!({"name": "acme"})), 201);
    let vars = d.send("GET", "/apps/acme/config-vars", None);
    let tag = vars.header("ETag").unwrap().to_string();
    let req = Request::new("PATCH", "/apps/acme/config-vars", "sim-token")
        .header("if-none-match", &tag)
        .json(json!({}));
    assert_eq!(d.raw(req, Some(json!({}))).status, 200);
}
