//! Compiling the schema's request schemas into the validator's node tree:
//! each `$ref` resolved and compiled once (so a schema may refer to itself),
//! and the forms Heroku accepts beyond the schema patched in.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::pattern::CharClass;
use super::{Node, NodeId};

/// Builds the node tree, each `$ref` compiled once.
pub struct Compiler<'r> {
    root: &'r Value,
    pub nodes: Vec<Node>,
    refs: BTreeMap<String, NodeId>,
}

impl<'r> Compiler<'r> {
    /// A compiler of schemas within `root`.
    pub fn new(root: &'r Value) -> Compiler<'r> {
        Compiler {
            root,
            nodes: Vec::new(),
            refs: BTreeMap::new(),
        }
    }

    /// Compiles `v`; returns its node.
    pub fn node(&mut self, v: &Value) -> NodeId {
        if let Some(r) = v.get("$ref").and_then(Value::as_str) {
            return self.reference(r);
        }
        let id = self.nodes.len();
        self.nodes.push(Node::default());
        let list = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
        let mut n = Node {
            types: v.get("type").map(|t| match t {
                Value::String(s) => vec![s.clone()],
                other => list(Some(other))
                    .iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect(),
            }),
            required: list(v.get("required"))
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            one_of_values: v.get("enum").and_then(Value::as_array).cloned(),
            max_length: v
                .get("maxLength")
                .and_then(Value::as_u64)
                .map(|m| m as usize),
            min_items: v
                .get("minItems")
                .and_then(Value::as_u64)
                .map(|m| m as usize),
            max_items: v
                .get("maxItems")
                .and_then(Value::as_u64)
                .map(|m| m as usize),
            unique_items: v.get("uniqueItems") == Some(&json!(true)),
            ..Node::default()
        };
        if let Some(props) = v.get("properties").and_then(Value::as_object) {
            n.properties = props
                .iter()
                .map(|(k, p)| (k.clone(), self.property(k, p)))
                .collect();
        }
        if let Some(props) = v.get("patternProperties").and_then(Value::as_object) {
            n.pattern_properties = props
                .iter()
                .map(|(k, p)| (CharClass::parse(k), self.node(p)))
                .collect();
        }
        n.additional = match v.get("additionalProperties") {
            None | Some(Value::Bool(true)) => None,
            Some(Value::Bool(false)) => Some(None),
            Some(schema) => Some(Some(self.node(schema))),
        };
        n.items = v
            .get("items")
            .filter(|i| i.is_object())
            .map(|i| self.node(i));
        for a in list(v.get("anyOf")).iter().chain(&list(v.get("oneOf"))) {
            let a = self.node(a);
            n.any_of.push(a);
        }
        for a in list(v.get("allOf")) {
            let a = self.node(&a);
            n.all_of.push(a);
        }
        self.nodes[id] = n;
        id
    }

    fn reference(&mut self, r: &str) -> NodeId {
        if let Some(&id) = self.refs.get(r) {
            return id;
        }
        let target = r
            .strip_prefix('#')
            .and_then(|p| self.root.pointer(p))
            .cloned()
            .unwrap_or_else(|| json!({}));
        // Reserve the id first: a schema may refer to itself.
        let id = self.nodes.len();
        self.nodes.push(Node::default());
        self.refs.insert(r.to_string(), id);
        let inner = self.node(&target);
        self.nodes[id] = Node {
            all_of: vec![inner],
            ..Node::default()
        };
        id
    }

    /// A property's schema. A property naming another resource (a `$ref` to
    /// its identity, id or name, under a key other than `name` or `id`) also
    /// takes the identity as an object.
    fn property(&mut self, key: &str, p: &Value) -> NodeId {
        let inner = self.node(p);
        let names_another = !matches!(key, "name" | "id")
            && p.get("$ref").and_then(Value::as_str).is_some_and(|r| {
                [
                    "/definitions/identity",
                    "/definitions/id",
                    "/definitions/name",
                ]
                .iter()
                .any(|end| r.ends_with(end))
            });
        if !names_another {
            return inner;
        }
        self.nodes.push(Node {
            all_of: vec![inner],
            identity: true,
            ..Node::default()
        });
        self.nodes.len() - 1
    }
}

/// The schema patched with the forms Heroku accepts beyond it: the
/// deprecated formation `size`, quantities as strings, and an add-on
/// update with `name` alone (a rename).
pub fn allow_documented_forms(root: &mut Value) {
    let formation = &mut root["definitions"]["formation"];
    formation["definitions"]["quantity"]["type"] = json!(["integer", "string"]);
    formation["definitions"]["update"]["properties"]["size"] = json!({"type": ["string"]});
    // An add-on's update requires `plan` in the schema, yet Heroku renames
    // an add-on given only `name` (the official CLI's `addons:rename`
    // sends nothing else); the handler asks for one of the two.
    if let Some(links) = root["definitions"]["add-on"]["links"].as_array_mut() {
        for link in links.iter_mut().filter(|l| l["method"] == "PATCH") {
            if let Some(schema) = link["schema"].as_object_mut() {
                schema.remove("required");
            }
        }
    }
}
