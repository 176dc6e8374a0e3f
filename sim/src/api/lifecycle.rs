//! The add-on lifecycle over time, under `--provision-ms`: what happens when
//! provisioning, a plan change or deprovisioning completes, and what an
//! add-on still settling refuses.
//!
//! - Provisioning completes: the config vars appear and the "Attach"
//!   releases held back until then are cut (at the time it completed), one
//!   per attachment made meanwhile, by whoever made it.
//! - A plan change takes as long: the add-on answers `provisioning` with the
//!   new plan, its config vars kept.
//! - A destroy answers 202 `deprovisioning`: the attachments and their vars
//!   go at once (with their "Detach" releases); the add-on itself goes when
//!   deprovisioning completes.
//!
//! Only the core's clock moves an add-on on ([`settle`], before each
//! request); nothing here reads the time itself.

use serde_json::Value;

use super::{Cx, addons};
use crate::protocol::ApiError;
use crate::state::{Addon, AddonState, Release, State};

/// Moves add-ons whose time has come on: provisioned (cutting the releases
/// held back), or gone. A first provisioning of a service in `failing` (a
/// test fault) ends `deprovisioned` instead, as Heroku shows an add-on whose
/// provider gave up: no vars, no release, its attachments kept until it is
/// destroyed. Returns whether anything changed.
pub fn settle(state: &mut State, now: u64, failing: &[String]) -> bool {
    let due: Vec<(String, u64)> = state
        .addons
        .iter()
        .filter_map(|a| a.ready_at.filter(|t| *t <= now).map(|t| (a.id.clone(), t)))
        .collect();
    for (id, at) in &due {
        let Some(i) = state.addons.iter().position(|a| a.id == *id) else {
            continue;
        };
        if state.addons[i].state == AddonState::Deprovisioning {
            state.addons.remove(i);
            continue;
        }
        let addon = &mut state.addons[i];
        if !addon.vars_set && failing.contains(&addon.service) {
            addon.state = AddonState::Deprovisioned;
            addon.ready_at = None;
            addon.updated_at = *at;
            continue;
        }
        addon.state = AddonState::Provisioned;
        addon.vars_set = true;
        addon.ready_at = None;
        addon.updated_at = *at;
        let name = addon.name.clone();
        let held: Vec<(String, String, (String, String))> = state
            .attachments
            .iter_mut()
            .filter(|t| t.addon_id == *id)
            .filter_map(|t| Some((t.app_id.clone(), t.name.clone(), t.release_pending.take()?)))
            .collect();
        for (app_id, attachment, (user_id, user_email)) in held {
            if let Some(app) = state.apps.iter().position(|a| a.id == app_id) {
                let description = format!("Attach {attachment} (@ref:{name})");
                cut_release(state, app, description, (&user_id, &user_email), *at);
            }
        }
    }
    !due.is_empty()
}

/// Creates a release of app `app` by `user` (id, email) at `now`; returns its id.
pub fn cut_release(
    state: &mut State,
    app: usize,
    description: String,
    user: (&str, &str),
    now: u64,
) -> String {
    let id = state.rng.uuid();
    let app_id = state.apps[app].id.clone();
    let current = super::current_release(state, &app_id);
    let version = current.map_or(0, |r| r.version) + 1;
    let slug_id = current.and_then(|r| r.slug_id.clone());
    let addon_plan_names = state
        .addons
        .iter()
        .filter(|a| a.app_id == app_id && a.state != AddonState::Deprovisioning)
        .map(|a| format!("{}:{}", a.service, a.plan))
        .collect();
    state.releases.push(Release {
        id: id.clone(),
        app_id,
        version,
        description,
        slug_id,
        config: state.apps[app].config.clone(),
        addon_plan_names,
        user_id: user.0.to_string(),
        user_email: user.1.to_string(),
        created_at: now,
    });
    state.apps[app].released_at = now;
    state.apps[app].updated_at = now;
    id
}

/// Whether the add-on's first provisioning is still under way (its config
/// vars are not set yet): attachments made now wait for it.
pub fn first_provisioning(addon: &Addon) -> bool {
    addon.state == AddonState::Provisioning && !addon.vars_set
}

/// Refuses a plan change while the add-on is settling (422): Heroku takes
/// one change of an add-on at a time.
pub fn refuse_plan_change(addon: &Addon) -> Result<(), ApiError> {
    let why = match addon.state {
        AddonState::Provisioning if !addon.vars_set => "is still provisioning",
        AddonState::Provisioning => "is still changing its plan",
        AddonState::Deprovisioning => "is being deprovisioned",
        _ => return Ok(()),
    };
    Err(ApiError::invalid(format!(
        "{} {why}: change its plan once it is provisioned.",
        addon.name
    )))
}

/// Refuses attaching an add-on that is going (422).
pub fn refuse_attach(addon: &Addon) -> Result<(), ApiError> {
    if addon.state == AddonState::Deprovisioning {
        return Err(ApiError::invalid(format!(
            "{} is being deprovisioned and cannot be attached.",
            addon.name
        )));
    }
    Ok(())
}

/// Starts a plan change that takes `provision_ms`, if that is not zero.
pub fn slow_plan_change(cx: &mut Cx, addon: usize) {
    if cx.provision_ms > 0 {
        let a = &mut cx.state.addons[addon];
        a.state = AddonState::Provisioning;
        a.ready_at = Some(cx.now + cx.provision_ms);
    }
}

/// Starts deprovisioning add-on `addon_id`: its attachments (with their
/// releases) and drains go now, the add-on when `provision_ms` has passed.
/// Returns its JSON, state `deprovisioning`.
pub fn deprovision(cx: &mut Cx, addon_id: &str) -> Value {
    let going = |cx: &Cx| cx.state.addons.iter().position(|a| a.id == addon_id);
    if going(cx).is_some_and(|i| cx.state.addons[i].state != AddonState::Deprovisioning) {
        addons::detach_everything(cx, addon_id);
    }
    let Some(i) = going(cx) else {
        return Value::Null;
    };
    let a = &mut cx.state.addons[i];
    if a.state != AddonState::Deprovisioning {
        a.state = AddonState::Deprovisioning;
        a.ready_at = Some(cx.now + cx.provision_ms);
        a.updated_at = cx.now;
    }
    addons::view(cx, &cx.state.addons[i])
}
