//! App features (Heroku Labs flags): the catalogue, each with the app's
//! `enabled` state; PATCH turns one on or off.

use serde_json::{Value, json};

use super::{Cx, ts};
use crate::catalog::{FEATURES, stable_id};
use crate::protocol::{ApiError, ApiResult, Reply};

fn view(cx: &Cx, app: usize, f: &(&str, &str, &str, &str)) -> Value {
    let a = &cx.state.apps[app];
    json!({
        "created_at": ts(a.created_at),
        "description": f.2,
        "doc_url": format!("https://devcenter.heroku.com/articles/{}", f.0),
        "enabled": a.features.get(f.0).copied().unwrap_or(false),
        "id": stable_id(&format!("feature:{}", f.0)),
        "name": f.0,
        "state": f.3,
        "updated_at": ts(a.updated_at),
        "display_name": f.1,
        "feedback_email": format!("{}@heroku.com", f.0),
    })
}

fn find(
    ident: &str,
) -> Result<&'static (&'static str, &'static str, &'static str, &'static str), ApiError> {
    FEATURES
        .iter()
        .find(|f| f.0 == ident || stable_id(&format!("feature:{}", f.0)) == ident)
        .ok_or_else(|| ApiError::not_found("app-feature", "Couldn't find that feature."))
}

pub fn list(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    Ok(Reply::List(
        FEATURES.iter().map(|f| view(cx, i, f)).collect(),
    ))
}

pub fn info(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    Ok(Reply::Ok(view(cx, i, find(ident)?)))
}

pub fn update(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let f = find(ident)?;
    let enabled = cx
        .body
        .get("enabled")
        .and_then(Value::as_bool)
        .ok_or_else(|| ApiError::invalid("Require params: enabled."))?;
    cx.state.apps[i].features.insert(f.0.to_string(), enabled);
    cx.state.apps[i].updated_at = cx.now;
    Ok(Reply::Ok(view(cx, i, f)))
}
