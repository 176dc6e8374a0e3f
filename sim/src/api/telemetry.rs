//! Telemetry drains: `POST /telemetry-drains` (owned by an app), `GET
//! /apps/{app}/telemetry-drains`, and info, update and delete by id.
//!
//! For Fir-generation apps only, as on Heroku: a drain for a Cedar app is
//! refused (422). The simulator knows an app's generation from `generation`
//! on the app, set to `fir` when the app's name was declared with
//! `--fir-app` (on Heroku: an app created in a Fir space). Heroku's rules
//! are checked here: at least one signal, each of `traces`, `metrics`,
//! `logs` and once; an exporter of type `otlphttp` or `otlp` with an
//! endpoint of at most 1000 characters; at most 20 headers, names of
//! letters, digits, `-` and `_` (1 to 100), values of at most 1000.
//! Exporter headers are answered: Heroku shows them (`telemetry:info`).

use serde_json::{Map, Value, json};

use super::{Cx, ts};
use crate::protocol::{ApiError, ApiResult, Reply};
use crate::state::TelemetryDrain;

/// The signals a drain may send.
pub const SIGNALS: &[&str] = &["traces", "metrics", "logs"];
/// The exporter types.
pub const TYPES: &[&str] = &["otlphttp", "otlp"];

fn view(d: &TelemetryDrain) -> Value {
    json!({
        "created_at": ts(d.created_at),
        "id": d.id,
        "owner": {"id": d.app_id, "type": "app"},
        "signals": d.signals,
        "exporter": {"type": d.exporter_type, "endpoint": d.endpoint, "headers": d.headers},
        "updated_at": ts(d.updated_at),
    })
}

fn signals_of(v: &Value) -> Result<Vec<String>, ApiError> {
    let items = v
        .as_array()
        .ok_or_else(|| ApiError::invalid("Signals must be an array."))?;
    let mut out: Vec<String> = Vec::new();
    for s in items {
        let s = s.as_str().unwrap_or_default();
        if !SIGNALS.contains(&s) {
            return Err(ApiError::invalid(format!(
                "Signals contains an unknown signal: {s}. Signals: traces, metrics, logs."
            )));
        }
        if out.iter().any(|o| o == s) {
            return Err(ApiError::invalid(format!("Signals contains {s} twice.")));
        }
        out.push(s.to_string());
    }
    if out.is_empty() {
        return Err(ApiError::invalid("Signals can't be empty."));
    }
    Ok(out)
}

/// The exporter's type, endpoint and headers, checked.
fn exporter_of(v: &Value) -> Result<(String, String, Map<String, Value>), ApiError> {
    let kind = v["type"].as_str().unwrap_or_default();
    if !TYPES.contains(&kind) {
        return Err(ApiError::invalid("Exporter type must be otlphttp or otlp."));
    }
    let endpoint = v["endpoint"]
        .as_str()
        .filter(|e| !e.is_empty())
        .ok_or_else(|| ApiError::invalid("Require params: exporter.endpoint."))?;
    if endpoint.chars().count() > 1000 {
        return Err(ApiError::invalid(
            "Exporter endpoint is too long (maximum is 1000 characters).",
        ));
    }
    if kind == "otlphttp" && !(endpoint.starts_with("https://") || endpoint.starts_with("http://"))
    {
        return Err(ApiError::invalid(format!(
            "Exporter endpoint {endpoint} is not a valid URL."
        )));
    }
    let headers = match &v["headers"] {
        Value::Null => Map::new(),
        Value::Object(h) => h.clone(),
        _ => return Err(ApiError::invalid("Exporter headers must be an object.")),
    };
    if headers.len() > 20 {
        return Err(ApiError::invalid(
            "Exporter headers can have at most 20 entries.",
        ));
    }
    for (name, value) in &headers {
        let name_ok = (1..=100).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        let value_ok = value.as_str().is_some_and(|s| s.chars().count() <= 1000);
        if !name_ok || !value_ok {
            return Err(ApiError::invalid(format!(
                "Exporter header {name} is invalid."
            )));
        }
    }
    Ok((kind.to_string(), endpoint.to_string(), headers))
}

pub fn create(cx: &mut Cx) -> ApiResult {
    let owner = &cx.body["owner"];
    if owner["type"].as_str() != Some("app") {
        return Err(ApiError::invalid(
            "Owner type must be app (spaces are not simulated).",
        ));
    }
    let ident = owner["id"]
        .as_str()
        .ok_or_else(|| ApiError::invalid("Require params: owner.id."))?
        .to_string();
    let i = cx.app(&ident)?;
    if cx.state.apps[i].generation != "fir" {
        return Err(ApiError::invalid(
            "Telemetry drains are only available for Fir-generation apps.",
        ));
    }
    let signals = signals_of(&cx.body["signals"])?;
    let (exporter_type, endpoint, headers) = exporter_of(&cx.body["exporter"])?;
    let id = cx.uuid();
    cx.state.telemetry_drains.push(TelemetryDrain {
        id,
        app_id: cx.state.apps[i].id.clone(),
        signals,
        exporter_type,
        endpoint,
        headers,
        created_at: cx.now,
        updated_at: cx.now,
    });
    let d = cx.state.telemetry_drains.last().expect("just pushed");
    Ok(Reply::Created(view(d)))
}

pub fn list(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let id = cx.state.apps[i].id.clone();
    Ok(Reply::List(
        cx.state
            .telemetry_drains
            .iter()
            .filter(|d| d.app_id == id)
            .map(view)
            .collect(),
    ))
}

fn find(cx: &Cx, ident: &str) -> Result<usize, ApiError> {
    let d = cx
        .state
        .telemetry_drains
        .iter()
        .position(|d| d.id == ident)
        .ok_or_else(|| {
            ApiError::not_found("telemetry-drain", "Couldn't find that telemetry drain.")
        })?;
    // Only who may see the app may see its drains.
    cx.app(&cx.state.telemetry_drains[d].app_id)?;
    Ok(d)
}

pub fn info(cx: &mut Cx, ident: &str) -> ApiResult {
    let d = find(cx, ident)?;
    Ok(Reply::Ok(view(&cx.state.telemetry_drains[d])))
}

pub fn update(cx: &mut Cx, ident: &str) -> ApiResult {
    let d = find(cx, ident)?;
    let signals = match cx.body.get("signals") {
        Some(v) => Some(signals_of(v)?),
        None => None,
    };
    let exporter = match cx.body.get("exporter") {
        Some(v) => Some(exporter_of(v)?),
        None => None,
    };
    let drain = &mut cx.state.telemetry_drains[d];
    if let Some(signals) = signals {
        drain.signals = signals;
    }
    if let Some((kind, endpoint, headers)) = exporter {
        (drain.exporter_type, drain.endpoint, drain.headers) = (kind, endpoint, headers);
    }
    drain.updated_at = cx.now;
    Ok(Reply::Ok(view(&cx.state.telemetry_drains[d])))
}

pub fn destroy(cx: &mut Cx, ident: &str) -> ApiResult {
    let d = find(cx, ident)?;
    let body = view(&cx.state.telemetry_drains[d]);
    cx.state.telemetry_drains.remove(d);
    Ok(Reply::Ok(body))
}
