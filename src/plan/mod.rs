//! Planning: what must change so that Heroku matches the files.
//!
//! `plan(desired, live)` is pure. It produces one [`Change`] per resource
//! entry (what users read: address, action, before, after, why) and the
//! [`Step`]s (one API call each, as data) that carry them out, in dependency
//! order. It applies every ownership rule: add-on-owned config vars and
//! `ignore_config_vars` are never touched, nor the default domain, add-on
//! drains or the app owner; `features` and `formation` manage only what is
//! listed (a formation entry no release can take yet waits, with no step);
//! a section that is absent is not managed. The same inputs give the
//! same plan, byte for byte. Nothing here talks to Heroku or prints.

mod addons;
#[cfg(test)]
mod addons_tests;
pub mod after;
mod app;
#[cfg(test)]
mod app_tests;
pub mod certs;
#[cfg(test)]
mod certs_tests;
pub mod cost;
#[cfg(test)]
mod cost_tests;
mod destroys;
mod drains;
mod formation;
mod lists;
#[cfg(test)]
mod lists_tests;
pub mod pipelines;
pub mod replace;
mod safety;
mod sets;
#[cfg(test)]
mod shared_tests;
pub mod steps;
pub mod tables;
#[cfg(test)]
mod tables_tests;
pub mod telemetry;
#[cfg(test)]
pub(crate) mod test_support;
mod top;
pub mod webhooks;

use std::collections::BTreeMap;

use crate::config::model::Config;
use crate::live::Live;
use crate::secret::{Secret, Text};
pub use destroys::Destroys;
pub use safety::{
    CostIncrease, CostThreshold, MassRemoval, REMOVAL_MIN, REMOVAL_SHARE, UnsafePlan, mass_removals,
};
pub use steps::{AddonRef, Step};

pub use crate::live::Elsewhere;
pub use crate::section::{Section, Table};

/// Where a change happens: table, key, section, entry.
#[derive(
    Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Address {
    /// The top-level table (`apps` for an app's sections).
    pub table: Table,
    /// The key under the table: the app's key in the files, or the
    /// pipeline's, team's or space's name.
    pub app: String,
    /// The section.
    pub section: Section,
    /// The entry (config var name, add-on key, domain, ...), if any.
    pub key: Option<String>,
}

impl Change {
    /// Whether carrying it out loses data (it destroys a data add-on).
    pub fn loses_data(&self) -> bool {
        self.destroys.as_ref().is_some_and(|d| d.loses_data)
    }

    /// Whether carrying it out detaches an add-on from other apps (it
    /// destroys one they are attached to).
    pub fn detaches_others(&self) -> bool {
        self.destroys
            .as_ref()
            .is_some_and(|d| !d.also_attached.is_empty())
    }

    /// Whether it removes something: it is asked about on its own.
    pub fn is_destructive(&self) -> bool {
        matches!(self.action, Action::Delete | Action::Replace)
    }
}

/// What happens to an entry.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Created.
    Create,
    /// Changed in place.
    Update,
    /// Destroyed and created again (an add-on loses its data).
    Replace,
    /// Removed.
    Delete,
    /// Cannot be done: the files and Heroku disagree on something set once.
    Impossible,
}

/// One change, as users read it.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// Where.
    pub address: Address,
    /// What.
    pub action: Action,
    /// The value now (secret ones masked when shown).
    pub before: Option<Text>,
    /// The value after.
    pub after: Option<Text>,
    /// Why, when it is not obvious ("not in the files", ...).
    pub why: Option<String>,
    /// The add-on it destroys, if any (and whether its data goes with it).
    pub destroys: Option<Destroys>,
}

/// An entry the files want that Heroku cannot take yet, and nothing heroin
/// can do about it now: a formation entry for a process type no release
/// declares. No step; the plan shows it, and it is applied by a later run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    /// Where.
    pub address: Address,
    /// What the files want, when they say something (`2 x standard-1x`).
    pub after: Option<String>,
    /// What it waits for (`a release that declares web`).
    pub waits_for: String,
}

/// Entries left as they are, per app: shown as counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Hidden {
    /// Entries already as the files want them.
    pub unchanged: usize,
    /// Config vars owned by add-on attachments.
    pub owned: usize,
    /// Config vars matched by `ignore_config_vars`.
    pub ignored: usize,
}

/// One step of a plan and the change it carries out (a step of several
/// changes, such as the one config var PATCH, names its section).
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    /// The API call.
    pub step: Step,
    /// The address of the change it carries out.
    pub change: Address,
}

/// The plan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// The environment.
    pub env: Option<String>,
    /// Every change, ordered by app, section, entry.
    pub changes: Vec<Change>,
    /// The API calls that make them, in dependency order, each with the
    /// change it carries out.
    pub steps: Vec<Planned>,
    /// Things users should know that are not changes.
    pub warnings: Vec<(Address, String)>,
    /// Entries that wait for something outside heroin, ordered by address.
    pub waiting: Vec<Waiting>,
    /// Entries left alone, per app key.
    pub hidden: BTreeMap<String, Hidden>,
    /// What the managed apps cost a month now and after the plan, once
    /// Heroku's prices are read (`session` does, for a plan that changes
    /// something); `None` before.
    pub cost: Option<cost::Cost>,
}

impl Plan {
    /// Every secret value the plan shows or sends (for the client to mask
    /// wherever Heroku repeats one).
    pub fn secrets(&self) -> Vec<Secret> {
        let shown = self.changes.iter().flat_map(|c| [&c.before, &c.after]);
        let sent = self.steps.iter().flat_map(|p| p.step.texts()).map(Some);
        shown
            .flatten()
            .chain(sent.flatten())
            .filter_map(|t| match t {
                Text::Secret(s) => Some(s.clone()),
                _ => None,
            })
            .collect()
    }

    /// The API calls alone, in order.
    pub fn step_list(&self) -> Vec<Step> {
        self.steps.iter().map(|p| p.step.clone()).collect()
    }

    /// Whether nothing would change (entries may still be waiting).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether nothing would change and nothing waits: Heroku matches the
    /// files.
    pub fn matches(&self) -> bool {
        self.is_empty() && self.waiting.is_empty()
    }

    /// Whether some change cannot be carried out.
    pub fn has_impossible(&self) -> bool {
        self.changes.iter().any(|c| c.action == Action::Impossible)
    }

    /// (to add, to change, to destroy): a replacement counts as one add and
    /// one destroy, as terraform counts it.
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |a: Action| self.changes.iter().filter(|c| c.action == a).count();
        let replace = n(Action::Replace);
        (
            n(Action::Create) + replace,
            n(Action::Update),
            n(Action::Delete) + replace,
        )
    }
}

/// Plans what must change for Heroku to match `desired`.
pub fn plan(desired: &Config, live: &Live) -> Plan {
    let mut out = Plan {
        env: desired.env.clone(),
        ..Plan::default()
    };
    for (key, app) in &desired.apps {
        let live_app = live.apps.get(key).and_then(Option::as_ref);
        let mut cx = Cx {
            key,
            app,
            live: live_app,
            desired,
            catalogue: &live.catalogue,
            pipelines: &live.pipelines,
            out: &mut out,
        };
        app::plan_app(&mut cx);
        addons::plan_addons(&mut cx);
        app::plan_config_vars(&mut cx);
        lists::plan_lists(&mut cx);
    }
    tables::plan_tables(desired, live, &mut out);
    out.changes.sort_by(|a, b| a.address.cmp(&b.address));
    out.waiting.sort_by(|a, b| a.address.cmp(&b.address));
    out.steps.sort_by_key(|p| p.step.order());
    out
}

/// What the section planners share.
pub(crate) struct Cx<'a> {
    pub key: &'a str,
    pub app: &'a crate::config::model::App,
    pub live: Option<&'a crate::live::LiveApp>,
    pub desired: &'a Config,
    /// Heroku's catalogue of the services the files name.
    pub catalogue: &'a crate::live::Catalogue,
    /// The pipelines Heroku has, by name (to know which to create).
    pub pipelines: &'a BTreeMap<String, String>,
    pub out: &'a mut Plan,
}

impl Cx<'_> {
    /// The app's Heroku name (the files' name: it is known when planning).
    pub fn name(&self) -> String {
        self.app.name.value.known().unwrap_or_default().to_string()
    }

    /// Records a change.
    pub fn change(
        &mut self,
        section: Section,
        key: Option<&str>,
        action: Action,
        before: Option<Text>,
        after: Option<Text>,
    ) -> &mut Change {
        self.out.changes.push(Change {
            address: Address {
                table: Table::Apps,
                app: self.key.to_string(),
                section,
                key: key.map(str::to_string),
            },
            action,
            before,
            after,
            why: None,
            destroys: None,
        });
        self.out.changes.last_mut().expect("just pushed")
    }

    /// Records a step, for the change recorded last (or, for a step of
    /// several changes, its section).
    pub fn step(&mut self, step: Step) {
        let address = match (&step, self.out.changes.last()) {
            (Step::PatchConfig { .. }, _) => self.address(Section::ConfigVars),
            (Step::Scale { .. }, _) => self.address(Section::Formation),
            (_, Some(c)) if c.address.table == Table::Apps && c.address.app == self.key => {
                c.address.clone()
            }
            _ => self.address(Section::App),
        };
        self.out.steps.push(Planned {
            step,
            change: address,
        });
    }

    fn address(&self, section: Section) -> Address {
        Address {
            table: Table::Apps,
            app: self.key.to_string(),
            section,
            key: None,
        }
    }

    /// Counts entries left alone.
    pub fn hidden(&mut self) -> &mut Hidden {
        self.out.hidden.entry(self.key.to_string()).or_default()
    }

    /// Records an entry that waits for `waits_for`.
    pub fn wait(&mut self, section: Section, key: &str, after: Option<String>, waits_for: String) {
        let address = self.address_of(section, Some(key));
        self.out.waiting.push(Waiting {
            address,
            after,
            waits_for,
        });
    }

    fn address_of(&self, section: Section, key: Option<&str>) -> Address {
        Address {
            table: Table::Apps,
            app: self.key.to_string(),
            section,
            key: key.map(str::to_string),
        }
    }

    /// Records a warning.
    pub fn warn(&mut self, section: Section, key: Option<&str>, message: String) {
        let address = self.address_of(section, key);
        self.out.warnings.push((address, message));
    }
}

use crate::secret::{has_url_password, looks_secret};

/// A live or desired value as shown: secret when it came from the
/// environment, when its name looks secret, or when it holds a URL password.
pub fn shown(name: &str, value: Text) -> Text {
    match value {
        Text::Plain(v) if looks_secret(name) || has_url_password(&v) => {
            Text::Secret(Secret::new(v))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_looking_names_and_urls_are_masked() {
        assert!(shown("API_TOKEN", Text::Plain("x".into())).is_secret());
        assert!(shown("URL", Text::Plain("redis://:p@h:1".into())).is_secret());
        assert!(!shown("RAILS_ENV", Text::Plain("production".into())).is_secret());
    }
}
