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
//! the same and tells no one what it is.
//!
//! Apply reads Heroku again and plans from the same files and environment
//! (the only place secret values come from), and [`compare`] says what moved
//! between the saved plan and that one: when nothing did, the steps apply
//! sends are the saved steps, value for value, in their order. Pure but for
//! [`file`], which reads and writes the file.

pub mod facts;
pub mod file;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::config::model::Config;
use crate::live::Live;
use crate::plan::{Action, Address, Plan};
use crate::secret::Text;
use crate::secret::keyed::{Key, Origin};
pub use facts::{Fact, Facts, Moved};

/// The version of the file's format.
pub const FORMAT_VERSION: &str = "1";

/// How old a saved plan may be, unless told otherwise: a day.
pub const MAX_AGE: i64 = 24 * 3600;

/// How far in the future a plan's time may be (another machine's clock).
const CLOCK_SKEW: i64 = 300;

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

fn hash(key: &Key, t: &Option<Text>) -> Option<String> {
    match t {
        Some(Text::Secret(s)) => Some(key.hash(s.expose())),
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
            let (before, after) = (hash(key, &c.before), hash(key, &c.after));
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
                .filter_map(|t| hash(key, &Some(t.clone())))
                .collect(),
        })
        .collect();
    Saved {
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
    }
}

/// When a saved plan may no longer be applied.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    /// Now, in seconds since the Unix epoch.
    pub now: i64,
    /// The oldest a plan may be, in seconds.
    pub max_age: i64,
}

/// What moved between `saved` and `now` (the plan made again, as apply
/// would run it): one line each, empty when nothing did. What Heroku
/// changed is said first; a plan that differs is said only when nothing
/// else explains it.
pub fn compare(saved: &Saved, now: &Saved, bounds: Bounds) -> Vec<String> {
    let mut out = Vec::new();
    if saved.format_version != FORMAT_VERSION {
        out.push(format!(
            "the file is of format {}, this heroin reads format {FORMAT_VERSION}",
            saved.format_version
        ));
        return out;
    }
    let same = |what: &str, a: &str, b: &str, out: &mut Vec<String>| {
        if a != b {
            out.push(format!("{what}: the plan was made with {a}, this is {b}"));
        }
    };
    same(
        "heroin's version",
        &saved.heroin_version,
        &now.heroin_version,
        &mut out,
    );
    same("the environment", &saved.env, &now.env, &mut out);
    same("the API host", &saved.api_host, &now.api_host, &mut out);
    let age = bounds.now.saturating_sub(saved.created_at);
    if age < -CLOCK_SKEW {
        out.push(format!(
            "the plan says it was made {} from now: the clocks disagree, or the file was edited",
            duration(age.saturating_neg())
        ));
    } else if age > bounds.max_age {
        out.push(format!(
            "the plan is {} old, more than the {} a saved plan may be (--max-age)",
            duration(age),
            duration(bounds.max_age)
        ));
    }
    if saved.key.check != now.key.check {
        let whose = match saved.key.origin {
            Origin::PlanKey => "HEROIN_PLAN_KEY",
            Origin::Token => "the Heroku token",
        };
        out.push(format!(
            "the plan's secret values were hashed with a key from {whose} that is not this run's: they cannot be compared"
        ));
    }
    if saved.files.tree != now.files.tree {
        out.push(format!(
            "the files changed since the plan: it was made from commit {} (tree {}), the files are now those of commit {} (tree {})",
            short(&saved.files.commit),
            short(&saved.files.tree),
            short(&now.files.commit),
            short(&now.files.tree)
        ));
    }
    if !out.is_empty() {
        return out;
    }
    let moved = facts::moved(&saved.live, &now.live, None);
    out.extend(moved.iter().map(ToString::to_string));
    if out.is_empty() {
        out.extend(plan_moved(saved, now));
        if !out.is_empty() {
            // The files and Heroku are as they were: what is left is the
            // process environment the files read their variables from.
            out.push(
                "the files and Heroku are as they were: a variable of the environment the files read is not what it was when the plan was made".into(),
            );
        }
    }
    out
}

/// What differs between the two plans' changes and steps.
fn plan_moved(saved: &Saved, now: &Saved) -> Vec<String> {
    let mut out = Vec::new();
    let key = |c: &Value| {
        (
            c["app"].to_string(),
            c["section"].to_string(),
            c["key"].to_string(),
        )
    };
    let list = |p: &Value| -> BTreeMap<(String, String, String), Value> {
        p["changes"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| (key(c), c.clone()))
            .collect()
    };
    let (was, is) = (list(&saved.plan), list(&now.plan));
    let where_ = |c: &Value| {
        let part = |k: &str| c[k].as_str().map(|v| format!(".{v}")).unwrap_or_default();
        crate::render::printable::printable(&format!(
            "apps{}{}{}",
            part("app"),
            part("section"),
            part("key")
        ))
        .into_owned()
    };
    for (k, c) in &was {
        match is.get(k) {
            None => out.push(format!("the plan no longer changes {}", where_(c))),
            Some(d) if d != c => out.push(format!(
                "the change of {} is no longer the one planned",
                where_(c)
            )),
            _ => {}
        }
    }
    for (k, c) in &is {
        if !was.contains_key(k) {
            out.push(format!("the plan would now also change {}", where_(c)));
        }
    }
    let hashes = |s: &Saved| -> BTreeMap<Address, Hashed> {
        s.hashed
            .iter()
            .map(|h| (h.address.clone(), h.clone()))
            .collect()
    };
    let (was_h, is_h) = (hashes(saved), hashes(now));
    for (address, h) in &was_h {
        if is_h.get(address).is_some_and(|n| n != h) {
            out.push(format!(
                "{}: the secret value is not the one the plan was made with (sensitive)",
                crate::apply::verify::address(address)
            ));
        }
    }
    if out.is_empty() && saved.steps != now.steps {
        let at = saved
            .steps
            .iter()
            .zip(&now.steps)
            .position(|(a, b)| a != b)
            .unwrap_or(saved.steps.len().min(now.steps.len()));
        let does = |s: &Saved| {
            s.steps
                .get(at)
                .map_or("nothing".to_string(), |s| s.does.clone())
        };
        out.push(format!(
            "step {} of the plan was `{}`; it would now be `{}`",
            at + 1,
            does(saved),
            does(now)
        ));
    }
    out
}

fn short(id: &str) -> String {
    // The file's text may be anything: never cut inside a character.
    crate::render::printable::printable(&id.chars().take(12).collect::<String>()).into_owned()
}

/// `1d 2h`, `3h 5m`, `42s`.
pub fn duration(secs: i64) -> String {
    let s = secs.max(0);
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, m) => format!("{m}m"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

/// An age: `90s`, `30m`, `12h`, `2d`, or a number of seconds.
pub fn parse_age(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, "s"),
    };
    let factor = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("`{text}` is not an age (90s, 30m, 12h, 2d)")),
    };
    match digits.parse::<i64>() {
        Ok(n) if n > 0 => n
            .checked_mul(factor)
            .ok_or_else(|| format!("`{text}` is too long an age")),
        _ => Err(format!("`{text}` is not an age (90s, 30m, 12h, 2d)")),
    }
}

#[cfg(test)]
mod tests;
