//! Reading the live state: as few requests as possible, in parallel.
//!
//! What to read is a [`Scope`]: the apps, the sections of each, the add-on
//! services whose catalogue the plan checks. `diff` and `apply` take it from
//! the desired files ([`Scope::of`]); `export` asks for everything of the
//! apps it names ([`Scope::whole`]); reading never sees a desired value.
//!
//! Account-wide listings serve every app at once (`/apps`, and `/addons`
//! with `/addon-attachments` when any app manages add-ons or config vars,
//! `/pipelines` when any manages a pipeline); then one request per app and
//! section of the scope, and the catalogue (`/addon-services/{service}` and
//! its plans) of each service of the scope, all in one batch on a bounded
//! pool of threads. A section not in the scope is never requested. An app Heroku does not have is `None` (to be
//! created), not an error.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::found::{Found, decode};
use super::pool::parallel;
use super::scope::PER_APP;
pub use super::scope::{AppScope, Scope};
use super::{
    AddonIndex, Catalogue, Live, LiveAddon, LiveApp, app_from, pipelines_from, shape::each,
};
use crate::http::paths::{self, ADDONS, APPS, ATTACHMENTS, PIPELINES, TEAMS};
use crate::http::{Client, HttpError};
use crate::section::Section;

/// The path of `section`'s per-app request, for the sections read one app
/// at a time (the app and its add-ons come from the account-wide lists).
fn path(section: Section, live: &LiveApp) -> Option<String> {
    let (app, team) = (live.name.as_str(), live.team.is_some());
    Some(match section {
        Section::App | Section::Addons => return None,
        Section::ConfigVars => paths::config_vars(app),
        Section::Formation => paths::formation(app),
        Section::Features => paths::features(app),
        Section::Buildpacks => paths::buildpacks(app),
        Section::Domains => paths::domains(app),
        Section::LogDrains => paths::drains(app),
        // Team apps list collaborators with their permissions.
        Section::Collaborators => paths::collaborators(app, team),
        Section::Pipeline => paths::app_coupling(app),
        Section::Webhooks => paths::webhooks(app),
        // Only Fir-generation apps have them: the others are not asked.
        Section::TelemetryDrains if live.generation.as_deref() == Some("fir") => {
            paths::app_telemetry_drains(app)
        }
        Section::TelemetryDrains => return None,
        Section::SniEndpoints => paths::sni_endpoints(app),
        // Sections of the account-wide tables, read by `live::tables`.
        Section::ReviewApps | Section::Stages | Section::Members | Section::InboundRuleset => {
            return None;
        }
    })
}

/// One request of the parallel read.
#[derive(Clone, Copy, Debug)]
enum Job<'a> {
    /// An account-wide list.
    Wide(&'a str),
    /// `GET /apps/{name}` (`None`: Heroku has no such app).
    Named(&'a str),
    /// One section of the live app at this index.
    App(usize, Section),
    /// `GET /addon-services/{service}`.
    Service(&'a str),
    /// `GET /addon-services/{service}/plans`.
    Plans(&'a str),
}

/// The request of one job (`apps`: the live apps an `App` job's index is
/// into).
fn run_job(client: &Client, job: &Job, apps: &[&LiveApp]) -> Result<Option<Value>, HttpError> {
    match *job {
        Job::Wide(path) => client.list(path).map(|l| Some(Value::Array(l))),
        // An app of another account is not this account's: as absent from
        // its list.
        Job::Named(name) => match client.get_optional(&paths::app(name)) {
            Err(e) if e.status() == Some(403) => Ok(None),
            other => other,
        },
        Job::App(i, section) => {
            let live = apps[i];
            let Some(path) = path(section, live) else {
                return Ok(None);
            };
            match section {
                Section::Pipeline => client.get_optional(&path),
                Section::ConfigVars => client.get(&path).map(Some),
                // Which domain uses which endpoint is on the domains.
                Section::SniEndpoints => {
                    let domains = client.list(&paths::domains(&live.name))?;
                    let endpoints = client.list(&path)?;
                    Ok(Some(
                        serde_json::json!({"endpoints": endpoints, "domains": domains}),
                    ))
                }
                _ => client.list(&path).map(|l| Some(Value::Array(l))),
            }
        }
        Job::Service(s) => client.get_optional(&paths::addon_service(s)),
        Job::Plans(s) => match client.list(&paths::addon_service_plans(s)) {
            Ok(l) => Ok(Some(Value::Array(l))),
            Err(e) if e.status() == Some(404) => Ok(None),
            Err(e) => Err(e),
        },
    }
}

/// Up to this many apps known by name are each asked for (`GET
/// /apps/{name}`) instead of listing the account's apps.
const DIRECT_APPS: usize = 2;

/// Reads what Heroku has of `scope`, using `threads` threads.
pub fn read(client: &Client, scope: &Scope, threads: usize) -> Result<Live, HttpError> {
    read_with(client, scope, threads, None)
}

/// Reads again what Heroku has (to verify an apply), keeping the catalogue
/// read before: it is read once per run.
pub fn reread(
    client: &Client,
    scope: &Scope,
    threads: usize,
    catalogue: &Catalogue,
) -> Result<Live, HttpError> {
    read_with(client, scope, threads, Some(catalogue))
}

fn read_with(
    client: &Client,
    scope: &Scope,
    threads: usize,
    known: Option<&Catalogue>,
) -> Result<Live, HttpError> {
    // What does not depend on which apps Heroku has goes first, all at
    // once: the list of apps, the account-wide lists the files' sections
    // need, and the catalogue of each service named.
    let any_reads = |section| scope.apps.values().any(|app| app.reads(section));
    let need_addons = any_reads(Section::Addons) || any_reads(Section::ConfigVars);
    let need_pipelines = any_reads(Section::Pipeline) || !scope.tables.pipelines.is_empty();
    let named: BTreeSet<&str> = match known {
        Some(_) => BTreeSet::new(),
        None => scope.services.iter().map(String::as_str).collect(),
    };
    // Read again (an apply's checks), a few apps known by name (the
    // guard's check of one app between steps) are each asked for; more, by listing the account's
    // apps once. Either way it is one request per few apps, never the
    // whole account for each app.
    let names: Vec<&str> = scope
        .apps
        .values()
        .filter_map(|a| a.name.as_deref())
        .collect();
    let direct = known.is_some() && names.len() == scope.apps.len() && names.len() <= DIRECT_APPS;
    let first: Vec<Job> = [
        (!direct).then_some(APPS),
        need_addons.then_some(ADDONS),
        need_addons.then_some(ATTACHMENTS),
        need_pipelines.then_some(PIPELINES),
    ]
    .into_iter()
    .flatten()
    .map(Job::Wide)
    .chain(names.iter().filter(|_| direct).map(|name| Job::Named(name)))
    .chain(named.iter().flat_map(|s| [Job::Service(s), Job::Plans(s)]))
    .collect();
    let mut first_answers = parallel(&first, threads, |job| run_job(client, job, &[]));
    let apps: Vec<Value> = if direct {
        let mut found = Vec::new();
        for (job, answer) in first.iter().zip(&mut first_answers) {
            if let Job::Named(_) = job {
                found.extend(std::mem::replace(answer, Ok(None))?);
            }
        }
        found
    } else {
        let listed = first_answers.remove(0)?;
        match listed {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        }
    };
    let decoded: Vec<LiveApp> =
        each(&apps, app_from).map_err(|e| client.malformed("GET", APPS, &e))?;
    let by_name: BTreeMap<&str, &LiveApp> = decoded.iter().map(|a| (a.name.as_str(), a)).collect();
    let live_apps: Vec<(&String, &AppScope, &LiveApp)> = scope
        .apps
        .iter()
        .filter_map(|(key, app)| Some((key, app, *by_name.get(app.name.as_deref()?)?)))
        .collect();
    // An app to be created in a team: the team must exist before anything
    // is created (read once per run, like the catalogue).
    let need_teams = known.is_none()
        && scope
            .apps
            .iter()
            .any(|(key, app)| app.in_team && !live_apps.iter().any(|(k, _, _)| *k == key));
    // Then each app's sections (and the teams, when needed), on the same
    // bounded pool.
    let second: Vec<Job> = need_teams
        .then_some(Job::Wide(TEAMS))
        .into_iter()
        .chain(live_apps.iter().enumerate().flat_map(|(i, (_, app, _))| {
            PER_APP
                .into_iter()
                .filter(|s| app.reads(*s))
                .map(move |s| Job::App(i, s))
        }))
        .collect();
    // The first wave's answers now: the second decodes couplings with the
    // account's pipelines.
    let listed = usize::from(!direct);
    let mut lists: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    let mut catalogue = known.cloned().unwrap_or_default();
    let mut found: BTreeMap<&str, bool> = BTreeMap::new();
    for (job, answer) in first[listed..].iter().zip(first_answers) {
        match *job {
            Job::Wide(path) => {
                lists.insert(path, answer?.map(array).unwrap_or_default());
            }
            // Taken out above: the apps; no section is in the first wave.
            Job::Named(_) | Job::App(..) => {}
            Job::Service(s) => {
                found.insert(s, answer?.is_some());
            }
            Job::Plans(s) => {
                let plans = answer?.map(|l| plans_of(&l, &mut catalogue));
                catalogue.plans.insert(s.to_string(), plans);
            }
        }
    }
    let lives: Vec<&LiveApp> = live_apps.iter().map(|(_, _, a)| *a).collect();
    let pipelines = lists.get(PIPELINES).map_or(&[][..], Vec::as_slice);
    let second_answers = parallel(&second, threads, |job| {
        let answer = run_job(client, job, &lives)?;
        let Job::App(i, section) = *job else {
            return Ok(Answer::Raw(answer));
        };
        let bad = |e: String| {
            let path = path(section, lives[i]).unwrap_or_default();
            client.malformed("GET", &path, &e)
        };
        decode(section, answer, pipelines)
            .map(Answer::Found)
            .map_err(bad)
    });
    let mut built: Vec<LiveApp> = live_apps.iter().map(|(_, _, a)| (*a).clone()).collect();
    for (job, answer) in second.iter().zip(second_answers) {
        match (*job, answer?) {
            (Job::Wide(path), Answer::Raw(answer)) => {
                lists.insert(path, answer.map(array).unwrap_or_default());
            }
            (Job::App(i, _), Answer::Found(found)) => found.put(&mut built[i]),
            _ => {}
        }
    }
    for (s, exists) in found {
        if !exists {
            catalogue.plans.insert(s.to_string(), None);
        }
    }
    if known.is_none() && catalogue.plans.values().any(Option::is_none) {
        // Only when a service is unknown: the list to suggest from.
        catalogue.services = client
            .list(paths::ADDON_SERVICES)?
            .iter()
            .filter_map(|s| s["name"].as_str().map(str::to_string))
            .collect();
    }
    let empty = Vec::new();
    let list = |p: &str| lists.get(p).unwrap_or(&empty);
    if need_teams {
        let teams = list(TEAMS)
            .iter()
            .map(|t| super::shape::string(t, &["name"]))
            .collect::<Result<Vec<String>, _>>()
            .map_err(|e| client.malformed("GET", TEAMS, &e))?;
        catalogue.teams = Some(teams);
    }
    let mut live = Live {
        apps: scope.apps.keys().map(|k| (k.clone(), None)).collect(),
        catalogue,
        pipelines: pipelines_from(list(PIPELINES))
            .map_err(|e| client.malformed("GET", PIPELINES, &e))?,
        tables: Default::default(),
    };
    if !scope.tables.is_empty() {
        live.tables = super::tables::read(client, &scope.tables, &live.pipelines, threads)?;
    }
    let index = AddonIndex::new(list(ADDONS), list(ATTACHMENTS))
        .map_err(|(path, e)| client.malformed("GET", path, &e))?;
    for (b, (_, app, _)) in built.iter_mut().zip(&live_apps) {
        if app.reads(Section::Addons) || app.reads(Section::ConfigVars) {
            let (addons, owned) = index
                .of(&b.id)
                .map_err(|(path, e)| client.malformed("GET", path, &e))?;
            b.addons = addons;
            b.owned_vars = owned;
        }
    }
    for ((key, _, _), b) in live_apps.iter().zip(built) {
        live.apps.insert((*key).clone(), Some(b));
    }
    Ok(live)
}

/// What a job of the second wave gives: an account-wide list as Heroku
/// sent it, or an app's section decoded where it was read.
enum Answer {
    Raw(Option<Value>),
    Found(Found),
}

/// The items of a list's answer (`Client::list` checked it is a list).
fn array(answer: Value) -> Vec<Value> {
    match answer {
        Value::Array(items) => items,
        _ => Vec::new(),
    }
}

/// The names of a service's plans, sorted; their prices go to `catalogue`.
fn plans_of(list: &Value, catalogue: &mut Catalogue) -> Vec<String> {
    let mut names = Vec::new();
    for p in list.as_array().into_iter().flatten() {
        let Some(name) = p["name"].as_str() else {
            continue;
        };
        let price = super::prices::price_from(&p["price"]);
        catalogue.prices.insert(name.to_string(), price);
        names.push(name.to_string());
    }
    names.sort();
    names
}

/// Every app the token sees: its name, and its team's name for a team app.
pub fn visible(client: &Client) -> Result<BTreeMap<String, Option<String>>, HttpError> {
    Ok(client
        .list(APPS)?
        .iter()
        .filter_map(|a| {
            let team = a["team"]["name"].as_str().map(str::to_string);
            Some((a["name"].as_str()?.to_string(), team))
        })
        .collect())
}

/// The add-on attached to `app` as `attachment` (its name, or
/// `app::ATTACHMENT`), as Heroku has it now, with its attachment names on
/// the add-on's own app; `None` when the attachment holds no add-on any
/// more.
pub fn addon(client: &Client, app: &str, attachment: &str) -> Result<Option<LiveAddon>, HttpError> {
    let live = client.get(&paths::app_addon(app, attachment))?;
    let id = live["id"].as_str().unwrap_or_default();
    let attachments = client.list(&paths::addon_attachments(id))?;
    let app_id = live["app"]["id"].as_str().unwrap_or_default();
    let (found, _) = super::addons_of(app_id, std::slice::from_ref(&live), &attachments)
        .map_err(|(path, e)| client.malformed("GET", path, &e))?;
    Ok(found.into_iter().next())
}
