//! Planning telemetry drains: a set known by exporter endpoint. A drain of
//! the files that Heroku lacks is created (owned by the app, by its id); one
//! whose signals, exporter type or headers differ is updated in place (by
//! id); one Heroku has beyond the files is removed.
//!
//! Telemetry drains exist only on Fir-generation apps: on a Cedar app, or
//! on an app heroin would create (it creates Cedar apps), they are
//! impossible (`!`), never a request Heroku refuses half-way. Header values
//! are secret: changes show header names only, and say which values
//! changed. Pure.

use std::collections::BTreeMap;

use super::{Action, Cx, Section, Step};
use crate::config::telemetry::TelemetryDrain;
use crate::live::telemetry::LiveTelemetryDrain;
use crate::secret::Text;

/// A telemetry drain step: one API call.
#[derive(Clone, Debug, PartialEq)]
pub enum TelemetryStep {
    /// `POST /telemetry-drains`, owned by the app.
    Create {
        /// App name (for progress).
        app: String,
        /// The app's id (the owner Heroku takes).
        app_id: String,
        /// What it sends.
        drain: Wanted,
    },
    /// `PATCH /telemetry-drains/{id}`.
    Update {
        /// App name.
        app: String,
        /// The drain's id.
        id: String,
        /// What it sends.
        drain: Wanted,
    },
    /// `DELETE /telemetry-drains/{id}`.
    Remove {
        /// App name.
        app: String,
        /// The drain's id.
        id: String,
    },
}

/// A drain as the files want it.
#[derive(Clone, Debug, PartialEq)]
pub struct Wanted {
    /// Signals, sorted.
    pub signals: Vec<String>,
    /// `otlphttp` or `otlp`.
    pub exporter_type: String,
    /// The consumer's URI.
    pub endpoint: String,
    /// Headers (values secret).
    pub headers: BTreeMap<String, Text>,
}

impl TelemetryStep {
    /// The secret values it sends.
    pub fn texts(&self) -> Vec<&Text> {
        match self {
            TelemetryStep::Create { drain, .. } | TelemetryStep::Update { drain, .. } => {
                drain.headers.values().collect()
            }
            TelemetryStep::Remove { .. } => Vec::new(),
        }
    }
}

/// `otlphttp: logs, traces; headers x-api-key`.
fn shown(kind: &str, signals: &[String], headers: impl Iterator<Item = String>) -> Text {
    let names: Vec<String> = headers.collect();
    let headers = if names.is_empty() {
        String::new()
    } else {
        format!("; headers {}", names.join(", "))
    };
    Text::Plain(format!("{kind}: {}{headers}", signals.join(", ")))
}

fn wanted(d: &TelemetryDrain) -> Option<Wanted> {
    let mut signals: Vec<String> = d
        .signals
        .iter()
        .map(|s| s.value.known().map(str::to_string))
        .collect::<Option<_>>()?;
    signals.sort();
    signals.dedup();
    Some(Wanted {
        signals,
        exporter_type: d.exporter_type.value.known()?.to_string(),
        endpoint: d.endpoint.value.known()?.to_string(),
        headers: d
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect(),
    })
}

/// The headers whose value (or presence) differs.
fn changed_headers(desired: &Wanted, on_heroku: &LiveTelemetryDrain) -> Vec<String> {
    let mut names: Vec<&String> = desired
        .headers
        .keys()
        .chain(on_heroku.headers.keys())
        .collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| {
            desired.headers.get(*n).and_then(Text::known)
                != on_heroku.headers.get(*n).map(String::as_str)
        })
        .cloned()
        .collect()
}

pub(crate) fn plan_telemetry(cx: &mut Cx, app: &str) {
    let Some(desired) = cx.app.telemetry_drains.as_ref() else {
        return;
    };
    let fir = cx.live.map(|l| l.generation.as_deref() == Some("fir"));
    if fir != Some(true) {
        let why = match fir {
            None => format!(
                "telemetry drains exist only on Fir-generation apps, and heroin creates {app} as a Cedar app: create it in a Fir space first"
            ),
            Some(_) => format!(
                "telemetry drains exist only on Fir-generation apps, and Heroku has {app} as a {} app",
                cx.live
                    .and_then(|l| l.generation.clone())
                    .unwrap_or_else(|| "Cedar".into())
            ),
        };
        for d in desired.iter().filter_map(wanted) {
            cx.change(
                Section::TelemetryDrains,
                Some(&d.endpoint),
                Action::Impossible,
                None,
                Some(shown(
                    &d.exporter_type,
                    &d.signals,
                    d.headers.keys().cloned(),
                )),
            )
            .why = Some(why.clone());
        }
        return;
    }
    let live = cx.live.expect("a Fir app exists");
    let (app_id, on_heroku) = (
        live.id.clone(),
        live.telemetry_drains.clone().unwrap_or_default(),
    );
    for d in desired.iter().filter_map(wanted) {
        let after = shown(&d.exporter_type, &d.signals, d.headers.keys().cloned());
        let Some(h) = on_heroku.iter().find(|h| h.endpoint == d.endpoint) else {
            cx.change(
                Section::TelemetryDrains,
                Some(&d.endpoint),
                Action::Create,
                None,
                Some(after),
            );
            cx.step(Step::Telemetry(TelemetryStep::Create {
                app: app.to_string(),
                app_id: app_id.clone(),
                drain: d,
            }));
            continue;
        };
        let headers = changed_headers(&d, h);
        if h.signals == d.signals && h.exporter_type == d.exporter_type && headers.is_empty() {
            cx.hidden().unchanged += 1;
            continue;
        }
        let before = shown(&h.exporter_type, &h.signals, h.headers.keys().cloned());
        let change = cx.change(
            Section::TelemetryDrains,
            Some(&d.endpoint),
            Action::Update,
            Some(before),
            Some(after),
        );
        if !headers.is_empty() {
            change.why = Some(format!(
                "header value changed: {} (values are secret)",
                headers.join(", ")
            ));
        }
        cx.step(Step::Telemetry(TelemetryStep::Update {
            app: app.to_string(),
            id: h.id.clone(),
            drain: d,
        }));
    }
    for h in on_heroku.iter().filter(|h| {
        !desired
            .iter()
            .any(|w| w.endpoint.value.known() == Some(h.endpoint.as_str()))
    }) {
        let before = shown(&h.exporter_type, &h.signals, h.headers.keys().cloned());
        cx.change(
            Section::TelemetryDrains,
            Some(&h.endpoint),
            Action::Delete,
            Some(before),
            None,
        )
        .why = Some("not in the files".into());
        cx.step(Step::Telemetry(TelemetryStep::Remove {
            app: app.to_string(),
            id: h.id.clone(),
        }));
    }
}

#[cfg(test)]
mod tests {

    use crate::live::telemetry::LiveTelemetryDrain;
    use crate::live::{Live, LiveApp};
    use crate::plan::{Action, plan};

    const FILES: &str = r#"[apps.web]
name = "web-prod"
[[apps.web.telemetry_drains]]
signals = ["traces", "logs"]
exporter = { type = "otlphttp", endpoint = "https://otel.example.com", headers = { x-api-key = "${OTEL_KEY}" } }
"#;

    fn config() -> crate::config::model::Config {
        crate::plan::test_support::config_of(FILES, &[("OTEL_KEY", "new-key-value")])
    }

    fn live(generation: &str, drains: Vec<LiveTelemetryDrain>) -> Live {
        let app = LiveApp {
            id: "app-id".into(),
            name: "web-prod".into(),
            generation: Some(generation.into()),
            telemetry_drains: Some(drains),
            ..LiveApp::default()
        };
        Live {
            apps: [("web".to_string(), Some(app))].into(),
            ..Live::default()
        }
    }

    #[test]
    fn a_changed_header_value_is_an_update_that_names_the_header_only() {
        let on_heroku = LiveTelemetryDrain {
            endpoint: "https://otel.example.com".into(),
            id: "t-1".into(),
            signals: vec!["logs".into(), "traces".into()],
            exporter_type: "otlphttp".into(),
            headers: [("x-api-key".to_string(), "old-key-value".to_string())].into(),
        };
        let p = plan(&config(), &live("fir", vec![on_heroku.clone()]));
        assert_eq!(p.changes.len(), 1);
        assert_eq!(p.changes[0].action, Action::Update);
        let shown = format!("{:?}", p.changes[0]);
        assert!(
            !shown.contains("old-key-value") && !shown.contains("new-key-value"),
            "{shown}"
        );
        assert!(p.changes[0].why.as_deref().unwrap().contains("x-api-key"));
        // Same value: nothing to do.
        let mut same = on_heroku;
        same.headers
            .insert("x-api-key".into(), "new-key-value".into());
        assert!(plan(&config(), &live("fir", vec![same])).changes.is_empty());
    }

    #[test]
    fn telemetry_drains_on_a_cedar_app_are_impossible() {
        let p = plan(&config(), &live("cedar", Vec::new()));
        assert_eq!(p.changes[0].action, Action::Impossible);
        assert!(p.steps.is_empty());
        assert!(
            p.changes[0]
                .why
                .as_deref()
                .unwrap()
                .contains("Fir-generation")
        );
    }
}
