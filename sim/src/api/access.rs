//! Collaborators: personal apps through `/apps/{app}/collaborators`, team apps
//! also through `/teams/apps/{app}/collaborators` with permissions. The owner
//! is listed (role `owner`) and cannot be removed. The account that created
//! a team app is not listed, and can leave it once.

use serde_json::{Value, json};

use super::{Cx, ts};
use crate::catalog::{PERMISSIONS, stable_id};
use crate::protocol::{ApiError, ApiResult, Reply};
use crate::state::Collaborator;

fn view(cx: &Cx, c: &Collaborator) -> Value {
    let app = cx.state.apps.iter().find(|a| a.id == c.app_id);
    let permissions: Vec<Value> = c
        .permissions
        .iter()
        .map(|p| {
            let description = PERMISSIONS.iter().find(|x| x.0 == p).map_or("", |x| x.1);
            json!({"name": p, "description": description})
        })
        .collect();
    let role = if c.role == "collaborator" {
        Value::Null
    } else {
        json!(c.role)
    };
    json!({
        "app": {"name": app.map(|a| a.name.clone()), "id": c.app_id},
        "created_at": ts(c.created_at),
        "id": c.id,
        "permissions": permissions,
        "role": role,
        "updated_at": ts(c.updated_at),
        "user": {"email": c.email, "federated": false, "id": c.user_id},
    })
}

pub fn permissions() -> ApiResult {
    Ok(Reply::List(
        PERMISSIONS
            .iter()
            .map(|(n, d)| json!({"name": n, "description": d}))
            .collect(),
    ))
}

pub fn list(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let app_id = cx.state.apps[i].id.clone();
    Ok(Reply::List(
        cx.state
            .collaborators
            .iter()
            .filter(|c| c.app_id == app_id)
            .map(|c| view(cx, c))
            .collect(),
    ))
}

fn find(cx: &Cx, app_id: &str, ident: &str) -> Result<usize, ApiError> {
    cx.state
        .collaborators
        .iter()
        .position(|c| c.app_id == app_id && (c.id == ident || c.email.eq_ignore_ascii_case(ident)))
        .ok_or_else(|| ApiError::not_found("collaborator", "Couldn't find that collaborator."))
}

pub fn info(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let c = find(cx, &cx.state.apps[i].id.clone(), ident)?;
    Ok(Reply::Ok(view(cx, &cx.state.collaborators[c])))
}

fn permissions_of(cx: &Cx) -> Result<Vec<String>, ApiError> {
    let Some(list) = cx.body.get("permissions") else {
        return Ok(vec!["view".into()]);
    };
    let mut names: Vec<String> = list
        .as_array()
        .ok_or_else(|| ApiError::invalid("permissions must be an array."))?
        .iter()
        .map(|p| {
            crate::protocol::ident(p)
                .ok_or_else(|| ApiError::invalid("Each permission must be a name."))
        })
        .collect::<Result<_, _>>()?;
    for n in &names {
        if !PERMISSIONS.iter().any(|p| p.0 == n) {
            return Err(ApiError::invalid(format!(
                "Invalid permission: {n}. Permissions: view, deploy, operate, manage."
            )));
        }
    }
    // Heroku always grants view, and keeps the list sorted.
    if !names.iter().any(|n| n == "view") {
        names.push("view".into());
    }
    names.sort();
    names.dedup();
    Ok(names)
}

pub fn create(cx: &mut Cx, app: &str, team_route: bool) -> ApiResult {
    let i = cx.app(app)?;
    let email = cx.required("user")?;
    let valid = email
        .split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'));
    if !valid {
        return Err(ApiError::invalid(format!(
            "Invalid email address: {email}."
        )));
    }
    let app_id = cx.state.apps[i].id.clone();
    if find(cx, &app_id, &email).is_ok() {
        return Err(ApiError::invalid(format!(
            "{email} is already a collaborator on this app."
        )));
    }
    let team = cx.state.apps[i].team.is_some();
    if team_route && !team {
        return Err(ApiError::invalid(
            "This is not a team app: use /apps/{app}/collaborators.",
        ));
    }
    let permissions = if team {
        permissions_of(cx)?
    } else {
        Vec::new()
    };
    let id = cx.uuid();
    cx.state.collaborators.push(Collaborator {
        id,
        app_id,
        email: email.clone(),
        user_id: stable_id(&format!("user:{email}")),
        role: if team {
            "member".into()
        } else {
            "collaborator".into()
        },
        permissions,
        created_at: cx.now,
        updated_at: cx.now,
    });
    let c = cx.state.collaborators.last().expect("just pushed");
    Ok(Reply::Created(view(cx, c)))
}

pub fn update(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let c = find(cx, &cx.state.apps[i].id.clone(), ident)?;
    if cx.body.get("permissions").is_none() {
        return Err(ApiError::invalid("Require params: permissions."));
    }
    let permissions = permissions_of(cx)?;
    cx.state.collaborators[c].permissions = permissions;
    cx.state.collaborators[c].updated_at = cx.now;
    Ok(Reply::Ok(view(cx, &cx.state.collaborators[c])))
}

pub fn destroy(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let app_id = cx.state.apps[i].id.clone();
    let creator = cx.state.apps[i].creator_email.clone();
    if find(cx, &app_id, ident).is_err() && creator.is_some_and(|e| e.eq_ignore_ascii_case(ident)) {
        return leave_as_creator(cx, i);
    }
    let c = find(cx, &app_id, ident)?;
    if cx.state.collaborators[c].role == "owner" {
        return Err(ApiError::invalid(
            "The owner of an app cannot be removed from it.",
        ));
    }
    let body = view(cx, &cx.state.collaborators[c]);
    cx.state.collaborators.remove(c);
    Ok(Reply::Ok(body))
}

/// The creator of a team app leaving it (`heroku apps:leave`): a team admin
/// with every permission, never stored as a collaborator, so the list does
/// not show them; answered as the collaborator they were, once.
fn leave_as_creator(cx: &mut Cx, app: usize) -> ApiResult {
    let email = cx.state.apps[app].creator_email.take().unwrap_or_default();
    let created_at = cx.state.apps[app].created_at;
    let creator = Collaborator {
        id: stable_id(&format!("creator:{}:{email}", cx.state.apps[app].id)),
        app_id: cx.state.apps[app].id.clone(),
        user_id: if email == cx.account.email {
            cx.account.id.clone()
        } else {
            stable_id(&format!("user:{email}"))
        },
        email,
        role: "admin".into(),
        permissions: PERMISSIONS.iter().map(|p| p.0.to_string()).collect(),
        created_at,
        updated_at: cx.now,
    };
    Ok(Reply::Ok(view(cx, &creator)))
}
