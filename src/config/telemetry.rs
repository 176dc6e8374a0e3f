//! Telemetry drains in the files (Fir-generation apps): `[[apps.KEY.
//! telemetry_drains]]` tables with Heroku's field names, `signals` and an
//! `exporter` table of `type`, `endpoint` and `headers`, read into
//! [`TelemetryDrain`], and Heroku's rules for them.
//!
//! A drain is known by its exporter endpoint, so each endpoint appears once
//! per app. Header values are always secret (they carry API keys), even
//! when written literally. Pure.

use std::collections::BTreeMap;

use super::located::LText;
use super::read::{Reader, join};
use super::tree::{Node, Value};
use crate::diag::{Origin, Problem};
use crate::secret::{Secret, Text};

/// One telemetry drain.
#[derive(Clone, Debug, PartialEq)]
pub struct TelemetryDrain {
    /// Where the table starts.
    pub at: Origin,
    /// `traces`, `metrics`, `logs`.
    pub signals: Vec<LText>,
    /// `otlphttp` or `otlp`.
    pub exporter_type: LText,
    /// The consumer's URI (the drain's identity).
    pub endpoint: LText,
    /// Headers sent to the consumer, by name; values secret.
    pub headers: BTreeMap<String, LText>,
}

/// The signals a drain may send.
pub const SIGNALS: &[&str] = &["traces", "metrics", "logs"];
/// The exporter types.
pub const TYPES: &[&str] = &["otlphttp", "otlp"];
/// The most headers an exporter may have (Heroku's schema).
pub const MAX_HEADERS: usize = 20;

/// Reads `telemetry_drains`: an array of tables.
pub fn read(reader: &mut Reader, node: &Node, path: &str) -> Option<Vec<TelemetryDrain>> {
    let items = reader.array(node, path)?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("{path}[{i}]");
        let Value::Table(table) = &item.value else {
            reader.problem(
                Problem::new(&item.at, &path, format!("must be a table, not {}", item.value.kind()))
                    .with_hint("for example { signals = [\"traces\"], exporter = { type = \"otlphttp\", endpoint = \"https://otel.example.com\" } }"),
            );
            continue;
        };
        reader.unknown_keys(table, &path, &["signals", "exporter"]);
        let signals = match table.get("signals") {
            Some(e) => reader.text_list(&e.node, &join(&path, "signals")),
            None => {
                reader.problem(Problem::new(&item.at, &path, "`signals` is required"));
                None
            }
        };
        let exporter = match table.get("exporter") {
            Some(e) => exporter(reader, &e.node, &join(&path, "exporter")),
            None => {
                reader.problem(Problem::new(&item.at, &path, "`exporter` is required"));
                None
            }
        };
        if let (Some(signals), Some((exporter_type, endpoint, headers))) = (signals, exporter) {
            out.push(TelemetryDrain {
                at: item.at.clone(),
                signals,
                exporter_type,
                endpoint,
                headers,
            });
        }
    }
    Some(out)
}

type Exporter = (LText, LText, BTreeMap<String, LText>);

fn exporter(reader: &mut Reader, node: &Node, path: &str) -> Option<Exporter> {
    let table = reader.table(node, path)?;
    reader.unknown_keys(table, path, &["type", "endpoint", "headers"]);
    let required = |reader: &mut Reader, key: &str| match table.get(key) {
        Some(e) => reader.text(&e.node, &join(path, key)),
        None => {
            reader.problem(Problem::new(&node.at, path, format!("`{key}` is required")));
            None
        }
    };
    let kind = required(reader, "type");
    let endpoint = required(reader, "endpoint");
    let mut headers = BTreeMap::new();
    if let Some(e) = table.get("headers")
        && let Some(t) = reader.table(&e.node, &join(path, "headers"))
    {
        for (name, entry) in t {
            if let Some(v) = reader.text(&entry.node, &join(&join(path, "headers"), name)) {
                let value = match v.value {
                    Text::Plain(p) => Text::Secret(Secret::new(p)),
                    other => other,
                };
                headers.insert(name.clone(), LText { value, at: v.at });
            }
        }
    }
    Some((kind?, endpoint?, headers))
}
