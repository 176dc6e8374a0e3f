//! The typed, resolved configuration of one environment.
//!
//! This is what every later stage works from. It carries every field of the
//! file format, the origin of every value, and the difference between a section
//! that is absent (`None`: unmanaged, never read nor changed) and one that is
//! present but empty (`Some(empty)`: authoritative, so what Heroku has beyond it
//! is removed). Strings are [`Text`]: plain, secret, or deferred (offline).
//! Field names follow the Heroku Platform API.

use std::collections::BTreeMap;

use crate::diag::Origin;

pub use super::located::{LText, Located};
pub use super::vars::ConfigVar;

/// One environment, resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The environment's name (`HEROIN_ENV`); `None` for a base file validated
    /// on its own.
    pub env: Option<String>,
    /// The files merged, base first.
    pub files: Vec<String>,
    /// The apps, by key.
    pub apps: BTreeMap<String, App>,
    /// How much more a month a plan may cost before apply asks (`[cost]`).
    pub cost: CostGuard,
    /// Pipeline settings, by pipeline name (`[pipelines.NAME]`).
    pub pipelines: BTreeMap<String, super::pipelines::PipelineSettings>,
    /// Teams, by name (`[teams.NAME]`).
    pub teams: BTreeMap<String, super::teams::Team>,
    /// Private Spaces, by name (`[spaces.NAME]`).
    pub spaces: BTreeMap<String, super::spaces::Space>,
}

/// The files' `[cost]` table: apply refuses a plan that raises the monthly
/// cost by more than both `max_increase` dollars and `max_increase_percent`
/// of the cost now (unless told it is meant); absent values take the
/// defaults.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CostGuard {
    /// US dollars a month.
    pub max_increase: Option<Located<i64>>,
    /// Percent of what the environment costs now.
    pub max_increase_percent: Option<Located<i64>>,
}

/// One app, by its key in the files.
#[derive(Clone, Debug, PartialEq)]
pub struct App {
    /// The key under `apps` (stable across environments).
    pub key: String,
    /// Where the app's table starts.
    pub at: Origin,
    /// The Heroku app name.
    pub name: LText,
    /// Region; create-time only.
    pub region: Option<LText>,
    /// Stack (`build_stack` once the app exists).
    pub stack: Option<LText>,
    /// Team; create-time only. Absent: a personal app.
    pub team: Option<LText>,
    /// Private Space; create-time only.
    pub space: Option<LText>,
    /// Maintenance mode.
    pub maintenance: Option<Located<bool>>,
    /// Automated Certificate Management.
    pub acm: Option<Located<bool>>,
    /// Buildpacks, in order.
    pub buildpacks: Option<Vec<LText>>,
    /// Custom domains.
    pub domains: Option<Vec<LText>>,
    /// Log drain URLs.
    pub log_drains: Option<Vec<LText>>,
    /// Collaborators.
    pub collaborators: Option<Vec<Collaborator>>,
    /// Globs of config var names heroin never sets nor removes.
    pub ignore_config_vars: Vec<LText>,
    /// Config vars, by name.
    pub config_vars: Option<BTreeMap<String, ConfigVar>>,
    /// Add-ons, by key.
    pub addons: Option<BTreeMap<String, Addon>>,
    /// Formation, by process type; only the listed types are managed.
    pub formation: Option<BTreeMap<String, Formation>>,
    /// App features, by name; only the listed ones are managed.
    pub features: Option<BTreeMap<String, Located<bool>>>,
    /// Pipeline coupling.
    pub pipeline: Option<Pipeline>,
    /// App webhooks.
    pub webhooks: Option<Vec<super::webhooks::Webhook>>,
    /// Telemetry drains (Fir-generation apps).
    pub telemetry_drains: Option<Vec<super::telemetry::TelemetryDrain>>,
    /// SNI endpoints (certificates), by key.
    pub sni_endpoints: Option<BTreeMap<String, super::certs::SniEndpoint>>,
}

/// A collaborator.
#[derive(Clone, Debug, PartialEq)]
pub struct Collaborator {
    /// The user's email.
    pub email: LText,
    /// Team-app permissions (`view`, `deploy`, `operate`, `manage`); `None`
    /// leaves them as Heroku has them.
    pub permissions: Option<Vec<LText>>,
}

/// An add-on entry: one the app provisions, or one it attaches from another app.
#[derive(Clone, Debug, PartialEq)]
pub struct Addon {
    /// The key under `addons`.
    pub key: String,
    /// Where the add-on's entry starts.
    pub at: Origin,
    /// The attachment name written as `as` (else derived from the key).
    pub as_: Option<LText>,
    /// What the entry does.
    pub source: AddonSource,
}

impl Addon {
    /// The attachment name: `as` when given, else the key in upper case with
    /// `-` as `_` (`database` -> `DATABASE`). `None` when `as` is deferred.
    pub fn attachment_name(&self) -> Option<String> {
        match &self.as_ {
            Some(a) => a.value.known().map(str::to_string),
            None => Some(self.key.to_ascii_uppercase().replace('-', "_")),
        }
    }
}

/// Where an add-on comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum AddonSource {
    /// Provisioned for this app.
    Provision {
        /// `service:plan` (the file field `plan`).
        addon_plan: LText,
        /// Provisioning options, used at creation.
        config: BTreeMap<String, LText>,
    },
    /// Another add-on of these files, attached here.
    Attach {
        /// The key of the app that provisions it.
        app: String,
        /// The add-on's key in that app.
        addon: String,
        /// The reference as written (`web.database`).
        reference: LText,
    },
}

/// One formation entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Formation {
    /// Where the entry was written.
    pub at: Origin,
    /// Number of dynos; `None` leaves it as it is.
    pub quantity: Option<Located<i64>>,
    /// Dyno size; `None` leaves it as it is.
    pub size: Option<LText>,
}

/// The app's pipeline coupling.
#[derive(Clone, Debug, PartialEq)]
pub struct Pipeline {
    /// Where the table starts.
    pub at: Origin,
    /// The pipeline's name.
    pub name: LText,
    /// `review`, `development`, `staging` or `production`.
    pub stage: LText,
}

impl Config {
    /// The Heroku name of each app, by key (for rendering plans).
    pub fn names(&self) -> BTreeMap<String, String> {
        self.apps
            .iter()
            .map(|(k, a)| {
                (
                    k.clone(),
                    a.name.value.known().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }
}

impl App {
    /// Whether `ignore_config_vars` covers the config var `name`.
    pub fn ignores(&self, name: &str) -> bool {
        self.ignore_config_vars
            .iter()
            .filter_map(|g| g.value.known())
            .any(|glob| glob_matches(glob, name))
    }
}

/// Matches `name` against a glob where `*` is any run of characters and `?` is
/// one character; everything else matches itself.
pub fn glob_matches(glob: &str, name: &str) -> bool {
    let (g, n): (Vec<char>, Vec<char>) = (glob.chars().collect(), name.chars().collect());
    // Classic two-pointer matching with backtracking to the last `*`.
    let (mut gi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match g.get(gi) {
            Some('*') => {
                star = Some((gi, ni));
                gi += 1;
            }
            Some(&c) if c == '?' || c == n[ni] => {
                gi += 1;
                ni += 1;
            }
            _ => match star {
                Some((sg, sn)) => {
                    gi = sg + 1;
                    ni = sn + 1;
                    star = Some((sg, sn + 1));
                }
                None => return false,
            },
        }
    }
    g[gi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::glob_matches;

    #[test]
    fn globs_match_star_and_question_mark() {
        assert!(glob_matches("NEW_RELIC_*", "NEW_RELIC_LICENSE_KEY"));
        assert!(glob_matches("NEW_RELIC_*", "NEW_RELIC_"));
        assert!(!glob_matches("NEW_RELIC_*", "NEW_RELICS"));
        assert!(glob_matches("*_URL", "REDIS_URL"));
        assert!(glob_matches("A?C", "ABC"));
        assert!(!glob_matches("A?C", "AC"));
        assert!(glob_matches("*", "ANYTHING"));
        assert!(glob_matches("A*B*C", "AxxBxxC"));
        assert!(!glob_matches("A*B*C", "AxxCxxB"));
        assert!(glob_matches("EXACT", "EXACT"));
    }
}
