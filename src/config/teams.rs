//! Teams in the files: a top-level `[teams.NAME]` table (the team's Heroku
//! name) with its `members` (email -> role: `admin`, `member`, `viewer`)
//! and its `features` (name -> enabled), read into [`Team`], with Heroku's
//! rules for them.
//!
//! `members` present is authoritative: a member Heroku has beyond it is
//! removed (and removing the last admin, or the account heroin runs as,
//! needs `--force`: see `plan::safety`). `features` manage only the
//! features listed. Teams themselves are never created nor deleted. Pure.

use std::collections::BTreeMap;

use super::located::{LText, Located};
use super::read::{Reader, join};
use super::tree::Node;
use crate::diag::{Origin, Problem, did_you_mean};
use crate::heroku;

/// One team, by its name.
#[derive(Clone, Debug, PartialEq)]
pub struct Team {
    /// The team's Heroku name (its key under `teams`).
    pub name: String,
    /// Where its table starts.
    pub at: Origin,
    /// Members by email; `None` leaves them as Heroku has them.
    pub members: Option<BTreeMap<String, Member>>,
    /// Team features by name; only the listed ones are managed.
    pub features: Option<BTreeMap<String, Located<bool>>>,
}

/// One member's role.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// Where the email (the key) was written.
    pub key_at: Origin,
    /// `admin`, `member` or `viewer`.
    pub role: LText,
}

/// The roles of a team member (the schema's `team_role`).
pub const ROLES: &[&str] = &["admin", "member", "viewer"];

/// Reads `teams`: a table of teams by name.
pub fn read(reader: &mut Reader, node: &Node) -> BTreeMap<String, Team> {
    let mut out = BTreeMap::new();
    let Some(table) = reader.table(node, "teams") else {
        return out;
    };
    for (name, entry) in table {
        let path = join("teams", name);
        let Some(t) = reader.table(&entry.node, &path) else {
            continue;
        };
        reader.unknown_keys(t, &path, &["members", "features"]);
        let members = t.get("members").and_then(|e| {
            let mpath = join(&path, "members");
            let m = reader.table(&e.node, &mpath)?;
            let mut members = BTreeMap::new();
            for (email, e) in m {
                if let Some(role) = reader.text(&e.node, &join(&mpath, email)) {
                    let key_at = e.key_at.clone();
                    members.insert(email.clone(), Member { key_at, role });
                }
            }
            Some(members)
        });
        let features = t.get("features").and_then(|e| {
            let fpath = join(&path, "features");
            let f = reader.table(&e.node, &fpath)?;
            let mut features = BTreeMap::new();
            for (name, e) in f {
                if let Some(b) = reader.boolean(&e.node, &join(&fpath, name)) {
                    features.insert(name.clone(), b);
                }
            }
            Some(features)
        });
        let team = Team {
            name: name.clone(),
            at: entry.key_at.clone(),
            members,
            features,
        };
        out.insert(name.clone(), team);
    }
    out
}

/// Heroku's rules for a team's members.
pub fn check(team: &Team, out: &mut Vec<Problem>) {
    let path = join("teams", &team.name);
    for (email, m) in team.members.iter().flatten() {
        let here = format!("{path}.members.\"{email}\"");
        if !heroku::is_email(email) {
            out.push(
                Problem::new(&m.key_at, &here, format!("`{email}` is not an email"))
                    .with_hint("a member is known by the email of their Heroku account"),
            );
        }
        if let Some(role) = m.role.value.known()
            && !ROLES.contains(&role)
        {
            let hint = did_you_mean(role, ROLES.iter().copied())
                .unwrap_or_else(|| format!("one of: {}", ROLES.join(", ")));
            out.push(
                Problem::new(&m.role.at, &here, format!("`{role}` is not a team role"))
                    .with_hint(hint),
            );
        }
    }
    let admins = team
        .members
        .iter()
        .flatten()
        .filter(|(_, m)| m.role.value.known() == Some("admin"))
        .count();
    let all_known = team
        .members
        .iter()
        .flatten()
        .all(|(_, m)| m.role.value.known().is_some());
    if team.members.is_some() && admins == 0 && all_known {
        out.push(
            Problem::new(
                &team.at,
                join(&path, "members"),
                format!("team {} would have no admin", team.name),
            )
            .with_hint("Heroku needs at least one admin in a team: give someone role = \"admin\""),
        );
    }
}
