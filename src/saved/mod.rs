//! A saved plan: what `heroin diff ENV --out FILE` writes and `heroin apply
//! ENV --plan FILE` applies, so that the plan that was reviewed is the plan
//! that runs.
//!
//! The file ([`Saved`], `schemas/saved-plan.schema.json`) binds the plan to
//! what it was made from: the environment, the commit and the tree of the
//! configuration directory, heroin's version, the API host (never the
//! token), when it was made, and a fingerprint of every piece of live state
//! the planner used ([`facts`]). It holds the changes as `diff --json` shows
//! them and the plan as `diff` prints it, the destructive changes by name,
//! and the steps, in order, as Heroku will receive them. A secret value is
//! never in it: where one would be, the file has its keyed hash
//! ([`crate::secret::keyed`]), which tells apply whether the value is still
//! the same and tells no one what it is. Its seal ([`Saved::seal_of`]) is a
//! keyed hash, under the same key, of everything else it holds: a file
//! edited after heroin wrote it (a step, a destructive change taken out, its
//! age) no longer matches its seal, and no one without the key can make one
//! that does.
//!
//! Apply reads Heroku again and plans from the same files and environment
//! (the only place secret values come from), and [`compare`] says what moved
//! between the saved plan and that one: when nothing did, the steps apply
//! sends are the saved steps, value for value, in their order. Pure but for
//! [`file`], which reads and writes the file.

mod compare;
pub mod facts;
pub mod file;
mod shown;

pub use compare::{Bounds, EDITED, compare, duration, parse_age};

use std::collections::BTreeMap;

use serde_json::Value;

use crate::config::model::Config;
use crate::live::Live;
use crate::plan::{Action, Address, Plan};
use crate::secret::Text;
use crate::secret::keyed::{Key, Origin};
pub use facts::{Fact, Facts, Moved};

/// The version of the file's format.
pub const FORMAT_VERSION: &str = "2";

/// How old a saved plan may be, unless told otherwise: a day.
pub const MAX_AGE: i64 = 24 * 3600;

/// Where the files of a plan come from: a commit and the tree of the
/// configuration directory in it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FilesAt {
    /// The commit.
    pub commit: String,
    /// The git tree of the configuration directory in that commit.
    pub tree: String,
}

/// The key the file's hashes were made with: where it came from and the
/// hash of a fixed text under it (see [`Key::check`]).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeyCheck {
    /// `plan_key` (`HEROIN_PLAN_KEY`) or `token`.
    pub origin: Origin,
    /// The hash of a fixed text under the key.
    pub check: String,
}

/// The keyed hashes of a change's secret values.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Hashed {
    /// The change.
    pub address: Address,
    /// Of the value before, when it is secret.
    pub before: Option<String>,
    /// Of the value after, when it is secret.
    pub after: Option<String>,
}

/// A destructive change the plan holds: apply performs no other.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Destructive {
    /// The change.
    pub address: Address,
    /// `delete` or `replace`.
    pub action: String,
    /// What it destroys, as the plan says it.
    pub destroys: Option<String>,
    /// Whether it loses data (`--allow-data-loss`).
    pub loses_data: bool,
    /// The add-on it destroys, when it destroys one: its name, its Heroku
    /// plan, and its attachments on other apps.
    pub addon: Option<(String, String, Vec<crate::live::Elsewhere>)>,
}

/// One step as Heroku will receive it, secret values masked.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedStep {
    /// The change it carries out.
    pub change: Address,
    /// What it does, as apply's progress says it.
    pub does: String,
    /// The step, secret values as `(sensitive)`.
    pub step: Value,
    /// The keyed hashes of the secret values it sends, in its order.
    pub secrets: Vec<String>,
}

/// A saved plan (`schemas/saved-plan.schema.json`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Saved {
    /// [`FORMAT_VERSION`].
    pub format_version: String,
    /// The environment.
    pub env: String,
    /// Only these apps of it (their keys), when the plan was made for some.
    pub apps: Vec<String>,
    /// When it was made, in seconds since the Unix epoch.
    pub created_at: i64,
    /// The version of heroin that made it.
    pub heroin_version: String,
    /// The API host it was made against.
    pub api_host: String,
    /// The files it was made from.
    pub files: FilesAt,
    /// The key of its hashes.
    pub key: KeyCheck,
    /// The apps' names on Heroku, by key.
    pub names: BTreeMap<String, String>,
    /// The plan as `heroin diff ENV --json` prints it.
    pub plan: Value,
    /// The plan as `heroin diff ENV` prints it (secrets masked, no colors).
    pub text: String,
    /// The keyed hashes of the secret values of its changes.
    pub hashed: Vec<Hashed>,
    /// Its destructive changes.
    pub destructive: Vec<Destructive>,
    /// Its steps, in order.
    pub steps: Vec<SavedStep>,
    /// The live state it depended on.
    pub live: Facts,
    /// What the plan costs, with the prices it was made with (`None`: no
    /// prices were read, as for a plan that changes nothing).
    #[serde(default)]
    pub cost: Option<crate::plan::cost::Cost>,
    /// The keyed hash of all the rest ([`Saved::seal_of`]); empty in a file
    /// of an older format, which has none.
    #[serde(default)]
    pub seal: String,
}

impl Saved {
    /// The seal of this plan under `key`: the keyed hash of everything it
    /// holds but its seal, as JSON. What the file says is what heroin wrote
    /// exactly when its seal is this.
    pub fn seal_of(&self, key: &Key) -> String {
        let bare = Saved {
            seal: String::new(),
            ..self.clone()
        };
        // Serializing a plan cannot fail (string keys only); were it to,
        // the seal would match no file.
        let text = serde_json::to_string(&bare).unwrap_or_default();
        key.hash(&format!("heroin saved plan seal\n{text}"))
    }
}

/// What a plan is made from besides the files, Heroku's answer and the plan.
#[derive(Clone, Copy, Debug)]
pub struct Made<'a> {
    /// The environment.
    pub env: &'a str,
    /// The apps asked for (all when empty).
    pub apps: &'a [String],
    /// When, in seconds since the Unix epoch.
    pub at: i64,
    /// The API host.
    pub api_host: &'a str,
}

/// The keyed hash of `t`, where it is (`at`: a change's address), when it
/// is secret.
fn hash(key: &Key, at: &Address, t: &Option<Text>) -> Option<String> {
    match t {
        Some(Text::Secret(s)) => Some(key.hash_at(&crate::apply::verify::address(at), s.expose())),
        _ => None,
    }
}

/// The saved plan of `plan`, made from `config` (whose files are `files`)
/// and `live`.
pub fn save(
    (config, live, plan): (&Config, &Live, &Plan),
    made: Made<'_>,
    files: FilesAt,
    key: &Key,
) -> Saved {
    let names = config.names();
    let hashed = plan
        .changes
        .iter()
        .filter_map(|c| {
            let (before, after) = (
                hash(key, &c.address, &c.before),
                hash(key, &c.address, &c.after),
            );
            (before.is_some() || after.is_some()).then(|| Hashed {
                address: c.address.clone(),
                before,
                after,
            })
        })
        .collect();
    let destructive = plan
        .changes
        .iter()
        .filter(|c| c.is_destructive())
        .map(|c| Destructive {
            address: c.address.clone(),
            action: if c.action == Action::Replace {
                "replace"
            } else {
                "delete"
            }
            .into(),
            destroys: c.destroys.as_ref().map(ToString::to_string),
            loses_data: c.loses_data(),
            addon: c.destroys.as_ref().map(|d| {
                (
                    d.addon.clone(),
                    d.addon_plan.clone(),
                    d.also_attached.clone(),
                )
            }),
        })
        .collect();
    let steps = plan
        .steps
        .iter()
        .map(|p| SavedStep {
            change: p.change.clone(),
            does: crate::apply::describe(&p.step),
            step: serde_json::to_value(&p.step).unwrap_or(Value::Null),
            secrets: p
                .step
                .texts()
                .into_iter()
                .filter_map(|t| hash(key, &p.change, &Some(t.clone())))
                .collect(),
        })
        .collect();
    let mut saved = Saved {
        format_version: FORMAT_VERSION.into(),
        env: made.env.into(),
        apps: made.apps.to_vec(),
        created_at: made.at,
        heroin_version: env!("CARGO_PKG_VERSION").into(),
        api_host: made.api_host.into(),
        files,
        key: KeyCheck {
            origin: key.origin(),
            check: key.check(),
        },
        text: crate::render::text(plan, &names, crate::render::Options::default()),
        names,
        plan: crate::render::json(plan),
        hashed,
        destructive,
        steps,
        live: facts::facts(config, live, key),
        cost: plan.cost.clone(),
        seal: String::new(),
    };
    saved.seal = saved.seal_of(key);
    saved
}

#[cfg(test)]
mod tests;
