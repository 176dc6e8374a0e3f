//! The duplicate scan of `make chaos`: what a simulator's state holds twice,
//! and how many add-ons the files provision (more than that is a duplicate
//! create).

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use heroku_sim::state::State;

use super::chaos::VARS;

/// Add-ons the files provision, per (app name, service).
pub fn declared(dir: &Path, env: &str) -> BTreeMap<(String, String), usize> {
    let layout = heroin::config::files::discover(dir).expect("the files");
    let vars: BTreeMap<String, String> = VARS
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let cfg = heroin::config::load(&layout.environment(env).expect("the env"), Some(&vars))
        .expect("the example loads");
    let mut counts = BTreeMap::new();
    for app in cfg.apps.values() {
        let name = app.name.value.known().expect("a known name").to_string();
        for addon in app.addons.iter().flat_map(|a| a.values()) {
            if let heroin::config::model::AddonSource::Provision {
                addon_plan: plan, ..
            } = &addon.source
            {
                let plan = plan.value.known().expect("a known plan");
                let service = plan.split(':').next().unwrap_or(plan).to_string();
                *counts.entry((name.clone(), service)).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// Everything the state holds twice: apps of one name, attachments of one
/// app and name, add-ons of one app, service and attachment names (or more
/// of one app and service than the files provision, or with no attachment
/// at all), domains, drains, collaborators, formation entries and
/// couplings of one app, pipelines of one name.
pub fn duplicates(state: &State, declared: &BTreeMap<(String, String), usize>) -> Vec<String> {
    let app_name = |id: &str| {
        state
            .apps
            .iter()
            .find(|a| a.id == id)
            .map_or(id.to_string(), |a| a.name.clone())
    };
    let mut found = Vec::new();
    let mut twice = |what: &str, keys: Vec<String>| {
        let mut seen = BTreeSet::new();
        for k in keys {
            if !seen.insert(k.clone()) {
                found.push(format!("{what} {k} twice"));
            }
        }
    };
    twice("app", state.apps.iter().map(|a| a.name.clone()).collect());
    twice(
        "attachment",
        state
            .attachments
            .iter()
            .map(|a| format!("{}::{}", app_name(&a.app_id), a.name))
            .collect(),
    );
    let names_of = |addon: &str| {
        let mut names: Vec<String> = state
            .attachments
            .iter()
            .filter(|t| t.addon_id == addon)
            .map(|t| format!("{}::{}", app_name(&t.app_id), t.name))
            .collect();
        names.sort();
        names.join(",")
    };
    twice(
        "add-on",
        state
            .addons
            .iter()
            .map(|a| {
                format!(
                    "{} {} [{}]",
                    app_name(&a.app_id),
                    a.service,
                    names_of(&a.id)
                )
            })
            .collect(),
    );
    twice(
        "domain",
        state
            .domains
            .iter()
            .map(|d| format!("{} {}", app_name(&d.app_id), d.hostname))
            .collect(),
    );
    twice(
        "drain",
        state
            .drains
            .iter()
            .map(|d| format!("{} {}", app_name(&d.app_id), d.url))
            .collect(),
    );
    twice(
        "collaborator",
        state
            .collaborators
            .iter()
            .map(|c| format!("{} {}", app_name(&c.app_id), c.email))
            .collect(),
    );
    twice(
        "formation",
        state
            .apps
            .iter()
            .flat_map(|a| a.formation.iter().map(|f| format!("{} {}", a.name, f.kind)))
            .collect(),
    );
    twice(
        "coupling of",
        state
            .couplings
            .iter()
            .map(|c| app_name(&c.app_id))
            .collect(),
    );
    twice(
        "pipeline",
        state.pipelines.iter().map(|p| p.name.clone()).collect(),
    );
    let mut live: BTreeMap<(String, String), usize> = BTreeMap::new();
    for addon in &state.addons {
        if names_of(&addon.id).is_empty() {
            found.push(format!("add-on {} with no attachment", addon.name));
        }
        *live
            .entry((app_name(&addon.app_id), addon.service.clone()))
            .or_insert(0) += 1;
    }
    for ((app, service), n) in live {
        let want = declared
            .get(&(app.clone(), service.clone()))
            .copied()
            .unwrap_or(0);
        if n > want {
            found.push(format!(
                "{app}: {n} {service} add-ons, the files provision {want}"
            ));
        }
    }
    found
}
