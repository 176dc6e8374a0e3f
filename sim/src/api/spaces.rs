//! Private Spaces: `/spaces` list and info, and each space's inbound
//! ruleset (`GET` the current one, `PUT` a new one, list them), as the
//! official CLI's `spaces`, `spaces:info` and `trusted-ips` commands read
//! and write them. Spaces exist only when declared (`--space NAME[:TEAM]`,
//! as teams are): a request never creates or deletes one.
//!
//! Heroku's rules are checked here: a rule's action is `allow` or `deny`,
//! its source an IPv4 range in CIDR notation, at most 60 rules; a new
//! space lets everything in (`allow 0.0.0.0/0`).

use serde_json::{Value, json};

use super::lookups::region_ref;
use super::{Cx, ts};
use crate::catalog::stable_id;
use crate::protocol::{ApiError, ApiResult, Reply};
use crate::state::{Space, State};

/// The most rules a ruleset may hold (Dev Center, "Trusted IP Ranges").
pub const MAX_RULES: usize = 60;

/// Adds the declared spaces (`NAME` or `NAME:TEAM`; the team is the first
/// declared one by default) that the state does not have yet.
pub fn declare(state: &mut State, spaces: &[String], now: u64) {
    for declared in spaces {
        let (name, team) = match declared.split_once(':') {
            Some((n, t)) => (n.to_string(), t.to_string()),
            None => {
                let team = state
                    .teams
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "acme".into());
                (declared.clone(), team)
            }
        };
        if !state.teams.contains(&team) {
            state.teams.push(team.clone());
        }
        if state.tables.spaces.iter().any(|s| s.name == name) {
            continue;
        }
        let id = stable_id(&format!("space:{name}"));
        state.tables.spaces.push(Space {
            ruleset_id: stable_id(&format!("inbound-ruleset:{name}:0")),
            id,
            name,
            team,
            region: "virginia".into(),
            rules: vec![("allow".into(), "0.0.0.0/0".into())],
            ruleset_at: now,
            ruleset_by: String::new(),
            created_at: now,
        });
    }
}

fn view(s: &Space) -> Value {
    let team = json!({"id": stable_id(&format!("team:{}", s.team)), "name": s.team});
    json!({
        "created_at": ts(s.created_at),
        "id": s.id,
        "name": s.name,
        "organization": {"name": s.team},
        "team": team,
        "region": region_ref(&s.region),
        "shield": false,
        "state": "allocated",
        "updated_at": ts(s.ruleset_at.max(s.created_at)),
        "cidr": "10.0.0.0/16",
        "data_cidr": "10.1.0.0/16",
        "generation": {"id": stable_id("generation:cedar"), "name": "cedar"},
    })
}

/// `{id, name, shield}` of a space, as an app shows it (a team app's
/// schema has no `shield`: [`team_space_ref`]).
pub fn space_ref(cx: &Cx, name: &str) -> Value {
    let id = cx
        .state
        .tables
        .spaces
        .iter()
        .find(|s| s.name == name)
        .map_or_else(|| stable_id(&format!("space:{name}")), |s| s.id.clone());
    json!({"id": id, "name": name, "shield": false})
}

/// `{id, name}` of a space, as a team app shows it.
pub fn team_space_ref(cx: &Cx, name: &str) -> Value {
    let mut v = space_ref(cx, name);
    v.as_object_mut().map(|m| m.remove("shield"));
    v
}

fn find(cx: &Cx, ident: &str) -> Result<usize, ApiError> {
    cx.state
        .tables
        .spaces
        .iter()
        .position(|s| s.id == ident || s.name == ident)
        .ok_or_else(|| ApiError::not_found("space", "Couldn't find that space."))
}

/// The space a new team app names (`space` in the body), checked against
/// the team it names, if any.
pub fn for_new_app(cx: &Cx, team: Option<&str>) -> Result<Option<Space>, ApiError> {
    let Some(ident) = cx.ident("space") else {
        return Ok(None);
    };
    let space = cx.state.tables.spaces[find(cx, &ident)?].clone();
    if let Some(team) = team.filter(|t| *t != space.team) {
        return Err(ApiError::invalid(format!(
            "Space {} belongs to team {}, not {team}.",
            space.name, space.team
        )));
    }
    Ok(Some(space))
}

pub fn list(cx: &mut Cx) -> ApiResult {
    Ok(Reply::List(
        cx.state.tables.spaces.iter().map(view).collect(),
    ))
}

pub fn info(cx: &mut Cx, ident: &str) -> ApiResult {
    let s = find(cx, ident)?;
    Ok(Reply::Ok(view(&cx.state.tables.spaces[s])))
}

fn ruleset_view(s: &Space) -> Value {
    let rules: Vec<Value> = s
        .rules
        .iter()
        .map(|(action, source)| json!({"action": action, "source": source}))
        .collect();
    json!({
        "id": s.ruleset_id,
        "space": {"id": s.id, "name": s.name},
        "created_at": ts(s.ruleset_at),
        "rules": rules,
        "created_by": s.ruleset_by,
    })
}

pub fn ruleset(cx: &mut Cx, ident: &str) -> ApiResult {
    let s = find(cx, ident)?;
    Ok(Reply::Ok(ruleset_view(&cx.state.tables.spaces[s])))
}

pub fn rulesets(cx: &mut Cx, ident: &str) -> ApiResult {
    let s = find(cx, ident)?;
    Ok(Reply::List(vec![ruleset_view(&cx.state.tables.spaces[s])]))
}

pub fn ruleset_info(cx: &mut Cx, ident: &str, id: &str) -> ApiResult {
    let s = find(cx, ident)?;
    let space = &cx.state.tables.spaces[s];
    if space.ruleset_id != id {
        return Err(ApiError::not_found(
            "inbound-ruleset",
            "Couldn't find that inbound ruleset.",
        ));
    }
    Ok(Reply::Ok(ruleset_view(space)))
}

/// Whether `s` is an IPv4 range as the schema's pattern takes it.
fn is_cidr(s: &str) -> bool {
    let Some((addr, len)) = s.split_once('/') else {
        return false;
    };
    let number = |p: &str, max: u32| {
        !p.is_empty()
            && p.len() <= 3
            && p.bytes().all(|c| c.is_ascii_digit())
            && (p == "0" || !p.starts_with('0'))
            && p.parse::<u32>().is_ok_and(|n| n <= max)
    };
    let octets: Vec<&str> = addr.split('.').collect();
    octets.len() == 4 && octets.iter().all(|o| number(o, 255)) && number(len, 32)
}

pub fn set_ruleset(cx: &mut Cx, ident: &str) -> ApiResult {
    let s = find(cx, ident)?;
    let given = cx
        .body
        .get("rules")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::invalid("Require params: rules."))?;
    if given.len() > MAX_RULES {
        return Err(ApiError::invalid(format!(
            "A space can have at most {MAX_RULES} inbound rules."
        )));
    }
    let mut rules = Vec::new();
    for r in given {
        let action = r["action"].as_str().unwrap_or_default();
        let source = r["source"].as_str().unwrap_or_default();
        if action != "allow" && action != "deny" {
            return Err(ApiError::invalid(format!(
                "Action {action} is invalid: use allow or deny."
            )));
        }
        if !is_cidr(source) {
            return Err(ApiError::invalid(format!(
                "Source {source} is not a valid IPv4 range in CIDR notation."
            )));
        }
        rules.push((action.to_string(), source.to_string()));
    }
    let id = cx.uuid();
    let (now, by) = (cx.now, cx.account.email.clone());
    let space = &mut cx.state.tables.spaces[s];
    space.rules = rules;
    space.ruleset_id = id;
    space.ruleset_at = now;
    space.ruleset_by = by;
    Ok(Reply::Ok(ruleset_view(space)))
}
