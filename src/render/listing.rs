//! Listings of what the repository holds, for `heroin history` and `heroin
//! envs`: the applies recorded in tags (newest first: number, date, commit,
//! tagger, the plan's summary line) and the environments of a directory, as
//! text for people or JSON.
//!
//! Pure. Whoever can push a tag writes its tagger and message: they are made
//! printable before they reach a terminal.

use serde_json::{Value, json};

use super::date::date;
use super::printable::printable;
use crate::config::files::Layout;
use crate::git::Applied;

/// The applies as `heroin history --json` prints them.
pub fn history_json(applied: &[Applied]) -> Value {
    let list: Vec<Value> = applied
        .iter()
        .map(|a| json!({"tag": a.tag, "number": a.number, "date": date(a.time), "commit": a.commit, "tagger": a.tagger, "summary": a.summary}))
        .collect();
    json!(list)
}

/// The applies, one line each.
pub fn history_text(applied: &[Applied]) -> String {
    let lines: Vec<String> = applied
        .iter()
        .map(|a| {
            format!(
                "#{:<4} {}  {}  {}  {}",
                a.number,
                date(a.time),
                &a.commit[..a.commit.len().min(12)],
                // Whoever can push a tag writes these: never raw to a terminal.
                printable(&a.tagger),
                printable(&a.summary)
            )
        })
        .collect();
    lines.join("\n")
}

/// The environments of `layout` as `heroin envs --json` prints them.
pub fn envs_json(layout: &Layout) -> Value {
    let envs: Vec<Value> = layout
        .overlays
        .iter()
        .map(|(name, layer)| json!({"name": name, "file": &*layer.display}))
        .collect();
    json!({"base": &*layout.base.display, "environments": envs})
}
