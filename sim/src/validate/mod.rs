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
            return Err(invalid(key, v, types));
        }
        if let Some(values) = &n.one_of_values
            && !values.contains(v)
        {
            let values = ruby_inspect(&json!(values));
            return Err(bad_value(key, &format!("one of {values}")));
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
                let most = n.max_length.unwrap_or_default();
                return Err(bad_value(key, &format!("at most {most} characters long")));
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
            let (least, most) = (n.min_items.unwrap_or(0), n.max_items);
            let most = most.map_or(String::new(), |m| format!(" and at most {m}"));
            return Err(bad_value(key, &format!("at least {least}{most} items")));
        }
        if n.unique_items && (1..items.len()).any(|i| items[..i].contains(&items[i])) {
            return Err(bad_value(key, "items that are all different"));
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

/// A value of the right type that breaks another rule of its schema (the
/// simulator's wording: the middleware Heroku runs checks only types, and
/// the rules beyond them are checked by Heroku's handlers, whose messages
/// are not documented). The value itself is not repeated: it may be long.
fn bad_value(key: &str, rule: &str) -> Fault {
    Fault {
        missing: false,
        message: format!(
            "Invalid value for key \"{}\": expected {rule}.",
            shown_key(key)
        ),
    }
}

fn shown_key(key: &str) -> &str {
    if key.is_empty() { "body" } else { key }
}

/// A value of the wrong type, in the words of Heroku's schema middleware
/// (committee): `Invalid type for key "name": expected 123 to be ["string"].`
/// It repeats the value, as Heroku does; a value of the wrong type is
/// never a string where a string is expected, so a config var or a secret
/// (strings) cannot come back this way.
fn invalid(key: &str, v: &Value, types: &[String]) -> Fault {
    Fault {
        missing: false,
        message: format!(
            "Invalid type for key \"{}\": expected {} to be {}.",
            shown_key(key),
            ruby_to_s(v),
            ruby_inspect(&json!(types))
        ),
    }
}

/// A JSON value as Ruby's string interpolation (`#{value}`) renders the
/// value the middleware parsed: strings bare, `nil` empty, containers as
/// `inspect` renders them.
fn ruby_to_s(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        _ => ruby_inspect(v),
    }
}

/// A JSON value as Ruby's `inspect` renders it: `["a", nil]`, `{"a"=>1}`.
fn ruby_inspect(v: &Value) -> String {
    match v {
        Value::Null => "nil".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => Value::String(s.clone()).to_string(),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(ruby_inspect).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, x)| format!("{}=>{}", Value::String(k.clone()), ruby_inspect(x)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
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
