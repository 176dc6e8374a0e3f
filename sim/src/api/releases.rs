//! Slugs and releases: slug create (with its process types), deploy a slug,
//! roll back to an earlier release (its code and config vars), list and info.
//! A deploy or rollback brings the formation in line with the slug's process
//! types.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::lookups::stack_ref;
use super::{Cx, app_ref, current_release, formation, ts};
use crate::protocol::{ApiError, ApiResult, Reply};
use crate::state::{Release, Slug};

/// The JSON of a release.
pub fn view(cx: &Cx, r: &Release) -> Value {
    let current = current_release(cx.state, &r.app_id)
        .map(|c| c.id == r.id)
        .unwrap_or(false);
    let artifacts: Vec<Value> = r
        .slug_id
        .iter()
        .map(|id| json!({"type": "slug", "id": id}))
        .collect();
    json!({
        "addon_plan_names": r.addon_plan_names,
        "artifacts": artifacts,
        "app": app_ref(cx.state, &r.app_id),
        "created_at": ts(r.created_at),
        "description": r.description,
        "id": r.id,
        "updated_at": ts(r.created_at),
        "slug": r.slug_id.as_ref().map(|id| json!({"id": id})),
        "status": "succeeded",
        "user": {"id": r.user_id, "email": r.user_email},
        "version": r.version,
        "current": current,
        "output_stream_url": null,
        // Every release is eligible, the current one too: the official CLI
        // rolls back to the second eligible release, newest first.
        "eligible_for_rollback": true,
    })
}

fn slug_view(s: &Slug) -> Value {
    json!({
        "blob": {"method": "get", "url": format!("https://slugs.example.invalid/{}.tgz", s.id)},
        "buildpack_provided_description": null,
        "checksum": null,
        "commit": s.commit,
        "commit_description": s.commit_description,
        "created_at": ts(s.created_at),
        "id": s.id,
        "process_types": s.process_types,
        "size": null,
        "stack": stack_ref(&s.stack),
        "updated_at": ts(s.created_at),
        "deleted_at": null,
    })
}

pub fn create_slug(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let types = cx
        .body
        .get("process_types")
        .and_then(Value::as_object)
        .ok_or_else(|| ApiError::invalid("Require params: process_types."))?;
    let mut process_types = BTreeMap::new();
    for (kind, command) in types {
        let command = command
            .as_str()
            .ok_or_else(|| ApiError::invalid(format!("Process type {kind} needs a command.")))?;
        if kind.is_empty()
            || !kind
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(ApiError::invalid(format!("Invalid process type: {kind}.")));
        }
        process_types.insert(kind.clone(), command.to_string());
    }
    let slug = Slug {
        id: cx.uuid(),
        app_id: cx.state.apps[i].id.clone(),
        process_types,
        commit: cx.str("commit"),
        commit_description: cx.str("commit_description"),
        stack: cx
            .ident("stack")
            .unwrap_or_else(|| cx.state.apps[i].build_stack.clone()),
        created_at: cx.now,
    };
    let body = slug_view(&slug);
    cx.state.slugs.push(slug);
    Ok(Reply::Created(body))
}

pub fn slug_info(cx: &mut Cx, app: &str, id: &str) -> ApiResult {
    let i = cx.app(app)?;
    let app_id = &cx.state.apps[i].id;
    cx.state
        .slugs
        .iter()
        .find(|s| s.id == id && s.app_id == *app_id)
        .map(|s| Reply::Ok(slug_view(s)))
        .ok_or_else(|| ApiError::not_found("slug", "Couldn't find that slug."))
}

pub fn list(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let app_id = cx.state.apps[i].id.clone();
    Ok(Reply::List(
        cx.state
            .releases
            .iter()
            .filter(|r| r.app_id == app_id)
            .map(|r| view(cx, r))
            .collect(),
    ))
}

fn find(cx: &Cx, app_id: &str, ident: &str) -> Result<usize, ApiError> {
    let version = ident.trim_start_matches('v');
    cx.state
        .releases
        .iter()
        .position(|r| r.app_id == app_id && (r.id == ident || r.version.to_string() == version))
        .ok_or_else(|| ApiError::not_found("release", "Couldn't find that release."))
}

pub fn info(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let r = find(cx, &cx.state.apps[i].id.clone(), ident)?;
    Ok(Reply::Ok(view(cx, &cx.state.releases[r])))
}

/// Deploys a slug (`{"slug"}`) or rolls back (`{"release"}`).
pub fn create(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let app_id = cx.state.apps[i].id.clone();
    let id = if let Some(target) = cx.ident("release") {
        let r = find(cx, &app_id, &target)?;
        let (version, slug, config) = {
            let r = &cx.state.releases[r];
            (r.version, r.slug_id.clone(), r.config.clone())
        };
        if current_release(cx.state, &app_id).is_some_and(|c| c.version == version) {
            return Err(ApiError::invalid(format!(
                "Release v{version} is already the current release."
            )));
        }
        cx.state.apps[i].config = config;
        let id = cx.release(i, format!("Rollback to v{version}"));
        set_slug(cx, i, &id, slug);
        id
    } else {
        let slug_id = cx.required("slug")?;
        let slug = cx
            .state
            .slugs
            .iter()
            .find(|s| s.id == slug_id && s.app_id == app_id)
            .ok_or_else(|| ApiError::not_found("slug", "Couldn't find that slug."))?;
        let description = cx.str("description").unwrap_or_else(|| match &slug.commit {
            Some(c) => format!("Deploy {}", &c[..c.len().min(8)]),
            None => "Deploy".to_string(),
        });
        let id = cx.release(i, description);
        set_slug(cx, i, &id, Some(slug_id));
        id
    };
    let r = cx
        .state
        .releases
        .iter()
        .find(|r| r.id == id)
        .expect("new release");
    Ok(Reply::Created(view(cx, r)))
}

/// Points release `id` at `slug` and brings the formation in line with it.
fn set_slug(cx: &mut Cx, app: usize, release_id: &str, slug: Option<String>) {
    if let Some(r) = cx.state.releases.iter_mut().find(|r| r.id == release_id) {
        r.slug_id = slug.clone();
    }
    let types = slug
        .and_then(|id| cx.state.slugs.iter().find(|s| s.id == id))
        .map(|s| s.process_types.clone())
        .unwrap_or_default();
    formation::sync(cx, app, &types);
}
