//! Private Spaces in the files: a top-level `[spaces.NAME]` table (the
//! space's Heroku name) with its `inbound_ruleset`, the trusted IP ranges
//! (`heroku trusted-ips`): a list of `{ action, source }` rules, Heroku's
//! field names, read into [`Space`], with Heroku's rules for them.
//!
//! The ruleset present is authoritative: Heroku gets the whole list, in
//! its order, in one `PUT`. A space is never created nor deleted by
//! heroin; an app's `space` is set when heroin creates the app. Pure.

use std::collections::{BTreeMap, BTreeSet};

use super::located::LText;
use super::read::{Reader, join};
use super::tree::{Node, Value};
use crate::diag::{Origin, Problem};

/// One Private Space, by its name.
#[derive(Clone, Debug, PartialEq)]
pub struct Space {
    /// The space's Heroku name (its key under `spaces`).
    pub name: String,
    /// Where its table starts.
    pub at: Origin,
    /// The inbound rules, in order; `None` leaves them as Heroku has them.
    pub inbound_ruleset: Option<Vec<Rule>>,
}

/// One inbound rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Where the rule was written.
    pub at: Origin,
    /// `allow` or `deny`.
    pub action: LText,
    /// An IPv4 range in CIDR notation (`203.0.113.0/24`).
    pub source: LText,
}

/// The actions of a rule.
pub const ACTIONS: &[&str] = &["allow", "deny"];

/// The most rules an inbound ruleset may hold (Dev Center, "Trusted IP
/// Ranges for Private Spaces").
pub const MAX_RULES: usize = 60;

/// Reads `spaces`: a table of spaces by name.
pub fn read(reader: &mut Reader, node: &Node) -> BTreeMap<String, Space> {
    let mut out = BTreeMap::new();
    let Some(table) = reader.table(node, "spaces") else {
        return out;
    };
    for (name, entry) in table {
        let path = join("spaces", name);
        let Some(t) = reader.table(&entry.node, &path) else {
            continue;
        };
        reader.unknown_keys(t, &path, &["inbound_ruleset"]);
        let inbound_ruleset = t
            .get("inbound_ruleset")
            .and_then(|e| rules(reader, &e.node, &join(&path, "inbound_ruleset")));
        let space = Space {
            name: name.clone(),
            at: entry.key_at.clone(),
            inbound_ruleset,
        };
        out.insert(name.clone(), space);
    }
    out
}

fn rules(reader: &mut Reader, node: &Node, path: &str) -> Option<Vec<Rule>> {
    let items = reader.array(node, path)?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("{path}[{i}]");
        let Value::Table(t) = &item.value else {
            reader.problem(
                Problem::new(
                    &item.at,
                    &path,
                    format!("must be a table, not {}", item.value.kind()),
                )
                .with_hint("for example { action = \"allow\", source = \"203.0.113.0/24\" }"),
            );
            continue;
        };
        reader.unknown_keys(t, &path, &["action", "source"]);
        let mut required = |k: &str| match t.get(k) {
            Some(e) => reader.text(&e.node, &join(&path, k)),
            None => {
                reader.problem(Problem::new(&item.at, &path, format!("`{k}` is required")));
                None
            }
        };
        let (action, source) = (required("action"), required("source"));
        if let (Some(action), Some(source)) = (action, source) {
            let at = item.at.clone();
            out.push(Rule { at, action, source });
        }
    }
    Some(out)
}

/// Heroku's rules for a space's inbound ruleset.
pub fn check(space: &Space, out: &mut Vec<Problem>) {
    let Some(rules) = &space.inbound_ruleset else {
        return;
    };
    let path = format!("{}.inbound_ruleset", join("spaces", &space.name));
    if rules.len() > MAX_RULES {
        out.push(Problem::new(
            &rules[MAX_RULES].at,
            format!("{path}[{MAX_RULES}]"),
            format!(
                "spaces.{} has {} inbound rules; Heroku allows at most {MAX_RULES}",
                space.name,
                rules.len()
            ),
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, r) in rules.iter().enumerate() {
        let here = format!("{path}[{i}]");
        if let Some(a) = r.action.value.known()
            && !ACTIONS.contains(&a)
        {
            out.push(
                Problem::new(
                    &r.action.at,
                    join(&here, "action"),
                    format!("`{a}` is not a rule action"),
                )
                .with_hint("`allow` or `deny`"),
            );
        }
        if let Some(s) = r.source.value.known() {
            if !is_cidr(s) {
                out.push(
                    Problem::new(&r.source.at, join(&here, "source"), format!("`{s}` is not an IPv4 range in CIDR notation"))
                        .with_hint("an address and a prefix length, such as 203.0.113.0/24 (a single address is /32)"),
                );
            } else if !seen.insert(s.to_string()) {
                out.push(Problem::new(
                    &r.source.at,
                    join(&here, "source"),
                    format!("`{s}` is the source of another rule too"),
                ));
            }
        }
    }
}

/// Whether `s` is an IPv4 range as Heroku's schema takes it: four decimal
/// octets without leading zeros and a prefix length of 0 to 32.
pub fn is_cidr(s: &str) -> bool {
    let Some((addr, len)) = s.split_once('/') else {
        return false;
    };
    let number = |p: &str, max: u32| {
        !p.is_empty()
            && p.len() <= 3
            && p.chars().all(|c| c.is_ascii_digit())
            && (p == "0" || !p.starts_with('0'))
            && p.parse::<u32>().is_ok_and(|n| n <= max)
    };
    let octets: Vec<&str> = addr.split('.').collect();
    octets.len() == 4 && octets.iter().all(|o| number(o, 255)) && number(len, 32)
}

#[cfg(test)]
mod tests {
    use super::is_cidr;

    #[test]
    fn cidr_ranges_are_what_heroku_s_pattern_takes() {
        assert!(is_cidr("203.0.113.0/24"));
        assert!(is_cidr("0.0.0.0/0"));
        assert!(!is_cidr("203.0.113.0"));
        assert!(!is_cidr("203.0.113.0/33"));
        assert!(!is_cidr("203.0.113.00/24"));
        assert!(!is_cidr("256.0.0.0/8"));
        assert!(!is_cidr("::1/128"));
    }
}
