//! A pure model of what each step does to Heroku, as `Live` sees it: the
//! property tests carry a plan's steps out on a live state with [`effect`]
//! and plan again. Every step kind of `plan::Step` is modelled in one
//! exhaustive match, so a new kind fails to compile here until it is.

#![allow(dead_code)]

use std::collections::BTreeMap;

use heroin::config::model::Config;
use heroin::live::{Live, LiveAddon, LiveApp, LiveCollaborator, LiveCoupling, LiveDrain};
use heroin::plan::{AddonRef, Step};

use super::gen_files::FEATURES;

/// Fresh ids and add-on names for the model.
#[derive(Default)]
pub struct Ids(u32);

impl Ids {
    pub fn next(&mut self, what: &str) -> String {
        self.0 += 1;
        format!("{what}-{}", self.0)
    }
}

/// Heroku lists every feature of an app, on or off.
pub fn every_feature_off() -> BTreeMap<String, bool> {
    FEATURES.iter().map(|f| (f.to_string(), false)).collect()
}

pub fn new_addon(ids: &mut Ids, plan: &str, billing_app: &str) -> LiveAddon {
    let service = plan.split(':').next().unwrap().to_string();
    LiveAddon {
        price: Default::default(),
        id: ids.next("addon"),
        name: ids.next(&service),
        service,
        addon_plan: plan.to_string(),
        billing_app: billing_app.to_string(),
        attachments: Vec::new(),
        state: "provisioned".into(),
        elsewhere: Vec::new(),
    }
}

/// The attachment's config var, owned by it, as Heroku sets it.
pub fn own(app: &mut LiveApp, attachment: &str) {
    let var = format!("{attachment}_URL");
    app.owned_vars.insert(var.clone(), attachment.to_string());
    if let Some(vars) = app.config_vars.as_mut() {
        vars.insert(var, "postgres://u:p@h/d".into());
    }
}

pub fn disown(app: &mut LiveApp, attachment: &str) {
    let gone: Vec<String> = app
        .owned_vars
        .iter()
        .filter(|(_, a)| *a == attachment)
        .map(|(v, _)| v.clone())
        .collect();
    for var in gone {
        app.owned_vars.remove(&var);
        if let Some(vars) = app.config_vars.as_mut() {
            vars.remove(&var);
        }
    }
}

/// The app of `live` named `name` (steps name apps by their Heroku name).
pub fn app_mut<'a>(live: &'a mut Live, name: &str) -> &'a mut LiveApp {
    live.apps
        .values_mut()
        .flatten()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("a step for {name}, which does not exist"))
}

/// The add-on a step refers to: by an attachment name on an app, or by its
/// global name (as a replacement's parking step names the old one).
fn referred(live: &mut Live, addon: &AddonRef) -> heroin::live::LiveAddon {
    match addon {
        AddonRef::Attachment { app, attachment } => app_mut(live, app)
            .addons
            .iter()
            .find(|l| l.attachments.iter().any(|n| n == attachment))
            .cloned()
            .expect("the add-on a step refers to"),
        AddonRef::Name(addon) => live
            .apps
            .values()
            .flatten()
            .flat_map(|a| &a.addons)
            .find(|l| l.name == *addon)
            .cloned()
            .expect("the add-on a step names"),
    }
}

/// What one step does to Heroku, as `live` sees it. Every step kind is
/// modelled here, and a new one fails to compile until it is (no `_` arm).
pub fn effect(live: &mut Live, cfg: &Config, step: &Step, ids: &mut Ids) {
    match step {
        Step::Webhook(_) | Step::Telemetry(_) | Step::Cert(_) => {
            super::model_more::effect(live, step, ids)
        }
        Step::Pipeline(_) | Step::Team(_) | Step::Space(_) => {
            super::model_tables::effect(live, step)
        }
        Step::CreateApp {
            name,
            region,
            stack,
            team,
            space,
        } => {
            let (key, app) = cfg
                .apps
                .iter()
                .find(|(_, a)| a.name.value.known() == Some(name.as_str()))
                .expect("an app of the files");
            let created = LiveApp {
                id: ids.next("app"),
                name: name.clone(),
                region: region.clone().unwrap_or_else(|| "us".into()),
                stack: stack.clone().unwrap_or_else(|| "heroku-24".into()),
                team: team.clone(),
                space: space.clone(),
                config_vars: (app.config_vars.is_some() || app.addons.is_some())
                    .then(BTreeMap::new),
                formation: app.formation.is_some().then(BTreeMap::new),
                features: app.features.is_some().then(every_feature_off),
                buildpacks: app.buildpacks.is_some().then(Vec::new),
                domains: app.domains.is_some().then(Vec::new),
                drains: app.log_drains.is_some().then(Vec::new),
                collaborators: app.collaborators.is_some().then(Vec::new),
                pipeline: app.pipeline.is_some().then_some(None),
                ..LiveApp::default()
            };
            live.apps.insert(key.clone(), Some(created));
        }
        Step::UpdateApp {
            app,
            maintenance,
            build_stack,
        } => {
            let a = app_mut(live, app);
            if let Some(m) = maintenance {
                a.maintenance = *m;
            }
            if let Some(s) = build_stack {
                a.stack = s.clone();
            }
        }
        Step::SetAcm { app, enabled } => app_mut(live, app).acm = *enabled,
        Step::Detach { app, attachment } | Step::DetachTemporary { app, attachment } => {
            let a = app_mut(live, app);
            for addon in &mut a.addons {
                addon.attachments.retain(|n| n != attachment);
            }
            a.addons.retain(|addon| !addon.attachments.is_empty());
            disown(a, attachment);
        }
        // The replaced add-on no longer has the name that moved, so its
        // destroy is any destroy.
        Step::DestroyAddon { addon, .. } | Step::DestroyReplaced { addon, .. } => {
            let id = referred(live, addon).id;
            for a in live.apps.values_mut().flatten() {
                let names: Vec<String> = a
                    .addons
                    .iter()
                    .filter(|l| l.id == id)
                    .flat_map(|l| l.attachments.clone())
                    .collect();
                for n in names {
                    disown(a, &n);
                }
                a.addons.retain(|l| l.id != id);
            }
        }
        Step::CreateAddon {
            app,
            addon_plan: plan,
            attachment,
            ..
        } => {
            let mut addon = new_addon(ids, plan, app);
            addon.attachments = vec![attachment.clone()];
            let a = app_mut(live, app);
            a.addons.push(addon);
            a.addons.sort_by(|x, y| x.name.cmp(&y.name));
            own(a, attachment);
        }
        Step::ChangePlan {
            app,
            addon,
            addon_plan: plan,
        } => {
            let _ = app_mut(live, app);
            let id = referred(live, addon).id;
            // Every app it is attached to sees the new plan.
            for l in live
                .apps
                .values_mut()
                .flatten()
                .flat_map(|a| a.addons.iter_mut())
            {
                if l.id == id {
                    l.addon_plan = plan.clone();
                }
            }
        }
        Step::MoveAttachment {
            app,
            addon,
            attachment,
        } => {
            let target = referred(live, addon);
            let a = app_mut(live, app);
            for l in a.addons.iter_mut().filter(|l| l.id != target.id) {
                l.attachments.retain(|n| n != attachment);
            }
            a.addons.retain(|l| !l.attachments.is_empty());
            match a.addons.iter_mut().find(|l| l.id == target.id) {
                Some(l) if !l.attachments.contains(attachment) => {
                    l.attachments.push(attachment.clone());
                    l.attachments.sort();
                }
                Some(_) => {}
                None => {
                    let mut moved = target;
                    moved.attachments = vec![attachment.clone()];
                    a.addons.push(moved);
                    a.addons.sort_by(|x, y| x.name.cmp(&y.name));
                }
            }
            own(a, attachment);
        }
        Step::Attach {
            app,
            addon,
            attachment,
        } => {
            let mut shared = referred(live, addon);
            shared.attachments = vec![attachment.clone()];
            let a = app_mut(live, app);
            match a.addons.iter_mut().find(|l| l.id == shared.id) {
                Some(l) => {
                    l.attachments.push(attachment.clone());
                    l.attachments.sort();
                }
                None => a.addons.push(shared),
            }
            a.addons.sort_by(|x, y| x.name.cmp(&y.name));
            own(a, attachment);
        }
        Step::PatchConfig { app, set, unset } => {
            let vars = app_mut(live, app)
                .config_vars
                .get_or_insert_with(BTreeMap::new);
            for (k, v) in set {
                vars.insert(k.clone(), v.known().expect("a known value").to_string());
            }
            for k in unset {
                vars.remove(k);
            }
        }
        Step::SetBuildpacks { app, buildpacks } => {
            app_mut(live, app).buildpacks = Some(buildpacks.clone());
        }
        Step::Scale { app, updates } => {
            let formation = app_mut(live, app)
                .formation
                .get_or_insert_with(BTreeMap::new);
            for u in updates {
                let f = formation
                    .get_mut(&u.kind)
                    .expect("only declared process types scale");
                if let Some(q) = u.quantity {
                    f.quantity = q;
                }
                if let Some(s) = &u.size {
                    f.size = s.clone();
                }
            }
        }
        Step::SetFeature {
            app,
            feature,
            enabled,
        } => {
            app_mut(live, app)
                .features
                .get_or_insert_with(BTreeMap::new)
                .insert(feature.clone(), *enabled);
        }
        Step::AddDomain { app, hostname } => {
            let domains = app_mut(live, app).domains.get_or_insert_with(Vec::new);
            assert!(!domains.contains(hostname), "{hostname} added twice");
            domains.push(hostname.clone());
            domains.sort();
        }
        Step::RemoveDomain { app, hostname } => {
            let domains = app_mut(live, app).domains.get_or_insert_with(Vec::new);
            assert!(domains.contains(hostname), "{hostname} removed but absent");
            domains.retain(|d| d != hostname);
        }
        Step::AddDrain { app, url } => {
            let id = ids.next("drain");
            let drains = app_mut(live, app).drains.get_or_insert_with(Vec::new);
            let url = url.known().expect("a known URL").to_string();
            assert!(drains.iter().all(|d| d.url != url), "{url} added twice");
            drains.push(LiveDrain { url, id });
            drains.sort();
        }
        Step::RemoveDrain { app, id } => {
            let drains = app_mut(live, app).drains.get_or_insert_with(Vec::new);
            assert!(drains.iter().any(|d| d.id == *id), "drain {id} absent");
            drains.retain(|d| d.id != *id);
        }
        Step::AddCollaborator {
            app,
            email,
            permissions,
        } => {
            let people = app_mut(live, app)
                .collaborators
                .get_or_insert_with(Vec::new);
            assert!(
                people.iter().all(|c| c.email != *email),
                "{email} added twice"
            );
            let mut permissions = permissions.clone().unwrap_or_default();
            permissions.sort();
            people.push(LiveCollaborator {
                email: email.clone(),
                permissions,
            });
            people.sort_by(|a, b| a.email.cmp(&b.email));
        }
        Step::SetPermissions {
            app,
            email,
            permissions,
        } => {
            let people = app_mut(live, app)
                .collaborators
                .get_or_insert_with(Vec::new);
            let c = people
                .iter_mut()
                .find(|c| c.email == *email)
                .expect("the collaborator");
            c.permissions = permissions.clone();
            c.permissions.sort();
        }
        Step::RemoveCollaborator { app, email } => {
            let people = app_mut(live, app)
                .collaborators
                .get_or_insert_with(Vec::new);
            people.retain(|c| c.email != *email);
        }
        Step::CreatePipeline { name } => {
            assert!(
                !live.pipelines.contains_key(name),
                "pipeline {name} created twice"
            );
            live.pipelines.insert(name.clone(), ids.next("pipeline"));
        }
        Step::Couple {
            app,
            pipeline,
            stage,
        } => {
            let pipeline_id = live.pipelines.get(pipeline).expect("the pipeline").clone();
            let id = ids.next("coupling");
            app_mut(live, app).pipeline = Some(Some(LiveCoupling {
                id,
                pipeline_id,
                pipeline: pipeline.clone(),
                stage: stage.clone(),
            }));
        }
        Step::SetStage {
            app,
            coupling,
            stage,
        } => {
            let a = app_mut(live, app);
            let c = a
                .pipeline
                .as_mut()
                .and_then(Option::as_mut)
                .expect("a coupling");
            assert_eq!(c.id, *coupling);
            c.stage = stage.clone();
        }
        Step::Uncouple { app, coupling } => {
            let a = app_mut(live, app);
            let c = a
                .pipeline
                .as_ref()
                .and_then(Option::as_ref)
                .expect("a coupling");
            assert_eq!(c.id, *coupling);
            a.pipeline = Some(None);
        }
    }
}
