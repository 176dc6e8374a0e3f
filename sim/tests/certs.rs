//! SNI endpoints as Heroku keeps them, with certificates made here (rcgen):
//! the schema's fields in every answer, the certificate's details in
//! `ssl_cert`, a key that is not the certificate's refused, a renewal in
//! place, domains pointed at an endpoint by name, and cleared when it goes.

mod common;

use common::Driver;
use common::schema::mismatches;
use heroku_sim::core::Options;
use serde_json::json;

fn cert(name: &str) -> (String, String) {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(vec![name.to_string()]).unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name.to_string());
    (params.self_signed(&key).unwrap().pem(), key.serialize_pem())
}

#[test]
fn an_endpoint_is_created_renewed_used_by_a_domain_and_deleted() {
    let mut d = Driver::new(Options::default());
    d.ok("POST", "/apps", Some(json!({"name": "acme-web"})), 201);
    d.ok(
        "POST",
        "/apps/acme-web/domains",
        Some(json!({"hostname": "www.acme.example", "sni_endpoint": null})),
        201,
    );
    let (chain, key) = cert("www.acme.example");
    let created = d.ok(
        "POST",
        "/apps/acme-web/sni-endpoints",
        Some(json!({"certificate_chain": chain, "private_key": key})),
        201,
    );
    assert_eq!(
        created["ssl_cert"]["cert_domains"],
        json!(["www.acme.example"])
    );
    assert_eq!(created["ssl_cert"]["self_signed?"], true);
    assert!(created.get("private_key").is_none());
    assert!(!created.to_string().contains(key.lines().nth(1).unwrap()));
    let name = created["name"].as_str().unwrap().to_string();
    let one = format!("/apps/acme-web/sni-endpoints/{name}");
    let domain = d.ok(
        "PATCH",
        "/apps/acme-web/domains/www.acme.example",
        Some(json!({"sni_endpoint": name})),
        200,
    );
    assert_eq!(domain["sni_endpoint"]["id"], created["id"]);
    let listed = d.ok("GET", "/apps/acme-web/sni-endpoints", None, 200);
    assert_eq!(listed[0]["domains"], json!([domain["id"]]));

    // A key that is not the certificate's, or no certificate at all.
    let (_, other_key) = cert("www.acme.example");
    let r = d.send(
        "PATCH",
        &one,
        Some(json!({"certificate_chain": chain, "private_key": other_key})),
    );
    assert_eq!(r.status, 422);
    assert!(
        r.body["message"]
            .as_str()
            .unwrap()
            .contains("does not match")
    );
    let r = d.send(
        "POST",
        "/apps/acme-web/sni-endpoints",
        Some(json!({"certificate_chain": "not a certificate", "private_key": key})),
    );
    assert_eq!(r.status, 422);
    let r = d.send(
        "PATCH",
        "/apps/acme-web/domains/www.acme.example",
        Some(json!({"sni_endpoint": "no-such-endpoint"})),
    );
    assert_eq!(r.status, 404);

    // A renewal: a new chain and key, the same endpoint.
    let (chain2, key2) = cert("www.acme.example");
    let renewed = d.ok(
        "PATCH",
        &one,
        Some(json!({"certificate_chain": chain2, "private_key": key2})),
        200,
    );
    assert_eq!(
        (renewed["id"].clone(), renewed["certificate_chain"].as_str()),
        (created["id"].clone(), Some(chain2.as_str()))
    );
    d.ok("GET", &one, None, 200);
    d.ok("DELETE", &one, None, 200);
    let domain = d.ok("GET", "/apps/acme-web/domains/www.acme.example", None, 200);
    assert!(domain["sni_endpoint"].is_null());
    let report = mismatches(&common::schema_path(), &d.log);
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
}
