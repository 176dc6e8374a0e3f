//! Properties of the pure core, over generated files and hand-built `Live`
//! values: planning is deterministic (the same inputs give the same plan,
//! byte for byte in JSON); a layer merged with an empty overlay is itself;
//! `unset` removes exactly its path; and planning converges in a pure model
//! of Heroku: the plan's steps carried out on the live state by [`effect`]
//! (what each step kind does, written here step by step), then planning
//! again, gives a plan with no changes.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use heroin::config::merge::{apply_unset, merge};
use heroin::config::parse::Format;
use heroin::config::tree::{Entry, Node, Value};
use heroin::config::{Environment, Source, model::Config};
use heroin::diag::Origin;
use heroin::live::{
    Live, LiveAddon, LiveApp, LiveCollaborator, LiveCoupling, LiveDrain, LiveFormation,
};
use heroin::plan::{Plan, Step, plan};
use proptest::prelude::*;
use proptest::sample::subsequence;

// ---------------------------------------------------------------- files

const VARS: [&str; 4] = ["A_VAR", "B_VAR", "C_VAR", "API_TOKEN"];
const VALUES: [&str; 3] = ["1", "x", "two words"];
const BUILDPACKS: [&str; 3] = ["heroku/ruby", "heroku/nodejs", "heroku/python"];
const SIZES: [&str; 2] = ["standard-1x", "standard-2x"];
const FEATURES: [&str; 2] = ["preboot", "runtime-dyno-metadata"];
const DOMAINS: [&str; 3] = ["a.example", "b.example", "c.example"];
const DRAINS: [&str; 2] = ["syslog+tls://logs.example:6514", "https://logs.example/in"];
const PEOPLE: [&str; 2] = ["dev@people.example", "ops@people.example"];
const PIPELINES: [&str; 2] = ["pipe-one", "pipe-two"];
const STAGES: [&str; 2] = ["staging", "production"];
/// Permissions beyond `view`, which Heroku always grants.
const PERMISSIONS: [&str; 3] = ["deploy", "manage", "operate"];
/// Add-on keys (attachment names DATABASE, CACHE) with their plans.
const ADDONS: [(&str, &[&str]); 2] = [
    (
        "database",
        &[
            "heroku-postgresql:essential-0",
            "heroku-postgresql:essential-1",
            "heroku-postgresql:standard-0",
        ],
    ),
    ("cache", &["heroku-redis:mini", "heroku-redis:premium-0"]),
];

/// One app of the files; `None`: the section is not managed.
#[derive(Clone, Debug)]
struct AppSpec {
    maintenance: Option<bool>,
    acm: Option<bool>,
    /// A team app: collaborators get permissions.
    team: Option<Vec<&'static str>>,
    vars: Option<Vec<(&'static str, &'static str)>>,
    addons: Option<Vec<(&'static str, &'static str)>>,
    buildpacks: Option<Vec<&'static str>>,
    formation: Option<Vec<(&'static str, i64, &'static str)>>,
    features: Option<Vec<(&'static str, bool)>>,
    domains: Option<Vec<&'static str>>,
    drains: Option<Vec<&'static str>>,
    collaborators: Option<Vec<&'static str>>,
    pipeline: Option<(&'static str, &'static str)>,
}

fn pick<const N: usize>(pool: [&'static str; N]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(pool.to_vec())
}

fn app_spec() -> impl Strategy<Value = AppSpec> {
    let vars = proptest::option::of(subsequence(VARS.to_vec(), 0..=4).prop_flat_map(|names| {
        let n = names.len();
        (Just(names), proptest::collection::vec(pick(VALUES), n))
            .prop_map(|(names, values)| names.into_iter().zip(values).collect::<Vec<_>>())
    }));
    let addons = proptest::option::of((0..3usize, 0..3usize).prop_map(|(db, cache)| {
        let mut a = Vec::new();
        if db < 3 && db != 0 {
            a.push(("database", ADDONS[0].1[db - 1]));
        }
        if cache != 0 {
            a.push(("cache", ADDONS[1].1[cache - 1]));
        }
        a
    }));
    let formation = proptest::option::of(subsequence(vec!["web", "worker"], 0..=2).prop_flat_map(
        |kinds| {
            let n = kinds.len();
            (
                Just(kinds),
                proptest::collection::vec((0..3i64, pick(SIZES)), n),
            )
                .prop_map(|(k, v)| k.into_iter().zip(v).map(|(k, (q, s))| (k, q, s)).collect())
        },
    ));
    let features = proptest::option::of(subsequence(FEATURES.to_vec(), 0..=2).prop_flat_map(
        |names| {
            let n = names.len();
            (Just(names), proptest::collection::vec(any::<bool>(), n))
                .prop_map(|(n, v)| n.into_iter().zip(v).collect())
        },
    ));
    let team = proptest::option::of(subsequence(PERMISSIONS.to_vec(), 0..=3).prop_map(|mut p| {
        p.push("view");
        p
    }));
    (
        (
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            team,
            vars,
            addons,
        ),
        (
            proptest::option::of(subsequence(BUILDPACKS.to_vec(), 0..=3)),
            formation,
            features,
        ),
        (
            proptest::option::of(subsequence(DOMAINS.to_vec(), 0..=3)),
            proptest::option::of(subsequence(DRAINS.to_vec(), 0..=2)),
            proptest::option::of(subsequence(PEOPLE.to_vec(), 0..=2)),
            proptest::option::of((pick(PIPELINES), pick(STAGES))),
        ),
    )
        .prop_map(
            |((maintenance, acm, team, vars, addons), (buildpacks, formation, features), rest)| {
                AppSpec {
                    maintenance,
                    acm,
                    team,
                    vars,
                    addons,
                    buildpacks,
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

fn quoted(items: &[&str]) -> String {
    let q: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", q.join(", "))
}

/// The base file for `apps`; the second app may attach the first's database.
fn base_file(apps: &[AppSpec], shares: bool) -> String {
    let mut f = String::new();
    for (i, a) in apps.iter().enumerate() {
        f += &format!("[apps.app{i}]\nname = \"prop-app{i}-${{HEROIN_ENV}}\"\nregion = \"us\"\n");
        if let Some(m) = a.maintenance {
            f += &format!("maintenance = {m}\n");
        }
        if let Some(acm) = a.acm {
            f += &format!("acm = {acm}\n");
        }
        if let Some(permissions) = &a.team {
            f += "team = \"acme\"\n";
            if let Some(people) = &a.collaborators {
                let entries: Vec<String> = people
                    .iter()
                    .map(|e| format!("{{ email = {e:?}, permissions = {} }}", quoted(permissions)))
                    .collect();
                f += &format!("collaborators = [{}]\n", entries.join(", "));
            }
        }
        let people = if a.team.is_some() {
            None
        } else {
            a.collaborators.clone()
        };
        let lists = [
            ("buildpacks", &a.buildpacks),
            ("domains", &a.domains),
            ("log_drains", &a.drains),
            ("collaborators", &people),
        ];
        for (name, list) in lists {
            if let Some(l) = list {
                f += &format!("{name} = {}\n", quoted(l));
            }
        }
        if let Some(vars) = &a.vars {
            f += &format!("[apps.app{i}.config_vars]\n");
            for (k, v) in vars {
                // A secret from the environment, the others plain.
                if *k == "API_TOKEN" {
                    f += "API_TOKEN = \"${PROP_TOKEN}\"\n";
                } else {
                    f += &format!("{k} = {v:?}\n");
                }
            }
        }
        if let Some(addons) = &a.addons {
            f += &format!("[apps.app{i}.addons]\n");
            for (k, plan) in addons {
                f += &format!("{k} = {{ plan = {plan:?} }}\n");
            }
            if i == 1
                && shares
                && apps[0]
                    .addons
                    .iter()
                    .flatten()
                    .any(|(k, _)| *k == "database")
            {
                f += "shared = { attach = \"app0.database\" }\n";
            }
        }
        if let Some(formation) = &a.formation {
            f += &format!("[apps.app{i}.formation]\n");
            for (k, q, s) in formation {
                f += &format!("{k} = {{ quantity = {q}, size = {s:?} }}\n");
            }
        }
        if let Some(features) = &a.features {
            f += &format!("[apps.app{i}.features]\n");
            for (k, on) in features {
                f += &format!("{k} = {on}\n");
            }
        }
        if let Some((name, stage)) = a.pipeline {
            f += &format!("[apps.app{i}.pipeline]\nname = {name:?}\nstage = {stage:?}\n");
        }
    }
    f
}

fn source(name: &str, text: &str) -> Source {
    Source {
        name: name.into(),
        text: text.to_string(),
        format: Format::Toml,
    }
}

fn load(base: &str) -> Config {
    let env = Environment {
        name: Some("test".into()),
        base: source("heroin.toml", base),
        overlay: Some(source("heroin.test.toml", "")),
    };
    let vars = BTreeMap::from([("PROP_TOKEN".to_string(), "s3cr3t-value".to_string())]);
    heroin::config::load(&env, Some(&vars))
        .unwrap_or_else(|p| panic!("the generated files load:\n{base}\n{p:?}"))
}

// ---------------------------------------------------------------- live

/// What Heroku holds for one app before anything is applied, from the same
/// pools as the files (so that some entries match and some do not).
#[derive(Clone, Debug)]
struct LiveSpec {
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

fn live_spec() -> impl Strategy<Value = LiveSpec> {
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

/// Fresh ids and add-on names for the model.
#[derive(Default)]
struct Ids(u32);

impl Ids {
    fn next(&mut self, what: &str) -> String {
        self.0 += 1;
        format!("{what}-{}", self.0)
    }
}

/// The `Live` that reading would give for `cfg`: each section the files
/// manage is read (`Some`), the others are not (`None`).
fn live_for(cfg: &Config, specs: &[LiveSpec], ids: &mut Ids) -> Live {
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

/// Heroku lists every feature of an app, on or off.
fn every_feature_off() -> BTreeMap<String, bool> {
    FEATURES.iter().map(|f| (f.to_string(), false)).collect()
}

fn new_addon(ids: &mut Ids, plan: &str, billing_app: &str) -> LiveAddon {
    let service = plan.split(':').next().unwrap().to_string();
    LiveAddon {
        id: ids.next("addon"),
        name: ids.next(&service),
        service,
        plan: plan.to_string(),
        billing_app: billing_app.to_string(),
        attachments: Vec::new(),
        state: "provisioned".into(),
    }
}

/// The attachment's config var, owned by it, as Heroku sets it.
fn own(app: &mut LiveApp, attachment: &str) {
    let var = format!("{attachment}_URL");
    app.owned_vars.insert(var.clone(), attachment.to_string());
    if let Some(vars) = app.config_vars.as_mut() {
        vars.insert(var, "postgres://u:p@h/d".into());
    }
}

fn disown(app: &mut LiveApp, attachment: &str) {
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

// ---------------------------------------------------------------- the model

/// The app of `live` named `name` (steps name apps by their Heroku name).
fn app_mut<'a>(live: &'a mut Live, name: &str) -> &'a mut LiveApp {
    live.apps
        .values_mut()
        .flatten()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("a step for {name}, which does not exist"))
}

/// What one step does to Heroku, as `live` sees it. Every step kind is
/// modelled here, and a new one fails to compile until it is (no `_` arm).
fn effect(live: &mut Live, cfg: &Config, step: &Step, ids: &mut Ids) {
    match step {
        Step::CreateApp {
            name,
            region,
            stack,
            team,
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
        Step::Detach { app, attachment } => {
            let a = app_mut(live, app);
            for addon in &mut a.addons {
                addon.attachments.retain(|n| n != attachment);
            }
            a.addons.retain(|addon| !addon.attachments.is_empty());
            disown(a, attachment);
        }
        Step::DestroyAddon { addon, .. } => {
            for a in live.apps.values_mut().flatten() {
                let names: Vec<String> = a
                    .addons
                    .iter()
                    .filter(|l| l.name == *addon)
                    .flat_map(|l| l.attachments.clone())
                    .collect();
                for n in names {
                    disown(a, &n);
                }
                a.addons.retain(|l| l.name != *addon);
            }
        }
        Step::CreateAddon {
            app,
            plan,
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
        Step::ChangePlan { app, addon, plan } => {
            let attachment = addon.rsplit("::").next().unwrap();
            let id = app_mut(live, app)
                .addons
                .iter()
                .find(|l| l.attachments.iter().any(|n| n == attachment))
                .map(|l| l.id.clone())
                .expect("the add-on whose plan changes");
            // Every app it is attached to sees the new plan.
            for l in live
                .apps
                .values_mut()
                .flatten()
                .flat_map(|a| a.addons.iter_mut())
            {
                if l.id == id {
                    l.plan = plan.clone();
                }
            }
        }
        Step::Attach {
            app,
            addon,
            attachment,
        } => {
            let (billing, on) = addon.split_once("::").expect("app::ATTACHMENT");
            let mut shared = app_mut(live, billing)
                .addons
                .iter()
                .find(|l| l.attachments.iter().any(|n| n == on))
                .cloned()
                .expect("the shared add-on");
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

// ---------------------------------------------------------------- trees

fn at(line: u32) -> Origin {
    Origin {
        file: Arc::from("heroin.toml"),
        line,
        column: 1,
        span: None,
    }
}

fn node(value: Value, line: u32) -> Node {
    Node {
        value,
        at: at(line),
    }
}

/// A document tree: tables of small keys, scalars and arrays at the leaves.
fn tree() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        "[a-z]{0,4}".prop_map(Value::Str),
        any::<i64>().prop_map(Value::Int),
        any::<bool>().prop_map(Value::Bool),
    ];
    let value = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec((inner.clone(), 1..99u32), 0..3)
                .prop_map(|v| Value::Array(v.into_iter().map(|(v, l)| node(v, l)).collect())),
            proptest::collection::btree_map("[a-d]", (inner, 1..99u32), 0..4).prop_map(|m| {
                Value::Table(
                    m.into_iter()
                        .map(|(k, (v, l))| {
                            let entry = Entry {
                                key_at: at(l),
                                node: node(v, l),
                            };
                            (k, entry)
                        })
                        .collect(),
                )
            }),
        ]
    });
    proptest::collection::btree_map("[a-d]", (value, 1..99u32), 0..4).prop_map(|m| {
        let table = m
            .into_iter()
            .map(|(k, (v, l))| {
                let entry = Entry {
                    key_at: at(l),
                    node: node(v, l),
                };
                (k, entry)
            })
            .collect();
        node(Value::Table(table), 1)
    })
}

/// Every path of a tree (tables' keys, down to the leaves) with its node.
fn paths(n: &Node, prefix: &[String], out: &mut BTreeMap<Vec<String>, Node>) {
    if let Value::Table(t) = &n.value {
        for (k, e) in t {
            let mut p = prefix.to_vec();
            p.push(k.clone());
            out.insert(p.clone(), e.node.clone());
            paths(&e.node, &p, out);
        }
    }
}

fn all_paths(n: &Node) -> BTreeMap<Vec<String>, Node> {
    let mut out = BTreeMap::new();
    paths(n, &[], &mut out);
    out
}

// ---------------------------------------------------------------- properties

fn files_and_live() -> impl Strategy<Value = (Vec<AppSpec>, bool, Vec<LiveSpec>)> {
    (
        proptest::collection::vec(app_spec(), 1..=2),
        any::<bool>(),
        proptest::collection::vec(live_spec(), 2),
    )
}

fn json(p: &Plan) -> String {
    serde_json::to_string(&heroin::render::json(p)).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_same_inputs_give_the_same_plan_byte_for_byte(
        (apps, shares, lives) in files_and_live()
    ) {
        let base = base_file(&apps, shares);
        let first = load(&base);
        let live = live_for(&first, &lives, &mut Ids::default());
        let once = json(&plan(&first, &live));
        // Loaded again, the live state rebuilt: the same bytes.
        let again = json(&plan(&load(&base), &live_for(&load(&base), &lives, &mut Ids::default())));
        prop_assert_eq!(&once, &again);
        prop_assert_eq!(once, json(&plan(&first, &live.clone())));
    }

    #[test]
    fn applying_a_plan_in_the_model_leaves_nothing_to_change(
        (apps, shares, lives) in files_and_live()
    ) {
        let cfg = load(&base_file(&apps, shares));
        let mut ids = Ids::default();
        let mut live = live_for(&cfg, &lives, &mut ids);
        let first = plan(&cfg, &live);
        prop_assume!(!first.has_impossible());
        for step in &first.steps {
            effect(&mut live, &cfg, step, &mut ids);
        }
        let second = plan(&cfg, &live);
        let text = heroin::render::text(&second, &BTreeMap::new(), heroin::render::Options::default());
        prop_assert!(second.is_empty() && second.steps.is_empty(), "after {:#?}:\n{}", first.steps, text);
    }

    #[test]
    fn a_layer_merged_with_an_empty_overlay_is_itself(base in tree()) {
        let empty = Node { value: Value::Table(BTreeMap::new()), at: at(1) };
        let merged = merge(base.clone(), empty);
        prop_assert_eq!(merged.value, base.value);
    }

    #[test]
    fn unset_removes_exactly_its_path(base in tree(), choice in any::<proptest::sample::Index>()) {
        let before = all_paths(&base);
        prop_assume!(!before.is_empty());
        let path = before.keys().nth(choice.index(before.len())).unwrap().clone();
        let mut after = base.clone();
        let problems = apply_unset(&mut after, &[(path.clone(), at(1))]);
        prop_assert!(problems.is_empty());
        let expected: BTreeMap<Vec<String>, Node> = before
            .into_iter()
            .filter(|(p, _)| !p.starts_with(&path))
            .collect();
        let left = all_paths(&after);
        prop_assert_eq!(left.keys().collect::<BTreeSet<_>>(), expected.keys().collect::<BTreeSet<_>>());
        // What stays is untouched: its leaves keep their values and origins.
        for (p, n) in &left {
            if !matches!(n.value, Value::Table(_)) {
                prop_assert_eq!(Some(n), expected.get(p));
            }
        }
        // A path the base does not define is a problem, and nothing moves.
        let mut same = after.clone();
        let problems = apply_unset(&mut same, &[(path, at(1))]);
        prop_assert_eq!(problems.len(), 1);
        prop_assert_eq!(same, after);
    }
}
