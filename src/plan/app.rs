//! Planning the app itself (create; region and team that cannot change;
//! stack, maintenance, ACM) and its config vars (never the ones add-on
//! attachments own, nor those `ignore_config_vars` matches; one PATCH per app).

use std::collections::BTreeMap;

use super::{Action, Cx, Section, Step, shown};
use crate::config::model::AddonSource;
use crate::heroku;
use crate::secret::Text;

fn plain(s: &str) -> Option<Text> {
    Some(Text::Plain(s.to_string()))
}

/// The app: create it, or compare its settings.
pub(crate) fn plan_app(cx: &mut Cx) {
    let app = cx.app;
    let known = |t: &Option<crate::config::model::LText>| {
        t.as_ref().and_then(|v| v.value.known()).map(str::to_string)
    };
    let Some(live) = cx.live else {
        let name = cx.name();
        cx.change(Section::App, None, Action::Create, None, plain(&name));
        cx.step(Step::CreateApp {
            name: name.clone(),
            region: known(&app.region),
            stack: known(&app.stack),
            team: known(&app.team),
            space: known(&app.space),
        });
        if app.maintenance.as_ref().is_some_and(|m| m.value) {
            cx.change(
                Section::App,
                Some("maintenance"),
                Action::Update,
                plain("false"),
                plain("true"),
            );
            cx.step(Step::UpdateApp {
                app: name.clone(),
                maintenance: Some(true),
                build_stack: None,
            });
        }
        if app.acm.as_ref().is_some_and(|a| a.value) {
            cx.change(
                Section::App,
                Some("acm"),
                Action::Update,
                plain("false"),
                plain("true"),
            );
            cx.step(Step::SetAcm {
                app: name,
                enabled: true,
            });
        }
        return;
    };
    let name = live.name.clone();
    if let Some(region) = known(&app.region).filter(|r| *r != live.region) {
        let c = cx.change(
            Section::App,
            Some("region"),
            Action::Impossible,
            plain(&live.region),
            plain(&region),
        );
        c.why = Some("the region is chosen when an app is created and cannot change".into());
    }
    if let Some(team) = known(&app.team).filter(|t| live.team.as_ref() != Some(t)) {
        let c = cx.change(
            Section::App,
            Some("team"),
            Action::Impossible,
            plain(live.team.as_deref().unwrap_or("(personal app)")),
            plain(&team),
        );
        c.why =
            Some("the team is chosen when an app is created; heroin does not transfer apps".into());
    }
    if let Some(space) = known(&app.space).filter(|s| live.space.as_ref() != Some(s)) {
        let c = cx.change(
            Section::App,
            Some("space"),
            Action::Impossible,
            plain(live.space.as_deref().unwrap_or("(no space)")),
            plain(&space),
        );
        c.why = Some(
            "the space is chosen when an app is created and cannot change; heroin does not move apps"
                .into(),
        );
    }
    let mut update = (None, None);
    if let Some(stack) = known(&app.stack).filter(|s| *s != live.stack) {
        cx.change(
            Section::App,
            Some("stack"),
            Action::Update,
            plain(&live.stack),
            plain(&stack),
        );
        update.1 = Some(stack);
    }
    if let Some(m) = app
        .maintenance
        .as_ref()
        .map(|m| m.value)
        .filter(|m| *m != live.maintenance)
    {
        cx.change(
            Section::App,
            Some("maintenance"),
            Action::Update,
            plain(&live.maintenance.to_string()),
            plain(&m.to_string()),
        );
        update.0 = Some(m);
    }
    if update != (None, None) {
        cx.step(Step::UpdateApp {
            app: name.clone(),
            maintenance: update.0,
            build_stack: update.1,
        });
    }
    if let Some(acm) = app.acm.as_ref().map(|a| a.value).filter(|a| *a != live.acm) {
        cx.change(
            Section::App,
            Some("acm"),
            Action::Update,
            plain(&live.acm.to_string()),
            plain(&acm.to_string()),
        );
        cx.step(Step::SetAcm {
            app: name,
            enabled: acm,
        });
    }
}

/// The config var names the app's desired add-on attachments will own
/// (they may not exist yet), by the attachment names of the files.
fn desired_owned(cx: &Cx) -> BTreeMap<String, String> {
    let mut owned = BTreeMap::new();
    for addon in cx.app.addons.iter().flat_map(|a| a.values()) {
        let addon_plan = match &addon.source {
            AddonSource::Provision { addon_plan, .. } => {
                addon_plan.value.known().map(str::to_string)
            }
            AddonSource::Attach {
                app, addon: key, ..
            } => cx
                .desired
                .apps
                .get(app)
                .and_then(|a| a.addons.as_ref()?.get(key))
                .and_then(|a| match &a.source {
                    AddonSource::Provision { addon_plan, .. } => {
                        addon_plan.value.known().map(str::to_string)
                    }
                    AddonSource::Attach { .. } => None,
                }),
        };
        let (Some(addon_plan), Some(name)) = (addon_plan, addon.attachment_name()) else {
            continue;
        };
        let service = addon_plan.split(':').next().unwrap_or_default();
        for var in heroku::attachment_vars(service, &name) {
            owned.insert(var, name.clone());
        }
    }
    owned
}

/// Config vars: one PATCH with every change of the app.
pub(crate) fn plan_config_vars(cx: &mut Cx) {
    let Some(desired) = cx.app.config_vars.as_ref() else {
        return;
    };
    let empty = BTreeMap::new();
    let live_vars = cx
        .live
        .and_then(|l| l.config_vars.as_ref())
        .unwrap_or(&empty);
    let mut owned: BTreeMap<String, String> = desired_owned(cx);
    if let Some(live) = cx.live {
        owned.extend(live.owned_vars.clone());
    }
    let (mut set, mut unset) = (BTreeMap::new(), Vec::new());
    for (name, desired_var, live_var) in both(desired, live_vars) {
        if owned.contains_key(name.as_str()) {
            cx.hidden().owned += 1;
            continue;
        }
        if cx.app.ignores(name) {
            cx.hidden().ignored += 1;
            continue;
        }
        // Shown only for a change: most vars of a large app are unchanged.
        let before = || live_var.map(|v| shown(name, Text::Plain(v.clone())));
        match (desired_var, live_var) {
            (Some(desired_var), Some(live_var))
                if desired_var.value.value.known() == Some(live_var.as_str()) =>
            {
                cx.hidden().unchanged += 1
            }
            (Some(desired_var), live_var) => {
                let action = if live_var.is_some() {
                    Action::Update
                } else {
                    Action::Create
                };
                let after = shown(name, desired_var.value.value.clone());
                cx.change(
                    Section::ConfigVars,
                    Some(name),
                    action,
                    before(),
                    Some(after),
                );
                set.insert(name.clone(), desired_var.value.value.clone());
            }
            (None, Some(_)) => {
                let c = cx.change(
                    Section::ConfigVars,
                    Some(name),
                    Action::Delete,
                    before(),
                    None,
                );
                c.why = Some("not in the files".into());
                unset.push(name.clone());
            }
            (None, None) => {}
        }
    }
    if !set.is_empty() || !unset.is_empty() {
        let app = cx.live.map_or_else(|| cx.name(), |l| l.name.clone());
        cx.step(Step::PatchConfig { app, set, unset });
    }
}

/// The names of two maps in order, each with its value in either map: one
/// pass over both, where looking every name up in both would cost a search
/// per name.
fn both<'a, A, B>(
    a: &'a BTreeMap<String, A>,
    b: &'a BTreeMap<String, B>,
) -> impl Iterator<Item = (&'a String, Option<&'a A>, Option<&'a B>)> {
    let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
    std::iter::from_fn(move || {
        let order = match (a.peek(), b.peek()) {
            (Some((x, _)), Some((y, _))) => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => return None,
        };
        Some(match order {
            std::cmp::Ordering::Less => a.next().map(|(k, v)| (k, Some(v), None))?,
            std::cmp::Ordering::Greater => b.next().map(|(k, v)| (k, None, Some(v)))?,
            std::cmp::Ordering::Equal => {
                let ((k, x), (_, y)) = (a.next()?, b.next()?);
                (k, Some(x), Some(y))
            }
        })
    })
}
