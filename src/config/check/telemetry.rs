//! Heroku's rules for an app's telemetry drains: known signals, each once,
//! a known exporter type, one drain per endpoint, and headers within
//! Heroku's limits.

use std::collections::BTreeSet;

use crate::config::model::App;
use crate::config::read::join;
use crate::config::telemetry::{MAX_HEADERS, SIGNALS, TYPES, TelemetryDrain};
use crate::diag::{Problem, did_you_mean};

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
