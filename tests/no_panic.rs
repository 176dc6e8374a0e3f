//! Whatever the input, loading never panics: it returns a configuration or
//! problems. Random text, and the examples mangled byte by byte, in both
//! formats, offline and with variables.

use std::collections::BTreeMap;

use heroin::config::parse::Format;
use heroin::config::{Environment, Source, load};
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
    let _ = load(env, Some(&vars));
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
    fn mangled_toml_never_panics(base in mangled(SEED_TOML), overlay in mangled("unset = [\"apps.web.acm\"]\n[apps.web]\nmaintenance = true\n")) {
        load_both_ways(&environment(&base, &overlay, Format::Toml));
    }

    #[test]
    fn mangled_yaml_never_panics(base in mangled(SEED_YAML), overlay in mangled("apps:\n  bot:\n    formation:\n      irc: 2\n")) {
        load_both_ways(&environment(&base, &overlay, Format::Yaml));
    }
}
