//! The model of the steps of webhooks, telemetry drains and certificates
//! (see `model.rs`): what each does to Heroku as `Live` sees it.

use heroin::live::Live;
use heroin::live::certs::LiveSniEndpoint;
use heroin::live::telemetry::LiveTelemetryDrain;
use heroin::live::webhooks::LiveWebhook;
use heroin::plan::Step;
use heroin::plan::certs::{CertStep, EndpointRef};
use heroin::plan::telemetry::TelemetryStep;
use heroin::plan::webhooks::WebhookStep;

use super::model::{Ids, app_mut};

/// What one of these steps does; every kind is matched (no `_` arm).
pub fn effect(live: &mut Live, step: &Step, ids: &mut Ids) {
    match step {
        Step::Webhook(w) => webhook(live, w, ids),
        Step::Telemetry(t) => telemetry(live, t, ids),
        Step::Cert(c) => cert(live, c, ids),
        other => panic!("not a step of these sections: {other:?}"),
    }
}

fn webhook(live: &mut Live, step: &WebhookStep, ids: &mut Ids) {
    match step {
        WebhookStep::Create { app, url, settings } => {
            let hook = LiveWebhook {
                url: url.known().unwrap_or_default().to_string(),
                id: ids.next("webhook"),
                include: settings.include.clone(),
                level: settings.level.clone(),
            };
            let hooks = app_mut(live, app).webhooks.get_or_insert_default();
            hooks.push(hook);
            hooks.sort();
        }
        WebhookStep::Update { app, id, settings } => {
            for h in app_mut(live, app).webhooks.iter_mut().flatten() {
                if h.id == *id {
                    (h.include, h.level) = (settings.include.clone(), settings.level.clone());
                }
            }
        }
        WebhookStep::Remove { app, id } => {
            if let Some(hooks) = &mut app_mut(live, app).webhooks {
                hooks.retain(|h| h.id != *id);
            }
        }
    }
}

fn telemetry(live: &mut Live, step: &TelemetryStep, ids: &mut Ids) {
    let live_drain = |d: &heroin::plan::telemetry::Wanted, id: String| LiveTelemetryDrain {
        endpoint: d.endpoint.clone(),
        id,
        signals: d.signals.clone(),
        exporter_type: d.exporter_type.clone(),
        headers: d
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), v.known().unwrap_or_default().to_string()))
            .collect(),
    };
    match step {
        TelemetryStep::Create { app, drain, .. } => {
            let d = live_drain(drain, ids.next("telemetry"));
            let drains = app_mut(live, app).telemetry_drains.get_or_insert_default();
            drains.push(d);
            drains.sort();
        }
        TelemetryStep::Update { app, id, drain } => {
            for d in app_mut(live, app).telemetry_drains.iter_mut().flatten() {
                if d.id == *id {
                    *d = live_drain(drain, id.clone());
                }
            }
        }
        TelemetryStep::Remove { app, id } => {
            if let Some(drains) = &mut app_mut(live, app).telemetry_drains {
                drains.retain(|d| d.id != *id);
            }
        }
    }
}

fn cert(live: &mut Live, step: &CertStep, ids: &mut Ids) {
    let parse = |chain: &heroin::secret::Text| {
        heroin::cert::parse_chain(chain.known().unwrap_or_default()).expect("a certificate")
    };
    match step {
        CertStep::Create { app, chain, .. } => {
            let endpoint = LiveSniEndpoint {
                name: ids.next("endpoint"),
                id: ids.next("sni"),
                cert: parse(chain),
                domains: Vec::new(),
            };
            let endpoints = app_mut(live, app).sni_endpoints.get_or_insert_default();
            endpoints.push(endpoint);
            endpoints.sort();
        }
        CertStep::Update {
            app,
            endpoint,
            chain,
            ..
        } => {
            for e in app_mut(live, app).sni_endpoints.iter_mut().flatten() {
                if e.name == *endpoint {
                    e.cert = parse(chain);
                }
            }
        }
        CertStep::Use {
            app,
            hostname,
            endpoint,
        } => {
            let endpoints = app_mut(live, app).sni_endpoints.get_or_insert_default();
            for e in endpoints.iter_mut() {
                e.domains.retain(|d| d != hostname);
            }
            let target = endpoints.iter_mut().find(|e| match endpoint {
                Some(EndpointRef::Name(n)) => e.name == *n,
                Some(EndpointRef::Created(fp)) => e.cert.fingerprint == *fp,
                None => false,
            });
            if let Some(e) = target {
                e.domains.push(hostname.clone());
                e.domains.sort();
            }
        }
        CertStep::Remove { app, endpoint } => {
            if let Some(endpoints) = &mut app_mut(live, app).sni_endpoints {
                endpoints.retain(|e| e.name != *endpoint);
            }
        }
    }
}
