//! What to read of Heroku: a [`Scope`] names the apps, the sections of each
//! and the add-on services whose catalogue to read, so that `live::read`
//! never sees a desired value. `diff` and `apply` take it from the files
//! ([`Scope::of`]: only what they manage), `export` asks for everything of
//! the apps it names ([`Scope::whole`]). Pure.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::model::{AddonSource, App, Config};
use crate::section::Section;

/// The sections read one app at a time, in the order they are requested.
pub(super) const PER_APP: [Section; 11] = [
    Section::ConfigVars,
    Section::Formation,
    Section::Features,
    Section::Buildpacks,
    Section::Domains,
    Section::LogDrains,
    Section::Collaborators,
    Section::Pipeline,
    Section::Webhooks,
    Section::TelemetryDrains,
    Section::SniEndpoints,
];

/// What to read: which apps, which of their sections, which add-on
/// services' catalogue, and whether the account's teams. `diff` and `apply`
/// take it from the desired configuration ([`Scope::of`]); `export` asks for
/// everything of the apps it names ([`Scope::whole`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// The apps by key.
    pub apps: BTreeMap<String, AppScope>,
    /// The add-on services whose catalogue (plans) to read.
    pub services: BTreeSet<String>,
    /// What to read of the account-wide tables.
    pub tables: super::tables::Scope,
}

/// What to read of one app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppScope {
    /// The app's name on Heroku (`None` when the files' name is not
    /// known: such an app is not read, and counts as one to be created).
    pub name: Option<String>,
    /// The sections to read (a section not here is never requested).
    pub sections: BTreeSet<Section>,
    /// The files put it in a team: when Heroku does not have it, the
    /// account's teams are read (the team must exist before anything is
    /// created).
    pub in_team: bool,
}

impl AppScope {
    pub(super) fn reads(&self, section: Section) -> bool {
        self.sections.contains(&section)
    }
}

impl Scope {
    /// What the desired configuration manages: each app with a known name,
    /// the sections it lists, the services its add-ons name (of
    /// `heroku-postgresql:essential-0`, `heroku-postgresql`).
    pub fn of(config: &Config) -> Scope {
        Scope::of_apps(config, config.apps.iter())
    }

    /// [`Scope::of`] for the app `key` alone (and the account-wide tables):
    /// the check of one app between steps costs that app, not the files.
    pub fn of_app(config: &Config, key: &str) -> Scope {
        Scope::of_apps(config, config.apps.get_key_value(key).into_iter())
    }

    fn of_apps<'c>(
        config: &'c Config,
        chosen: impl Iterator<Item = (&'c String, &'c App)> + Clone,
    ) -> Scope {
        let apps = chosen
            .clone()
            .map(|(key, app)| {
                let scope = AppScope {
                    name: app.name.value.known().map(str::to_string),
                    sections: sections(app),
                    in_team: app.team.as_ref().is_some_and(|t| t.value.known().is_some()),
                };
                (key.clone(), scope)
            })
            .collect();
        let services = chosen
            .flat_map(|(_, app)| app.addons.iter().flatten())
            .filter_map(|(_, addon)| match &addon.source {
                AddonSource::Provision { addon_plan, .. } => {
                    addon_plan.value.known()?.split(':').next()
                }
                AddonSource::Attach { .. } => None,
            })
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        Scope {
            apps,
            services,
            tables: tables(config),
        }
    }

    /// Every section of the apps `(key, Heroku name)`, and no catalogue.
    pub fn whole(apps: &[(String, String)]) -> Scope {
        let every: BTreeSet<Section> = [Section::App, Section::Addons]
            .into_iter()
            .chain(PER_APP)
            .collect();
        let apps = apps
            .iter()
            .map(|(key, name)| {
                let scope = AppScope {
                    name: Some(name.clone()),
                    sections: every.clone(),
                    in_team: false,
                };
                (key.clone(), scope)
            })
            .collect();
        Scope {
            apps,
            services: BTreeSet::new(),
            tables: super::tables::Scope::default(),
        }
    }
}

/// The sections of `app` the files manage.
fn sections(app: &App) -> BTreeSet<Section> {
    [
        (true, Section::App),
        (app.addons.is_some(), Section::Addons),
        (app.config_vars.is_some(), Section::ConfigVars),
        (app.formation.is_some(), Section::Formation),
        (app.features.is_some(), Section::Features),
        (app.buildpacks.is_some(), Section::Buildpacks),
        (app.domains.is_some(), Section::Domains),
        (app.log_drains.is_some(), Section::LogDrains),
        (app.collaborators.is_some(), Section::Collaborators),
        (app.pipeline.is_some(), Section::Pipeline),
        (app.webhooks.is_some(), Section::Webhooks),
        (app.telemetry_drains.is_some(), Section::TelemetryDrains),
        (app.sni_endpoints.is_some(), Section::SniEndpoints),
    ]
    .into_iter()
    .filter_map(|(managed, section)| managed.then_some(section))
    .collect()
}

/// What the files manage of the account-wide tables.
fn tables(config: &Config) -> super::tables::Scope {
    use super::tables::{PipelineScope, TeamScope};
    let pipelines = config.pipelines.iter().map(|(name, p)| {
        let stages = p.stages.iter().filter(|(_, s)| s.config_vars.is_some());
        let scope = PipelineScope {
            review_apps: p.review_apps.is_some(),
            stages: stages.map(|(stage, _)| stage.clone()).collect(),
        };
        (name.clone(), scope)
    });
    let teams = config.teams.iter().map(|(name, t)| {
        let scope = TeamScope {
            members: t.members.is_some(),
            features: t.features.is_some(),
        };
        (name.clone(), scope)
    });
    let spaces = config
        .spaces
        .iter()
        .filter(|(_, s)| s.inbound_ruleset.is_some());
    super::tables::Scope {
        pipelines: pipelines.collect(),
        teams: teams.collect(),
        spaces: spaces.map(|(name, _)| name.clone()).collect(),
    }
}
