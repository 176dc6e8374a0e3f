//! Log drains: create (URL checked), list, info by id, URL or token, delete.
//! Drains created by add-ons are marked with their add-on and cannot be
//! deleted directly.

use serde_json::{Value, json};

use super::{Cx, app_ref, ts};
use crate::protocol::{ApiError, ApiResult, Reply};
use crate::state::Drain;

fn view(cx: &Cx, d: &Drain) -> Value {
    let addon = d
        .addon_id
        .as_ref()
        .and_then(|id| cx.state.addons.iter().find(|a| a.id == *id))
        .map(|a| json!({"id": a.id, "name": a.name, "app": app_ref(cx.state, &a.app_id)}));
    json!({
        "addon": addon,
        "app": app_ref(cx.state, &d.app_id),
        "created_at": ts(d.created_at),
        "id": d.id,
        "token": d.token,
        "updated_at": ts(d.created_at),
        "url": d.url,
    })
}

/// Why Heroku would refuse `url` as a drain, if it would.
fn url_problem(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if !["syslog", "syslog+tls", "https", "http"].contains(&scheme) {
        return Some(format!(
            "Url scheme {scheme} is not supported. Use syslog://, syslog+tls:// or https://."
        ));
    }
    if host.split(':').next().unwrap_or("").is_empty() {
        return Some("Url must have a host.".into());
    }
    None
}

pub fn list(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let id = cx.state.apps[i].id.clone();
    Ok(Reply::List(
        cx.state
            .drains
            .iter()
            .filter(|d| d.app_id == id)
            .map(|d| view(cx, d))
            .collect(),
    ))
}

pub fn of_addon(cx: &mut Cx, addon: &str) -> ApiResult {
    let a = cx
        .state
        .addons
        .iter()
        .find(|a| (a.id == addon || a.name == addon) && cx.app(&a.app_id).is_ok())
        .ok_or_else(|| ApiError::not_found("addon", "Couldn't find that add-on."))?;
    let id = a.id.clone();
    Ok(Reply::List(
        cx.state
            .drains
            .iter()
            .filter(|d| d.addon_id.as_deref() == Some(&id))
            .map(|d| view(cx, d))
            .collect(),
    ))
}

pub fn create(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let url = cx.required("url")?;
    if !url.contains("://") {
        return Err(ApiError::invalid(format!("Url {url} is invalid.")));
    }
    if let Some(why) = url_problem(&url) {
        return Err(ApiError::invalid(why));
    }
    let app_id = cx.state.apps[i].id.clone();
    if cx
        .state
        .drains
        .iter()
        .any(|d| d.app_id == app_id && d.url == url)
    {
        return Err(ApiError::invalid("Url has already been taken"));
    }
    let (id, token) = (cx.uuid(), cx.uuid());
    cx.state.drains.push(Drain {
        id,
        app_id,
        url,
        token: format!("d.{token}"),
        addon_id: None,
        created_at: cx.now,
    });
    let d = cx.state.drains.last().expect("just pushed");
    Ok(Reply::Created(view(cx, d)))
}

fn find(cx: &Cx, app_id: &str, ident: &str) -> Result<usize, ApiError> {
    cx.state
        .drains
        .iter()
        .position(|d| d.app_id == app_id && (d.id == ident || d.url == ident || d.token == ident))
        .ok_or_else(|| ApiError::not_found("log-drain", "Couldn't find that log drain."))
}

pub fn info(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let d = find(cx, &cx.state.apps[i].id.clone(), ident)?;
    Ok(Reply::Ok(view(cx, &cx.state.drains[d])))
}

pub fn destroy(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let d = find(cx, &cx.state.apps[i].id.clone(), ident)?;
    if cx.state.drains[d].addon_id.is_some() {
        return Err(ApiError::invalid(
            "This drain was created by an add-on and can only be removed by removing the add-on.",
        ));
    }
    let body = view(cx, &cx.state.drains[d]);
    cx.state.drains.remove(d);
    Ok(Reply::Ok(body))
}
