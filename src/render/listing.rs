//! Listings of what the repository holds, for `heroin history` and `heroin
//! envs`: the applies recorded in tags (newest first: number, date, commit,
//! tagger, the plan's summary line, the Heroku release each app was left
//! at, a rollback's tag), one apply in full, and the environments of a
//! directory, as text for people or JSON.
//!
//! Pure. Whoever can push a tag writes its tagger and message: they are made
//! printable before they reach a terminal.

use serde_json::{Value, json};

use super::date::date;
use super::printable::{printable, printable_lines};
use crate::apply::record::{FACTS_LINE, TagFacts};
use crate::config::files::Layout;
use crate::git::Applied;

/// One apply as `heroin history --json` prints it.
fn entry_json(a: &Applied) -> Value {
    let facts = TagFacts::of_message(&a.message).unwrap_or_default();
    let releases: Vec<Value> = facts
        .releases
        .iter()
        .map(|r| json!({"app": r.app, "name": r.name, "version": r.version}))
        .collect();
    json!({
        "tag": a.tag,
        "number": a.number,
        "date": date(a.time),
        "commit": a.commit,
        "tagger": a.tagger,
        "summary": a.summary,
        "releases": releases,
        "from_ref": facts.from_ref,
        "rollback_to": facts.from_ref.as_ref().filter(|_| facts.rollback),
        "changed": facts.changed,
        "saved_plan": facts.saved_plan.as_ref().map(|(commit, at)| json!({"commit": commit, "date": date(*at)})),
    })
}

/// The applies as `heroin history --json` prints them.
pub fn history_json(applied: &[Applied]) -> Value {
    json!(applied.iter().map(entry_json).collect::<Vec<_>>())
}

/// One apply in full, as `heroin history ENV N --json` prints it: also the
/// tag's message.
pub fn entry_full_json(a: &Applied) -> Value {
    let mut v = entry_json(a);
    v["message"] = json!(without_facts(&a.message));
    v
}

/// The message without its line of JSON, which is for heroin to read.
fn without_facts(message: &str) -> String {
    let lines: Vec<&str> = message
        .lines()
        .filter(|l| !l.starts_with(FACTS_LINE))
        .collect();
    lines.join("\n")
}

fn short(commit: &str) -> String {
    commit.chars().take(12).collect()
}

/// The applies, one line each: number, date, commit, tagger, summary, the
/// releases, and a rollback's tag.
pub fn history_text(applied: &[Applied]) -> String {
    let lines: Vec<String> = applied
        .iter()
        .map(|a| {
            let facts = TagFacts::of_message(&a.message).unwrap_or_default();
            let mut line = format!(
                "#{:<4} {}  {}  {}  {}",
                a.number,
                date(a.time),
                short(&a.commit),
                // Whoever can push a tag writes these: never raw to a terminal.
                printable(&a.tagger),
                printable(&a.summary)
            );
            if !facts.releases.is_empty() {
                line.push_str(&format!("  {}", printable(&facts.versions())));
            }
            if let Some(origin) = facts.origin() {
                line.push_str(&format!("  ({})", printable(&origin)));
            }
            line
        })
        .collect();
    lines.join("\n")
}

/// One apply in full, for `heroin history ENV N`: the tag, when, who,
/// which commit, the releases, where the files came from, then the plan as
/// it was printed.
pub fn entry_text(a: &Applied) -> String {
    let facts = TagFacts::of_message(&a.message).unwrap_or_default();
    let mut out = vec![
        format!("{}  {}", printable(&a.tag), date(a.time)),
        format!("Applied by {}", printable(&a.tagger)),
        format!("Commit     {}", printable(&a.commit)),
    ];
    if !facts.releases.is_empty() {
        let all: Vec<String> = facts
            .releases
            .iter()
            .map(|r| format!("{} ({}) v{}", r.app, r.name, r.version))
            .collect();
        out.push(format!("Releases   {}", printable(&all.join(", "))));
    }
    if let Some(origin) = facts.origin() {
        out.push(format!("Files      {}", printable(&origin)));
    }
    out.push(String::new());
    out.push(printable_lines(&without_facts(&a.message)).into_owned());
    out.join("\n")
}

/// Whether the apply changed the app `key` (by the record of its tag; a tag
/// of an older heroin, by the app's heading in its plan).
pub fn changed_app(a: &Applied, key: &str) -> bool {
    match TagFacts::of_message(&a.message) {
        Some(facts) => facts.changed.iter().any(|k| k == key),
        None => a
            .message
            .lines()
            .any(|l| l == format!("  # apps.{key}") || l.starts_with(&format!("  # apps.{key} ("))),
    }
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
