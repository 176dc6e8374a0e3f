//! Reading the live state: as few requests as possible, in parallel.
//!
//! Account-wide listings serve every app at once (`/apps`, and `/addons`
//! with `/addon-attachments` when any app manages add-ons or config vars,
//! `/pipelines` when any manages a pipeline); then one request per app and
//! managed section, and the catalogue (`/addon-services/{service}` and its
//! plans) of each add-on service the files name, all in one batch on a
//! bounded pool of threads. A section the files do not manage is never
//! requested. An app Heroku does not have is `None` (to be
//! created), not an error.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

use super::{
    Catalogue, Live, LiveAddon, LiveApp, addons_of, app_from, buildpacks_from, collaborators_from,
    config_vars_from, coupling_from, domains_from, drains_from, features_from, formation_from,
    pipelines_from, shape::each,
};
use crate::apply::segment;
use crate::config::model::{AddonSource, App, Config};
use crate::http::{Client, HttpError};
use crate::section::Section;

/// The path of `section`'s per-app request, for the sections read one app
/// at a time (the app and its add-ons come from the account-wide lists).
fn path(section: Section, live: &LiveApp) -> Option<String> {
    let (app, team) = (live.name.as_str(), live.team.is_some());
    Some(match section {
        Section::App | Section::Addons => return None,
        Section::ConfigVars => format!("/apps/{app}/config-vars"),
        Section::Formation => format!("/apps/{app}/formation"),
        Section::Features => format!("/apps/{app}/features"),
        Section::Buildpacks => format!("/apps/{app}/buildpack-installations"),
        Section::Domains => format!("/apps/{app}/domains"),
        Section::LogDrains => format!("/apps/{app}/log-drains"),
        // Team apps list collaborators with their permissions here.
        Section::Collaborators if team => format!("/teams/apps/{app}/collaborators"),
        Section::Collaborators => format!("/apps/{app}/collaborators"),
        Section::Pipeline => format!("/apps/{app}/pipeline-couplings"),
        Section::Webhooks => format!("/apps/{app}/webhooks"),
        // Only Fir-generation apps have them: the others are not asked.
        Section::TelemetryDrains if live.generation.as_deref() == Some("fir") => {
            format!("/apps/{app}/telemetry-drains")
        }
        Section::TelemetryDrains => return None,
        Section::SniEndpoints => format!("/apps/{app}/sni-endpoints"),
    })
}

/// The sections of `app` the files manage that are read one app at a time.
fn managed(app: &App) -> Vec<Section> {
    let mut s = Vec::new();
    let mut want = |on: bool, section| {
        if on {
            s.push(section);
        }
    };
    want(app.config_vars.is_some(), Section::ConfigVars);
    want(app.formation.is_some(), Section::Formation);
    want(app.features.is_some(), Section::Features);
    want(app.buildpacks.is_some(), Section::Buildpacks);
    want(app.domains.is_some(), Section::Domains);
    want(app.log_drains.is_some(), Section::LogDrains);
    want(app.collaborators.is_some(), Section::Collaborators);
    want(app.pipeline.is_some(), Section::Pipeline);
    want(app.webhooks.is_some(), Section::Webhooks);
    want(app.telemetry_drains.is_some(), Section::TelemetryDrains);
    want(app.sni_endpoints.is_some(), Section::SniEndpoints);
    s
}

/// Runs `f` over `jobs` on at most `threads` threads; results in job order.
fn parallel<J: Sync, T: Send>(jobs: &[J], threads: usize, f: impl Fn(&J) -> T + Sync) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, jobs.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let result = f(job);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}

/// One request of the parallel read.
#[derive(Clone, Copy, Debug)]
enum Job<'a> {
    /// An account-wide list.
    Wide(&'a str),
    /// One section of the existing app at this index.
    App(usize, Section),
    /// `GET /addon-services/{service}`.
    Service(&'a str),
    /// `GET /addon-services/{service}/plans`.
    Plans(&'a str),
}

/// The add-on services the files name (`heroku-postgresql` of
/// `heroku-postgresql:essential-0`), for every app, existing or not.
fn services(config: &Config) -> BTreeSet<&str> {
    config
        .apps
        .values()
        .flat_map(|app| app.addons.iter().flatten())
        .filter_map(|(_, addon)| match &addon.source {
            AddonSource::Provision { plan, .. } => plan.value.known()?.split(':').next(),
            AddonSource::Attach { .. } => None,
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// Reads what Heroku has for the apps of `config`, using `threads` threads.
pub fn read(client: &Client, config: &Config, threads: usize) -> Result<Live, HttpError> {
    read_with(client, config, threads, None)
}

/// Reads again what Heroku has (to verify an apply), keeping the catalogue
/// read before: it is read once per run.
pub fn reread(
    client: &Client,
    config: &Config,
    threads: usize,
    catalogue: &Catalogue,
) -> Result<Live, HttpError> {
    read_with(client, config, threads, Some(catalogue))
}

fn read_with(
    client: &Client,
    config: &Config,
    threads: usize,
    known: Option<&Catalogue>,
) -> Result<Live, HttpError> {
    let apps = client.list("/apps")?;
    let decoded: Vec<LiveApp> =
        each(&apps, app_from).map_err(|e| client.malformed("GET", "/apps", &e))?;
    let by_name: BTreeMap<&str, &LiveApp> = decoded.iter().map(|a| (a.name.as_str(), a)).collect();
    let existing: Vec<(&String, &App, &LiveApp)> = config
        .apps
        .iter()
        .filter_map(|(key, app)| Some((key, app, *by_name.get(app.name.value.known()?)?)))
        .collect();
    let wants = |f: fn(&App) -> bool| existing.iter().any(|(_, app, _)| f(app));
    let need_addons = wants(|a| a.addons.is_some() || a.config_vars.is_some());
    let need_pipelines = wants(|a| a.pipeline.is_some());
    // An app to be created in a team: the team must exist before anything
    // is created (read once per run, like the catalogue).
    let need_teams = known.is_none()
        && config.apps.iter().any(|(key, app)| {
            app.team.as_ref().is_some_and(|t| t.value.known().is_some())
                && !existing.iter().any(|(k, _, _)| *k == key)
        });
    let account_wide: Vec<&str> = [
        need_addons.then_some("/addons"),
        need_addons.then_some("/addon-attachments"),
        need_pipelines.then_some("/pipelines"),
        need_teams.then_some("/teams"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let named = match known {
        Some(_) => BTreeSet::new(),
        None => services(config),
    };
    // One batch: the account-wide lists, each app's sections and the
    // catalogue of each service named, all on the same bounded pool.
    let jobs: Vec<Job> = account_wide
        .iter()
        .map(|p| Job::Wide(p))
        .chain(
            existing
                .iter()
                .enumerate()
                .flat_map(|(i, (_, app, _))| managed(app).into_iter().map(move |s| Job::App(i, s))),
        )
        .chain(named.iter().flat_map(|s| [Job::Service(s), Job::Plans(s)]))
        .collect();
    let answers = parallel(&jobs, threads, |job| match *job {
        Job::Wide(path) => client.list(path).map(|l| Some(Value::Array(l))),
        Job::App(i, section) => {
            let live = existing[i].2;
            let Some(path) = path(section, live) else {
                return Ok(None);
            };
            match section {
                Section::Pipeline => client.get_optional(&path),
                Section::ConfigVars => client.get(&path).map(Some),
                // Which domain uses which endpoint is on the domains.
                Section::SniEndpoints => {
                    let domains = client.list(&format!("/apps/{}/domains", live.name))?;
                    let endpoints = client.list(&path)?;
                    Ok(Some(
                        serde_json::json!({"endpoints": endpoints, "domains": domains}),
                    ))
                }
                _ => client.list(&path).map(|l| Some(Value::Array(l))),
            }
        }
        Job::Service(s) => client.get_optional(&format!("/addon-services/{}", segment(s))),
        Job::Plans(s) => match client.list(&format!("/addon-services/{}/plans", segment(s))) {
            Ok(l) => Ok(Some(Value::Array(l))),
            Err(e) if e.status() == Some(404) => Ok(None),
            Err(e) => Err(e),
        },
    });
    let mut wide = Vec::new();
    let mut sections = Vec::new();
    let mut catalogue = known.cloned().unwrap_or_default();
    let mut found: BTreeMap<&str, bool> = BTreeMap::new();
    for (job, answer) in jobs.iter().zip(answers) {
        match *job {
            Job::Wide(path) => wide.push((path, answer)),
            Job::App(i, section) => sections.push(((i, section), answer)),
            Job::Service(s) => {
                found.insert(s, answer?.is_some());
            }
            Job::Plans(s) => {
                let plans = answer?.map(|l| {
                    let mut names: Vec<String> = l
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|p| p["name"].as_str().map(str::to_string))
                        .collect();
                    names.sort();
                    names
                });
                catalogue.plans.insert(s.to_string(), plans);
            }
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
            .list("/addon-services")?
            .iter()
            .filter_map(|s| s["name"].as_str().map(str::to_string))
            .collect();
    }
    let mut lists: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for (path, result) in wide {
        lists.insert(
            path,
            result?
                .and_then(|v| v.as_array().cloned())
                .unwrap_or_default(),
        );
    }
    let empty = Vec::new();
    let list = |p: &str| lists.get(p).unwrap_or(&empty);
    if need_teams {
        let teams = list("/teams")
            .iter()
            .map(|t| super::shape::string(t, &["name"]))
            .collect::<Result<Vec<String>, _>>()
            .map_err(|e| client.malformed("GET", "/teams", &e))?;
        catalogue.teams = Some(teams);
    }
    let mut live = Live {
        apps: config.apps.keys().map(|k| (k.clone(), None)).collect(),
        catalogue,
        pipelines: pipelines_from(list("/pipelines"))
            .map_err(|e| client.malformed("GET", "/pipelines", &e))?,
    };
    let mut built: Vec<LiveApp> = existing.iter().map(|(_, _, a)| (*a).clone()).collect();
    for (b, (_, app, _)) in built.iter_mut().zip(&existing) {
        if app.addons.is_some() || app.config_vars.is_some() {
            let (addons, owned) = addons_of(&b.id, list("/addons"), list("/addon-attachments"))
                .map_err(|(path, e)| client.malformed("GET", path, &e))?;
            b.addons = addons;
            b.owned_vars = owned;
        }
    }
    for ((i, section), answer) in sections {
        let answer = answer?;
        let b = &mut built[i];
        let path = path(section, b).unwrap_or_default();
        let bad = |e: String| client.malformed("GET", &path, &e);
        // Lists come from `Client::list`, which checked they are lists.
        let items = || match &answer {
            Some(Value::Array(items)) => items.as_slice(),
            _ => &[],
        };
        match section {
            Section::ConfigVars => {
                let vars = config_vars_from(answer.as_ref().unwrap_or(&Value::Null));
                b.config_vars = Some(vars.map_err(bad)?);
            }
            Section::Formation => b.formation = Some(formation_from(items()).map_err(bad)?),
            Section::Features => b.features = Some(features_from(items()).map_err(bad)?),
            Section::Buildpacks => b.buildpacks = Some(buildpacks_from(items()).map_err(bad)?),
            Section::Domains => b.domains = Some(domains_from(items()).map_err(bad)?),
            Section::LogDrains => b.drains = Some(drains_from(items()).map_err(bad)?),
            Section::Collaborators => {
                b.collaborators = Some(collaborators_from(items()).map_err(bad)?);
            }
            Section::Pipeline => {
                let coupling = answer
                    .as_ref()
                    .map(|c| coupling_from(c, list("/pipelines")));
                b.pipeline = Some(coupling.transpose().map_err(bad)?);
            }
            Section::Webhooks => {
                b.webhooks = Some(super::webhooks::webhooks_from(items()).map_err(bad)?);
            }
            Section::TelemetryDrains => {
                let drains = super::telemetry::telemetry_drains_from(items());
                b.telemetry_drains = Some(drains.map_err(bad)?);
            }
            Section::SniEndpoints => {
                let list = |k: &str| answer.as_ref().and_then(|a| a[k].as_array().cloned());
                let (endpoints, domains) = (list("endpoints"), list("domains"));
                let found = super::certs::sni_endpoints_from(
                    endpoints.as_deref().unwrap_or_default(),
                    domains.as_deref().unwrap_or_default(),
                );
                b.sni_endpoints = Some(found.map_err(bad)?);
            }
            Section::App | Section::Addons => {}
        }
    }
    for ((key, _, _), b) in existing.iter().zip(built) {
        live.apps.insert((*key).clone(), Some(b));
    }
    Ok(live)
}

/// The add-on attached to `app` as `attachment` (its name, or
/// `app::ATTACHMENT`), as Heroku has it now, with its attachment names on
/// the add-on's own app; `None` when the attachment holds no add-on any
/// more.
pub fn addon(client: &Client, app: &str, attachment: &str) -> Result<Option<LiveAddon>, HttpError> {
    let current = client.get(&format!(
        "/apps/{}/addons/{}",
        segment(app),
        segment(attachment)
    ))?;
    let id = current["id"].as_str().unwrap_or_default();
    let attachments = client.list(&format!("/addons/{}/addon-attachments", segment(id)))?;
    let app_id = current["app"]["id"].as_str().unwrap_or_default();
    let (found, _) = super::addons_of(app_id, std::slice::from_ref(&current), &attachments)
        .map_err(|(path, e)| client.malformed("GET", path, &e))?;
    Ok(found.into_iter().next())
}
