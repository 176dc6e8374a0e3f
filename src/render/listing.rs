//! Listings of what the repository holds, for `heroin history` and `heroin
//! envs`: the applies recorded in tags (newest first: number, date, commit,
//! tagger, the plan's summary line) and the environments of a directory, as
//! text for people or JSON.
//!
//! Pure. Whoever can push a tag writes its tagger and message: they are made
//! printable before they reach a terminal.

use serde_json::{Value, json};

use super::printable::printable;
use crate::config::files::Layout;
use crate::git::Applied;

/// `2026-11-29 20:10 UTC` from seconds since the Unix epoch.
pub fn date(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

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
