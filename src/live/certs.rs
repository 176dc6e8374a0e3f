//! SNI endpoints (certificates) as Heroku has them, from `GET /apps/{app}/
//! sni-endpoints`, with the custom domains that use each (a domain's
//! `sni_endpoint`, from `GET /apps/{app}/domains`). The certificate chain
//! Heroku answers is parsed ([`crate::cert`]) to compare by fingerprint; the
//! private key is never answered. Endpoints of ACM (`ssl_cert.acm`) are
//! left out: `acm` manages them. Pure.

use serde_json::Value;

use super::shape::{Shape, each, optional_string, string};
use crate::cert::{CertInfo, parse_chain};

/// One SNI endpoint.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LiveSniEndpoint {
    /// Heroku's name (`tokyo-12345`): domains refer to it.
    pub name: String,
    /// Heroku's id.
    pub id: String,
    /// Its leaf certificate.
    pub cert: CertInfo,
    /// The hostnames of the custom domains that use it, sorted.
    pub domains: Vec<String>,
}

/// The app's endpoints from the two lists, sorted by name.
pub fn sni_endpoints_from(
    endpoints: &[Value],
    domains: &[Value],
) -> Result<Vec<LiveSniEndpoint>, Shape> {
    let uses = each(domains, |d| {
        Ok((
            optional_string(d, &["sni_endpoint", "name"])?,
            optional_string(d, &["sni_endpoint", "id"])?,
            string(d, &["hostname"])?,
        ))
    })
    .map_err(|e| format!("domains: {e}"))?;
    // Heroku lists ACM's own certificates too (`ssl_cert.acm`): `acm`
    // manages those, never this section.
    let endpoints: Vec<Value> = endpoints
        .iter()
        .filter(|e| e["ssl_cert"]["acm"] != Value::Bool(true))
        .cloned()
        .collect();
    let mut out = each(&endpoints, |e| {
        let chain = string(e, &["certificate_chain"])?;
        let cert = parse_chain(&chain).map_err(|why| format!("`certificate_chain` {why}"))?;
        let (name, id) = (string(e, &["name"])?, string(e, &["id"])?);
        let mut domains: Vec<String> = uses
            .iter()
            .filter(|(n, i, _)| n.as_deref() == Some(&name) || i.as_deref() == Some(&id))
            .map(|(_, _, host)| host.clone())
            .collect();
        domains.sort();
        Ok(LiveSniEndpoint {
            name,
            id,
            cert,
            domains,
        })
    })?;
    out.sort();
    Ok(out)
}
