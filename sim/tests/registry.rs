//! The buildpack registry as the official CLI asks it
//! (`HEROKU_BUILDPACK_REGISTRY_URL`): a known buildpack by name with no
//! token, an unknown one refused, and the archive URL the CLI then sets kept
//! as the registry name.

mod common;

use common::Driver;
use heroku_sim::core::Options;
use heroku_sim::protocol::Request;
use serde_json::json;

/// A request as `@heroku/buildpack-registry` sends it: its own media type
/// and no `Authorization` header.
fn registry_get(path: &str) -> Request {
    let mut req = Request::new("GET", path, "");
    req.headers.remove("authorization");
    req.headers.insert(
        "accept".into(),
        "application/vnd.heroku+json; version=3.buildpack-registry".into(),
    );
    req
}

#[test]
fn a_known_buildpack_is_found_by_name_without_a_token() {
    let mut d = Driver::new(Options::default());
    for path in [
        "/buildpacks/hashnuke%2Felixir",
        "/buildpacks/hashnuke/elixir",
    ] {
        let r = d.raw(registry_get(path), None);
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        assert_eq!(r.body["namespace"], "hashnuke");
        assert_eq!(r.body["name"], "elixir");
        assert_eq!(
            r.body["blob_url"],
            "https://buildpack-registry.s3.amazonaws.com/buildpacks/hashnuke/elixir.tgz"
        );
    }
    let r = d.raw(registry_get("/buildpacks/heroku%2Fruby"), None);
    assert_eq!(r.status, 200, "{}", r.body);
    // The same buildpack has the same id on every run.
    let again = d.raw(registry_get("/buildpacks/heroku%2Fruby"), None);
    assert_eq!(r.body["id"], again.body["id"]);
}

#[test]
fn an_unknown_buildpack_is_not_found() {
    let mut d = Driver::new(Options::default());
    let r = d.raw(registry_get("/buildpacks/nobody%2Fnothing"), None);
    assert_eq!(r.status, 404, "{}", r.body);
    assert_eq!(r.body["id"], "not_found");
}

#[test]
fn a_registry_archive_set_on_an_app_shows_as_its_registry_name() {
    let mut d = Driver::new(Options::default());
    d.ok("POST", "/apps", Some(json!({"name": "acme-web"})), 201);
    let blob = "https://buildpack-registry.s3.amazonaws.com/buildpacks/hashnuke/elixir.tgz";
    let body = json!({"updates": [{"buildpack": blob}]});
    let set = d.ok(
        "PUT",
        "/apps/acme-web/buildpack-installations",
        Some(body),
        200,
    );
    assert_eq!(set[0]["buildpack"]["name"], "hashnuke/elixir");
    assert_eq!(set[0]["buildpack"]["url"], "urn:buildpack:hashnuke/elixir");
    let list = d.ok("GET", "/apps/acme-web/buildpack-installations", None, 200);
    assert_eq!(list, set);
}
