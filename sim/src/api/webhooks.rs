//! App webhooks: `/apps/{app}/webhooks` create, list, info, update, delete.
//!
//! Heroku's rules are checked here (the schema types them, the handler
//! refuses what Heroku refuses): an https URL, `include` entity types from
//! Heroku's list, level `notify` or `sync`, at most 10 webhooks per app.
//! `secret` and `authorization` are kept and never returned: the view has
//! no field for them; only a secret Heroku makes up (none was given) is
//! answered, once, in the `Heroku-Webhook-Secret` header of the create.

use serde_json::{Value, json};

use super::{Cx, app_ref, ts};
use crate::protocol::{ApiError, ApiResult, Reply};
use crate::state::Webhook;

/// The entity types an app webhook may include (Dev Center, "App Webhooks").
pub const ENTITIES: &[&str] = &[
    "api:addon-attachment",
    "api:addon",
    "api:app",
    "api:build",
    "api:collaborator",
    "api:domain",
    "api:dyno",
    "api:formation",
    "api:release",
    "api:sni-endpoint",
];

/// Webhooks an app may have (Dev Center, "Limits").
pub const MAX_PER_APP: usize = 10;

fn view(cx: &Cx, w: &Webhook) -> Value {
    json!({
        "app": app_ref(cx.state, &w.app_id),
        "created_at": ts(w.created_at),
        "id": w.id,
        "include": w.include,
        "level": w.level,
        "updated_at": ts(w.updated_at),
        "url": w.url,
    })
}

/// Why Heroku would refuse `url` as a webhook's, if it would.
fn url_problem(url: &str) -> Option<String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Some(format!("Url {url} is invalid."));
    };
    if !scheme.eq_ignore_ascii_case("https") {
        return Some("Url must use https.".into());
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    if host.split(':').next().unwrap_or("").is_empty() {
        return Some("Url must have a host.".into());
    }
    None
}

/// The body's `include`, checked, if given.
fn include_of(cx: &Cx) -> Result<Option<Vec<String>>, ApiError> {
    let Some(list) = cx.body.get("include") else {
        return Ok(None);
    };
    let names: Vec<String> = list
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect();
    let unknown: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| !ENTITIES.contains(n))
        .collect();
    if !unknown.is_empty() {
        return Err(ApiError::invalid(format!(
            "Include contains unknown entities: {}. Entities: {}.",
            unknown.join(", "),
            ENTITIES.join(", ")
        )));
    }
    if names.is_empty() {
        return Err(ApiError::invalid("Include can't be empty."));
    }
    let mut unique: Vec<String> = Vec::new();
    for n in names {
        if !unique.contains(&n) {
            unique.push(n);
        }
    }
    Ok(Some(unique))
}

/// The body's `level`, checked, if given.
fn level_of(cx: &Cx) -> Result<Option<String>, ApiError> {
    match cx.str("level") {
        Some(l) if l == "notify" || l == "sync" => Ok(Some(l)),
        Some(_) => Err(ApiError::invalid("Level must be notify or sync.")),
        None => Ok(None),
    }
}

/// The body's `url`, checked, if given.
fn url_of(cx: &Cx) -> Result<Option<String>, ApiError> {
    let Some(url) = cx.str("url") else {
        return Ok(None);
    };
    match url_problem(&url) {
        Some(why) => Err(ApiError::invalid(why)),
        None => Ok(Some(url)),
    }
}

pub fn list(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let id = cx.state.apps[i].id.clone();
    Ok(Reply::List(
        cx.state
            .webhooks
            .iter()
            .filter(|w| w.app_id == id)
            .map(|w| view(cx, w))
            .collect(),
    ))
}

pub fn create(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let url = url_of(cx)?.ok_or_else(|| ApiError::invalid("Require params: url."))?;
    let include = include_of(cx)?.ok_or_else(|| ApiError::invalid("Require params: include."))?;
    let level = level_of(cx)?.ok_or_else(|| ApiError::invalid("Require params: level."))?;
    let app_id = cx.state.apps[i].id.clone();
    let count = cx
        .state
        .webhooks
        .iter()
        .filter(|w| w.app_id == app_id)
        .count();
    if count >= MAX_PER_APP {
        return Err(ApiError::invalid(format!(
            "This app already has {MAX_PER_APP} webhooks, the most an app can have."
        )));
    }
    // Heroku makes up a signing secret when none is given, and returns it
    // once, in a header (never in a body).
    let given = cx.str("secret");
    let generated = given.is_none().then(|| cx.uuid().replace('-', ""));
    let id = cx.uuid();
    cx.state.webhooks.push(Webhook {
        id,
        app_id,
        url,
        include,
        level,
        secret: given.or_else(|| generated.clone()),
        authorization: cx.str("authorization"),
        created_at: cx.now,
        updated_at: cx.now,
    });
    let w = cx.state.webhooks.last().expect("just pushed");
    let body = view(cx, w);
    Ok(match generated {
        Some(secret) => Reply::CreatedWithHeader(body, ("Heroku-Webhook-Secret", secret)),
        None => Reply::Created(body),
    })
}

fn find(cx: &Cx, app_id: &str, ident: &str) -> Result<usize, ApiError> {
    cx.state
        .webhooks
        .iter()
        .position(|w| w.app_id == app_id && w.id == ident)
        .ok_or_else(|| ApiError::not_found("app-webhook", "Couldn't find that webhook."))
}

pub fn info(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let w = find(cx, &cx.state.apps[i].id.clone(), ident)?;
    Ok(Reply::Ok(view(cx, &cx.state.webhooks[w])))
}

pub fn update(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let w = find(cx, &cx.state.apps[i].id.clone(), ident)?;
    let (url, include, level) = (url_of(cx)?, include_of(cx)?, level_of(cx)?);
    // `null` clears a secret or an authorization; a missing key keeps it.
    let cleared = |key: &str| cx.body.get(key).map(|v| v.as_str().map(str::to_string));
    let (secret, authorization) = (cleared("secret"), cleared("authorization"));
    let hook = &mut cx.state.webhooks[w];
    if let Some(url) = url {
        hook.url = url;
    }
    if let Some(include) = include {
        hook.include = include;
    }
    if let Some(level) = level {
        hook.level = level;
    }
    if let Some(secret) = secret {
        hook.secret = secret;
    }
    if let Some(authorization) = authorization {
        hook.authorization = authorization;
    }
    hook.updated_at = cx.now;
    Ok(Reply::Ok(view(cx, &cx.state.webhooks[w])))
}

pub fn destroy(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let w = find(cx, &cx.state.apps[i].id.clone(), ident)?;
    let body = view(cx, &cx.state.webhooks[w]);
    cx.state.webhooks.remove(w);
    Ok(Reply::Ok(body))
}
