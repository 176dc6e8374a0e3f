//! The reference is complete: every property of `schemas/heroin.schema.json`
//! has a `description`, a `markdownDescription` and examples that the
//! property's own schema accepts (editors show them on hover), and a section
//! of docs/configuration.md's field reference with its type, default, where
//! Heroku documents it, and an example. A field added to the schema without
//! its reference fails here; so does a reference section for no field.

mod common;

use serde_json::{Value, json};

fn schema() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(common::root().join("schemas/heroin.schema.json")).unwrap(),
    )
    .unwrap()
}

/// Every property of `node` and below (through items, anyOf and
/// additionalProperties, not through `$ref`), as (reference name, schema).
fn properties(node: &Value, prefix: &str, out: &mut Vec<(String, Value)>) {
    if let Some(props) = node["properties"].as_object() {
        for (k, v) in props {
            let name = format!("{prefix}{k}");
            out.push((name.clone(), v.clone()));
            properties(v, &format!("{name}."), out);
        }
    }
    for key in ["items", "additionalProperties"] {
        if node[key].is_object() {
            properties(&node[key], prefix, out);
        }
    }
    for alternative in node["anyOf"].as_array().into_iter().flatten() {
        properties(alternative, prefix, out);
    }
}

fn all_properties() -> Vec<(String, Value)> {
    let schema = schema();
    let mut out = Vec::new();
    properties(&schema, "", &mut out);
    properties(&schema["definitions"]["app"], "", &mut out);
    properties(&schema["definitions"]["addon"], "addons.", &mut out);
    out
}

#[test]
fn every_property_has_hover_text_and_examples_its_schema_accepts() {
    let schema = schema();
    let all = all_properties();
    assert!(all.len() > 25, "the walk found {} properties", all.len());
    for (name, property) in all {
        for key in ["description", "markdownDescription"] {
            let text = property[key].as_str().unwrap_or_default();
            assert!(text.len() > 10, "{name}: no {key}");
        }
        let md = property["markdownDescription"].as_str().unwrap_or_default();
        if let Some((_, links)) = md.split_once("\n\nHeroku: ") {
            assert!(
                links.starts_with('[') && links.contains("](https://devcenter.heroku.com/"),
                "{name}: Heroku's documentation is not a Markdown link"
            );
        }
        let examples = property["examples"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no examples"));
        assert!(!examples.is_empty(), "{name}: no examples");
        // The property's schema, with the definitions its $refs point at.
        let mut standalone = property.clone();
        standalone["definitions"] = schema["definitions"].clone();
        standalone["$schema"] = json!("http://json-schema.org/draft-07/schema#");
        let validator = jsonschema::draft7::new(&standalone).unwrap();
        for example in examples {
            assert!(
                validator.is_valid(example),
                "{name}: example {example} does not match its schema"
            );
        }
    }
}

/// The field reference: `### \`NAME\`` sections of docs/configuration.md.
fn reference() -> Vec<(String, String)> {
    let doc = std::fs::read_to_string(common::root().join("docs/configuration.md")).unwrap();
    let start = doc.find("## Field reference").expect("a field reference");
    let rest = &doc[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 3);
    let mut sections = Vec::new();
    for part in rest[..end].split("\n### `").skip(1) {
        let (name, body) = part.split_once("`\n").expect("a heading line");
        sections.push((name.to_string(), body.to_string()));
    }
    sections
}

#[test]
fn the_reference_documents_every_field_of_the_schema() {
    let sections = reference();
    let names: Vec<String> = all_properties().into_iter().map(|(n, _)| n).collect();
    for name in &names {
        let (_, body) = sections
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("docs/configuration.md has no reference for `{name}`"));
        assert!(
            body.contains("| type | default | Heroku |\n| --- | --- | --- |\n|"),
            "{name}: no type, default and Heroku row"
        );
        assert!(body.contains("```toml\n"), "{name}: no example");
        // Heroku's documentation as Markdown links `[title](https://...)`.
        let row = body
            .lines()
            .skip_while(|l| *l != "| --- | --- | --- |")
            .nth(1)
            .unwrap_or_default();
        let heroku = row.rsplit(" | ").next().unwrap_or_default();
        assert!(
            heroku.starts_with("(heroin's own)")
                || heroku.starts_with('[') && heroku.contains("](https://devcenter.heroku.com/"),
            "{name}: Heroku column `{heroku}`"
        );
    }
    for (name, _) in &sections {
        assert!(
            names.contains(name),
            "docs/configuration.md documents `{name}`, which the schema lacks"
        );
    }
}
