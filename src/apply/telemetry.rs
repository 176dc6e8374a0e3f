//! Telemetry drain steps as the requests Heroku receives: the create is
//! `POST /telemetry-drains` with the app as owner (by id), update and
//! delete go by the drain's id. Header values are in clear in the body,
//! which exists only to be sent. Pure.

use serde_json::{Map, Value, json};

use super::Request;
use crate::http::paths;
use crate::plan::telemetry::{TelemetryStep, Wanted};

fn exporter(d: &Wanted) -> Value {
    let headers: Map<String, Value> = d
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), json!(v.known().unwrap_or_default())))
        .collect();
    json!({"type": d.exporter_type, "endpoint": d.endpoint, "headers": headers})
}

/// The request of `step`.
pub fn request(step: &TelemetryStep) -> Request {
    match step {
        TelemetryStep::Create { app_id, drain, .. } => Request {
            method: "POST",
            path: paths::TELEMETRY_DRAINS.into(),
            body: json!({
                "owner": {"id": app_id, "type": "app"},
                "signals": drain.signals,
                "exporter": exporter(drain),
            }),
        },
        TelemetryStep::Update { id, drain, .. } => Request {
            method: "PATCH",
            path: paths::telemetry_drain(id),
            body: json!({"signals": drain.signals, "exporter": exporter(drain)}),
        },
        TelemetryStep::Remove { id, .. } => Request {
            method: "DELETE",
            path: paths::telemetry_drain(id),
            body: Value::Null,
        },
    }
}

/// One line saying what `step` does.
pub fn describe(step: &TelemetryStep) -> String {
    match step {
        TelemetryStep::Create { app, drain, .. } => {
            format!("add a telemetry drain to {} on {app}", drain.endpoint)
        }
        TelemetryStep::Update { app, drain, .. } => {
            format!("update the telemetry drain to {} on {app}", drain.endpoint)
        }
        TelemetryStep::Remove { app, .. } => format!("remove a telemetry drain from {app}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::{Secret, Text};

    #[test]
    fn a_telemetry_drain_is_created_for_its_app_by_id() {
        let step = TelemetryStep::Create {
            app: "acme".into(),
            app_id: "01234567-89ab-cdef-0123-456789abcdef".into(),
            drain: Wanted {
                signals: vec!["logs".into()],
                exporter_type: "otlp".into(),
                endpoint: "otel.example.com:4317".into(),
                headers: [("key".to_string(), Text::Secret(Secret::new("v")))].into(),
            },
        };
        let r = request(&step);
        assert_eq!((r.method, r.path.as_str()), ("POST", "/telemetry-drains"));
        assert_eq!(r.body["owner"]["type"], "app");
        assert_eq!(r.body["exporter"]["headers"]["key"], "v");
    }
}
