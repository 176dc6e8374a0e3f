//! `heroin export --all`: a whole account as a base and overlays.
//!
//! Pure: live apps in, documents out. Each app is placed into an environment
//! (its pipeline stage; else an environment word at either end of its name;
//! `--env APP=ENV` first), the same app across environments shares a key
//! (`shop-web-staging` and `shop-web-prod` are `web`), each app is exported
//! as single-app export does (placeholders named after the app key, an
//! add-on another app of the same environment pays for as `attach`), names
//! that follow a pattern become a template (`shop-web-${HEROIN_ENV}`), and
//! [`factor`](super::factor) splits the environments into a base and
//! overlays. What cannot be placed is left out and said in a note.

use std::collections::{BTreeMap, BTreeSet};

use super::factor::{Factored, factor};
use super::tables::Tables;
use super::{Context, Item, Naming, addon_key, export_with};
use crate::live::{LiveAddon, LiveApp};

/// Where an app goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    /// The environment.
    pub env: String,
    /// The app's key in the files.
    pub key: String,
}

/// The account as files.
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    /// The base and the overlays.
    pub files: Factored,
    /// By environment: the variables its placeholders name, and what each
    /// holds (never the value).
    pub variables: BTreeMap<String, Vec<(String, String)>>,
    /// Where each app went, by app name.
    pub placed: BTreeMap<String, Placed>,
    /// Apps left out and other things to know.
    pub notes: Vec<String>,
}

/// Words that name an environment at an end of an app name.
const ENV_WORDS: &[&str] = &[
    "prod",
    "production",
    "staging",
    "stage",
    "dev",
    "development",
    "test",
    "qa",
    "uat",
    "demo",
    "sandbox",
    "preview",
];

/// The environment of a pipeline stage; `None` for review apps.
pub fn stage_env(stage: &str) -> Option<&'static str> {
    match stage {
        "production" => Some("prod"),
        "staging" => Some("staging"),
        "development" => Some("dev"),
        _ => None,
    }
}

fn normalize(word: &str) -> String {
    match word {
        "production" => "prod".into(),
        "development" => "dev".into(),
        w => w.into(),
    }
}

/// The environment word at an end of `name` (the last segment first) and the
/// rest of the name.
fn affix(name: &str, known: &BTreeSet<String>) -> Option<(String, String)> {
    let segs: Vec<&str> = name.split('-').collect();
    if segs.len() < 2 {
        return None;
    }
    let is_env = |s: &str| ENV_WORDS.contains(&s) || known.contains(s);
    let (last, first) = (segs[segs.len() - 1], segs[0]);
    if is_env(last) {
        Some((normalize(last), segs[..segs.len() - 1].join("-")))
    } else if is_env(first) {
        Some((normalize(first), segs[1..].join("-")))
    } else {
        None
    }
}

/// Places `apps` into environments (`overrides`: app name -> environment,
/// first), and gives each a key; the apps left out are said in the notes.
pub fn place(
    apps: &[LiveApp],
    overrides: &BTreeMap<String, String>,
) -> (BTreeMap<String, Placed>, Vec<String>) {
    let mut known: BTreeSet<String> = overrides.values().cloned().collect();
    for app in apps {
        if let Some(Some(c)) = &app.pipeline {
            known.extend(stage_env(&c.stage).map(str::to_string));
        }
    }
    let stem_in = |name: &str, env: &str| match affix(name, &known) {
        Some((e, stem)) if e == env => stem,
        _ => name.to_string(),
    };
    let mut notes = Vec::new();
    // App name -> (environment, stem: the name without its environment).
    let mut stems: BTreeMap<String, (String, String)> = BTreeMap::new();
    for app in apps {
        let name = &app.name;
        let env = if let Some(env) = overrides.get(name) {
            env.clone()
        } else if let Some(Some(c)) = &app.pipeline {
            match stage_env(&c.stage) {
                Some(env) => env.to_string(),
                None => {
                    notes.push(format!(
                        "{name} is a review app of pipeline {}: left out",
                        c.pipeline
                    ));
                    continue;
                }
            }
        } else if let Some((env, _)) = affix(name, &known) {
            env
        } else {
            notes.push(format!(
                "{name} is in no pipeline and its name says no environment: left out (`--env {name}=ENV` places it)"
            ));
            continue;
        };
        let stem = stem_in(name, &env);
        stems.insert(name.clone(), (env, stem));
    }
    // `shop-web` and `shop-worker` are `web` and `worker`: a first segment
    // that several apps share says nothing.
    let mut firsts: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (_, stem) in stems.values() {
        if let Some((first, _)) = stem.split_once('-') {
            firsts.entry(first).or_default().insert(stem);
        }
    }
    // So does one all the apps share (`shop-web` alone is `web`).
    let all_share = firsts.len() == 1 && stems.values().all(|(_, stem)| stem.contains('-'));
    let short = |stem: &str| match stem.split_once('-') {
        Some((first, rest)) if all_share || firsts.get(first).is_some_and(|s| s.len() >= 2) => {
            rest.to_string()
        }
        _ => stem.to_string(),
    };
    let mut placed: BTreeMap<String, Placed> = stems
        .iter()
        .map(|(name, (env, stem))| {
            let key = short(stem);
            (
                name.clone(),
                Placed {
                    env: env.clone(),
                    key,
                },
            )
        })
        .collect();
    // Two apps of one environment under one key: the longer names.
    let longers: [fn(&str, &str) -> String; 2] =
        [|_, stem| stem.to_string(), |name, _| name.to_string()];
    for longer in longers {
        let mut count: BTreeMap<(String, String), usize> = BTreeMap::new();
        for p in placed.values() {
            *count.entry((p.env.clone(), p.key.clone())).or_default() += 1;
        }
        for (name, p) in placed.iter_mut() {
            if count[&(p.env.clone(), p.key.clone())] > 1 {
                p.key = longer(name, &stems[name].1);
            }
        }
    }
    (placed, notes)
}

/// The template `name` follows in every environment (`shop-web-${HEROIN_ENV}`
/// for `shop-web-staging` in staging and `shop-web-prod` in prod), if any.
fn template(names: &[(&str, &str)]) -> Option<String> {
    let (env, name) = names.first()?;
    if names.len() < 2 {
        return None;
    }
    name.match_indices(env).find_map(|(at, _)| {
        let (pre, suf) = (&name[..at], &name[at + env.len()..]);
        names
            .iter()
            .all(|(e, n)| *n == format!("{pre}{e}{suf}"))
            .then(|| format!("{pre}${{HEROIN_ENV}}{suf}"))
    })
}

/// The files for `apps` (as read, every section), placed as `overrides` and
/// the apps' pipelines and names say.
pub fn adopt(apps: &[LiveApp], overrides: &BTreeMap<String, String>) -> Account {
    let (placed, mut notes) = place(apps, overrides);
    let by_name: BTreeMap<&str, &LiveApp> = apps.iter().map(|a| (a.name.as_str(), a)).collect();
    let mut docs: BTreeMap<String, BTreeMap<String, Item>> = BTreeMap::new();
    let mut variables: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (name, p) in &placed {
        let app = by_name[name.as_str()];
        // An add-on another app of the same environment pays for.
        let attach = |a: &LiveAddon| {
            let owner = placed.get(&a.billing_app).filter(|o| o.env == p.env)?;
            let billing = by_name.get(a.billing_app.as_str())?;
            let theirs = billing.addons.iter().find(|b| b.id == a.id)?;
            let (_, key) = addon_key(&theirs.attachments)?;
            Some(format!("{}.{key}", owner.key))
        };
        let context = Context {
            naming: Naming::AppKey,
            attach: &attach,
        };
        let exported = export_with(&p.key, app, &context);
        notes.extend(exported.notes.iter().map(|n| format!("{name}: {n}")));
        let vars = variables.entry(p.env.clone()).or_default();
        vars.extend(
            exported
                .variables
                .into_iter()
                .map(|(v, what)| (v, format!("{what} of {name}"))),
        );
        if let Some(table) = app_table(exported.document) {
            docs.entry(p.env.clone())
                .or_default()
                .insert(p.key.clone(), table);
        }
    }
    name_templates(&mut docs);
    let docs: BTreeMap<String, Item> = docs
        .into_iter()
        .map(|(env, apps)| {
            let apps = Item::Table(apps.into_iter().collect());
            (env, Item::Table(vec![("apps".into(), apps)]))
        })
        .collect();
    for vars in variables.values_mut() {
        vars.sort();
        vars.dedup();
    }
    Account {
        files: factor(&docs),
        variables,
        placed,
        notes,
    }
}

impl Account {
    /// Puts the account-wide `tables` into the base (every environment
    /// reads the same pipelines, teams and spaces), their variables into
    /// every environment's. Empty tables are left out, as in the rest of
    /// the base.
    pub fn add_tables(&mut self, tables: Tables) {
        if let (Item::Table(base), Item::Table(fields)) = (
            &mut self.files.base,
            super::factor::prune(&Item::Table(tables.fields)),
        ) {
            base.extend(fields);
        }
        for env in self.files.overlays.keys() {
            let vars = self.variables.entry(env.clone()).or_default();
            vars.extend(tables.variables.iter().cloned());
            vars.sort();
            vars.dedup();
        }
        self.notes.extend(tables.notes);
    }
}

/// The app's table of a single-app document (`apps.KEY`).
fn app_table(document: Item) -> Option<Item> {
    let Item::Table(mut root) = document else {
        return None;
    };
    let (_, Item::Table(mut apps)) = root.pop()? else {
        return None;
    };
    Some(apps.pop()?.1)
}

/// Writes `name` as a template in every environment of an app whose names
/// follow one.
fn name_templates(docs: &mut BTreeMap<String, BTreeMap<String, Item>>) {
    let mut names: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (env, apps) in docs.iter() {
        for (key, table) in apps {
            if let Some(Item::Str(name)) = field(table, "name") {
                names
                    .entry(key.clone())
                    .or_default()
                    .push((env.clone(), name.clone()));
            }
        }
    }
    for (key, names) in names {
        let pairs: Vec<(&str, &str)> = names
            .iter()
            .map(|(e, n)| (e.as_str(), n.as_str()))
            .collect();
        let Some(template) = template(&pairs) else {
            continue;
        };
        for (env, _) in &names {
            if let Some(Item::Table(fields)) = docs.get_mut(env).and_then(|a| a.get_mut(&key)) {
                for (k, v) in fields.iter_mut() {
                    if k == "name" {
                        *v = Item::Str(template.clone());
                    }
                }
            }
        }
    }
}

fn field<'a>(table: &'a Item, name: &str) -> Option<&'a Item> {
    match table {
        Item::Table(fields) => fields.iter().find(|(k, _)| k == name).map(|(_, v)| v),
        _ => None,
    }
}

#[cfg(test)]
#[path = "account_tests.rs"]
mod tests;
