//! SNI endpoints (custom certificates): `/apps/{app}/sni-endpoints` create,
//! list, info, update (a renewal: a new chain and key) and delete, by id or
//! name; and which domain uses which (a domain's `sni_endpoint`).
//!
//! The chain is parsed as X.509 (`x509-parser`), so answers carry what
//! Heroku reports of the leaf certificate (`ssl_cert`: cert_domains,
//! expires_at, starts_at, issuer, subject, self-signed or CA-signed), and
//! the private key must match it: the public key derived from the key
//! (`ring`, for PKCS#8 RSA, ECDSA P-256/P-384 and Ed25519 keys, and PKCS#1
//! RSA keys) must be the certificate's. A SEC1 `EC PRIVATE KEY` can only be
//! checked to decode. The key is kept and never returned.

use serde_json::{Value, json};
use x509_parser::pem::Pem;
use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};

use super::{Cx, app_ref, ts};
use crate::catalog::stable_id;
use crate::protocol::{ApiError, ApiResult, Reply};
use crate::state::SniEndpoint;

/// The first PEM block of `text` with label `label`, decoded.
fn pem(text: &str, labels: &[&str]) -> Option<(String, Vec<u8>)> {
    Pem::iter_from_buffer(text.as_bytes())
        .next()?
        .ok()
        .filter(|p| labels.contains(&p.label.as_str()))
        .map(|p| (p.label, p.contents))
}

/// What Heroku reports of a chain's leaf certificate, and its public key.
struct Leaf {
    ssl_cert: Value,
    public_key: Vec<u8>,
}

fn leaf(chain: &str) -> Result<Leaf, ApiError> {
    let bad =
        || ApiError::invalid("Certificate chain could not be parsed: it must be PEM certificates.");
    let (_, der) = pem(chain, &["CERTIFICATE"]).ok_or_else(bad)?;
    let (_, cert) = X509Certificate::from_der(&der).map_err(|_| bad())?;
    let mut domains: Vec<String> = match cert.subject_alternative_name() {
        Ok(Some(san)) => san
            .value
            .general_names
            .iter()
            .filter_map(|n| match n {
                GeneralName::DNSName(d) => Some(d.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    if domains.is_empty() {
        domains = cert
            .subject()
            .iter_common_name()
            .filter_map(|c| c.as_str().ok().map(str::to_string))
            .collect();
    }
    // Heroku writes names as OpenSSL's one-line form: `/C=US/CN=www.example.com`.
    let oneline =
        |n: &x509_parser::x509::X509Name| format!("/{}", n.to_string().replace(", ", "/"));
    let (subject, issuer) = (oneline(cert.subject()), oneline(cert.issuer()));
    let ms = |t: i64| u64::try_from(t).unwrap_or(0) * 1000;
    let validity = cert.validity();
    Ok(Leaf {
        ssl_cert: json!({
            "ca_signed?": subject != issuer,
            "cert_domains": domains,
            "expires_at": ts(ms(validity.not_after.timestamp())),
            "issuer": issuer,
            "self_signed?": subject == issuer,
            "starts_at": ts(ms(validity.not_before.timestamp())),
            "subject": subject,
            "id": stable_id(&format!("cert:{}", hex(&der))),
        }),
        public_key: cert.public_key().subject_public_key.data.to_vec(),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().take(32).map(|b| format!("{b:02x}")).collect()
}

/// The public key of a PEM private key, when `ring` can derive it; `Ok(None)`
/// for a key that decodes but whose form it cannot read (SEC1).
fn public_of(key: &str) -> Result<Option<Vec<u8>>, ApiError> {
    use ring::signature::{self, KeyPair};
    let bad = || {
        ApiError::invalid(
            "Private key could not be parsed: it must be an unencrypted PEM private key.",
        )
    };
    let (label, der) =
        pem(key, &["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"]).ok_or_else(bad)?;
    let rng = ring::rand::SystemRandom::new();
    let public = match label.as_str() {
        "RSA PRIVATE KEY" => signature::RsaKeyPair::from_der(&der)
            .map(|k| k.public_key().as_ref().to_vec())
            .map_err(|_| bad())?,
        "EC PRIVATE KEY" => return Ok(None),
        _ => {
            let ecdsa = |alg| {
                signature::EcdsaKeyPair::from_pkcs8(alg, &der, &rng)
                    .ok()
                    .map(|k| k.public_key().as_ref().to_vec())
            };
            ecdsa(&signature::ECDSA_P256_SHA256_ASN1_SIGNING)
                .or_else(|| ecdsa(&signature::ECDSA_P384_SHA384_ASN1_SIGNING))
                .or_else(|| {
                    signature::RsaKeyPair::from_pkcs8(&der)
                        .ok()
                        .map(|k| k.public_key().as_ref().to_vec())
                })
                .or_else(|| {
                    signature::Ed25519KeyPair::from_pkcs8_maybe_unchecked(&der)
                        .ok()
                        .map(|k| k.public_key().as_ref().to_vec())
                })
                .ok_or_else(bad)?
        }
    };
    Ok(Some(public))
}

/// The body's chain and key, checked to be a certificate and its key.
fn chain_and_key(cx: &Cx) -> Result<(String, String), ApiError> {
    let chain = cx.required("certificate_chain")?;
    let key = cx.required("private_key")?;
    let leaf = leaf(&chain)?;
    if public_of(&key)?.is_some_and(|p| p != leaf.public_key) {
        return Err(ApiError::invalid(
            "Private key does not match the certificate.",
        ));
    }
    Ok((chain, key))
}

fn view(cx: &Cx, e: &SniEndpoint) -> Value {
    let ssl_cert = leaf(&e.chain).map(|l| l.ssl_cert).unwrap_or(Value::Null);
    let domains: Vec<&str> = cx
        .state
        .domains
        .iter()
        .filter(|d| d.app_id == e.app_id && d.sni_endpoint.as_deref() == Some(&e.name))
        .map(|d| d.id.as_str())
        .collect();
    json!({
        "app": app_ref(cx.state, &e.app_id),
        "certificate_chain": e.chain,
        "created_at": ts(e.created_at),
        "display_name": null,
        "domains": domains,
        "id": e.id,
        "name": e.name,
        "ssl_cert": ssl_cert,
        "updated_at": ts(e.updated_at),
    })
}

/// The id of the endpoint named `name` (what a domain's `sni_endpoint` shows).
pub fn id_of(name: &str) -> String {
    stable_id(&format!("sni:{name}"))
}

/// The index of the app's endpoint `ident` (an id or a name).
pub fn find(cx: &Cx, app_id: &str, ident: &str) -> Result<usize, ApiError> {
    cx.state
        .sni_endpoints
        .iter()
        .position(|e| e.app_id == app_id && (e.id == ident || e.name == ident))
        .ok_or_else(|| ApiError::not_found("sni-endpoint", "Couldn't find that SNI endpoint."))
}

pub fn list(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let id = cx.state.apps[i].id.clone();
    Ok(Reply::List(
        cx.state
            .sni_endpoints
            .iter()
            .filter(|e| e.app_id == id)
            .map(|e| view(cx, e))
            .collect(),
    ))
}

pub fn create(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let (chain, key) = chain_and_key(cx)?;
    let name = cx.state.rng.haiku(5);
    cx.state.sni_endpoints.push(SniEndpoint {
        id: id_of(&name),
        name,
        app_id: cx.state.apps[i].id.clone(),
        chain,
        key,
        created_at: cx.now,
        updated_at: cx.now,
    });
    let e = cx.state.sni_endpoints.last().expect("just pushed");
    Ok(Reply::Created(view(cx, e)))
}

pub fn info(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let e = find(cx, &cx.state.apps[i].id.clone(), ident)?;
    Ok(Reply::Ok(view(cx, &cx.state.sni_endpoints[e])))
}

pub fn update(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let e = find(cx, &cx.state.apps[i].id.clone(), ident)?;
    let (chain, key) = chain_and_key(cx)?;
    let endpoint = &mut cx.state.sni_endpoints[e];
    (endpoint.chain, endpoint.key, endpoint.updated_at) = (chain, key, cx.now);
    Ok(Reply::Ok(view(cx, &cx.state.sni_endpoints[e])))
}

pub fn destroy(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let e = find(cx, &cx.state.apps[i].id.clone(), ident)?;
    let body = view(cx, &cx.state.sni_endpoints[e]);
    let gone = cx.state.sni_endpoints.remove(e);
    // Its domains no longer use a certificate.
    for d in cx.state.domains.iter_mut() {
        if d.app_id == gone.app_id && d.sni_endpoint.as_deref() == Some(&gone.name) {
            d.sni_endpoint = None;
        }
    }
    Ok(Reply::Ok(body))
}

/// The endpoint a domain write names (`sni_endpoint`: a name or id of one
/// of the app's endpoints, or null), as its name.
pub fn named(cx: &Cx, app_id: &str) -> Result<Option<String>, ApiError> {
    match cx.ident("sni_endpoint") {
        None => Ok(None),
        Some(ident) => {
            let e = find(cx, app_id, &ident)?;
            Ok(Some(cx.state.sni_endpoints[e].name.clone()))
        }
    }
}
