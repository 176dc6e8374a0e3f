//! A base and an overlay, TOML or YAML, loaded offline and with variables:
//! loading returns a configuration or problems, and what loads renders.
#![no_main]

use std::collections::BTreeMap;

use heroin::config::parse::Format;
use heroin::config::{Environment, Source, load};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    // The first byte picks the format and where the overlay starts.
    let format = if first & 1 == 0 {
        Format::Toml
    } else {
        Format::Yaml
    };
    let cut = (usize::from(first >> 1) * text.len() / 128).min(text.len());
    let cut = (cut..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    let (base, overlay) = text.split_at(cut);
    let ext = if format == Format::Toml {
        "toml"
    } else {
        "yaml"
    };
    let env = Environment {
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
    };
    let vars: BTreeMap<String, String> = [("SECRET", "s3cret"), ("EMPTY", "")]
        .map(|(k, v)| (k.into(), v.into()))
        .into();
    let _ = load(&env, None);
    if let Ok(config) = load(&env, Some(&vars)) {
        let items = heroin::render::show::items(&config, false);
        let _ = heroin::render::show::render_text(&config, &items);
        let live = heroin::live::Live::default();
        let plan = heroin::plan::plan(&config, &live);
        let _ = heroin::render::text(&plan, &BTreeMap::new(), Default::default());
        let _ = heroin::render::json(&plan);
    }
});
