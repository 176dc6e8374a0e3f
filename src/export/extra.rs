//! The sections of an exported app that Heroku answers only in part: app
//! webhooks (their `secret` and `authorization` are write-only, so they are
//! left out with a note: absent, they stay as Heroku has them) and
//! telemetry drains (Fir apps only; header values become `${NAME}`
//! placeholders, named after the drain's number and the header) and SNI
//! endpoints (the chain and the key as placeholders: Heroku never answers a
//! key, and a chain is a file's worth of PEM). Pure.

use super::Item;
use super::drain::upper;
use crate::live::LiveApp;

/// What these sections add to an app's document, and the notes about what
/// Heroku does not tell.
pub struct Extra {
    /// The sections, in the document's order.
    pub fields: Vec<(String, Item)>,
    /// Placeholders' variables and what each holds.
    pub variables: Vec<(String, String)>,
    /// Things the user should know.
    pub notes: Vec<String>,
}

/// The webhooks (and the sections after them) of `app`; `var_name` names a
/// placeholder's variable.
pub fn extra(app: &LiveApp, var_name: &dyn Fn(&str) -> String) -> Extra {
    let mut out = Extra {
        fields: Vec::new(),
        variables: Vec::new(),
        notes: Vec::new(),
    };
    let s = |v: &str| Item::Str(v.replace('$', "$$"));
    let hooks: Vec<Item> = app
        .webhooks
        .iter()
        .flatten()
        .map(|w| {
            Item::Table(vec![
                ("url".into(), s(&w.url)),
                (
                    "include".into(),
                    Item::List(w.include.iter().map(|e| s(e)).collect()),
                ),
                ("level".into(), s(&w.level)),
            ])
        })
        .collect();
    if !hooks.is_empty() {
        out.notes.push(format!(
            "the webhooks of {} are written without `secret` and `authorization`, which Heroku never answers: add them (as ${{VARIABLES}}) to manage them",
            app.name
        ));
    }
    out.fields.push(("webhooks".into(), Item::List(hooks)));
    // Only Fir apps have telemetry drains: a Cedar app's section stays out
    // (present, it would be impossible there).
    if app.generation.as_deref() == Some("fir") {
        let mut drains = Vec::new();
        for (i, d) in app.telemetry_drains.iter().flatten().enumerate() {
            let mut headers = Vec::new();
            for name in d.headers.keys() {
                let var = var_name(&format!("TELEMETRY_{}_{}", i + 1, upper(name)));
                out.variables.push((
                    var.clone(),
                    format!("header {name} of telemetry drain {}", d.endpoint),
                ));
                headers.push((name.clone(), Item::Str(format!("${{{var}}}"))));
            }
            let mut exporter = vec![
                ("type".into(), s(&d.exporter_type)),
                ("endpoint".into(), s(&d.endpoint)),
            ];
            if !headers.is_empty() {
                exporter.push(("headers".into(), Item::Table(headers)));
            }
            drains.push(Item::Table(vec![
                (
                    "signals".into(),
                    Item::List(d.signals.iter().map(|x| s(x)).collect()),
                ),
                ("exporter".into(), Item::Table(exporter)),
            ]));
        }
        out.fields
            .push(("telemetry_drains".into(), Item::List(drains)));
    }
    let mut endpoints = Vec::new();
    for (i, e) in app.sni_endpoints.iter().flatten().enumerate() {
        let mut entry = Vec::new();
        for (field, what) in [
            ("certificate_chain", "the PEM certificate chain"),
            (
                "private_key",
                "the PEM private key (which Heroku never answers)",
            ),
        ] {
            let var = var_name(&format!("SNI_{}_{}", i + 1, upper(field)));
            out.variables.push((
                var.clone(),
                format!("{what} of SNI endpoint {} ({})", e.name, e.cert),
            ));
            entry.push((field.to_string(), Item::Str(format!("${{{var}}}"))));
        }
        entry.push((
            "domains".into(),
            Item::List(e.domains.iter().map(|d| s(d)).collect()),
        ));
        endpoints.push((e.name.clone(), Item::Table(entry)));
    }
    out.fields
        .push(("sni_endpoints".into(), Item::Table(endpoints)));
    out
}
