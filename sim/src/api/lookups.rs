//! The account, the rate-limit level, and the fixed lookups: regions, stacks,
//! dyno sizes, teams.

use serde_json::{Value, json};

use super::{Cx, ts};
use crate::catalog::{self, DYNO_SIZES, REGIONS, STACKS, stable_id};
use crate::protocol::{ApiError, ApiResult, Reply};

/// When the catalogue entries were "created".
const EPOCH: u64 = 1_420_070_400_000;

pub fn account(cx: &mut Cx) -> ApiResult {
    let a = cx.account;
    Ok(Reply::Ok(json!({
        "allow_tracking": true,
        "beta": false,
        "created_at": ts(EPOCH),
        "email": a.email,
        "federated": false,
        "id": a.id,
        "identity_provider": null,
        "last_login": ts(cx.now),
        "name": a.email.split('@').next(),
        "sms_number": null,
        "suspended_at": null,
        "delinquent_at": null,
        "two_factor_authentication": false,
        "updated_at": ts(EPOCH),
        "verified": true,
        "country_of_residence": "United States",
        "default_organization": null,
        "default_team": null,
    })))
}

/// `/users/{account}`: the caller's own account, by `~`, email or id.
pub fn user(cx: &mut Cx, ident: &str) -> ApiResult {
    if ident == "~" || ident == cx.account.email || ident == cx.account.id {
        account(cx)
    } else {
        Err(ApiError::not_found("user", "Couldn't find that user."))
    }
}

pub fn rate_limits(cx: &mut Cx) -> ApiResult {
    Ok(Reply::Ok(json!({"remaining": cx.rate_remaining})))
}

pub(super) fn region_view(r: &catalog::Region) -> Value {
    json!({
        "country": r.country,
        "created_at": ts(EPOCH),
        "description": r.description,
        "id": stable_id(&format!("region:{}", r.name)),
        "locale": r.locale,
        "name": r.name,
        "private_capable": r.private_only,
        "provider": {"name": "amazon-web-services", "region": r.provider_region},
        "updated_at": ts(EPOCH),
    })
}

pub fn regions() -> ApiResult {
    Ok(Reply::List(REGIONS.iter().map(region_view).collect()))
}

pub fn region(ident: &str) -> ApiResult {
    REGIONS
        .iter()
        .find(|r| r.name == ident || stable_id(&format!("region:{}", r.name)) == ident)
        .map(|r| Reply::Ok(region_view(r)))
        .ok_or_else(|| ApiError::not_found("region", "Couldn't find that region."))
}

/// `{"id", "name"}` of a region.
pub fn region_ref(name: &str) -> Value {
    json!({"id": stable_id(&format!("region:{name}")), "name": name})
}

/// `{"id", "name"}` of a stack.
pub fn stack_ref(name: &str) -> Value {
    json!({"id": stable_id(&format!("stack:{name}")), "name": name})
}

fn stack_view(&(name, state, default): &(&str, &str, bool)) -> Value {
    json!({
        "default": default,
        "created_at": ts(EPOCH),
        "id": stable_id(&format!("stack:{name}")),
        "name": name,
        "state": state,
        "updated_at": ts(EPOCH),
    })
}

pub fn stacks() -> ApiResult {
    Ok(Reply::List(STACKS.iter().map(stack_view).collect()))
}

pub fn stack(ident: &str) -> ApiResult {
    STACKS
        .iter()
        .find(|s| s.0 == ident || stable_id(&format!("stack:{}", s.0)) == ident)
        .map(|s| Reply::Ok(stack_view(s)))
        .ok_or_else(|| ApiError::not_found("stack", "Couldn't find that stack."))
}

fn size_view(s: &catalog::DynoSize, repriced: &super::services::Prices) -> Value {
    let cents = repriced.get(s.name).copied().unwrap_or(s.cents);
    json!({
        "architecture": "amd64",
        "compute": s.compute,
        "cost": {"cents": cents, "unit": "month"},
        "dedicated": s.dedicated,
        "precise_dyno_units": s.compute as f64,
        "generation": {"id": stable_id("generation:cedar"), "name": "cedar"},
        "id": stable_id(&format!("dyno-size:{}", s.name)),
        "memory": s.memory,
        "name": s.name,
        "private_space_only": false,
    })
}

pub fn dyno_sizes(repriced: &super::services::Prices) -> ApiResult {
    Ok(Reply::List(
        DYNO_SIZES.iter().map(|s| size_view(s, repriced)).collect(),
    ))
}

pub fn dyno_size(ident: &str, repriced: &super::services::Prices) -> ApiResult {
    DYNO_SIZES
        .iter()
        .find(|s| {
            s.name.eq_ignore_ascii_case(ident)
                || stable_id(&format!("dyno-size:{}", s.name)) == ident
        })
        .map(|s| Reply::Ok(size_view(s, repriced)))
        .ok_or_else(|| ApiError::not_found("dyno_size", "Couldn't find that dyno size."))
}

/// The teams that exist, sorted.
fn team_names(cx: &Cx) -> Vec<String> {
    let mut names = cx.state.teams.clone();
    names.sort();
    names
}

/// The name of the team named or identified `ident`; 404 as Heroku answers
/// for a team that does not exist.
pub fn team_name(cx: &Cx, ident: &str) -> Result<String, ApiError> {
    team_names(cx)
        .into_iter()
        .find(|t| t == ident || stable_id(&format!("team:{t}")) == ident)
        .ok_or_else(|| ApiError::not_found("team", "Couldn't find that team."))
}

/// The JSON of a team.
pub fn team_view(name: &str, now: u64) -> Value {
    json!({
        "id": stable_id(&format!("team:{name}")),
        "created_at": ts(EPOCH),
        "credit_card_collections": false,
        "default": false,
        "enterprise_account": null,
        "identity_provider": null,
        "membership_limit": null,
        "name": name,
        "provisioned_licenses": false,
        "role": "admin",
        "type": "team",
        "updated_at": ts(now),
    })
}

pub fn teams(cx: &mut Cx) -> ApiResult {
    Ok(Reply::List(
        team_names(cx)
            .iter()
            .map(|t| team_view(t, cx.now))
            .collect(),
    ))
}

pub fn team(cx: &mut Cx, ident: &str) -> ApiResult {
    team_name(cx, ident).map(|t| Reply::Ok(team_view(&t, cx.now)))
}
