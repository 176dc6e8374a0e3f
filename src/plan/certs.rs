//! Planning SNI endpoints (certificates) and the domains that use them.
//!
//! Heroku names endpoints itself, so an endpoint of the files is matched to
//! one Heroku has by its certificate: the same fingerprint is the same
//! certificate; else one covering the same names is its renewal, an update
//! in place (`PATCH` of the endpoint with the new chain and key); else it
//! is created. Endpoints Heroku has beyond the files are removed. Where the
//! files list `domains`, each is pointed at its endpoint (`PATCH` of the
//! domain), and domains the endpoint has beyond them are detached.
//!
//! A certificate shows as its subject, expiry and SHA-256 fingerprint; the
//! private key never shows. A key cannot change without its certificate (a
//! certificate names its key), so the plan knows every change. Pure.

use std::collections::BTreeSet;

use super::{Action, Cx, Section, Step};
use crate::cert::CertInfo;
use crate::config::certs::SniEndpoint;
use crate::live::certs::LiveSniEndpoint;
use crate::secret::Text;

/// Which endpoint a domain step points at.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndpointRef {
    /// One Heroku has, by its name.
    Name(String),
    /// One this plan creates, found when applying by its certificate's
    /// fingerprint.
    Created(String),
}

/// A certificate step: one API call.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CertStep {
    /// `POST /apps/{app}/sni-endpoints`.
    Create {
        /// App name.
        app: String,
        /// The PEM chain.
        chain: Text,
        /// The PEM private key (secret).
        key: Text,
    },
    /// `PATCH /apps/{app}/sni-endpoints/{name}`: a renewal.
    Update {
        /// App name.
        app: String,
        /// The endpoint's name.
        endpoint: String,
        /// The PEM chain.
        chain: Text,
        /// The PEM private key (secret).
        key: Text,
    },
    /// `PATCH /apps/{app}/domains/{hostname}` with `sni_endpoint`.
    Use {
        /// App name.
        app: String,
        /// The domain.
        hostname: String,
        /// The endpoint, or none to detach it.
        endpoint: Option<EndpointRef>,
    },
    /// `DELETE /apps/{app}/sni-endpoints/{name}`.
    Remove {
        /// App name.
        app: String,
        /// The endpoint's name.
        endpoint: String,
    },
}

impl CertStep {
    /// The secret values it sends.
    pub fn texts(&self) -> Vec<&Text> {
        match self {
            CertStep::Create { key, .. } | CertStep::Update { key, .. } => vec![key],
            _ => Vec::new(),
        }
    }
}

fn shown(cert: &CertInfo, domains: &[String]) -> Text {
    let used = if domains.is_empty() {
        String::new()
    } else {
        format!("; used by {}", domains.join(", "))
    };
    Text::Plain(format!("{cert}{used}"))
}

pub(crate) fn plan_certs(cx: &mut Cx, app: &str) {
    let Some(desired) = cx.app.sni_endpoints.as_ref() else {
        return;
    };
    let on_heroku: Vec<LiveSniEndpoint> = cx
        .live
        .and_then(|l| l.sni_endpoints.clone())
        .unwrap_or_default();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut removals = Vec::new();
    // Same certificate first, so that a renewal never takes another's match.
    let mut matched: Vec<(&SniEndpoint, Option<&LiveSniEndpoint>)> = Vec::new();
    for ep in desired.values() {
        let Some(cert) = &ep.cert else { continue };
        let same = on_heroku
            .iter()
            .find(|h| h.cert.fingerprint == cert.fingerprint && !taken.contains(&h.name));
        if let Some(h) = same {
            taken.insert(h.name.clone());
        }
        matched.push((ep, same));
    }
    for (ep, found) in &mut matched {
        let cert = ep.cert.as_ref().expect("matched only with a certificate");
        if found.is_none() {
            *found = on_heroku
                .iter()
                .find(|h| h.cert.domains == cert.domains && !taken.contains(&h.name));
            if let Some(h) = found {
                taken.insert(h.name.clone());
            }
        }
    }
    for (ep, found) in matched {
        plan_one(cx, app, ep, found, &on_heroku);
    }
    for h in on_heroku.iter().filter(|h| !taken.contains(&h.name)) {
        removals.push(h.clone());
    }
    for h in removals {
        cx.change(
            Section::SniEndpoints,
            Some(&h.name),
            Action::Delete,
            Some(shown(&h.cert, &h.domains)),
            None,
        )
        .why = Some("not in the files".into());
        cx.step(Step::Cert(CertStep::Remove {
            app: app.to_string(),
            endpoint: h.name.clone(),
        }));
    }
}

fn plan_one(
    cx: &mut Cx,
    app: &str,
    ep: &SniEndpoint,
    found: Option<&LiveSniEndpoint>,
    on_heroku: &[LiveSniEndpoint],
) {
    let cert = ep.cert.as_ref().expect("planned only with a certificate");
    let desired_domains: Option<Vec<String>> = ep.domains.as_ref().map(|d| {
        let mut d: Vec<String> = d
            .iter()
            .filter_map(|t| t.value.known().map(str::to_string))
            .collect();
        d.sort();
        d
    });
    let now: Vec<String> = found.map(|f| f.domains.clone()).unwrap_or_default();
    let after_domains = desired_domains.clone().unwrap_or_else(|| now.clone());
    let after = shown(cert, &after_domains);
    let (chain, key) = (
        ep.certificate_chain.value.clone(),
        ep.private_key.value.clone(),
    );
    let endpoint = match found {
        None => {
            cx.change(
                Section::SniEndpoints,
                Some(&ep.key),
                Action::Create,
                None,
                Some(after),
            );
            cx.step(Step::Cert(CertStep::Create {
                app: app.to_string(),
                chain,
                key,
            }));
            EndpointRef::Created(cert.fingerprint.clone())
        }
        Some(h) => {
            let renewed = h.cert.fingerprint != cert.fingerprint;
            if renewed || after_domains != now {
                let change = cx.change(
                    Section::SniEndpoints,
                    Some(&ep.key),
                    Action::Update,
                    Some(shown(&h.cert, &now)),
                    Some(after),
                );
                if renewed {
                    change.why = Some(format!(
                        "a new certificate for the same names: endpoint {} is updated in place",
                        h.name
                    ));
                }
            } else {
                cx.hidden().unchanged += 1;
            }
            if renewed {
                cx.step(Step::Cert(CertStep::Update {
                    app: app.to_string(),
                    endpoint: h.name.clone(),
                    chain,
                    key,
                }));
            }
            EndpointRef::Name(h.name.clone())
        }
    };
    let Some(desired_domains) = desired_domains else {
        return;
    };
    for host in desired_domains.iter().filter(|d| !now.contains(d)) {
        cx.step(Step::Cert(CertStep::Use {
            app: app.to_string(),
            hostname: host.clone(),
            endpoint: Some(endpoint.clone()),
        }));
    }
    for host in now.iter().filter(|d| !desired_domains.contains(d)) {
        // Detached only when no endpoint of these files takes it over (a
        // step of the other endpoint points it there).
        let elsewhere = cx.app.sni_endpoints.iter().flatten().any(|(k, e)| {
            *k != ep.key
                && e.domains
                    .iter()
                    .flatten()
                    .any(|d| d.value.known() == Some(host))
        });
        if !elsewhere && on_heroku.iter().any(|h| h.domains.contains(host)) {
            cx.step(Step::Cert(CertStep::Use {
                app: app.to_string(),
                hostname: host.clone(),
                endpoint: None,
            }));
        }
    }
}
