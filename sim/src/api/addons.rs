//! Add-ons: the service catalogue, create (with asynchronous provisioning),
//! plan changes (refused across Postgres tiers), destroy, and the resolve
//! action the official CLI uses. Attachments live in `attachments`.
//! Attachment names prefix the add-on's config vars; Postgres gets a colour
//! attachment and `DATABASE` when that name is free.

use serde_json::{Value, json};

use super::services::{plan_ref, plan_view, service_ref, service_view};
use super::{Cx, app_ref, lifecycle, ts};
use crate::catalog::{self, COLOURS, Service, stable_id};
use crate::protocol::{ApiError, ApiResult, Reply};
use crate::state::{Addon, AddonState, Attachment, Drain};

/// The JSON of an add-on.
pub fn view(cx: &Cx, addon: &Addon) -> Value {
    let service = catalog::service(&addon.service);
    let price = service
        .and_then(|s| s.plans.iter().find(|p| p.0 == addon.plan))
        .map_or(0, |p| p.2);
    let name = format!("{}:{}", addon.service, addon.plan);
    let price = cx.state.repriced.get(&name).copied().unwrap_or(price);
    let mut vars: Vec<String> = cx
        .state
        .attachments
        .iter()
        .filter(|a| a.addon_id == addon.id)
        .flat_map(|a| {
            service
                .into_iter()
                .flat_map(|s| s.vars.iter())
                .map(move |v| format!("{}_{v}", a.name))
        })
        .collect();
    vars.sort();
    vars.dedup();
    let app = app_ref(cx.state, &addon.app_id);
    // `Accept-Expansion: addon_service,plan` asks for the whole objects.
    let plan = match (cx.expand.iter().any(|e| e == "plan"), service) {
        (true, Some(s)) => s.plans.iter().find(|p| p.0 == addon.plan).map_or_else(
            || plan_ref(&addon.service, &addon.plan),
            |p| plan_view(s, p, &cx.state.repriced),
        ),
        _ => plan_ref(&addon.service, &addon.plan),
    };
    let addon_service = match (cx.expand.iter().any(|e| e == "addon_service"), service) {
        (true, Some(s)) => service_view(s),
        _ => service_ref(&addon.service),
    };
    json!({
        "actions": [],
        "addon_service": addon_service,
        "billing_entity": {"id": app["id"], "name": app["name"], "type": "app"},
        "app": app,
        "billed_price": {"cents": price, "contract": false, "unit": "month"},
        "config_vars": vars,
        "created_at": ts(addon.created_at),
        "id": addon.id,
        "name": addon.name,
        "plan": plan,
        "provider_id": stable_id(&format!("provider:{}", addon.id)),
        "state": addon.state,
        "updated_at": ts(addon.updated_at),
        "web_url": format!("https://addons-sso.heroku.com/apps/{}/addons/{}", addon.app_id, addon.id),
    })
}

/// Whether the caller may see the add-on (it is billed to or attached to an
/// app they can see).
pub(super) fn visible(cx: &Cx, addon: &Addon) -> bool {
    cx.app(&addon.app_id).is_ok()
        || cx
            .state
            .attachments
            .iter()
            .any(|a| a.addon_id == addon.id && cx.app(&a.app_id).is_ok())
}

pub(super) fn find_addon(cx: &Cx, ident: &str) -> Result<usize, ApiError> {
    // `app::ATTACHMENT` names an add-on through one of the app's attachments.
    if let Some((app, name)) = ident.split_once("::") {
        let app_id = cx.state.apps[cx.app(app)?].id.clone();
        let addon_id = cx
            .state
            .attachments
            .iter()
            .find(|a| a.app_id == app_id && a.name.eq_ignore_ascii_case(name))
            .map(|a| a.addon_id.clone())
            .ok_or_else(|| ApiError::not_found("addon", "Couldn't find that add-on."))?;
        return find_addon(cx, &addon_id);
    }
    cx.state
        .addons
        .iter()
        .position(|a| (a.id == ident || a.name == ident) && visible(cx, a))
        .ok_or_else(|| ApiError::not_found("addon", "Couldn't find that add-on."))
}

/// The add-on `ident` as seen from an app: by id, global name, or the name
/// of one of the app's attachments.
fn addon_on_app(cx: &Cx, app_id: &str, ident: &str) -> Result<usize, ApiError> {
    let by_attachment = cx
        .state
        .attachments
        .iter()
        .find(|a| a.app_id == app_id && a.name.eq_ignore_ascii_case(ident))
        .map(|a| a.addon_id.clone());
    let target = by_attachment.unwrap_or_else(|| ident.to_string());
    let i = find_addon(cx, &target)?;
    let addon = &cx.state.addons[i];
    let attached = addon.app_id == app_id
        || cx
            .state
            .attachments
            .iter()
            .any(|a| a.addon_id == addon.id && a.app_id == app_id);
    if attached {
        Ok(i)
    } else {
        Err(ApiError::not_found("addon", "Couldn't find that add-on."))
    }
}

pub fn list_all(cx: &mut Cx) -> ApiResult {
    Ok(Reply::List(
        cx.state
            .addons
            .iter()
            .filter(|a| visible(cx, a))
            .map(|a| view(cx, a))
            .collect(),
    ))
}

pub fn info_global(cx: &mut Cx, ident: &str) -> ApiResult {
    let i = find_addon(cx, ident)?;
    Ok(Reply::Ok(view(cx, &cx.state.addons[i])))
}

/// The add-ons attached to the app, those billed elsewhere included.
pub fn list(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let app_id = cx.state.apps[i].id.clone();
    let addons = cx
        .state
        .addons
        .iter()
        .filter(|a| {
            a.app_id == app_id
                || cx
                    .state
                    .attachments
                    .iter()
                    .any(|t| t.addon_id == a.id && t.app_id == app_id)
        })
        .map(|a| view(cx, a))
        .collect();
    Ok(Reply::List(addons))
}

pub fn info(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let a = addon_on_app(cx, &cx.state.apps[i].id.clone(), ident)?;
    Ok(Reply::Ok(view(cx, &cx.state.addons[a])))
}

/// A free attachment name on the app for an add-on of `service`.
pub(super) fn default_names(cx: &mut Cx, app_id: &str, service: &Service) -> Vec<String> {
    let taken = |cx: &Cx, n: &str| {
        cx.state
            .attachments
            .iter()
            .any(|a| a.app_id == app_id && a.name == n)
    };
    let colour = |cx: &mut Cx, prefix: &str| loop {
        let c = cx.state.rng.pick(COLOURS);
        let name = format!("{prefix}_{c}");
        if !taken(cx, &name) {
            break name;
        }
    };
    if service.colour_attachments {
        let mut names = vec![colour(cx, "HEROKU_POSTGRESQL")];
        if !taken(cx, service.default_attachment) {
            names.insert(0, service.default_attachment.to_string());
        }
        names
    } else if !taken(cx, service.default_attachment) {
        vec![service.default_attachment.to_string()]
    } else {
        vec![colour(
            cx,
            &format!("HEROKU_{}", service.name_prefix.to_ascii_uppercase()),
        )]
    }
}

pub(super) fn valid_attachment_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn provider_value(cx: &mut Cx, service: &str, suffix: &str) -> String {
    let (user, pass, host) = (
        cx.state.rng.hex(14),
        cx.state.rng.hex(32),
        cx.state.rng.hex(8),
    );
    match (service, suffix) {
        ("heroku-postgresql", _) => format!(
            "postgres://u{user}:p{pass}@ec2-{host}.compute-1.amazonaws.com:5432/d{}",
            cx.state.rng.hex(12)
        ),
        ("heroku-redis", "TLS_URL") => {
            format!("rediss://:p{pass}@ec2-{host}.compute-1.amazonaws.com:6380")
        }
        ("heroku-redis", _) => format!("redis://:p{pass}@ec2-{host}.compute-1.amazonaws.com:6379"),
        ("sendgrid", "USERNAME") => "apikey".to_string(),
        ("sendgrid", _) => format!("SG.{user}.{pass}"),
        _ => pass,
    }
}

/// Attaches add-on `addon` to app `app` as `name`, with its release.
pub(super) fn add_attachment(
    cx: &mut Cx,
    addon: usize,
    app: usize,
    name: String,
    namespace: Option<String>,
) -> usize {
    let id = cx.uuid();
    let (addon_id, addon_name) = (
        cx.state.addons[addon].id.clone(),
        cx.state.addons[addon].name.clone(),
    );
    // While the add-on first provisions, its release waits for its vars.
    let waits = lifecycle::first_provisioning(&cx.state.addons[addon]);
    cx.state.attachments.push(Attachment {
        id,
        name: name.clone(),
        addon_id,
        app_id: cx.state.apps[app].id.clone(),
        namespace,
        release_pending: waits.then(|| (cx.account.id.clone(), cx.account.email.clone())),
        created_at: cx.now,
        updated_at: cx.now,
    });
    if !waits {
        cx.release(app, format!("Attach {name} (@ref:{addon_name})"));
    }
    cx.state.attachments.len() - 1
}

/// Removes attachment `att`, with its release on the attached app.
pub(super) fn remove_attachment(cx: &mut Cx, att: usize) -> Attachment {
    let removed = cx.state.attachments.remove(att);
    let addon_name = cx
        .state
        .addons
        .iter()
        .find(|a| a.id == removed.addon_id)
        .map(|a| a.name.clone())
        .unwrap_or_default();
    // An attachment whose release never came takes none back.
    let released = removed.release_pending.is_none();
    if let Some(app) = cx.state.apps.iter().position(|a| a.id == removed.app_id)
        && released
    {
        cx.release(app, format!("Detach {} (@ref:{addon_name})", removed.name));
    }
    removed
}

pub fn create(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let wanted = cx.required("plan")?;
    let (service, plan) = catalog::plan(&wanted).ok_or_else(|| {
        ApiError::invalid(format!(
            "Couldn't find either the add-on service or the add-on plan of \"{wanted}\"."
        ))
    })?;
    if cx
        .addon_faults
        .refuse_create
        .iter()
        .any(|s| s == service.name)
    {
        return Err(ApiError::invalid(format!(
            "The provider of {} could not provision the add-on. Please try again later.",
            service.name
        )));
    }
    let name = match cx.str("name") {
        Some(n) if !valid_attachment_name(&n.replace('-', "_")) => {
            return Err(ApiError::invalid(format!("Name {n} is invalid.")));
        }
        Some(n) if cx.state.addons.iter().any(|a| a.name == n) => {
            return Err(ApiError::invalid(format!("Name {n} is already taken.")));
        }
        Some(n) => n,
        None => format!("{}-{}", service.name_prefix, cx.state.rng.haiku(5)).replacen('-', "-", 1),
    };
    let app_id = cx.state.apps[i].id.clone();
    let names = match cx.body.get("attachment").and_then(crate::protocol::ident) {
        Some(n) => {
            let n = n.to_ascii_uppercase();
            if !valid_attachment_name(&n) {
                return Err(ApiError::invalid(format!(
                    "Attachment name {n} is invalid: use letters, digits and underscores."
                )));
            }
            if cx
                .state
                .attachments
                .iter()
                .any(|a| a.app_id == app_id && a.name == n)
            {
                return Err(ApiError::invalid(format!(
                    "Name {n} is already taken by another attachment on this app."
                )));
            }
            vec![n]
        }
        None => default_names(cx, &app_id, service),
    };
    let config = match cx.body.get("config") {
        None | Some(Value::Null) => Default::default(),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str().map_or_else(|| v.to_string(), str::to_string),
                )
            })
            .collect(),
        Some(_) => return Err(ApiError::invalid("config must be an object of strings.")),
    };
    let values = service
        .vars
        .iter()
        .map(|v| (v.to_string(), provider_value(cx, service.name, v)))
        .collect();
    let failing = cx
        .addon_faults
        .fail_provisioning
        .iter()
        .any(|s| s == service.name);
    let (state, ready_at, vars_set) = if cx.provision_ms > 0 || failing {
        (
            AddonState::Provisioning,
            Some(cx.now + cx.provision_ms.max(1)),
            false,
        )
    } else {
        (AddonState::Provisioned, None, true)
    };
    let id = cx.uuid();
    cx.state.addons.push(Addon {
        id: id.clone(),
        name,
        app_id: app_id.clone(),
        service: service.name.to_string(),
        plan: plan.to_string(),
        state,
        ready_at,
        vars_set,
        values,
        config,
        created_at: cx.now,
        updated_at: cx.now,
    });
    let addon = cx.state.addons.len() - 1;
    for n in names {
        add_attachment(cx, addon, i, n, None);
    }
    if service.log_drain {
        let (drain_id, token, port) = (cx.uuid(), cx.uuid(), 10_000 + cx.state.rng.below(50_000));
        cx.state.drains.push(Drain {
            id: drain_id,
            app_id,
            url: format!("syslog+tls://logs.papertrailapp.com:{port}"),
            token: format!("d.{token}"),
            addon_id: Some(id),
            created_at: cx.now,
        });
    }
    Ok(Reply::Created(view(cx, &cx.state.addons[addon])))
}

pub fn update(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let a = addon_on_app(cx, &cx.state.apps[i].id.clone(), ident)?;
    // The schema requires `plan`; Heroku also takes a `name` alone (a
    // rename), so only a body with neither is refused, in its words.
    if cx.body.get("plan").is_none() && cx.body.get("name").is_none() {
        return Err(ApiError::invalid("Require params: plan."));
    }
    if let Some(wanted) = cx.ident("plan") {
        let (service, plan) = catalog::plan(&wanted).ok_or_else(|| {
            ApiError::invalid(format!(
                "Couldn't find either the add-on service or the add-on plan of \"{wanted}\"."
            ))
        })?;
        let addon = &cx.state.addons[a];
        lifecycle::refuse_plan_change(addon)?;
        if service.name != addon.service {
            return Err(ApiError::invalid(format!(
                "Cannot change the plan of {} to a plan of another service ({}).",
                addon.name, service.name
            )));
        }
        if cx.refuse_plan_changes.iter().any(|s| s == service.name) && addon.plan != plan {
            return Err(ApiError::invalid(format!(
                "{} does not support changing plans.",
                service.name
            )));
        }
        let (from, to) = (
            catalog::tier(service, &addon.plan),
            catalog::tier(service, plan),
        );
        if service.tiered_upgrades && (from == "essential") != (to == "essential") {
            return Err(ApiError::invalid(format!(
                "Changing the plan of {} from {}:{} to {}:{} is not supported: plans of the {from} tier cannot be changed to the {to} tier in place. Create a new database and copy the data with pg:copy.",
                addon.name, addon.service, addon.plan, service.name, plan
            )));
        }
        if cx.state.addons[a].plan != plan {
            cx.state.addons[a].plan = plan.to_string();
            lifecycle::slow_plan_change(cx, a);
        }
    }
    if let Some(name) = cx.str("name") {
        if cx
            .state
            .addons
            .iter()
            .enumerate()
            .any(|(j, x)| j != a && x.name == name)
        {
            return Err(ApiError::invalid(format!("Name {name} is already taken.")));
        }
        cx.state.addons[a].name = name;
    }
    cx.state.addons[a].updated_at = cx.now;
    Ok(Reply::Ok(view(cx, &cx.state.addons[a])))
}

/// Removes an add-on's attachments (a release on each app) and drains.
pub(super) fn detach_everything(cx: &mut Cx, addon_id: &str) {
    while let Some(att) = cx
        .state
        .attachments
        .iter()
        .position(|a| a.addon_id == addon_id)
    {
        remove_attachment(cx, att);
    }
    cx.state
        .drains
        .retain(|d| d.addon_id.as_deref() != Some(addon_id));
}

/// Removes an add-on with its attachments (a release on each app) and drains;
/// returns its last JSON, state `deprovisioned`.
pub fn remove_addon(cx: &mut Cx, addon_id: &str) -> Value {
    detach_everything(cx, addon_id);
    let Some(i) = cx.state.addons.iter().position(|a| a.id == addon_id) else {
        return Value::Null;
    };
    let mut addon = cx.state.addons.remove(i);
    addon.state = AddonState::Deprovisioned;
    addon.updated_at = cx.now;
    view(cx, &addon)
}

pub fn destroy(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let app_id = cx.state.apps[i].id.clone();
    let a = addon_on_app(cx, &app_id, ident)?;
    let addon = &cx.state.addons[a];
    if addon.app_id != app_id {
        return Err(ApiError::invalid(format!(
            "{} is billed to another app; detach it from this app instead.",
            addon.name
        )));
    }
    let force = cx
        .body
        .get("force")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let shared = cx
        .state
        .attachments
        .iter()
        .any(|t| t.addon_id == addon.id && t.app_id != app_id);
    if shared && !force {
        return Err(ApiError::invalid(format!(
            "{} is attached to other apps. Detach it from them first, or destroy it with force.",
            addon.name
        )));
    }
    if cx.addon_faults.refuse_destroy.contains(&addon.service) {
        return Err(ApiError::invalid(format!(
            "Could not destroy {}. Please try again later.",
            addon.name
        )));
    }
    let id = addon.id.clone();
    if cx.provision_ms > 0 {
        return Ok(Reply::Accepted(lifecycle::deprovision(cx, &id)));
    }
    Ok(Reply::Ok(remove_addon(cx, &id)))
}

/// `POST /actions/addons/resolve`: an add-on by id, global name, attachment
/// name on `app`, or `app::ATTACHMENT`.
pub fn resolve(cx: &mut Cx) -> ApiResult {
    let wanted = cx.required("addon")?;
    let (app, wanted) = match wanted.split_once("::") {
        Some((a, w)) => (Some(a.to_string()), w.to_string()),
        None => (cx.ident("app"), wanted),
    };
    let service = cx.ident("addon_service");
    let mut found: Vec<usize> = (0..cx.state.addons.len())
        .filter(|&i| {
            let a = &cx.state.addons[i];
            (a.id == wanted || a.name == wanted) && visible(cx, a)
        })
        .collect();
    if found.is_empty()
        && let Some(app) = app
    {
        let app_id = cx.state.apps[cx.app(&app)?].id.clone();
        found = cx
            .state
            .attachments
            .iter()
            .filter(|t| t.app_id == app_id && t.name.eq_ignore_ascii_case(&wanted))
            .filter_map(|t| cx.state.addons.iter().position(|a| a.id == t.addon_id))
            .collect();
    }
    found.retain(|&i| {
        service
            .as_ref()
            .is_none_or(|s| cx.state.addons[i].service == *s)
    });
    match found.len() {
        0 => Err(ApiError::not_found(
            "add_on",
            format!("Couldn't find that add-on: {wanted}."),
        )),
        1 => Ok(Reply::Ok(Value::Array(vec![view(
            cx,
            &cx.state.addons[found[0]],
        )]))),
        _ => Err(ApiError::invalid(format!(
            "Ambiguous identifier; multiple matching add-ons found for {wanted}."
        ))
        .with_id("multiple_matches")),
    }
}
