//! Certificate steps as the requests Heroku receives: SNI endpoints by
//! Heroku's name, and a domain's `sni_endpoint`. An endpoint this apply
//! created is found by its certificate's fingerprint among the app's
//! endpoints ([`resolve`], the one lookup that lists). The private key is
//! in clear only in the body, which exists only to be sent.

use serde_json::{Value, json};

use super::Request;
use super::failure::StepError;
use crate::http::Client;
use crate::http::paths;
use crate::plan::certs::{CertStep, EndpointRef};

/// The name of the endpoint a step needs, when it is one this apply
/// created (Heroku named it only then).
pub fn resolve(client: &Client, step: &CertStep) -> Result<Option<String>, StepError> {
    let CertStep::Use {
        app,
        endpoint: Some(EndpointRef::Created(fingerprint)),
        ..
    } = step
    else {
        return Ok(None);
    };
    let path = paths::sni_endpoints(app);
    let found = client.list(&path)?.into_iter().find(|e| {
        e["certificate_chain"]
            .as_str()
            .and_then(|c| crate::cert::parse_chain(c).ok())
            .is_some_and(|c| c.fingerprint == *fingerprint)
    });
    let name = found.and_then(|e| e["name"].as_str().map(str::to_string));
    Ok(Some(name.ok_or_else(|| {
        StepError::Missing(format!(
            "GET {path} has no endpoint with the certificate {fingerprint}"
        ))
    })?))
}

/// The request of `step`; `found` is what [`resolve`] found.
pub fn request(step: &CertStep, found: Option<&str>) -> Request {
    let body = |chain: &crate::secret::Text, key: &crate::secret::Text| json!({"certificate_chain": chain.known().unwrap_or_default(), "private_key": key.known().unwrap_or_default()});
    match step {
        CertStep::Create { app, chain, key } => Request {
            method: "POST",
            path: paths::sni_endpoints(app),
            body: body(chain, key),
        },
        CertStep::Update {
            app,
            endpoint,
            chain,
            key,
        } => Request {
            method: "PATCH",
            path: paths::sni_endpoint(app, endpoint),
            body: body(chain, key),
        },
        CertStep::Use {
            app,
            hostname,
            endpoint,
        } => {
            let name = match endpoint {
                Some(EndpointRef::Name(n)) => json!(n),
                Some(EndpointRef::Created(_)) => json!(found.unwrap_or_default()),
                None => Value::Null,
            };
            Request {
                method: "PATCH",
                path: paths::domain(app, hostname),
                body: json!({"sni_endpoint": name}),
            }
        }
        CertStep::Remove { app, endpoint } => Request {
            method: "DELETE",
            path: paths::sni_endpoint(app, endpoint),
            body: Value::Null,
        },
    }
}

/// One line saying what `step` does.
pub fn describe(step: &CertStep) -> String {
    match step {
        CertStep::Create { app, .. } => format!("add a certificate to {app}"),
        CertStep::Update { app, endpoint, .. } => {
            format!("update the certificate of endpoint {endpoint} on {app}")
        }
        CertStep::Use {
            app,
            hostname,
            endpoint: Some(_),
        } => format!("point {hostname} on {app} at its certificate"),
        CertStep::Use { app, hostname, .. } => {
            format!("detach {hostname} on {app} from its certificate")
        }
        CertStep::Remove { app, endpoint } => format!("remove endpoint {endpoint} from {app}"),
    }
}
