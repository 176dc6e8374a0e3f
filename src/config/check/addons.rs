//! Checks of add-ons and of what they own: `plan` forms, `attach`
//! references, attachment names, and config vars that an add-on attachment of
//! the same app will set (Heroku refuses to overwrite those). Pure.

use std::collections::BTreeMap;

use crate::config::model::{Addon, AddonSource, App, Config, LText};
use crate::config::read::join;
use crate::diag::{Problem, did_you_mean};
use crate::heroku;

/// The service of an add-on entry (`heroku-postgresql` of
/// `heroku-postgresql:essential-0`), following `attach` to its source.
fn service<'a>(config: &'a Config, addon: &'a Addon) -> Option<&'a str> {
    let addon_plan = match &addon.source {
        AddonSource::Provision { addon_plan, .. } => addon_plan,
        AddonSource::Attach { app, addon, .. } => {
            match &config.apps.get(app)?.addons.as_ref()?.get(addon)?.source {
                AddonSource::Provision { addon_plan, .. } => addon_plan,
                AddonSource::Attach { .. } => return None,
            }
        }
    };
    addon_plan.value.known()?.split(':').next()
}

pub(super) fn addons(config: &Config, app: &App, out: &mut Vec<Problem>) {
    let mut names: BTreeMap<String, &str> = BTreeMap::new();
    for (key, addon) in app.addons.iter().flatten() {
        let path = format!("apps.{}.addons.{key}", app.key);
        match &addon.source {
            AddonSource::Provision { addon_plan, .. } => {
                plan_form(addon_plan, &format!("{path}.plan"), out)
            }
            AddonSource::Attach {
                app: target_app,
                addon: target,
                reference,
            } => {
                attach_target(
                    config,
                    target_app,
                    target,
                    reference,
                    &format!("{path}.attach"),
                    out,
                );
            }
        }
        if let Some(as_) = &addon.as_
            && let Some(name) = as_.value.known()
            && !heroku::is_attachment_name(name)
        {
            out.push(
                Problem::new(
                    &as_.at,
                    format!("{path}.as"),
                    format!("`{name}` is not an attachment name"),
                )
                .with_hint(format!(
                    "upper-case letters, digits and _, starting with a letter: `{}`",
                    name.to_ascii_uppercase().replace('-', "_")
                )),
            );
            continue;
        }
        let Some(name) = addon.attachment_name() else {
            continue;
        };
        if let Some(other) = names.insert(name.clone(), key) {
            out.push(
                Problem::new(
                    addon.as_.as_ref().map_or(&addon.at, |a| &a.at),
                    &path,
                    format!("attachment name `{name}` is also used by addons.{other}"),
                )
                .with_hint("give one of them another name with `as`"),
            );
        }
    }
}

fn plan_form(plan: &LText, path: &str, out: &mut Vec<Problem>) {
    let Some(p) = plan.value.known() else { return };
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
    };
    match p.split_once(':') {
        Some((service, name)) if valid(service) && valid(name) => {}
        _ => out.push(Problem::new(&plan.at, path, format!("`{p}` is not of the form service:plan"))
            .with_hint("name the plan explicitly, for example heroku-postgresql:essential-0, so that plan changes are exact")),
    }
}

fn attach_target(
    config: &Config,
    app: &str,
    addon: &str,
    reference: &LText,
    path: &str,
    out: &mut Vec<Problem>,
) {
    let Some(target_app) = config.apps.get(app) else {
        let hint = did_you_mean(app, config.apps.keys().map(String::as_str)).unwrap_or_else(|| {
            format!(
                "apps here: {}",
                config.apps.keys().cloned().collect::<Vec<_>>().join(", ")
            )
        });
        out.push(
            Problem::new(
                &reference.at,
                path,
                format!("there is no app `{app}` in this environment"),
            )
            .with_hint(hint),
        );
        return;
    };
    let addons = target_app.addons.as_ref();
    match addons.and_then(|a| a.get(addon)) {
        None => {
            let keys = addons
                .into_iter()
                .flat_map(|a| a.keys().map(String::as_str));
            let mut problem = Problem::new(
                &reference.at,
                path,
                format!("apps.{app} has no add-on `{addon}`"),
            );
            if let Some(hint) = did_you_mean(addon, keys) {
                problem = problem.with_hint(hint);
            }
            out.push(problem);
        }
        Some(Addon {
            source: AddonSource::Attach { .. },
            ..
        }) => {
            out.push(
                Problem::new(
                    &reference.at,
                    path,
                    format!("apps.{app}.addons.{addon} is itself attached, not provisioned"),
                )
                .with_hint("attach the add-on where it is provisioned"),
            );
        }
        Some(_) => {}
    }
}

pub(super) fn config_vars(config: &Config, app: &App, out: &mut Vec<Problem>) {
    let mut owned: BTreeMap<String, String> = BTreeMap::new();
    for (key, addon) in app.addons.iter().flatten() {
        if let (Some(service), Some(name)) = (service(config, addon), addon.attachment_name()) {
            for var in heroku::attachment_vars(service, &name) {
                owned.insert(var, key.clone());
            }
        }
    }
    for (name, var) in app.config_vars.iter().flatten() {
        // Built only for a problem: this loop runs for every config var.
        let path = || join(&format!("apps.{}.config_vars", app.key), name);
        if !heroku::is_config_var_name(name) {
            out.push(Problem::new(
                &var.key_at,
                path(),
                "a config var name may hold only letters, digits and _",
            ));
        } else if let Some(addon) = owned.get(name) {
            out.push(
                Problem::new(
                    &var.key_at,
                    path(),
                    format!("is set by the add-on attachment of addons.{addon}"),
                )
                .with_hint(
                    "Heroku refuses to overwrite attachment values; remove it from config_vars",
                ),
            );
        } else if app.ignores(name) {
            out.push(
                Problem::new(
                    &var.key_at,
                    path(),
                    "is also matched by ignore_config_vars, so it would never be set",
                )
                .with_hint("remove it here or narrow the glob"),
            );
        }
    }
}
