//! The simulator's state: every resource it keeps, as plain data.
//!
//! This is what `--state FILE` saves and loads (JSON). Values derived from
//! others (an app's add-on config vars, its dynos, the current release) are
//! computed when asked for, never stored twice. Nothing here does I/O.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ids::Rng;

#[path = "state_more.rs"]
mod more;
pub use more::{SniEndpoint, TelemetryDrain};
#[path = "state_tables.rs"]
mod tables;
pub use tables::{Member, ReviewConfig, Space, StageVars, Tables};

/// Everything the simulator knows.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct State {
    /// The generator of ids and names (saved, so a restart continues the sequence).
    pub rng: Rng,
    /// Apps.
    pub apps: Vec<App>,
    /// Add-ons.
    pub addons: Vec<Addon>,
    /// Add-on attachments.
    pub attachments: Vec<Attachment>,
    /// Releases of every app.
    pub releases: Vec<Release>,
    /// Slugs.
    pub slugs: Vec<Slug>,
    /// Collaborators of every app (the owner included).
    pub collaborators: Vec<Collaborator>,
    /// Log drains.
    pub drains: Vec<Drain>,
    /// Domains.
    pub domains: Vec<Domain>,
    /// Pipelines.
    pub pipelines: Vec<Pipeline>,
    /// Pipeline couplings.
    pub couplings: Vec<Coupling>,
    /// Pipeline promotions.
    pub promotions: Vec<Promotion>,
    /// The teams the account belongs to, by name: declared (`--team`, the
    /// `teams` option, a state file), never made up by a request.
    #[serde(default)]
    pub teams: Vec<String>,
    /// App webhooks.
    #[serde(default)]
    pub webhooks: Vec<Webhook>,
    /// Telemetry drains (of Fir-generation apps).
    #[serde(default)]
    pub telemetry_drains: Vec<TelemetryDrain>,
    /// SNI endpoints (custom certificates).
    #[serde(default)]
    pub sni_endpoints: Vec<SniEndpoint>,
    /// The names of apps that are Fir-generation once created (declared
    /// with `--fir-app`: on Heroku, apps created in a Fir space).
    #[serde(default)]
    pub fir_apps: Vec<String>,
    /// Pipeline settings, team members and Private Spaces.
    #[serde(default)]
    pub tables: Tables,
    /// The account features (Heroku Labs flags of an account) turned on,
    /// by account email (`heroku labs:enable FEATURE`).
    #[serde(default)]
    pub account_features: BTreeMap<String, Vec<String>>,
    /// Prices that differ from the catalogue's, in cents a month, by plan
    /// (`service:plan`) or dyno size: a price change, to rehearse what a
    /// saved plan does when Heroku's prices move.
    #[serde(default)]
    pub repriced: BTreeMap<String, i64>,
}

impl State {
    /// An empty state whose ids come from `seed`.
    pub fn new(seed: u64) -> State {
        State {
            rng: Rng::new(seed),
            apps: Vec::new(),
            addons: Vec::new(),
            attachments: Vec::new(),
            releases: Vec::new(),
            slugs: Vec::new(),
            collaborators: Vec::new(),
            drains: Vec::new(),
            domains: Vec::new(),
            pipelines: Vec::new(),
            couplings: Vec::new(),
            promotions: Vec::new(),
            teams: Vec::new(),
            webhooks: Vec::new(),
            telemetry_drains: Vec::new(),
            fir_apps: Vec::new(),
            sni_endpoints: Vec::new(),
            tables: Tables::default(),
            account_features: BTreeMap::new(),
            repriced: BTreeMap::new(),
        }
    }
}

/// An account, derived from a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// Stable id.
    pub id: String,
    /// `<token>@example.com`.
    pub email: String,
}

/// An app.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct App {
    /// UUID.
    pub id: String,
    /// Globally unique name.
    pub name: String,
    /// The owner's account id and email.
    pub owner_id: String,
    /// The owner's email (`<team>@herokumanager.com` for team apps).
    pub owner_email: String,
    /// The team, for team apps.
    pub team: Option<String>,
    /// Region name.
    pub region: String,
    /// Stack name.
    pub stack: String,
    /// Stack for the next build.
    pub build_stack: String,
    /// Maintenance mode.
    pub maintenance: bool,
    /// Automated Certificate Management.
    pub acm: bool,
    /// Locked (team apps).
    pub locked: bool,
    /// Config vars set by users (add-on vars are derived from attachments).
    pub config: BTreeMap<String, String>,
    /// Formation entries (only the process types of the current release).
    pub formation: Vec<Formation>,
    /// Formation entries of process types the current release lacks, kept
    /// so that a release bringing them back (a rollback, a deploy) finds
    /// their quantity and size as they were: releases never change scale.
    #[serde(default)]
    pub dormant_formation: Vec<Formation>,
    /// Enabled app features.
    pub features: BTreeMap<String, bool>,
    /// Buildpacks in order: what the user gave (registry name or URL).
    pub buildpacks: Vec<String>,
    /// Creation time (ms since epoch).
    pub created_at: u64,
    /// Last update (ms).
    pub updated_at: u64,
    /// Last release (ms).
    pub released_at: u64,
    /// The account that created a team app, while it has not left it
    /// (`heroku apps:leave`); never listed among the collaborators.
    #[serde(default)]
    pub creator_email: Option<String>,
    /// The Private Space's name, for an app created in one.
    #[serde(default)]
    pub space: Option<String>,
    /// The platform generation: `cedar`, or `fir` (telemetry drains).
    #[serde(default = "cedar")]
    pub generation: String,
}

fn cedar() -> String {
    "cedar".into()
}

/// One process type's formation.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Formation {
    /// UUID.
    pub id: String,
    /// Process type.
    pub kind: String,
    /// Command from the slug.
    pub command: String,
    /// Dyno count.
    pub quantity: i64,
    /// Dyno size name as the catalogue spells it.
    pub size: String,
    /// Created (ms).
    pub created_at: u64,
    /// Updated (ms).
    pub updated_at: u64,
}

/// Add-on lifecycle states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AddonState {
    /// Being created; its config vars are not set yet.
    Provisioning,
    /// Ready.
    Provisioned,
    /// Being destroyed: its attachments are gone, it goes soon.
    Deprovisioning,
    /// Gone.
    Deprovisioned,
}

/// An add-on.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Addon {
    /// UUID.
    pub id: String,
    /// Globally unique name (`postgresql-curved-12345`).
    pub name: String,
    /// The billing app's id.
    pub app_id: String,
    /// Service name.
    pub service: String,
    /// Plan name without the service.
    pub plan: String,
    /// State.
    pub state: AddonState,
    /// When provisioning finishes (ms), while provisioning.
    pub ready_at: Option<u64>,
    /// Its config vars are set: it has been provisioned (a plan change
    /// shows `provisioning` again, with its vars).
    #[serde(default = "yes")]
    pub vars_set: bool,
    /// Provider values by suffix (`URL` -> `postgres://...`).
    pub values: BTreeMap<String, String>,
    /// Provisioning options given at creation.
    pub config: BTreeMap<String, String>,
    /// Created (ms).
    pub created_at: u64,
    /// Updated (ms).
    pub updated_at: u64,
}

/// An add-on attachment.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Attachment {
    /// UUID.
    pub id: String,
    /// Name: the config var prefix.
    pub name: String,
    /// The add-on's id.
    pub addon_id: String,
    /// The attached app's id.
    pub app_id: String,
    /// Namespace (`credential:...`), if any.
    pub namespace: Option<String>,
    /// Who attached it (user id, email), while its "Attach" release waits
    /// for the add-on's provisioning to complete.
    #[serde(default)]
    pub release_pending: Option<(String, String)>,
    /// Created (ms).
    pub created_at: u64,
    /// Updated (ms).
    pub updated_at: u64,
}

/// A release.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Release {
    /// UUID.
    pub id: String,
    /// The app's id.
    pub app_id: String,
    /// Version, from 1.
    pub version: i64,
    /// What happened.
    pub description: String,
    /// The slug running from this release on.
    pub slug_id: Option<String>,
    /// User config vars as of this release.
    pub config: BTreeMap<String, String>,
    /// Add-on plans at this release.
    pub addon_plan_names: Vec<String>,
    /// Who made it.
    pub user_id: String,
    /// Their email.
    pub user_email: String,
    /// Created (ms).
    pub created_at: u64,
}

/// A slug: built code with its process types.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Slug {
    /// UUID.
    pub id: String,
    /// The app's id.
    pub app_id: String,
    /// Process type -> command.
    pub process_types: BTreeMap<String, String>,
    /// Commit, if given.
    pub commit: Option<String>,
    /// Commit description, if given.
    pub commit_description: Option<String>,
    /// Stack name.
    pub stack: String,
    /// Created (ms).
    pub created_at: u64,
}

/// A collaborator of an app.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Collaborator {
    /// UUID.
    pub id: String,
    /// The app's id.
    pub app_id: String,
    /// The user's email.
    pub email: String,
    /// The user's id.
    pub user_id: String,
    /// `owner`, `collaborator`, `member`, `admin`.
    pub role: String,
    /// Team-app permissions.
    pub permissions: Vec<String>,
    /// Created (ms).
    pub created_at: u64,
    /// Updated (ms).
    pub updated_at: u64,
}

/// A log drain.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Drain {
    /// UUID.
    pub id: String,
    /// The app's id.
    pub app_id: String,
    /// URL.
    pub url: String,
    /// `d.<uuid>`.
    pub token: String,
    /// The add-on that created it, if any.
    pub addon_id: Option<String>,
    /// Created (ms).
    pub created_at: u64,
}

/// A domain.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Domain {
    /// UUID.
    pub id: String,
    /// The app's id.
    pub app_id: String,
    /// Hostname.
    pub hostname: String,
    /// `heroku` (the default domain) or `custom`.
    pub kind: String,
    /// DNS target, for custom domains.
    pub cname: Option<String>,
    /// SNI endpoint name, if any.
    pub sni_endpoint: Option<String>,
    /// Created (ms).
    pub created_at: u64,
}

/// An app webhook subscription.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Webhook {
    /// UUID.
    pub id: String,
    /// The app's id.
    pub app_id: String,
    /// Where notifications go (https).
    pub url: String,
    /// Entity types notified (`api:release`).
    pub include: Vec<String>,
    /// `notify` or `sync`.
    pub level: String,
    /// Signing secret: accepted on write, never returned.
    pub secret: Option<String>,
    /// `Authorization` header value: accepted on write, never returned.
    pub authorization: Option<String>,
    /// Created (ms).
    pub created_at: u64,
    /// Updated (ms).
    pub updated_at: u64,
}

/// A pipeline.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Pipeline {
    /// UUID.
    pub id: String,
    /// Name (not unique).
    pub name: String,
    /// Owner id and type (`user` or `team`).
    pub owner: Option<(String, String)>,
    /// Created (ms).
    pub created_at: u64,
    /// Updated (ms).
    pub updated_at: u64,
}

/// An app's place in a pipeline.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Coupling {
    /// UUID.
    pub id: String,
    /// The app's id.
    pub app_id: String,
    /// The pipeline's id.
    pub pipeline_id: String,
    /// Stage.
    pub stage: String,
    /// Created (ms).
    pub created_at: u64,
    /// Updated (ms).
    pub updated_at: u64,
}

/// A promotion and its targets.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Promotion {
    /// UUID.
    pub id: String,
    /// The pipeline's id.
    pub pipeline_id: String,
    /// The source app's id.
    pub source_app_id: String,
    /// The source release's id.
    pub source_release_id: String,
    /// Targets: (target id, app id, new release id).
    pub targets: Vec<(String, String, Option<String>)>,
    /// Created (ms).
    pub created_at: u64,
}

/// `true`, the default of fields added after state files were first written.
fn yes() -> bool {
    true
}
