//! The lookups the official CLI makes around its main commands: a team's
//! features (its members are in `team_members`), the account's features, the stacks an app may
//! use, and where an add-on service is offered. The feature catalogues are
//! fixed; the only write is an account turning one of its features on or
//! off (`heroku labs:enable`), kept per account in the state.

use serde_json::{Value, json};

use super::lookups::{region_view, team_name};
use super::services::{find_service, service_view};
use super::{Cx, ts};
use crate::catalog::{REGIONS, stable_id};
use crate::protocol::{ApiError, ApiResult, Reply};

/// When the catalogue entries were "created".
const EPOCH: u64 = 1_420_070_400_000;

/// A feature: name, display name, description, state, enabled.
type Feature = (&'static str, &'static str, &'static str, &'static str, bool);

/// Team features. `org-access-controls` is on: team apps take per-member
/// permissions (the official CLI's `access` commands look for it).
const TEAM_FEATURES: &[Feature] = &[
    (
        "org-access-controls",
        "Access controls",
        "Fine-grained permissions for team members on team apps.",
        "general",
        true,
    ),
    (
        "team-internal-routing",
        "Internal routing",
        "Route traffic between apps of the team privately.",
        "beta",
        false,
    ),
];

/// Account features (Heroku Labs flags of the account), all off.
const ACCOUNT_FEATURES: &[Feature] = &[
    (
        "account-metrics-beta",
        "Account metrics",
        "Metrics across the account's apps.",
        "beta",
        false,
    ),
    (
        "pipelines-dashboard-beta",
        "Pipelines dashboard",
        "A new dashboard for pipelines.",
        "beta",
        false,
    ),
];

fn feature_view(kind: &str, f: &Feature) -> Value {
    feature_view_enabled(kind, f, f.4)
}

fn feature_view_enabled(kind: &str, f: &Feature, enabled: bool) -> Value {
    json!({
        "created_at": ts(EPOCH),
        "description": f.2,
        "doc_url": format!("https://devcenter.heroku.com/articles/{}", f.0),
        "enabled": enabled,
        "id": stable_id(&format!("{kind}-feature:{}", f.0)),
        "name": f.0,
        "state": f.3,
        "updated_at": ts(EPOCH),
        "display_name": f.1,
        "feedback_email": format!("{}@heroku.com", f.0),
    })
}

fn find_feature<'f>(
    list: &'f [Feature],
    kind: &'static str,
    ident: &str,
) -> Result<&'f Feature, ApiError> {
    let resource = if kind == "team" {
        "team-feature"
    } else {
        "account-feature"
    };
    list.iter()
        .find(|f| f.0 == ident || stable_id(&format!("{kind}-feature:{}", f.0)) == ident)
        .ok_or_else(|| ApiError::not_found(resource, "Couldn't find that feature."))
}

pub fn team_features(cx: &mut Cx, team: &str) -> ApiResult {
    team_name(cx, team)?;
    Ok(Reply::List(
        TEAM_FEATURES
            .iter()
            .map(|f| feature_view("team", f))
            .collect(),
    ))
}

pub fn team_feature(cx: &mut Cx, team: &str, ident: &str) -> ApiResult {
    team_name(cx, team)?;
    let f = find_feature(TEAM_FEATURES, "team", ident)?;
    Ok(Reply::Ok(feature_view("team", f)))
}

/// Whether the caller's account has feature `f` on: as it was set, else
/// the catalogue's default.
fn account_view(cx: &Cx, f: &Feature) -> Value {
    let on = cx
        .state
        .account_features
        .get(&cx.account.email)
        .is_some_and(|names| names.iter().any(|n| n == f.0));
    feature_view_enabled("account", f, on || f.4)
}

pub fn account_features(cx: &mut Cx) -> ApiResult {
    Ok(Reply::List(
        ACCOUNT_FEATURES
            .iter()
            .map(|f| account_view(cx, f))
            .collect(),
    ))
}

pub fn account_feature(cx: &mut Cx, ident: &str) -> ApiResult {
    let f = find_feature(ACCOUNT_FEATURES, "account", ident)?;
    Ok(Reply::Ok(account_view(cx, f)))
}

/// `PATCH /account/features/{feature}` with `enabled` (required, as the
/// schema has it): the caller's account only.
pub fn update_account_feature(cx: &mut Cx, ident: &str) -> ApiResult {
    let f = find_feature(ACCOUNT_FEATURES, "account", ident)?;
    let Some(enabled) = cx.body.get("enabled").and_then(Value::as_bool) else {
        return Err(ApiError::invalid("Require params: enabled."));
    };
    let names = cx
        .state
        .account_features
        .entry(cx.account.email.clone())
        .or_default();
    names.retain(|n| n != f.0);
    if enabled {
        names.push(f.0.to_string());
    }
    Ok(Reply::Ok(account_view(cx, f)))
}

/// The stacks an app can move to: those not retired.
pub fn available_stacks(cx: &mut Cx, app: &str) -> ApiResult {
    cx.app(app)?;
    let Reply::List(all) = super::lookups::stacks()? else {
        return Ok(Reply::List(Vec::new()));
    };
    Ok(Reply::List(
        all.into_iter()
            .filter(|s| s["state"] != "retired")
            .collect(),
    ))
}

/// Where the service is offered: every public region.
pub fn region_capabilities(service: &str) -> ApiResult {
    let s = find_service(service)?;
    Ok(Reply::List(
        REGIONS
            .iter()
            .filter(|r| !r.private_only)
            .map(|r| {
                json!({
                    "id": stable_id(&format!("addon-region-capability:{}:{}", s.name, r.name)),
                    "supports_private_networking": false,
                    "addon_service": service_view(s),
                    "region": region_view(r),
                })
            })
            .collect(),
    ))
}
