//! Telemetry drains as Heroku keeps them: only on Fir-generation apps
//! (declared with `fir_apps`), the schema's fields in every answer, Heroku's
//! rules on signals, exporter type, endpoint and headers, and gone with
//! their app.

mod common;

use common::Driver;
use common::schema::mismatches;
use heroku_sim::core::Options;
use serde_json::json;

fn fir() -> (Driver, String) {
    let mut d = Driver::new(Options {
        fir_apps: vec!["acme-fir".into()],
        ..Options::default()
    });
    let app = d.ok("POST", "/apps", Some(json!({"name": "acme-fir"})), 201);
    assert_eq!(app["generation"]["name"], "fir");
    (d, app["id"].as_str().unwrap().to_string())
}

fn drain(owner: &str) -> serde_json::Value {
    json!({
        "owner": {"id": owner, "type": "app"},
        "signals": ["traces", "metrics"],
        "exporter": {"type": "otlphttp", "endpoint": "https://otel.acme.example", "headers": {"x-api-key": "k1"}},
    })
}

#[test]
fn a_telemetry_drain_is_created_listed_updated_and_deleted_with_schema_valid_answers() {
    let (mut d, id) = fir();
    let created = d.ok("POST", "/telemetry-drains", Some(drain(&id)), 201);
    assert_eq!(created["owner"], json!({"id": id, "type": "app"}));
    assert_eq!(created["exporter"]["headers"]["x-api-key"], "k1");
    let one = format!("/telemetry-drains/{}", created["id"].as_str().unwrap());
    assert_eq!(
        d.ok("GET", "/apps/acme-fir/telemetry-drains", None, 200),
        json!([created.clone()])
    );
    d.ok("GET", &one, None, 200);
    let updated = d.ok(
        "PATCH",
        &one,
        Some(json!({"signals": ["logs"], "exporter": {"type": "otlp", "endpoint": "otel.acme.example:4317"}})),
        200,
    );
    assert_eq!(updated["signals"], json!(["logs"]));
    assert_eq!(updated["exporter"]["headers"], json!({}));
    d.ok("DELETE", &one, None, 200);
    d.ok("GET", &one, None, 404);
    let report = mismatches(&common::schema_path(), &d.log);
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
}

#[test]
fn heroku_s_rules_refuse_cedar_apps_and_bad_drains() {
    let (mut d, id) = fir();
    let cedar = d.ok("POST", "/apps", Some(json!({"name": "acme-cedar"})), 201);
    let on_cedar = drain(cedar["id"].as_str().unwrap());
    let r = d.send("POST", "/telemetry-drains", Some(on_cedar.clone()));
    assert_eq!(r.status, 422);
    assert!(
        r.body["message"]
            .as_str()
            .unwrap()
            .contains("Fir-generation")
    );
    let mut fine = on_cedar;
    fine["owner"]["id"] = json!(id);
    for (field, value) in [
        ("signals", json!([])),
        ("signals", json!(["traces", "traces"])),
        ("signals", json!(["spans"])),
        (
            "exporter",
            json!({"type": "zipkin", "endpoint": "https://x.example"}),
        ),
        (
            "exporter",
            json!({"type": "otlphttp", "endpoint": "otel.example:4317"}),
        ),
        (
            "exporter",
            json!({"type": "otlp", "endpoint": "x", "headers": {"bad name": "v"}}),
        ),
    ] {
        let mut body = fine.clone();
        body[field] = value.clone();
        let r = d.send("POST", "/telemetry-drains", Some(body));
        assert_eq!(r.status, 422, "{field} = {value}: {:?}", r.body);
    }
    // Gone with the app.
    d.ok("POST", "/telemetry-drains", Some(drain(&id)), 201);
    d.ok("DELETE", "/apps/acme-fir", None, 200);
    assert!(d.sim.state.telemetry_drains.is_empty());
}
