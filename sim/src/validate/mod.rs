//! Request bodies checked against Heroku's official hyper-schema before
//! anything happens, as Heroku's schema middleware does: a body of the wrong
//! shape is a 422 `invalid_params`, never a silent default.
//!
//! The schema (`schema/platform-api.json`, embedded) is parsed once per
//! process and every link's request schema compiled into a small tree with
//! its `$ref`s resolved ([`Links`]). Requests are matched to links by method
//! and href template, most literal first. Only the draft-04 subset the
//! schema's request schemas use is implemented: `type`, `properties`,
//! `required`, `additionalProperties`, `patternProperties` (patterns of one
//! character class, which is all the schema has), `items`, `anyOf`/`oneOf`/
//! `allOf`, `enum`, `maxLength`, `minItems`, `maxItems`, `uniqueItems`.
//! `pattern` and `format` are left to the handlers: Heroku answers a bad app
//! name with its own message, not a schema one.
//!
//! Four forms Heroku accepts although the schema does not describe them
//! (API-NOTES §1.3, §2.13) are accepted here too: an identity sent as a
//! `{"id"}`, `{"name"}` or `{"email"}` object; the deprecated formation
//! `size`; formation quantities as strings (`"2"`, `"+1"`), as the official
//! CLI's `ps:scale` sends them; an add-on update with `name` and no `plan`
//! (the schema requires `plan`; the CLI's `addons:rename` sends only the
//! name). This module does no I/O and knows no state.

mod compile;
mod pattern;

use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::protocol::ApiError;
use compile::{Compiler, allow_documented_forms};
use pattern::CharClass;

/// The official schema, as kept in the repository.
const SCHEMA: &str = include_str!("../../schema/platform-api.json");

/// An index into [`Links::nodes`].
type NodeId = usize;

/// One compiled schema.
#[derive(Default)]
struct Node {
    /// Allowed JSON types (`None`: any).
    types: Option<Vec<String>>,
    properties: Vec<(String, NodeId)>,
    required: Vec<String>,
    /// `additionalProperties`: `None` allows anything, `Some(None)` nothing.
    additional: Option<Option<NodeId>>,
    pattern_properties: Vec<(CharClass, NodeId)>,
    items: Option<NodeId>,
    any_of: Vec<NodeId>,
    all_of: Vec<NodeId>,
    one_of_values: Option<Vec<Value>>,
    max_length: Option<usize>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: bool,
    /// An identity: a string, or an object with one identifying field.
    identity: bool,
}

/// A link's request schema and where it applies.
struct Link {
    method: String,
    /// Literal segments, `None` for a placeholder.
    segments: Vec<Option<String>>,
    schema: Option<NodeId>,
}

/// Every link of the schema, compiled.
pub struct Links {
    nodes: Vec<Node>,
    links: Vec<Link>,
}

/// Why a body does not fit.
struct Fault {
    /// A missing required key (reported in Heroku's `Require params` form).
    missing: bool,
    message: String,
}

impl Links {
    /// The compiled links of the embedded schema, built on first use.
    pub fn get() -> &'static Links {
        static LINKS: OnceLock<Links> = OnceLock::new();
        LINKS.get_or_init(|| {
            let mut root: Value = serde_json::from_str(SCHEMA).expect("the embedded schema");
            allow_documented_forms(&mut root);
            Links::compile(&root)
        })
    }

    fn compile(root: &Value) -> Links {
        let mut c = Compiler::new(root);
        let mut links = Vec::new();
        let definitions = root["definitions"].as_object().expect("definitions");
        for def in definitions.values() {
            for link in def["links"].as_array().into_iter().flatten() {
                let href = link["href"].as_str().unwrap_or_default();
                let segments = href
                    .trim_matches('/')
                    .split('/')
                    .map(|s| (!s.starts_with('{')).then(|| s.to_string()))
                    .collect();
                links.push(Link {
                    method: link["method"].as_str().unwrap_or_default().to_string(),
                    segments,
                    schema: link.get("schema").map(|s| c.node(s)),
                });
            }
        }
        Links {
            nodes: c.nodes,
            links,
        }
    }

    /// Checks the body of `method path` against the request schema of its
    /// link; a request no link describes is not checked.
    pub fn check(&self, method: &str, path: &str, body: &Value) -> Result<(), ApiError> {
        let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
        let literal = |l: &Link| l.segments.iter().filter(|s| s.is_some()).count();
        let found: Vec<&Link> = self
            .links
            .iter()
            .filter(|l| l.method == method && l.segments.len() == segs.len())
            .filter(|l| {
                l.segments
                    .iter()
                    .zip(&segs)
                    .all(|(a, b)| a.as_deref().is_none_or(|a| a == *b))
            })
            .collect();
        let best = found.iter().map(|l| literal(l)).max().unwrap_or(0);
        let mut faults = Vec::new();
        for link in found.into_iter().filter(|l| literal(l) == best) {
            let Some(schema) = link.schema else {
                return Ok(());
            };
            match self.fits(schema, body, "") {
                Ok(()) => return Ok(()),
                Err(f) => faults.push(f),
            }
        }
        // Of several links (deploy and rollback share one href), the fault
        // that says most: a wrong value before a missing key.
        faults.sort_by_key(|f| f.missing);
        match faults.into_iter().next() {
            None => Ok(()),
            Some(f) => Err(ApiError::invalid(f.message)),
        }
    }

    fn fits(&self, id: NodeId, v: &Value, key: &str) -> Result<(), Fault> {
        let n = &self.nodes[id];
        if n.identity && identity_object(v).is_some() {
            return Ok(());
        }
        if let Some(types) = &n.types
            && !types.iter().any(|t| is_type(v, t))
        {
            return Err(invalid(
                key,
                format!("expected {}, got {}", json!(types), type_of(v)),
            ));
        }
        if let Some(values) = &n.one_of_values
            && !values.contains(v)
        {
            return Err(invalid(key, format!("expected one of {}", json!(values))));
        }
        for &a in &n.all_of {
            self.fits(a, v, key)?;
        }
        if !n.any_of.is_empty() {
            let mut first = None;
            for &a in &n.any_of {
                match self.fits(a, v, key) {
                    Ok(()) => {
                        first = None;
                        break;
                    }
                    Err(f) => {
                        first.get_or_insert(f);
                    }
                }
            }
            if let Some(f) = first {
                return Err(f);
            }
        }
        match v {
            Value::String(s) if n.max_length.is_some_and(|m| s.chars().count() > m) => {
                return Err(invalid(key, "too long".into()));
            }
            Value::Array(items) => self.fits_array(n, items, key)?,
            Value::Object(map) => self.fits_object(n, map, key)?,
            _ => {}
        }
        Ok(())
    }

    fn fits_array(&self, n: &Node, items: &[Value], key: &str) -> Result<(), Fault> {
        if n.min_items.is_some_and(|m| items.len() < m)
            || n.max_items.is_some_and(|m| items.len() > m)
        {
            return Err(invalid(key, "wrong number of items".into()));
        }
        if n.unique_items && (1..items.len()).any(|i| items[..i].contains(&items[i])) {
            return Err(invalid(key, "items must be unique".into()));
        }
        if let Some(item) = n.items {
            for (i, x) in items.iter().enumerate() {
                self.fits(item, x, &format!("{key}[{i}]"))?;
            }
        }
        Ok(())
    }

    fn fits_object(
        &self,
        n: &Node,
        map: &serde_json::Map<String, Value>,
        key: &str,
    ) -> Result<(), Fault> {
        let missing: Vec<String> = n
            .required
            .iter()
            .filter(|r| !map.contains_key(*r))
            .map(|r| join(key, r))
            .collect();
        if !missing.is_empty() {
            return Err(Fault {
                missing: true,
                message: format!("Require params: {}.", missing.join(", ")),
            });
        }
        let mut unknown = Vec::new();
        for (k, x) in map {
            let inner = join(key, k);
            let mut known = false;
            if let Some((_, p)) = n.properties.iter().find(|(name, _)| name == k) {
                known = true;
                self.fits(*p, x, &inner)?;
            }
            for (class, p) in &n.pattern_properties {
                if class.matches(k) {
                    known = true;
                    self.fits(*p, x, &inner)?;
                }
            }
            match n.additional {
                Some(Some(p)) if !known => self.fits(p, x, &inner)?,
                Some(None) if !known => unknown.push(inner),
                _ => {}
            }
        }
        if unknown.is_empty() {
            Ok(())
        } else {
            Err(Fault {
                missing: false,
                message: format!("Unknown params: {}.", unknown.join(", ")),
            })
        }
    }
}

fn join(key: &str, name: &str) -> String {
    if key.is_empty() {
        name.to_string()
    } else {
        format!("{key}.{name}")
    }
}

fn invalid(key: &str, what: String) -> Fault {
    let key = if key.is_empty() { "body" } else { key };
    Fault {
        missing: false,
        message: format!("Invalid type for key \"{key}\": {what}."),
    }
}

/// The value of a one-field identity object (`{"name": "x"}`).
fn identity_object(v: &Value) -> Option<&str> {
    let map = v.as_object().filter(|m| m.len() == 1)?;
    let (k, x) = map.iter().next()?;
    ["id", "name", "email"]
        .contains(&k.as_str())
        .then(|| x.as_str())
        .flatten()
}

fn is_type(v: &Value, t: &str) -> bool {
    match t {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    }
}

/// The JSON type of a value, for messages (never the value: it may be a secret).
fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
