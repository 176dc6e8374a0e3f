//! `heroin show` for webhooks, telemetry drains and certificates: each
//! value with where it was written; secrets masked as elsewhere, and a
//! certificate chain shown by its subject, expiry and fingerprint (never
//! as the PEM), its private key always masked.

use serde_json::Value as Json;

use super::{Item, text};
use crate::config::model::{App, LText};

/// The items of these sections of `app`, in the order of the file format.
pub fn items(app: &App, s: bool) -> Vec<(String, Item)> {
    let t = |v: &LText| text(v, s);
    let list = |v: &[LText]| Item::List(v.iter().map(t).collect());
    let mut out = Vec::new();
    if let Some(hooks) = &app.webhooks {
        let hooks = hooks.iter().map(|w| {
            let mut fields = vec![
                ("url".to_string(), t(&w.url)),
                ("include".to_string(), list(&w.include)),
                ("level".to_string(), t(&w.level)),
            ];
            fields.extend(w.secret.as_ref().map(|x| ("secret".to_string(), t(x))));
            fields.extend(
                w.authorization
                    .as_ref()
                    .map(|x| ("authorization".to_string(), t(x))),
            );
            Item::Inline(fields, w.at.clone())
        });
        out.push(("webhooks".to_string(), Item::List(hooks.collect())));
    }
    if let Some(drains) = &app.telemetry_drains {
        let drains = drains.iter().map(|d| {
            let headers: Vec<(String, Item)> =
                d.headers.iter().map(|(k, v)| (k.clone(), t(v))).collect();
            let mut exporter = vec![
                ("type".to_string(), t(&d.exporter_type)),
                ("endpoint".to_string(), t(&d.endpoint)),
            ];
            if !headers.is_empty() {
                exporter.push(("headers".to_string(), Item::Inline(headers, d.at.clone())));
            }
            Item::Inline(
                vec![
                    ("signals".to_string(), list(&d.signals)),
                    ("exporter".to_string(), Item::Inline(exporter, d.at.clone())),
                ],
                d.at.clone(),
            )
        });
        out.push(("telemetry_drains".to_string(), Item::List(drains.collect())));
    }
    if let Some(endpoints) = &app.sni_endpoints {
        let endpoints = endpoints.iter().map(|(key, e)| {
            // The chain is a page of PEM: what it is tells more.
            let chain = match &e.cert {
                Some(cert) => Item::Scalar {
                    json: Json::String(cert.to_string()),
                    text: Json::String(cert.to_string()).to_string(),
                    secret: false,
                    at: e.certificate_chain.at.clone(),
                },
                None => t(&e.certificate_chain),
            };
            let mut fields = vec![
                ("certificate_chain".to_string(), chain),
                ("private_key".to_string(), text(&e.private_key, false)),
            ];
            fields.extend(
                e.domains
                    .as_deref()
                    .map(|d| ("domains".to_string(), list(d))),
            );
            (key.clone(), Item::Table(fields))
        });
        out.push((
            "sni_endpoints".to_string(),
            Item::Table(endpoints.collect()),
        ));
    }
    out
}
