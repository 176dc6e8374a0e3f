//! Whatever the input, loading never panics: it returns a configuration or
//! problems. Random text, and the examples mangled byte by byte, in both
//! formats, offline and with variables. Whatever loads is then rendered as
//! every command renders it (`show` as text and JSON, the plan against an
//! account with nothing and against one with every app, as text and JSON,
//! `export` of the live side), and none of that may panic either.

use std::collections::BTreeMap;

use heroin::config::model::Config;
use heroin::config::parse::Format;
use heroin::config::{Environment, Source, load};
use heroin::live::{Live, LiveApp, LiveDrain};
use heroin::render::Options;
use proptest::prelude::*;

fn environment(base: &str, overlay: &str, format: Format) -> Environment {
    let ext = if format == Format::Toml {
        "toml"
    } else {
        "yaml"
    };
    Environment {
        name: Some("prod".into()),
        base: Source {
            name: format!("heroin.{ext}").into(),
            text: base.into(),
            format,
        },
        overlay: Some(Source {
            name: format!("heroin.prod.{ext}").into(),
            text: overlay.into(),
            format,
        }),
    }
}

fn load_both_ways(env: &Environment) {
    let vars: BTreeMap<String, String> = [("SECRET_KEY_BASE", "s"), ("STRIPE_KEY", "k")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let _ = load(env, None);
    if let Ok(config) = load(env, Some(&vars)) {
        render_everything(&config);
    }
}

/// Every rendering a command makes of a loaded configuration.
fn render_everything(config: &Config) {
    for secrets in [false, true] {
        let items = heroin::render::show::items(config, secrets);
        let _ = heroin::render::show::render_text(config, &items);
        let _ = heroin::render::show::render_json(config, &items);
    }
    let names: BTreeMap<String, String> = config
        .apps
        .iter()
        .map(|(k, a)| (k.clone(), a.name.value.to_string()))
        .collect();
    let empty = Live {
        apps: config.apps.keys().map(|k| (k.clone(), None)).collect(),
        ..Live::default()
    };
    // The same apps, live with a few values of their own: updates and removals.
    let mut full = Live::default();
    for (key, app) in &config.apps {
        let mut vars = BTreeMap::new();
        vars.insert("OLD".to_string(), "x".repeat(70_000));
        full.apps.insert(
            key.clone(),
            Some(LiveApp {
                name: app.name.value.to_string(),
                config_vars: Some(vars),
                drains: Some(vec![LiveDrain {
                    url: "https://u:p@logs.example.com/k".into(),
                    id: "d1".into(),
                }]),
                ..LiveApp::default()
            }),
        );
    }
    for live in [&empty, &full] {
        let plan = heroin::plan::plan(config, live);
        for show_secrets in [false, true] {
            let o = Options {
                color: false,
                show_secrets,
            };
            let _ = heroin::render::text(&plan, &names, o);
        }
        let _ = heroin::render::json(&plan);
        let _ = heroin::render::summary(&plan);
    }
    for (key, app) in full.apps.iter().filter_map(|(k, a)| Some((k, a.as_ref()?))) {
        let export = heroin::export::export(key, app);
        let _ = heroin::export::toml(&export.document);
        let _ = heroin::export::yaml(&export.document);
    }
}

const SEED_TOML: &str = include_str!("../fixtures/valid/spec-example/heroin.toml");
const SEED_YAML: &str = include_str!("../fixtures/examples/irc-bot/heroin.yaml");

/// A seed file with one span replaced by other bytes.
fn mangled(seed: &'static str) -> impl Strategy<Value = String> {
    (0..seed.len(), 0..16usize, "[\\PC\\n\\[\\]{}:\"'$#=,-]{0,8}").prop_map(
        move |(at, len, insert)| {
            let bytes = seed.as_bytes();
            let end = (at + len).min(bytes.len());
            let mut out = bytes[..at].to_vec();
            out.extend_from_slice(insert.as_bytes());
            out.extend_from_slice(&bytes[end..]);
            String::from_utf8_lossy(&out).into_owned()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_text_never_panics(base in "\\PC{0,200}", overlay in "\\PC{0,80}") {
        load_both_ways(&environment(&base, &overlay, Format::Toml));
        load_both_ways(&environment(&base, &overlay, Format::Yaml));
    }

    #[test]
    fn long_lines_never_panic(len in 60_000usize..70_000, at in 0usize..3) {
        // Past 65,535 columns Rust's own padding panics; every line must hold.
        let long = "x".repeat(len);
        let base = match at {
            0 => format!("[apps.web]\nname = \"web-app\"\n[apps.web.config_vars]\nA = \"{long}\"\n"),
            1 => format!("[apps.web]\nname = \"web-app\"\n[apps.web.config_vars]\n{long} = \"a\"\n"),
            _ => format!("[apps.web]\nname = \"web-app\"\nlog_drains = [\"https://logs.example.com/{long}\"]\n"),
        };
        load_both_ways(&environment(&base, "", Format::Toml));
    }

    #[test]
    fn mangled_toml_never_panics(base in mangled(SEED_TOML), overlay in mangled("unset = [\"apps.web.acm\"]\n[apps.web]\nmaintenance = true\n")) {
        load_both_ways(&environment(&base, &overlay, Format::Toml));
    }

    #[test]
    fn mangled_yaml_never_panics(base in mangled(SEED_YAML), overlay in mangled("apps:\n  bot:\n    formation:\n      irc: 2\n")) {
        load_both_ways(&environment(&base, &overlay, Format::Yaml));
    }
}
