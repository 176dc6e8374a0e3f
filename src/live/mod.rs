//! What Heroku has: the live state of the environment's apps, typed.
//!
//! [`read`] fetches it (the only part that talks to Heroku); `decode` turns
//! Heroku's JSON into the model, and is pure, as is the model here. A section is `None`
//! when the files do not manage it: it was never read. Entries heroin never
//! touches are kept apart or left out here: the default `*.herokuapp.com`
//! domain, add-on drains, the app owner and team pseudo-users, and config vars
//! owned by add-on attachments (listed in `owned_vars`). The add-on catalogue
//! of the services the files name comes along ([`Catalogue`]), so that every
//! plan can be checked before anything is planned for it. A response of
//! another shape than Heroku's is an error (see [`shape`]), never read as
//! "nothing there": an app list that does not parse must not plan to create
//! every app.

mod addons;
pub mod certs;
mod decode;
mod found;
pub mod over;
mod pool;
pub mod prices;
pub mod read;
pub mod releases;
mod scope;
pub mod shape;
pub mod tables;
pub mod telemetry;
pub mod webhooks;

pub use prices::Price;

pub use addons::AddonIndex;
pub use decode::{
    addons_of, app_from, buildpacks_from, collaborators_from, config_vars_from, coupling_from,
    domains_from, drains_from, features_from, formation_from, pipelines_from,
};

use std::collections::BTreeMap;

/// The live state of the environment's apps, by app key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Live {
    /// Each app of the files; `None` when Heroku has no app of that name.
    pub apps: BTreeMap<String, Option<LiveApp>>,
    /// The account's pipelines by name (read when an app manages a pipeline).
    pub pipelines: BTreeMap<String, String>,
    /// Heroku's add-on catalogue for the services the files name.
    pub catalogue: Catalogue,
    /// The account-wide tables the files name (pipelines' settings, teams,
    /// spaces), and the account heroin runs as.
    pub tables: tables::Found,
}

/// What Heroku offers of the add-on services the files name (read once per
/// service and run), to check every plan before anything is planned for it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalogue {
    /// By service name: its plans (`service:plan`), or `None` when Heroku
    /// has no such service. A service missing here was not read.
    pub plans: BTreeMap<String, Option<Vec<String>>>,
    /// Every service Heroku offers: read only when one the files name is
    /// unknown, to suggest the closest.
    pub services: Vec<String>,
    /// The teams the account belongs to: read (`GET /teams`) only when an
    /// app to be created names a team, so that a typo in it is an error
    /// before anything is created.
    pub teams: Option<Vec<String>>,
    /// The price of each plan read (`service:plan`), as Heroku gives it.
    pub prices: BTreeMap<String, Price>,
}

impl Catalogue {
    /// Whether Heroku is known not to offer `plan` (`service:plan`): its
    /// service was read and has no such plan, or does not exist.
    pub fn refuses(&self, plan: &str) -> bool {
        let service = plan.split(':').next().unwrap_or_default();
        match self.plans.get(service) {
            Some(Some(plans)) => !plans.iter().any(|p| p == plan),
            Some(None) => true,
            None => false,
        }
    }
}

/// One app as Heroku has it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiveApp {
    /// Heroku's id.
    pub id: String,
    /// The app name.
    pub name: String,
    /// Region name.
    pub region: String,
    /// Build stack name (the stack of the next build).
    pub stack: String,
    /// Team name, for team apps.
    pub team: Option<String>,
    /// The Private Space's name, for an app in one.
    pub space: Option<String>,
    /// Maintenance mode.
    pub maintenance: bool,
    /// Automated Certificate Management.
    pub acm: bool,
    /// Config vars, add-on vars included (see `owned_vars`).
    pub config_vars: Option<BTreeMap<String, String>>,
    /// Config vars owned by add-on attachments: name -> attachment name.
    pub owned_vars: BTreeMap<String, String>,
    /// Add-ons attached to the app (billed here or elsewhere).
    pub addons: Vec<LiveAddon>,
    /// Formation by process type.
    pub formation: Option<BTreeMap<String, LiveFormation>>,
    /// Feature states by name.
    pub features: Option<BTreeMap<String, bool>>,
    /// Buildpack names, in order.
    pub buildpacks: Option<Vec<String>>,
    /// Custom domains (never the default one).
    pub domains: Option<Vec<String>>,
    /// Log drains (never the drains of add-ons).
    pub drains: Option<Vec<LiveDrain>>,
    /// Collaborators (never the owner nor team pseudo-users).
    pub collaborators: Option<Vec<LiveCollaborator>>,
    /// The pipeline coupling: `Some(None)` when the app is in no pipeline.
    pub pipeline: Option<Option<LiveCoupling>>,
    /// App webhooks.
    pub webhooks: Option<Vec<webhooks::LiveWebhook>>,
    /// Telemetry drains (Fir-generation apps).
    pub telemetry_drains: Option<Vec<telemetry::LiveTelemetryDrain>>,
    /// SNI endpoints (certificates).
    pub sni_endpoints: Option<Vec<certs::LiveSniEndpoint>>,
    /// The platform generation (`cedar`, `fir`), when Heroku says.
    pub generation: Option<String>,
}

/// A log drain: removed by its id, since its URL may hold a secret.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct LiveDrain {
    /// The URL.
    pub url: String,
    /// Heroku's id.
    pub id: String,
}

/// An add-on attached to an app.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiveAddon {
    /// Heroku's id.
    pub id: String,
    /// Global name (`postgresql-curved-12345`).
    pub name: String,
    /// Service (`heroku-postgresql`).
    pub service: String,
    /// Its Heroku plan, `service:plan`.
    pub addon_plan: String,
    /// The app that pays for it.
    pub billing_app: String,
    /// Its attachment names on this app.
    pub attachments: Vec<String>,
    /// Where Heroku is with it.
    pub state: AddonState,
    /// Its attachments on other apps (the billing app's included when it is
    /// another): destroying it detaches them too, which needs its own yes.
    pub elsewhere: Vec<Elsewhere>,
    /// What Heroku bills for it a month (`billed_price`).
    pub price: Price,
}

/// An attachment of an add-on on another app than the one read.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Elsewhere {
    /// The app's name.
    pub app: String,
    /// The attachment name on it.
    pub attachment: String,
}

impl std::fmt::Display for Elsewhere {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} as {}", self.app, self.attachment)
    }
}

/// Where Heroku is with an add-on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddonState {
    /// Being provisioned: not ready yet.
    Provisioning,
    /// Ready.
    Provisioned,
    /// Its provisioning failed, or it is gone: it never held data.
    Deprovisioned,
    /// A state heroin does not know, as Heroku named it.
    Other(String),
}

impl Default for AddonState {
    /// A state not said.
    fn default() -> AddonState {
        AddonState::Other(String::new())
    }
}

impl From<&str> for AddonState {
    fn from(s: &str) -> AddonState {
        match s {
            "provisioning" => AddonState::Provisioning,
            "provisioned" => AddonState::Provisioned,
            "deprovisioned" => AddonState::Deprovisioned,
            other => AddonState::Other(other.to_string()),
        }
    }
}

impl std::fmt::Display for AddonState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AddonState::Provisioning => "provisioning",
            AddonState::Provisioned => "provisioned",
            AddonState::Deprovisioned => "deprovisioned",
            AddonState::Other(s) => s,
        })
    }
}

/// One process type's formation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveFormation {
    /// Dyno count.
    pub quantity: i64,
    /// Dyno size name.
    pub size: String,
}

/// A collaborator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveCollaborator {
    /// Email.
    pub email: String,
    /// Team-app permission names, sorted.
    pub permissions: Vec<String>,
}

/// An app's pipeline coupling.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LiveCoupling {
    /// The coupling's id.
    pub id: String,
    /// The pipeline's id.
    pub pipeline_id: String,
    /// The pipeline's name.
    pub pipeline: String,
    /// Stage.
    pub stage: String,
}
