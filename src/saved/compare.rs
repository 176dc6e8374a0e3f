//! What moved between a saved plan and the plan made again when it is
//! applied: what it was made with (format, heroin's version, environment,
//! host, age, key, files), whether the file is as heroin wrote it (its
//! seal), then what Heroku changed, entry by entry, then its prices, then,
//! when nothing else explains it, how the changes and steps differ, and
//! last anything else the two files do not hold alike: nothing moved
//! exactly when the plan made again is the saved one, field for field. One
//! line each, for people; a secret value is never in one. Pure.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{FORMAT_VERSION, Hashed, Saved, facts};
use crate::plan::Address;
use crate::plan::cost::signed;
use crate::render::printable::printable;
use crate::secret::keyed::{Key, Origin};

/// How far in the future a plan's time may be (another machine's clock).
const CLOCK_SKEW: i64 = 300;

/// When a saved plan may no longer be applied.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    /// Now, in seconds since the Unix epoch.
    pub now: i64,
    /// The oldest a plan may be, in seconds.
    pub max_age: i64,
}

/// What a file edited after heroin wrote it is refused with.
pub const EDITED: &str = "the file is not as heroin wrote it: what it holds no longer matches its seal (a keyed hash of all of it), so it was edited since";

/// What moved between `saved` and `now` (the plan made again, under `key`,
/// as apply would run it): one line each, empty when nothing did. A file
/// that is not as heroin wrote it is said alone; what Heroku changed is
/// said first; a plan that differs is said only when nothing else explains
/// it.
pub fn compare(saved: &Saved, now: &Saved, bounds: Bounds, key: &Key) -> Vec<String> {
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
            "the plan is {} old, more than the {} a saved plan may be (--max-age or HEROIN_PLAN_MAX_AGE)",
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
    } else if saved.seal != saved.seal_of(key) {
        // Nothing else the file says can be believed.
        return vec![EDITED.into()];
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
    // Prices read for both plans, of the same apps as they were: the saved
    // figures must still hold, or Heroku's prices moved.
    if let (true, Some(a), Some(b)) = (out.is_empty(), &saved.cost, &now.cost)
        && a != b
    {
        out.push(format!(
            "the prices changed since the plan: it changed the monthly cost by {} then, by {} now",
            signed(a.increase()),
            signed(b.increase())
        ));
    }
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
    if out.is_empty() {
        out.extend(unlike(saved, now));
    }
    out
}

/// What else the two plans do not hold alike: what was planned, field for
/// field (all but when it was made, from which commit, and its seal).
fn unlike(saved: &Saved, now: &Saved) -> Option<String> {
    let fields = [
        ("apps", saved.apps != now.apps),
        ("app names", saved.names != now.names),
        ("changes", saved.plan != now.plan),
        ("printed plan", saved.text != now.text),
        ("secret hashes", saved.hashed != now.hashed),
        ("destructive changes", saved.destructive != now.destructive),
        ("steps", saved.steps != now.steps),
        ("live state", saved.live != now.live),
        ("cost", saved.cost != now.cost),
    ];
    let differ: Vec<&str> = fields.iter().filter(|f| f.1).map(|f| f.0).collect();
    (!differ.is_empty()).then(|| {
        format!(
            "the plan made again is not the saved one: its {} differ",
            differ.join(", ")
        )
    })
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
        printable(&format!(
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
                .map_or("nothing".to_string(), |s| printable(&s.does).into_owned())
        };
        let (was, is) = (does(saved), does(now));
        out.push(if was == is {
            format!(
                "step {} of the plan (`{was}`) would now send other values",
                at + 1
            )
        } else {
            format!(
                "step {} of the plan was `{was}`; it would now be `{is}`",
                at + 1
            )
        });
    }
    out
}

fn short(id: &str) -> String {
    // The file's text may be anything: never cut inside a character.
    printable(&id.chars().take(12).collect::<String>()).into_owned()
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
