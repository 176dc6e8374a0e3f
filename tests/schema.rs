//! The JSON Schema and heroin's own loader agree: every valid file passes
//! both, every schema-level invalid fixture fails both, and the schema knows
//! exactly the keys the loader knows.

mod common;

use std::path::Path;

use common::{dirs, heroin, heroin_files, name, root};
use serde_json::Value;

fn schema() -> Value {
    let text = std::fs::read_to_string(root().join("schemas/heroin.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A TOML or YAML file as JSON, the way editors and check-jsonschema see it.
fn as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let ext = path.extension().unwrap().to_str().unwrap();
    if ext == "toml" {
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    } else if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        Value::Object(Default::default())
    } else {
        serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

fn schema_errors(validator: &jsonschema::Validator, path: &Path) -> Vec<String> {
    let doc = as_json(path);
    validator
        .iter_errors(&doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_schema_is_draft_07() {
    let schema = schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(jsonschema::draft7::meta::is_valid(&schema));
}

#[test]
fn heroin_schema_prints_the_shipped_file() {
    let out = heroin().arg("schema").output().unwrap();
    assert!(out.status.success());
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, schema());
}

#[test]
fn every_valid_file_passes_the_schema_and_the_loader() {
    let validator = jsonschema::draft7::new(&schema()).unwrap();
    let mut files = 0;
    for dir in dirs("examples").into_iter().chain(dirs("valid")) {
        for file in heroin_files(&dir) {
            let errors = schema_errors(&validator, &file);
            assert!(errors.is_empty(), "{}: {errors:#?}", name(&file));
            files += 1;
        }
        let out = heroin()
            .arg("-C")
            .arg(&dir)
            .arg("validate")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            name(&dir),
            String::from_utf8_lossy(&out.stdout)
        );
    }
    assert!(files >= 20, "only {files} files checked");
}

#[test]
fn every_schema_level_invalid_fixture_fails_both() {
    let validator = jsonschema::draft7::new(&schema()).unwrap();
    for dir in dirs("invalid/schema") {
        let mut schema_files = std::collections::BTreeSet::new();
        for file in heroin_files(&dir) {
            if !schema_errors(&validator, &file).is_empty() {
                schema_files.insert(file.file_name().unwrap().to_string_lossy().to_string());
            }
        }
        assert!(
            !schema_files.is_empty(),
            "{}: the schema accepts it",
            name(&dir)
        );
        let out = heroin().current_dir(&dir).arg("validate").output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}: heroin accepts it",
            name(&dir)
        );
        // Every file heroin finds a problem of shape in, the schema rejects too.
        let text = String::from_utf8(out.stdout).unwrap();
        for line in text.lines().filter(|l| l.contains(": error: ")) {
            let file = line.split(':').next().unwrap();
            assert!(
                schema_files.contains(file),
                "{}: the schema accepts {file}, heroin says {line}",
                name(&dir)
            );
        }
    }
}

#[test]
fn the_schema_knows_exactly_the_app_keys_the_loader_knows() {
    let schema = schema();
    let props = schema["definitions"]["app"]["properties"]
        .as_object()
        .unwrap();
    let mut in_schema: Vec<&str> = props.keys().map(String::as_str).collect();
    let mut in_loader: Vec<&str> = heroin::config::convert::APP_KEYS.to_vec();
    in_schema.sort();
    in_loader.sort();
    assert_eq!(in_schema, in_loader);
    // Every property an editor shows has a description.
    for (key, prop) in props {
        assert!(
            prop["description"].is_string(),
            "apps.*.{key} has no description"
        );
    }
}
