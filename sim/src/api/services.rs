//! The add-on catalogue: services and their plans (no auth needed on Heroku,
//! answered here like every endpoint), and the references add-ons use.

use serde_json::{Value, json};

use super::ts;
use crate::catalog::{self, SERVICES, Service, stable_id};
use crate::protocol::{ApiError, ApiResult, Reply};

pub(super) fn plan_ref(service: &str, plan: &str) -> Value {
    let name = format!("{service}:{plan}");
    json!({"id": stable_id(&name), "name": name})
}

pub(super) fn service_ref(service: &str) -> Value {
    json!({"id": stable_id(service), "name": service})
}

pub(super) fn service_view(s: &Service) -> Value {
    json!({
        "cli_plugin_name": null,
        "created_at": ts(1_420_070_400_000),
        "human_name": s.human_name,
        "id": stable_id(s.name),
        "name": s.name,
        "state": "ga",
        "supports_multiple_installations": true,
        "supports_sharing": s.supports_sharing,
        "updated_at": ts(1_420_070_400_000),
        "supported_generations": [{"id": stable_id("generation:cedar"), "name": "cedar"}],
    })
}

pub(super) fn plan_view(s: &Service, plan: &(&str, &str, i64, &str), repriced: &Prices) -> Value {
    let name = format!("{}:{}", s.name, plan.0);
    let cents = repriced.get(&name).copied().unwrap_or(plan.2);
    json!({
        "addon_service": service_ref(s.name),
        "created_at": ts(1_420_070_400_000),
        "compliance": null,
        "default": plan.0 == s.default_plan,
        "description": format!("{} {}", s.human_name, plan.1),
        "human_name": plan.1,
        "id": stable_id(&name),
        "installable_inside_private_network": false,
        "installable_outside_private_network": true,
        "name": name,
        "price": {"cents": cents, "contract": false, "unit": "month"},
        "space_default": false,
        "state": "public",
        "updated_at": ts(1_420_070_400_000),
        "visible": true,
    })
}

pub(super) fn find_service(ident: &str) -> Result<&'static Service, ApiError> {
    SERVICES
        .iter()
        .find(|s| s.name == ident || stable_id(s.name) == ident)
        .ok_or_else(|| ApiError::not_found("addon-service", "Couldn't find that add-on service."))
}

/// Prices that differ from the catalogue's (`State::repriced`).
pub type Prices = std::collections::BTreeMap<String, i64>;

pub fn services() -> ApiResult {
    Ok(Reply::List(SERVICES.iter().map(service_view).collect()))
}

pub fn service(ident: &str) -> ApiResult {
    find_service(ident).map(|s| Reply::Ok(service_view(s)))
}

pub fn plans(ident: &str, repriced: &Prices) -> ApiResult {
    let s = find_service(ident)?;
    Ok(Reply::List(
        s.plans.iter().map(|p| plan_view(s, p, repriced)).collect(),
    ))
}

pub fn plan_info(ident: &str, repriced: &Prices) -> ApiResult {
    let (s, plan) = catalog::plan(ident)
        .ok_or_else(|| ApiError::not_found("plan", "Couldn't find that plan."))?;
    let p = s
        .plans
        .iter()
        .find(|p| p.0 == plan)
        .expect("catalogue plan");
    Ok(Reply::Ok(plan_view(s, p, repriced)))
}
