//! The configuration layer through its library API: the typed model, absent
//! versus empty sections, secrets, provenance, and both formats alike.

use std::collections::BTreeMap;

use heroin::config::model::{AddonSource, Config};
use heroin::config::parse::Format;
use heroin::config::{Environment, Source, load};
use heroin::secret::Text;

fn source(name: &str, text: &str) -> Source {
    let format = if name.ends_with(".toml") {
        Format::Toml
    } else {
        Format::Yaml
    };
    Source {
        name: name.into(),
        text: text.into(),
        format,
    }
}

fn env(base: Source, overlay: Source) -> Environment {
    let name = overlay.name.split('.').nth(1).unwrap().to_string();
    Environment {
        name: Some(name),
        base,
        overlay: Some(overlay),
    }
}

fn vars(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

const BASE: &str = r#"
[apps.web]
name = "acme-web-${HEROIN_ENV}"
domains = []
ignore_config_vars = ["NEW_RELIC_*"]
collaborators = ["dev@acme.example", { email = "ops@acme.example", permissions = ["view", "deploy"] }]

[apps.web.config_vars]
WEB_CONCURRENCY = 4
DEBUG = true
STRIPE_KEY = "${STRIPE_KEY}"

[apps.web.addons.database]
plan = "heroku-postgresql:essential-0"
config = { version = "16" }

[apps.web.formation]
web = { quantity = 2, size = "standard-1x" }
worker = 1

[apps.worker]
name = "acme-worker-${HEROIN_ENV}"
[apps.worker.addons.db]
attach = "web.database"
"#;

fn prod() -> Config {
    let e = env(
        source("heroin.toml", BASE),
        source("heroin.prod.toml", "[apps.web]\nmaintenance = true\n"),
    );
    load(&e, Some(&vars(&[("STRIPE_KEY", "sk_live_123")]))).unwrap()
}

#[test]
fn absent_sections_are_none_and_empty_ones_are_some_empty() {
    let config = prod();
    let web = &config.apps["web"];
    assert_eq!(
        web.domains.as_deref().map(<[_]>::len),
        Some(0),
        "present and empty"
    );
    assert!(web.log_drains.is_none(), "absent");
    assert!(web.buildpacks.is_none());
    assert!(web.features.is_none());
    assert!(web.pipeline.is_none());
    let worker = &config.apps["worker"];
    assert!(worker.config_vars.is_none());
    assert!(worker.formation.is_none());
}

#[test]
fn the_model_is_typed() {
    let config = prod();
    assert_eq!(config.env.as_deref(), Some("prod"));
    assert_eq!(config.files, ["heroin.toml", "heroin.prod.toml"]);
    let web = &config.apps["web"];
    assert_eq!(web.name.value, Text::Plain("acme-web-prod".into()));
    assert!(web.maintenance.as_ref().unwrap().value);
    let vars = web.config_vars.as_ref().unwrap();
    assert_eq!(vars["WEB_CONCURRENCY"].value.value, Text::Plain("4".into()));
    assert_eq!(vars["DEBUG"].value.value, Text::Plain("true".into()));
    let formation = web.formation.as_ref().unwrap();
    assert_eq!(formation["worker"].quantity.as_ref().unwrap().value, 1);
    assert!(formation["worker"].size.is_none());
    assert_eq!(
        formation["web"].size.as_ref().unwrap().value.known(),
        Some("standard-1x")
    );
    let collaborators = web.collaborators.as_ref().unwrap();
    assert!(collaborators[0].permissions.is_none());
    assert_eq!(collaborators[1].permissions.as_ref().unwrap().len(), 2);
    assert!(web.ignores("NEW_RELIC_LICENSE_KEY"));
    let addon = &web.addons.as_ref().unwrap()["database"];
    assert_eq!(addon.attachment_name().as_deref(), Some("DATABASE"));
    match &addon.source {
        AddonSource::Provision {
            addon_plan: plan,
            config,
        } => {
            assert_eq!(plan.value.known(), Some("heroku-postgresql:essential-0"));
            assert_eq!(config["version"].value.known(), Some("16"));
        }
        other => panic!("{other:?}"),
    }
    match &config.apps["worker"].addons.as_ref().unwrap()["db"].source {
        AddonSource::Attach { app, addon, .. } => {
            assert_eq!((app.as_str(), addon.as_str()), ("web", "database"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn secrets_are_their_own_type_and_never_printed() {
    let config = prod();
    let key = &config.apps["web"].config_vars.as_ref().unwrap()["STRIPE_KEY"].value;
    assert!(key.value.is_secret());
    assert_eq!(key.value.known(), Some("sk_live_123"));
    let debug = format!("{config:?}");
    assert!(!debug.contains("sk_live_123"), "Debug leaks the secret");
    assert_eq!(key.value.to_string(), "(sensitive)");
}

#[test]
fn every_value_knows_where_it_came_from() {
    let config = prod();
    let web = &config.apps["web"];
    let at = &web.maintenance.as_ref().unwrap().at;
    assert_eq!((&*at.file, at.line, at.column), ("heroin.prod.toml", 2, 15));
    let at = &web.config_vars.as_ref().unwrap()["STRIPE_KEY"].value.at;
    assert_eq!((&*at.file, at.line, at.column), ("heroin.toml", 11, 14));
    let at = &web.formation.as_ref().unwrap()["worker"].at;
    assert_eq!((&*at.file, at.line, at.column), ("heroin.toml", 19, 10));
}

#[test]
fn all_missing_variables_are_reported_at_once() {
    let base = "[apps.web]\nname = \"a-${APP}\"\n[apps.web.config_vars]\nA = \"$ONE\"\nB = \"${TWO}\"\nC = \"${THREE:-ok}\"\n";
    let e = env(source("heroin.toml", base), source("heroin.prod.toml", ""));
    let problems = load(&e, Some(&vars(&[]))).unwrap_err();
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "heroin.toml:2:8: error: apps.web.name: $APP is not set",
            "heroin.toml:4:5: error: apps.web.config_vars.A: $ONE is not set",
            "heroin.toml:5:5: error: apps.web.config_vars.B: $TWO is not set",
        ]
    );
}
