//! Telemetry drains in the files (Fir-generation apps): `[[apps.KEY.
//! telemetry_drains]]` tables with Heroku's field names, `signals` and an
//! `exporter` table of `type`, `endpoint` and `headers`, read into
//! [`TelemetryDrain`], and Heroku's rules for them.
//!
//! A drain is known by its exporter endpoint, so each endpoint appears once
//! per app. Header values are always secret (they carry API keys), even
//! when written literally. Pure.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{App, LText};
use super::read::{Reader, join};
use super::tree::{Node, Value};
use crate::diag::{Origin, Problem, did_you_mean};
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

/// Heroku's rules for an app's telemetry drains.
pub fn check(app: &App, out: &mut Vec<Problem>) {
    let Some(drains) = &app.telemetry_drains else {
        return;
    };
    let path = format!("apps.{}.telemetry_drains", app.key);
    let mut endpoints = BTreeSet::new();
    for (i, d) in drains.iter().enumerate() {
        let here = format!("{path}[{i}]");
        let mut seen = BTreeSet::new();
        if d.signals.is_empty() {
            out.push(
                Problem::new(&d.at, join(&here, "signals"), "`signals` is empty")
                    .with_hint("name at least one of: traces, metrics, logs"),
            );
        }
        for (j, s) in d.signals.iter().enumerate() {
            let Some(name) = s.value.known() else {
                continue;
            };
            let at = format!("{here}.signals[{j}]");
            if !SIGNALS.contains(&name) {
                let hint = did_you_mean(name, SIGNALS.iter().copied())
                    .unwrap_or_else(|| "one of: traces, metrics, logs".into());
                out.push(
                    Problem::new(&s.at, at, format!("`{name}` is not a telemetry signal"))
                        .with_hint(hint),
                );
            } else if !seen.insert(name) {
                out.push(Problem::new(&s.at, at, format!("`{name}` is listed twice")));
            }
        }
        let exporter = join(&here, "exporter");
        if let Some(kind) = d.exporter_type.value.known()
            && !TYPES.contains(&kind)
        {
            out.push(
                Problem::new(
                    &d.exporter_type.at,
                    join(&exporter, "type"),
                    format!("`{kind}` is not an exporter type"),
                )
                .with_hint("`otlphttp` (OTLP over HTTP) or `otlp` (OTLP over gRPC)"),
            );
        }
        if let Some(endpoint) = d.endpoint.value.known() {
            let at = join(&exporter, "endpoint");
            if endpoint.is_empty() || endpoint.chars().count() > 1000 {
                out.push(Problem::new(
                    &d.endpoint.at,
                    &at,
                    "the endpoint must hold 1 to 1000 characters",
                ));
            } else if d.exporter_type.value.known() == Some("otlphttp")
                && url::Url::parse(endpoint).map_or(true, |u| !u.scheme().starts_with("http"))
            {
                out.push(
                    Problem::new(
                        &d.endpoint.at,
                        &at,
                        "an `otlphttp` endpoint must be an http(s) URL",
                    )
                    .with_hint("for example https://otel.example.com"),
                );
            } else if !endpoints.insert(endpoint) {
                out.push(
                    Problem::new(&d.endpoint.at, &at, "this endpoint is another drain's too")
                        .with_hint("a telemetry drain is known by its endpoint: list each once"),
                );
            }
        }
        headers(d, &join(&exporter, "headers"), out);
    }
}

fn headers(d: &TelemetryDrain, path: &str, out: &mut Vec<Problem>) {
    if d.headers.len() > MAX_HEADERS {
        out.push(Problem::new(
            &d.at,
            path,
            format!(
                "{} headers; Heroku takes at most {MAX_HEADERS}",
                d.headers.len()
            ),
        ));
    }
    for (name, value) in &d.headers {
        let ok = (1..=100).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            out.push(
                Problem::new(
                    &value.at,
                    join(path, name),
                    "not a header name Heroku takes",
                )
                .with_hint("1 to 100 letters, digits, `-` and `_`"),
            );
        }
        if value
            .value
            .known()
            .is_some_and(|v| v.chars().count() > 1000)
        {
            out.push(Problem::new(
                &value.at,
                join(path, name),
                "a header value holds at most 1000 characters",
            ));
        }
    }
}
