//! What the planner's unit tests share: files given as TOML text, a `Live`
//! built by hand, and the plan of the one against the other. No I/O: the
//! files are text and the live state is a value.

use std::collections::BTreeMap;

use crate::config::model::Config;
use crate::config::{Environment, Source, load, parse::Format};
use crate::live::{Live, LiveApp};
use crate::plan::{Action, Plan, Section, plan};

/// The plan of the files `text` (environment `prod`) against `apps`: each
/// app key with its live app, `None` when Heroku has no such app.
pub(crate) fn planned(text: &str, apps: Vec<(&str, Option<LiveApp>)>) -> Plan {
    planned_in(
        text,
        Live {
            apps: apps
                .into_iter()
                .map(|(key, app)| (key.to_string(), app))
                .collect(),
            ..Live::default()
        },
    )
}

/// The plan of the files `text` against a whole `Live`.
pub(crate) fn planned_in(text: &str, live: Live) -> Plan {
    plan(&config_of(text, &[]), &live)
}

/// The environment `prod` of one file, `heroin.toml`, holding `text`.
pub(crate) fn prod_env(text: &str) -> Environment {
    Environment {
        name: Some("prod".into()),
        base: Source {
            name: "heroin.toml".into(),
            text: text.into(),
            format: Format::Toml,
        },
        overlay: None,
    }
}

/// The files `text` loaded as `prod`, with the variables `vars` set.
pub(crate) fn config_of(text: &str, vars: &[(&str, &str)]) -> Config {
    let vars: BTreeMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    load(&prod_env(text), Some(&vars)).unwrap()
}

/// An app as Heroku has it with nothing in it: `web-prod`, personal, in the
/// us region on heroku-24, every section read and empty.
pub(crate) fn live_app() -> LiveApp {
    LiveApp {
        id: "id-web-prod".into(),
        name: "web-prod".into(),
        region: "us".into(),
        stack: "heroku-24".into(),
        config_vars: Some(BTreeMap::new()),
        features: Some(BTreeMap::new()),
        buildpacks: Some(Vec::new()),
        domains: Some(Vec::new()),
        collaborators: Some(Vec::new()),
        pipeline: Some(None),
        ..LiveApp::default()
    }
}

/// Each change as (section, entry, action), in the plan's order.
pub(crate) fn actions(p: &Plan) -> Vec<(Section, Option<String>, Action)> {
    p.changes
        .iter()
        .map(|c| (c.address.section, c.address.key.clone(), c.action))
        .collect()
}

/// The change at `section` / `key`.
pub(crate) fn change<'p>(
    p: &'p Plan,
    section: Section,
    key: Option<&str>,
) -> &'p crate::plan::Change {
    p.changes
        .iter()
        .find(|c| c.address.section == section && c.address.key.as_deref() == key)
        .unwrap_or_else(|| panic!("no change at {section:?} {key:?}: {:#?}", p.changes))
}
