//! Details of what Heroku answers that clients read: a pipeline coupling's
//! pipeline carries its name (the official CLI prints it), and a domain
//! added twice says whether it is already on this app or on another one.

mod common;

use common::Driver;
use heroku_sim::core::Options;
use serde_json::json;

#[test]
fn every_coupling_names_its_pipeline() {
    let mut d = Driver::new(Options::default());
    d.ok("POST", "/apps", Some(json!({"name": "acme"})), 201);
    let p = d.ok("POST", "/pipelines", Some(json!({"name": "shop"})), 201);
    let pid = p["id"].as_str().unwrap();
    let c = d.ok(
        "POST",
        "/pipeline-couplings",
        Some(json!({"app": "acme", "pipeline": pid, "stage": "staging"})),
        201,
    );
    assert_eq!(c["pipeline"], json!({"id": pid, "name": "shop"}));
    let cid = c["id"].as_str().unwrap();
    for path in [
        "/apps/acme/pipeline-couplings".to_string(),
        format!("/pipeline-couplings/{cid}"),
    ] {
        assert_eq!(d.ok("GET", &path, None, 200)["pipeline"]["name"], "shop");
    }
    for path in [
        "/pipeline-couplings".to_string(),
        format!("/pipelines/{pid}/pipeline-couplings"),
    ] {
        assert_eq!(d.ok("GET", &path, None, 200)[0]["pipeline"]["name"], "shop");
    }
}

#[test]
fn a_domain_added_twice_says_where_it_already_is() {
    let mut d = Driver::new(Options::default());
    d.ok("POST", "/apps", Some(json!({"name": "acme"})), 201);
    d.ok("POST", "/apps", Some(json!({"name": "acme-two"})), 201);
    let www = json!({"hostname": "www.acme.example", "sni_endpoint": null});
    d.ok("POST", "/apps/acme/domains", Some(www.clone()), 201);
    let again = d.send("POST", "/apps/acme/domains", Some(www.clone()));
    assert_eq!(
        (again.status, again.body["id"].as_str()),
        (422, Some("invalid_params"))
    );
    assert_eq!(again.body["message"], "Domain already added to this app.");
    let elsewhere = d.send("POST", "/apps/acme-two/domains", Some(www));
    assert_eq!(elsewhere.status, 422);
    assert_eq!(
        elsewhere.body["message"],
        "www.acme.example is currently in use by another app."
    );
}
