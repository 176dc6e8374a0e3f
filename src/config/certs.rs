//! Certificates in the files: `[apps.KEY.sni_endpoints.NAME]` tables (Heroku's
//! SNI endpoints) with Heroku's field names `certificate_chain` and
//! `private_key`, and `domains`, the app's custom domains that use it.
//!
//! Each of the two is a string (usually `${VARIABLE}`) or `{ file = "PATH" }`,
//! a path relative to the configuration directory that `config::files` read
//! (bounded) before loading: here it is only looked up. The private key is
//! always secret; the chain is parsed ([`crate::cert`]) so that plans show a
//! certificate by subject, expiry and fingerprint. Pure.

use std::collections::{BTreeMap, BTreeSet};

use super::located::LText;
use super::read::{Reader, join};
use super::tree::{Node, Table, Value};
use crate::cert::{CertInfo, check_key, parse_chain};
use crate::diag::{Origin, Problem};
use crate::secret::{Secret, Text};

/// One SNI endpoint, by its key in the files.
#[derive(Clone, Debug, PartialEq)]
pub struct SniEndpoint {
    /// The key under `sni_endpoints` (heroin's own name for it).
    pub key: String,
    /// Where the table starts.
    pub at: Origin,
    /// The PEM certificate chain, leaf first.
    pub certificate_chain: LText,
    /// The PEM private key (always secret).
    pub private_key: LText,
    /// The leaf certificate, when the chain is known.
    pub cert: Option<CertInfo>,
    /// The custom domains that use it; `None` leaves them as they are.
    pub domains: Option<Vec<LText>>,
}

/// The fields that take `{ file = "PATH" }`.
pub const FILE_FIELDS: &[&str] = &["certificate_chain", "private_key"];

/// The largest certificate or key file heroin reads, in bytes.
pub const MAX_FILE_BYTES: u64 = 256 * 1024;

/// The files `root` (one parsed layer) refers to with `{ file = "PATH" }`.
pub fn referenced_files(root: &Node, out: &mut BTreeSet<String>) {
    // Borrowed all the way down: this walk runs before every load, over
    // documents of thousands of apps.
    fn table(n: &Node) -> Option<&Table> {
        match &n.value {
            Value::Table(t) => Some(t),
            _ => None,
        }
    }
    fn get<'t>(t: &'t Table, k: &str) -> Option<&'t Table> {
        t.get(k).and_then(|e| table(&e.node))
    }
    let Some(apps) = table(root).and_then(|r| get(r, "apps")) else {
        return;
    };
    for app in apps.values().filter_map(|e| table(&e.node)) {
        let endpoints = get(app, "sni_endpoints")
            .into_iter()
            .flat_map(|t| t.values());
        for ep in endpoints.filter_map(|e| table(&e.node)) {
            for field in FILE_FIELDS {
                let file = get(ep, field).and_then(|f| f.get("file"));
                if let Some(Value::Str(path)) = file.map(|e| &e.node.value) {
                    out.insert(path.clone());
                }
            }
        }
    }
}

/// Reads `sni_endpoints`: a table of endpoints by key.
pub fn read(reader: &mut Reader, node: &Node, path: &str) -> Option<BTreeMap<String, SniEndpoint>> {
    let table = reader.table(node, path)?;
    let mut out = BTreeMap::new();
    for (key, entry) in table {
        let path = join(path, key);
        let Some(t) = reader.table(&entry.node, &path) else {
            continue;
        };
        reader.unknown_keys(t, &path, &["certificate_chain", "private_key", "domains"]);
        let field = |reader: &mut Reader, name: &str| match t.get(name) {
            Some(e) => source(reader, &e.node, &join(&path, name)),
            None => {
                reader.problem(
                    Problem::new(&entry.key_at, &path, format!("`{name}` is required")).with_hint(
                        format!("{name} = {{ file = \"certs/{key}.pem\" }}, or a ${{VARIABLE}}"),
                    ),
                );
                None
            }
        };
        let chain = field(reader, "certificate_chain");
        let private_key = field(reader, "private_key").map(|k| LText {
            value: match k.value {
                Text::Plain(p) => Text::Secret(Secret::new(p)),
                other => other,
            },
            at: k.at,
        });
        let domains = t
            .get("domains")
            .and_then(|e| reader.text_list(&e.node, &join(&path, "domains")));
        let cert = match chain
            .as_ref()
            .and_then(|c| c.value.known().map(|v| (c, parse_chain(v))))
        {
            Some((_, Ok(info))) => Some(info),
            Some((c, Err(why))) => {
                reader.problem(
                    Problem::new(&c.at, join(&path, "certificate_chain"), format!("the certificate chain {why}"))
                        .with_hint("the PEM certificate, then its intermediates: -----BEGIN CERTIFICATE-----..."),
                );
                None
            }
            None => None,
        };
        if let Some(k) = &private_key
            && let Some(Err(why)) = k.value.known().map(check_key)
        {
            reader.problem(
                Problem::new(&k.at, join(&path, "private_key"), format!("the private key {why}"))
                    .with_hint("the PEM private key that goes with the certificate: -----BEGIN PRIVATE KEY-----..."),
            );
        }
        let (Some(chain), Some(private_key)) = (chain, private_key) else {
            continue;
        };
        out.insert(
            key.clone(),
            SniEndpoint {
                key: key.clone(),
                at: entry.key_at.clone(),
                certificate_chain: chain,
                private_key,
                cert,
                domains,
            },
        );
    }
    Some(out)
}

/// A string, or `{ file = "PATH" }` looked up among the files read.
fn source(reader: &mut Reader, node: &Node, path: &str) -> Option<LText> {
    let Value::Table(t) = &node.value else {
        return reader.text(node, path);
    };
    reader.unknown_keys(t, path, &["file"]);
    let Some(file) = t.get("file") else {
        reader.problem(Problem::new(
            &node.at,
            path,
            "needs `file`, a path relative to the configuration directory",
        ));
        return None;
    };
    let Value::Str(name) = &file.node.value else {
        return reader.text(&file.node, &join(path, "file")).and(None);
    };
    match reader.files.get(name) {
        Some(Ok(text)) => Some(LText {
            value: Text::Plain(text.clone()),
            at: file.node.at.clone(),
        }),
        Some(Err(why)) => {
            reader.problem(Problem::new(&file.node.at, join(path, "file"), why.clone()));
            None
        }
        None => {
            reader.problem(Problem::new(
                &file.node.at,
                join(path, "file"),
                format!("{name} was not read"),
            ));
            None
        }
    }
}

/// Whether a certificate for `names` covers `host` (`*.example.com` covers
/// one label).
pub fn covers(names: &[String], host: &str) -> bool {
    names.iter().any(|n| match n.strip_prefix("*.") {
        Some(base) => host
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest == base),
        None => n == host,
    })
}
