//! Telemetry drains as Heroku has them, from `GET /apps/{app}/telemetry-
//! drains` (read only for Fir-generation apps: other apps have none).
//! Heroku answers the exporter's headers, whose values are kept to compare
//! and are never shown (the plan shows header names only). Pure.

use std::collections::BTreeMap;

use serde_json::Value;

use super::shape::{Shape, each, list, string};

/// One telemetry drain.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct LiveTelemetryDrain {
    /// The consumer's URI.
    pub endpoint: String,
    /// Heroku's id.
    pub id: String,
    /// Signals, sorted.
    pub signals: Vec<String>,
    /// `otlphttp` or `otlp`.
    pub exporter_type: String,
    /// Headers (values secret).
    pub headers: BTreeMap<String, String>,
}

/// The app's telemetry drains, sorted by endpoint.
pub fn telemetry_drains_from(items: &[Value]) -> Result<Vec<LiveTelemetryDrain>, Shape> {
    let mut drains = each(items, |d| {
        let mut signals = each(list(d, &["signals"])?, |s| string(s, &[]))
            .map_err(|e| format!("`signals`, {e}"))?;
        signals.sort();
        let headers = match &d["exporter"]["headers"] {
            Value::Null => BTreeMap::new(),
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| match v {
                    Value::String(s) => Ok((k.clone(), s.clone())),
                    _ => Err("`exporter.headers` holds a value that is not a string".to_string()),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err("`exporter.headers` is not an object".into()),
        };
        Ok(LiveTelemetryDrain {
            endpoint: string(d, &["exporter", "endpoint"])?,
            id: string(d, &["id"])?,
            signals,
            exporter_type: string(d, &["exporter", "type"])?,
            headers,
        })
    })?;
    drains.sort();
    Ok(drains)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn telemetry_drains_are_read_with_sorted_signals_and_their_headers() {
        let items = [json!({
            "id": "t-1",
            "signals": ["traces", "logs"],
            "exporter": {"type": "otlphttp", "endpoint": "https://otel.example.com", "headers": {"x-api-key": "k"}}
        })];
        let d = &telemetry_drains_from(&items).unwrap()[0];
        assert_eq!(d.signals, ["logs", "traces"]);
        assert_eq!(d.headers["x-api-key"], "k");
        let bad = [
            json!({"id": "t", "signals": [], "exporter": {"type": "otlp", "endpoint": "e", "headers": {"a": 1}}}),
        ];
        assert!(telemetry_drains_from(&bad).is_err());
    }
}
