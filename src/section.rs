//! The sections of an app (config vars, add-ons, domains, ...) and of the
//! account-wide tables (a pipeline's stages, a team's members, a space's
//! inbound ruleset): one name for each, shared by reading Heroku, planning
//! and rendering; and the top-level [`Table`] each belongs to. Names only:
//! what each section holds lives with the modules that read and plan it.

/// The top-level tables of the files, in the order plans show them.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    /// `[apps.KEY]`.
    #[default]
    Apps,
    /// `[pipelines.NAME]`.
    Pipelines,
    /// `[teams.NAME]`.
    Teams,
    /// `[spaces.NAME]`.
    Spaces,
}

impl Table {
    /// The table's name in the files.
    pub fn name(self) -> &'static str {
        match self {
            Table::Apps => "apps",
            Table::Pipelines => "pipelines",
            Table::Teams => "teams",
            Table::Spaces => "spaces",
        }
    }
}

/// The sections of an app, in the order plans show them.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// The app itself and its settings.
    App,
    /// Add-ons and attachments.
    Addons,
    /// Config vars.
    ConfigVars,
    /// Buildpacks.
    Buildpacks,
    /// Formation.
    Formation,
    /// Features.
    Features,
    /// Domains.
    Domains,
    /// Log drains.
    LogDrains,
    /// Collaborators.
    Collaborators,
    /// Pipeline coupling.
    Pipeline,
    /// App webhooks.
    Webhooks,
    /// Telemetry drains.
    TelemetryDrains,
    /// SNI endpoints (certificates) and the domains that use them.
    SniEndpoints,
    /// A pipeline's review-app configuration.
    ReviewApps,
    /// A pipeline's stages (their config vars).
    Stages,
    /// A team's members.
    Members,
    /// A Private Space's inbound ruleset (trusted IP ranges).
    InboundRuleset,
}

impl Section {
    /// The section's name in the files.
    pub fn name(self) -> &'static str {
        match self {
            Section::App => "app",
            Section::Addons => "addons",
            Section::ConfigVars => "config_vars",
            Section::Buildpacks => "buildpacks",
            Section::Formation => "formation",
            Section::Features => "features",
            Section::Domains => "domains",
            Section::LogDrains => "log_drains",
            Section::Collaborators => "collaborators",
            Section::Pipeline => "pipeline",
            Section::Webhooks => "webhooks",
            Section::TelemetryDrains => "telemetry_drains",
            Section::SniEndpoints => "sni_endpoints",
            Section::ReviewApps => "review_apps",
            Section::Stages => "stages",
            Section::Members => "members",
            Section::InboundRuleset => "inbound_ruleset",
        }
    }
}
