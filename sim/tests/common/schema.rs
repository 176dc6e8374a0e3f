//! Checking exchanges with the API against Heroku's official hyper-schema.
//!
//! Responses are checked against the `targetSchema` of the matching link,
//! made strict: every property the schema documents must be present, and none
//! it does not document may appear. Request bodies are checked against the
//! link's request `schema`. Shared by the fidelity test and by the checker of
//! the official CLI's requests (`examples/check_requests.rs`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::{Value, json};

/// One exchange, as recorded.
#[derive(Clone, Debug, Deserialize)]
pub struct Exchange {
    /// Method.
    pub method: String,
    /// Path with query.
    pub path: String,
    /// Request body, if any.
    pub request: Option<Value>,
    /// Status.
    pub status: u16,
    /// Response body.
    pub response: Value,
    /// The request asked for `Accept-Expansion`: nested objects are expanded
    /// beyond what the schema describes, so the response is checked without
    /// the strict additions.
    #[serde(default)]
    pub expanded: bool,
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Report {
    /// Every mismatch, described.
    pub failures: Vec<String>,
    /// The links exercised, with how often.
    pub links: BTreeMap<String, usize>,
    /// The documented non-schema forms accepted, with how often.
    pub forms: BTreeMap<String, usize>,
}

/// A link of the hyper-schema: method, href segments (`None` for a
/// placeholder), and its schemas.
pub struct Link {
    method: String,
    segments: Vec<Option<String>>,
    href: String,
    request: Option<Value>,
    target: Option<Value>,
}

pub fn links(schema: &Value) -> Vec<Link> {
    let mut out = Vec::new();
    for def in schema["definitions"].as_object().unwrap().values() {
        for link in def["links"].as_array().into_iter().flatten() {
            let href = link["href"].as_str().unwrap().to_string();
            let segments = href
                .trim_matches('/')
                .split('/')
                .map(|s| {
                    if s.starts_with('{') {
                        None
                    } else {
                        Some(s.to_string())
                    }
                })
                .collect();
            out.push(Link {
                method: link["method"].as_str().unwrap().to_string(),
                segments,
                href,
                request: link.get("schema").cloned(),
                target: link.get("targetSchema").cloned(),
            });
        }
    }
    out
}

/// The links that match a request, most literal first.
pub fn matching<'l>(links: &'l [Link], method: &str, path: &str) -> Vec<&'l Link> {
    let path = path.split('?').next().unwrap();
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let mut found: Vec<&Link> = links
        .iter()
        .filter(|l| l.method == method && l.segments.len() == segs.len())
        .filter(|l| {
            l.segments
                .iter()
                .zip(&segs)
                .all(|(a, b)| a.as_deref().is_none_or(|a| a == *b))
        })
        .collect();
    let literal = |l: &Link| l.segments.iter().filter(|s| s.is_some()).count();
    let best = found.iter().map(|l| literal(l)).max().unwrap_or(0);
    found.retain(|l| literal(l) == best);
    found
}

/// Properties Heroku sends only on request, so a strict check cannot require
/// them: `provision_message` comes only with the header
/// `X-Heroku-Legacy-Provider-Messages: true`.
const ON_REQUEST_ONLY: &[&str] = &["provision_message"];

/// The schema made strict: objects with `properties` require them all (but
/// [`ON_REQUEST_ONLY`]) and allow nothing else.
pub fn strict(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                let keys: Vec<Value> = props
                    .keys()
                    .filter(|k| !ON_REQUEST_ONLY.contains(&k.as_str()))
                    .map(|k| json!(k))
                    .collect();
                if !keys.is_empty() {
                    map.insert("required".into(), Value::Array(keys));
                    map.insert("additionalProperties".into(), json!(false));
                }
            }
            map.values_mut().for_each(strict);
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

/// Validates `instance` against `schema` resolved within `root`'s definitions.
/// `format` is not asserted: the schema gives `hostname` the format `uri`,
/// which Heroku's own hostnames (`www.example.com`) do not meet.
pub fn errors(root: &Value, schema: &Value, instance: &Value) -> Vec<String> {
    thread_local! {
        static CACHE: std::cell::RefCell<BTreeMap<String, std::rc::Rc<jsonschema::Validator>>> = Default::default();
    }
    // One validator per schema fragment and strictness: compiling the whole
    // document is slow. `strict` adds `required` to every definition.
    let strict = root["definitions"]["app"].get("required").is_some();
    let key = format!("{strict}|{schema}");
    let validator = CACHE.with(|cache| {
        cache
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| {
                let doc = json!({"definitions": root["definitions"], "allOf": [schema]});
                std::rc::Rc::new(
                    jsonschema::draft4::options()
                        .should_validate_formats(false)
                        .build(&doc)
                        .unwrap(),
                )
            })
            .clone()
    });
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// The body rewritten into the schema's forms where a client used a form the
/// API documents as accepted although the schema does not describe it
/// (API-NOTES §1.3, §2.13):
/// - an identity sent as an object, `{"name": x}` or `{"id": x}`, where the
///   schema types a string (the official CLI does this everywhere);
/// - the deprecated `size` string in formation updates, where the schema has
///   `dyno_size`;
/// - formation quantities as strings (`"2"`, relative `"+1"`), as the official
///   CLI's `ps:scale` sends them.
///
/// Only the top-level fields the schema rejects are rewritten, one at a time,
/// so a field that really is an object (`attachment: {"name"}`) stays one.
/// Returns the rewritten body and the names of the forms it used.
pub fn documented_forms(root: &Value, schema: &Value, body: &Value) -> (Value, Vec<&'static str>) {
    let mut body = body.clone();
    let mut used = Vec::new();
    let bad_fields: Vec<String> = errors_at(root, schema, &body);
    for field in bad_fields {
        let Some(value) = body.get(&field).cloned() else {
            continue;
        };
        let rewritten = match &value {
            Value::Object(map)
                if map.len() == 1 && (map.contains_key("name") || map.contains_key("id")) =>
            {
                used.push("identity as an object");
                map.values().next().cloned().unwrap_or(Value::Null)
            }
            Value::Array(items) if field == "updates" => {
                let items = items
                    .iter()
                    .map(|item| {
                        let mut item = item.clone();
                        let map = item.as_object_mut().expect("an object");
                        if let Some(size) = map.remove("size") {
                            used.push("deprecated formation size");
                            map.insert("dyno_size".into(), json!({"name": size}));
                        }
                        // The official CLI's ps:scale sends "2", "+1", "-1".
                        if let Some(Value::String(q)) = map.get("quantity") {
                            used.push("quantity as a string");
                            let n = q
                                .trim_start_matches(['+', '-'])
                                .parse::<i64>()
                                .unwrap_or(-1);
                            map.insert("quantity".into(), json!(n));
                        }
                        item
                    })
                    .collect();
                Value::Array(items)
            }
            _ => value,
        };
        body[&field] = rewritten;
    }
    used.sort();
    used.dedup();
    (body, used)
}

/// An add-on's update schema without its `required` when `body` renames
/// the add-on (`name`, no `plan`): Heroku takes a rename alone, as the
/// official CLI's `addons:rename` sends it, though the schema requires
/// `plan`. `None` for any other body or schema.
fn rename_without_plan(schema: &Value, body: &Value) -> Option<Value> {
    let requires_plan = schema["required"] == json!(["plan"]);
    let renames = body.get("name").is_some() && body.get("plan").is_none();
    (requires_plan && renames).then(|| {
        let mut relaxed = schema.clone();
        relaxed.as_object_mut()?.remove("required");
        Some(relaxed)
    })?
}

/// The top-level fields of `body` that `schema` rejects.
fn errors_at(root: &Value, schema: &Value, body: &Value) -> Vec<String> {
    let mut fields: Vec<String> = errors(root, schema, body)
        .iter()
        .filter_map(|e| {
            e.strip_prefix('/')?
                .split(['/', ':'])
                .next()
                .map(str::to_string)
        })
        .collect();
    fields.sort();
    fields.dedup();
    fields
}

/// Every mismatch of the exchanges with the schema at `schema_path`, and
/// the links they exercised.
pub fn mismatches(schema_path: &Path, log: &[Exchange]) -> Report {
    let text = std::fs::read_to_string(schema_path)
        .unwrap_or_else(|e| panic!("{}: {e}", schema_path.display()));
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    // The add-on state Heroku answers beyond the schema's enum: an
    // asynchronous destroy is 202 `deprovisioning` (API-NOTES §1.4, §2.5).
    if let Some(states) = schema.pointer_mut("/definitions/add-on/definitions/state/enum") {
        states.as_array_mut().unwrap().push(json!("deprovisioning"));
    }
    // A coupling's pipeline carries its name too: the official CLI prints
    // `coupling.pipeline.name` from every coupling endpoint.
    if let Some(props) =
        schema.pointer_mut("/definitions/pipeline-coupling/properties/pipeline/properties")
    {
        props["name"] = json!({"$ref": "#/definitions/pipeline/definitions/name"});
    }
    // A team member's role is one of `team_role` (admin, member, viewer),
    // which the member's `role` refers past to the team's enum, without
    // `viewer`: Heroku answers the role it was given.
    if let Some(roles) = schema.pointer_mut("/definitions/team/definitions/role/enum") {
        roles.as_array_mut().unwrap().push(json!("viewer"));
    }
    let mut strict_schema = schema.clone();
    strict(&mut strict_schema);
    let strict_links = links(&strict_schema);
    let links = links(&schema);
    let mut failures = Vec::new();
    let mut covered: BTreeMap<String, usize> = BTreeMap::new();
    let mut forms: BTreeMap<String, usize> = BTreeMap::new();
    for x in log {
        let found = matching(&links, &x.method, &x.path);
        if found.is_empty() {
            failures.push(format!("{} {}: no link in the schema", x.method, x.path));
            continue;
        }
        *covered
            .entry(format!("{} {}", x.method, found[0].href))
            .or_default() += 1;
        // A request the simulator refused (as Heroku would) need not match.
        if let Some(body) = x
            .request
            .as_ref()
            .filter(|_| (200..300).contains(&x.status))
        {
            let fits = |b: &Value| {
                found.iter().any(|l| {
                    l.request
                        .as_ref()
                        .is_none_or(|s| errors(&schema, s, b).is_empty())
                })
            };
            let ok = fits(body)
                || found.iter().filter_map(|l| l.request.as_ref()).any(|s| {
                    let fine = rename_without_plan(s, body)
                        .is_some_and(|relaxed| errors(&schema, &relaxed, body).is_empty());
                    if fine {
                        *forms
                            .entry("add-on renamed without a plan".into())
                            .or_default() += 1;
                    }
                    fine
                })
                || found.iter().filter_map(|l| l.request.as_ref()).any(|s| {
                    let (rewritten, used) = documented_forms(&schema, s, body);
                    let fine = errors(&schema, s, &rewritten).is_empty();
                    if fine {
                        for form in used {
                            *forms.entry(form.to_string()).or_default() += 1;
                        }
                    }
                    fine
                });
            if !ok {
                let why = found[0]
                    .request
                    .as_ref()
                    .map(|s| errors(&schema, s, body))
                    .unwrap_or_default();
                failures.push(format!("{} {} request {body}: {why:?}", x.method, x.path));
            }
        }
        if !(200..300).contains(&x.status) {
            // Error bodies: Heroku's shape.
            if x.response["id"].as_str().is_none() || x.response["message"].as_str().is_none() {
                failures.push(format!(
                    "{} {}: error body {}",
                    x.method, x.path, x.response
                ));
            }
            continue;
        }
        let (check_links, check_schema) = if x.expanded {
            (&links, &schema)
        } else {
            (&strict_links, &strict_schema)
        };
        let results: Vec<Vec<String>> = matching(check_links, &x.method, &x.path)
            .iter()
            .filter_map(|l| l.target.as_ref())
            .map(|t| errors(check_schema, t, &x.response))
            .collect();
        if !results.is_empty() && results.iter().all(|r| !r.is_empty()) {
            failures.push(format!(
                "{} {} -> {}: {:#?}",
                x.method, x.path, x.status, results[0]
            ));
        }
    }
    Report {
        failures,
        links: covered,
        forms,
    }
}
