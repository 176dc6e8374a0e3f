//! A team's members: `/teams/{team}/members` list, create or update
//! (`PUT`, as the official CLI's `members:add` and `members:set` send it;
//! `POST` and `PATCH` too), and delete.
//!
//! A team whose membership was never changed has the members it is first
//! seen with: the calling account as an admin (every account is one of the
//! declared teams) and the collaborators of the team's apps as members.
//! The first change keeps that list and changes it. Heroku's rules: a role
//! is `admin`, `member` or `viewer`, and a team keeps at least one admin.

use serde_json::{Value, json};

use super::lookups::team_name;
use super::{Cx, ts};
use crate::catalog::stable_id;
use crate::protocol::{ApiError, ApiResult, Reply};
use crate::state::Member;

/// When the members a team is first seen with joined it.
const EPOCH: u64 = 1_420_070_400_000;

/// The roles of a team member.
const ROLES: &[&str] = &["admin", "member", "viewer"];

fn view(team: &str, m: &Member) -> Value {
    let user_id = stable_id(&format!(
        "account:{}",
        m.email.trim_end_matches("@example.com")
    ));
    json!({
        "created_at": ts(m.created_at),
        "email": m.email,
        "federated": false,
        "id": stable_id(&format!("team-member:{team}:{}", m.email)),
        "identity_provider": null,
        "role": m.role,
        "two_factor_authentication": false,
        "updated_at": ts(m.created_at),
        "user": {"email": m.email, "id": user_id, "name": m.email.split('@').next()},
    })
}

/// The team's members as they are now.
fn members(cx: &Cx, team: &str) -> Vec<Member> {
    if let Some(kept) = cx.state.tables.members.get(team) {
        return kept.clone();
    }
    let member = |email: &str, role: &str| Member {
        email: email.to_string(),
        role: role.to_string(),
        created_at: EPOCH,
    };
    let mut out = vec![member(&cx.account.email, "admin")];
    let apps: Vec<&str> = cx
        .state
        .apps
        .iter()
        .filter(|a| a.team.as_deref() == Some(team))
        .map(|a| a.id.as_str())
        .collect();
    for c in
        cx.state.collaborators.iter().filter(|c| {
            apps.contains(&c.app_id.as_str()) && !c.email.ends_with("@herokumanager.com")
        })
    {
        if !out.iter().any(|m| m.email == c.email) {
            out.push(member(&c.email, "member"));
        }
    }
    out
}

pub fn list(cx: &mut Cx, team: &str) -> ApiResult {
    let team = team_name(cx, team)?;
    let list = members(cx, &team).iter().map(|m| view(&team, m)).collect();
    Ok(Reply::List(list))
}

pub fn set(cx: &mut Cx, team: &str) -> ApiResult {
    let team = team_name(cx, team)?;
    let email = cx
        .str("email")
        .ok_or_else(|| ApiError::invalid("Require params: email, role."))?;
    let role = cx
        .str("role")
        .ok_or_else(|| ApiError::invalid("Require params: email, role."))?;
    if !ROLES.contains(&role.as_str()) {
        return Err(ApiError::invalid(format!(
            "Role {role} is invalid: use admin, member or viewer."
        )));
    }
    if !email.contains('@') {
        return Err(ApiError::invalid(format!("Email {email} is invalid.")));
    }
    let mut list = members(cx, &team);
    let admins = list.iter().filter(|m| m.role == "admin").count();
    let position = list.iter().position(|m| m.email == email);
    if let Some(i) = position {
        if list[i].role == "admin" && role != "admin" && admins == 1 {
            return Err(last_admin(&team));
        }
        list[i].role = role;
    } else {
        list.push(Member {
            email: email.clone(),
            role,
            created_at: cx.now,
        });
    }
    let body = view(&team, list.iter().find(|m| m.email == email).expect("set"));
    cx.state.tables.members.insert(team, list);
    Ok(if position.is_some() {
        Reply::Ok(body)
    } else {
        Reply::Created(body)
    })
}

fn last_admin(team: &str) -> ApiError {
    ApiError::invalid(format!(
        "{team} must have at least one admin: make another member an admin first."
    ))
}

pub fn remove(cx: &mut Cx, team: &str, ident: &str) -> ApiResult {
    let team = team_name(cx, team)?;
    let mut list = members(cx, &team);
    let i = list
        .iter()
        .position(|m| {
            m.email == ident || stable_id(&format!("team-member:{team}:{}", m.email)) == ident
        })
        .ok_or_else(|| ApiError::not_found("team-member", "Couldn't find that team member."))?;
    if list[i].role == "admin" && list.iter().filter(|m| m.role == "admin").count() == 1 {
        return Err(last_admin(&team));
    }
    let gone = list.remove(i);
    let body = view(&team, &gone);
    cx.state.tables.members.insert(team, list);
    Ok(Reply::Ok(body))
}
