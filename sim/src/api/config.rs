//! Config vars (PATCH merges, `null` deletes, attachment-owned names refused,
//! one release per change) and buildpack installations (PUT replaces the
//! ordered list).

use serde_json::{Map, Value, json};

use super::{Cx, attachment_vars};
use crate::protocol::{ApiError, ApiResult, Reply};

/// The app's whole config: user vars and the vars of provisioned attachments.
fn full_config(cx: &Cx, app: usize) -> Value {
    let app = &cx.state.apps[app];
    let mut map: Map<String, Value> = app
        .config
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    for (name, value) in attachment_vars(cx.state, &app.id) {
        if let Some(value) = value {
            map.insert(name, json!(value));
        }
    }
    Value::Object(map)
}

pub fn info(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    Ok(Reply::Ok(full_config(cx, i)))
}

pub fn at_release(cx: &mut Cx, app: &str, release: &str) -> ApiResult {
    let i = cx.app(app)?;
    let app_id = cx.state.apps[i].id.clone();
    let version = release.trim_start_matches('v');
    let r = cx
        .state
        .releases
        .iter()
        .find(|r| r.app_id == app_id && (r.id == release || r.version.to_string() == version))
        .ok_or_else(|| ApiError::not_found("release", "Couldn't find that release."))?;
    Ok(Reply::Ok(json!(r.config)))
}

pub fn update(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let Value::Object(changes) = cx.body.clone() else {
        return Err(ApiError::invalid(
            "The request body must be an object of config vars.",
        ));
    };
    let owned = attachment_vars(cx.state, &cx.state.apps[i].id);
    let mut refused: Vec<&str> = changes
        .keys()
        .filter(|k| owned.contains_key(*k))
        .map(String::as_str)
        .collect();
    if !refused.is_empty() {
        refused.sort();
        return Err(ApiError::invalid(format!(
            "Cannot overwrite attachment values {}.",
            refused.join(", ")
        )));
    }
    let (mut set, mut removed) = (Vec::new(), Vec::new());
    for (key, value) in &changes {
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(ApiError::invalid(format!(
                "Invalid config var name: {key}. Names may only contain letters, digits and underscores."
            )));
        }
        match value {
            Value::Null => {
                if cx.state.apps[i].config.contains_key(key) {
                    removed.push(key.clone());
                }
            }
            Value::String(v) => {
                if cx.state.apps[i].config.get(key) != Some(v) {
                    set.push((key.clone(), v.clone()));
                }
            }
            _ => {
                return Err(ApiError::invalid(format!(
                    "Config var {key} must be a string or null."
                )));
            }
        }
    }
    let names = |v: &[String]| v.join(", ");
    let set_names: Vec<String> = set.iter().map(|(k, _)| k.clone()).collect();
    let description = match (set.is_empty(), removed.is_empty()) {
        (true, true) => None,
        (false, true) => Some(format!("Set {} config vars", names(&set_names))),
        (true, false) => Some(format!("Remove {} config vars", names(&removed))),
        (false, false) => Some(format!(
            "Update {} config vars",
            names(&[set_names, removed.clone()].concat())
        )),
    };
    let config = &mut cx.state.apps[i].config;
    for (k, v) in set {
        config.insert(k, v);
    }
    for k in &removed {
        config.remove(k);
    }
    if let Some(description) = description {
        cx.release(i, description);
    }
    Ok(Reply::Ok(full_config(cx, i)))
}

fn installation(ordinal: usize, buildpack: &str) -> Value {
    let url = if buildpack.contains("://") || buildpack.starts_with("urn:") {
        buildpack.to_string()
    } else {
        format!("urn:buildpack:{buildpack}")
    };
    json!({"ordinal": ordinal, "buildpack": {"url": url, "name": buildpack}})
}

pub fn buildpacks(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let list = cx.state.apps[i]
        .buildpacks
        .iter()
        .enumerate()
        .map(|(n, b)| installation(n, b))
        .collect();
    Ok(Reply::Ok(Value::Array(list)))
}

pub fn set_buildpacks(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let updates = cx
        .body
        .get("updates")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::invalid("Require params: updates."))?;
    let mut list = Vec::new();
    for update in updates {
        let bp = update
            .get("buildpack")
            .and_then(crate::protocol::ident)
            .filter(|b| !b.trim().is_empty())
            .ok_or_else(|| ApiError::invalid("Each update needs a buildpack."))?;
        let bp = bp.strip_prefix("urn:buildpack:").unwrap_or(&bp);
        // A registry archive (what the CLI sends for a name it looked up)
        // is kept as the registry name, as Heroku shows it.
        let bp = crate::registry::id_of_blob_url(bp)
            .unwrap_or(bp)
            .to_string();
        if list.contains(&bp) {
            return Err(ApiError::invalid(format!(
                "Buildpack {bp} is listed twice."
            )));
        }
        list.push(bp);
    }
    cx.state.apps[i].buildpacks = list;
    cx.state.apps[i].updated_at = cx.now;
    buildpacks(cx, app)
}
