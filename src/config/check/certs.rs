//! The rules for an app's SNI endpoints: each domain used by one endpoint,
//! covered by its certificate, and among the app's custom domains when the
//! files list them.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::certs::covers;
use crate::config::model::App;
use crate::diag::Problem;

/// The rules for an app's endpoints: each domain used by one endpoint, and
/// one of the app's custom domains when the files list them.
pub fn check(app: &App, out: &mut Vec<Problem>) {
    let Some(endpoints) = &app.sni_endpoints else {
        return;
    };
    let listed: Option<BTreeSet<&str>> = app
        .domains
        .as_ref()
        .map(|d| d.iter().filter_map(|t| t.value.known()).collect());
    let mut used: BTreeMap<&str, &str> = BTreeMap::new();
    for (key, ep) in endpoints {
        let path = format!("apps.{}.sni_endpoints.{key}.domains", app.key);
        for (i, d) in ep.domains.iter().flatten().enumerate() {
            let Some(host) = d.value.known() else {
                continue;
            };
            let here = format!("{path}[{i}]");
            if let Some(other) = used.insert(host, key) {
                out.push(
                    Problem::new(
                        &d.at,
                        &here,
                        format!("`{host}` uses sni_endpoints.{other} too"),
                    )
                    .with_hint("a domain uses one certificate: list it under one endpoint"),
                );
            }
            if listed.as_ref().is_some_and(|l| !l.contains(host)) {
                out.push(
                    Problem::new(
                        &d.at,
                        &here,
                        format!("`{host}` is not among the app's domains"),
                    )
                    .with_hint(format!("add it to apps.{}.domains", app.key)),
                );
            }
            if ep.cert.as_ref().is_some_and(|c| !covers(&c.domains, host)) {
                out.push(
                    Problem::new(
                        &d.at,
                        &here,
                        format!("the certificate does not cover `{host}`"),
                    )
                    .with_hint(
                        "list a domain the certificate names (its subject alternative names)",
                    ),
                );
            }
        }
    }
}
