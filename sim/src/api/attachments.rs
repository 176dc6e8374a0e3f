//! Add-on attachments: list, info (by id, or by name on an app), attach
//! (across apps; taking over a name such as `DATABASE` needs `confirm`, as
//! promotion does), detach (never an add-on's last attachment), and resolve.
//! Attachment names prefix the add-on's config vars.

use serde_json::{Value, json};

use super::addons::{
    add_attachment, default_names, find_addon, remove_attachment, valid_attachment_name,
};
use super::{Cx, app_ref, ts};
use crate::catalog;
use crate::protocol::{ApiError, ApiResult, Reply};
use crate::state::Attachment;

/// The JSON of an attachment.
pub fn attachment_view(cx: &Cx, att: &Attachment) -> Value {
    let addon = cx.state.addons.iter().find(|a| a.id == att.addon_id);
    json!({
        "addon": {
            "id": att.addon_id,
            "name": addon.map(|a| a.name.clone()),
            "app": addon.map(|a| app_ref(cx.state, &a.app_id)),
        },
        "app": app_ref(cx.state, &att.app_id),
        "created_at": ts(att.created_at),
        "id": att.id,
        "name": att.name,
        "namespace": att.namespace,
        "updated_at": ts(att.updated_at),
        "web_url": format!("https://addons-sso.heroku.com/apps/{}/addons/{}", att.app_id, att.addon_id),
        "log_input_url": null,
    })
}

pub fn attachments_all(cx: &mut Cx) -> ApiResult {
    let list = cx
        .state
        .attachments
        .iter()
        .filter(|a| cx.app(&a.app_id).is_ok())
        .map(|a| attachment_view(cx, a))
        .collect();
    Ok(Reply::List(list))
}

pub fn attachments_of_addon(cx: &mut Cx, ident: &str) -> ApiResult {
    let i = find_addon(cx, ident)?;
    let id = cx.state.addons[i].id.clone();
    Ok(Reply::List(
        cx.state
            .attachments
            .iter()
            .filter(|a| a.addon_id == id)
            .map(|a| attachment_view(cx, a))
            .collect(),
    ))
}

pub fn attachments_of_app(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let id = cx.state.apps[i].id.clone();
    Ok(Reply::List(
        cx.state
            .attachments
            .iter()
            .filter(|a| a.app_id == id)
            .map(|a| attachment_view(cx, a))
            .collect(),
    ))
}

pub fn attachment_info(cx: &mut Cx, app: Option<&str>, ident: &str) -> ApiResult {
    let app_id = match app {
        Some(a) => Some(cx.state.apps[cx.app(a)?].id.clone()),
        None => None,
    };
    let att = cx
        .state
        .attachments
        .iter()
        .find(|a| match &app_id {
            Some(app_id) => {
                a.app_id == *app_id && (a.id == ident || a.name.eq_ignore_ascii_case(ident))
            }
            None => a.id == ident,
        })
        .filter(|a| cx.app(&a.app_id).is_ok())
        .ok_or_else(|| {
            ApiError::not_found("addon_attachment", "Couldn't find that add-on attachment.")
        })?;
    Ok(Reply::Ok(attachment_view(cx, att)))
}

pub fn attach(cx: &mut Cx) -> ApiResult {
    let a = find_addon(cx, &cx.required("addon")?)?;
    let app = cx.app(&cx.required("app")?)?;
    let app_id = cx.state.apps[app].id.clone();
    super::lifecycle::refuse_attach(&cx.state.addons[a])?;
    let service = catalog::service(&cx.state.addons[a].service).expect("catalogue service");
    if !service.supports_sharing && cx.state.addons[a].app_id != app_id {
        return Err(ApiError::invalid(
            "add-on resource not found or cannot be attached",
        ));
    }
    let name = match cx.str("name") {
        Some(n) => n.to_ascii_uppercase(),
        None => default_names(cx, &app_id, service).remove(0),
    };
    if !valid_attachment_name(&name) {
        return Err(ApiError::invalid(format!(
            "Attachment name {name} is invalid: use letters, digits and underscores."
        )));
    }
    if cx.addon_faults.refuse_attach.contains(&name) {
        return Err(ApiError::invalid(format!(
            "Could not attach {} as {name}. Please try again later.",
            cx.state.addons[a].name
        )));
    }
    let namespace = cx.str("namespace");
    if let Some(old) = cx
        .state
        .attachments
        .iter()
        .position(|t| t.app_id == app_id && t.name == name)
    {
        let app_name = cx.state.apps[app].name.clone();
        if cx.str("confirm").as_deref() != Some(app_name.as_str()) {
            let mut e = ApiError::new(
                423,
                "confirmation_required",
                format!(
                    "The attachment name {name} is already used on {app_name}. Confirm with the app name to move it."
                ),
            );
            e.header = Some(("X-Confirmation-Required", "addon_attachment_replace".into()));
            return Err(e);
        }
        let old_addon = cx.state.attachments[old].addon_id.clone();
        if cx
            .state
            .attachments
            .iter()
            .filter(|t| t.addon_id == old_addon)
            .count()
            == 1
        {
            return Err(ApiError::invalid(
                "Cannot destroy last attachment to billing app",
            ));
        }
        remove_attachment(cx, old);
    }
    let att = add_attachment(cx, a, app, name, namespace);
    Ok(Reply::Created(attachment_view(
        cx,
        &cx.state.attachments[att],
    )))
}

pub fn detach(cx: &mut Cx, id: &str) -> ApiResult {
    let att = cx
        .state
        .attachments
        .iter()
        .position(|a| a.id == id && cx.app(&a.app_id).is_ok())
        .ok_or_else(|| {
            ApiError::not_found("addon_attachment", "Couldn't find that add-on attachment.")
        })?;
    let addon_id = cx.state.attachments[att].addon_id.clone();
    if cx
        .state
        .attachments
        .iter()
        .filter(|t| t.addon_id == addon_id)
        .count()
        == 1
    {
        return Err(ApiError::invalid(
            "Cannot destroy last attachment to billing app",
        ));
    }
    let view = attachment_view(cx, &cx.state.attachments[att]);
    remove_attachment(cx, att);
    Ok(Reply::Ok(view))
}

/// `POST /actions/addon-attachments/resolve`: attachments by name on `app`.
pub fn resolve_attachment(cx: &mut Cx) -> ApiResult {
    let wanted = cx.required("addon_attachment")?;
    let app_id = match cx.ident("app") {
        Some(a) => Some(cx.state.apps[cx.app(&a)?].id.clone()),
        None => None,
    };
    let found: Vec<Value> = cx
        .state
        .attachments
        .iter()
        .filter(|t| {
            (t.name.eq_ignore_ascii_case(&wanted) || t.id == wanted)
                && app_id.as_ref().is_none_or(|a| *a == t.app_id)
        })
        .filter(|t| cx.app(&t.app_id).is_ok())
        .map(|t| attachment_view(cx, t))
        .collect();
    if found.is_empty() {
        return Err(ApiError::not_found(
            "add_on attachment",
            format!("Couldn't find that add-on attachment: {wanted}."),
        ));
    }
    Ok(Reply::Ok(Value::Array(found)))
}
