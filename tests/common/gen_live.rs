//! Generated live states for the property tests: what Heroku holds for the
//! apps of generated files, as `live::read` would give it (a section the
//! files do not manage is not read), built by hand.

#![allow(dead_code)]

use std::collections::BTreeMap;

use heroin::config::model::Config;
use heroin::live::{Live, LiveApp, LiveCollaborator, LiveCoupling, LiveDrain, LiveFormation};
use proptest::prelude::*;
use proptest::sample::subsequence;

use super::gen_files::{
    ADDONS, BUILDPACKS, DOMAINS, DRAINS, FEATURES, PEOPLE, PERMISSIONS, PIPELINES, SIZES, STAGES,
    VALUES, VARS, pick,
};
use super::model::{Ids, every_feature_off, new_addon, own};

/// What Heroku holds for one app before anything is applied, from the same
/// pools as the files (so that some entries match and some do not).
#[derive(Clone, Debug)]
pub struct LiveSpec {
    exists: bool,
    acm: bool,
    /// Each collaborator's permissions on a team app.
    permissions: Vec<&'static str>,
    maintenance: bool,
    vars: Vec<(&'static str, &'static str)>,
    /// (attachment, plan index into ADDONS, billed here)
    addons: Vec<(usize, usize, bool)>,
    buildpacks: Vec<&'static str>,
    formation: Vec<(&'static str, i64, &'static str)>,
    features: Vec<(&'static str, bool)>,
    domains: Vec<&'static str>,
    drains: Vec<&'static str>,
    collaborators: Vec<&'static str>,
    pipeline: Option<(&'static str, &'static str)>,
}

pub fn live_spec() -> impl Strategy<Value = LiveSpec> {
    (
        (
            any::<bool>(),
            any::<bool>(),
            (any::<bool>(), subsequence(PERMISSIONS.to_vec(), 0..=3)),
            proptest::collection::vec((pick(VARS), pick(VALUES)), 0..4),
            proptest::collection::vec((0..2usize, 0..3usize, any::<bool>()), 0..3),
        ),
        (
            subsequence(BUILDPACKS.to_vec(), 0..=3),
            proptest::collection::vec((pick(["web", "worker"]), 0..3i64, pick(SIZES)), 0..3),
            proptest::collection::vec((pick(FEATURES), any::<bool>()), 0..3),
        ),
        (
            subsequence(DOMAINS.to_vec(), 0..=3),
            subsequence(DRAINS.to_vec(), 0..=2),
            subsequence(PEOPLE.to_vec(), 0..=2),
            proptest::option::of((pick(PIPELINES), pick(STAGES))),
        ),
    )
        .prop_map(
            |(
                (exists, maintenance, (acm, permissions), vars, addons),
                (b, formation, features),
                rest,
            )| {
                LiveSpec {
                    exists,
                    acm,
                    permissions,
                    maintenance,
                    vars,
                    addons,
                    buildpacks: b,
                    formation,
                    features,
                    domains: rest.0,
                    drains: rest.1,
                    collaborators: rest.2,
                    pipeline: rest.3,
                }
            },
        )
}

/// The `Live` that reading would give for `cfg`: each section the files
/// manage is read (`Some`), the others are not (`None`).
pub fn live_for(cfg: &Config, specs: &[LiveSpec], ids: &mut Ids) -> Live {
    let mut live = Live::default();
    // The first pipeline exists, the second is created when wanted.
    let name = PIPELINES[0];
    live.pipelines
        .insert(name.to_string(), format!("{name}-id"));
    for ((key, app), spec) in cfg.apps.iter().zip(specs) {
        if !spec.exists {
            live.apps.insert(key.clone(), None);
            continue;
        }
        let name = app.name.value.known().unwrap().to_string();
        let mut l = LiveApp {
            id: ids.next("app"),
            name: name.clone(),
            region: "us".into(),
            stack: "heroku-24".into(),
            team: app
                .team
                .as_ref()
                .and_then(|t| t.value.known())
                .map(str::to_string),
            maintenance: spec.maintenance,
            acm: spec.acm,
            ..LiveApp::default()
        };
        for (attachment, plan, billed_here) in &spec.addons {
            let (key, plans) = ADDONS[*attachment];
            // Heroku keeps an attachment name once per app.
            if l.addons
                .iter()
                .any(|a| a.attachments[0] == key.to_ascii_uppercase())
            {
                continue;
            }
            let plan = plans[(*plan).min(plans.len() - 1)];
            let mut addon = new_addon(ids, plan, if *billed_here { &name } else { "elsewhere" });
            addon.attachments = vec![key.to_ascii_uppercase()];
            own(&mut l, &key.to_ascii_uppercase());
            l.addons.push(addon);
        }
        let vars: BTreeMap<String, String> = spec
            .vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let owned: BTreeMap<String, String> = l
            .owned_vars
            .keys()
            .map(|k| (k.clone(), "postgres://u:p@h/d".to_string()))
            .collect();
        let managed = |section: bool| section;
        if managed(app.config_vars.is_some() || app.addons.is_some()) {
            let mut all = vars;
            all.extend(owned);
            l.config_vars = Some(all);
        }
        if app.buildpacks.is_some() {
            l.buildpacks = Some(spec.buildpacks.iter().map(|s| s.to_string()).collect());
        }
        if app.formation.is_some() {
            l.formation = Some(
                spec.formation
                    .iter()
                    .map(|(k, q, s)| {
                        (
                            k.to_string(),
                            LiveFormation {
                                quantity: *q,
                                size: s.to_string(),
                            },
                        )
                    })
                    .collect(),
            );
        }
        if app.features.is_some() {
            let mut features = every_feature_off();
            features.extend(spec.features.iter().map(|(k, v)| (k.to_string(), *v)));
            l.features = Some(features);
        }
        if app.domains.is_some() {
            l.domains = Some(spec.domains.iter().map(|s| s.to_string()).collect());
        }
        if app.log_drains.is_some() {
            l.drains = Some(
                spec.drains
                    .iter()
                    .map(|u| LiveDrain {
                        url: u.to_string(),
                        id: ids.next("drain"),
                    })
                    .collect(),
            );
        }
        if app.collaborators.is_some() {
            l.collaborators = Some(
                spec.collaborators
                    .iter()
                    .map(|e| LiveCollaborator {
                        email: e.to_string(),
                        permissions: match &l.team {
                            Some(_) => {
                                let mut p: Vec<String> =
                                    spec.permissions.iter().map(|p| p.to_string()).collect();
                                p.push("view".into());
                                p.sort();
                                p
                            }
                            None => Vec::new(),
                        },
                    })
                    .collect(),
            );
        }
        if app.pipeline.is_some() {
            let coupled = spec
                .pipeline
                .filter(|(p, _)| live.pipelines.contains_key(*p));
            l.pipeline = Some(coupled.map(|(p, stage)| LiveCoupling {
                id: ids.next("coupling"),
                pipeline_id: format!("{p}-id"),
                pipeline: p.to_string(),
                stage: stage.to_string(),
            }));
        }
        live.apps.insert(key.clone(), Some(l));
    }
    live
}
