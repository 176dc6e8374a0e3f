//! Planning add-ons. An entry is identified on its app by its attachment name
//! (the config var prefix). Same service, other plan: an update in place,
//! unless Heroku is known to refuse it; another service, or a refused plan
//! change: a replacement (see `replace`: the new add-on first, the old one
//! and its data destroyed last), whose reason is always the true one.
//! Entries that share another app's add-on (`attach`) become attachments.
//! What the app has and the files lack is removed: destroyed when billed to
//! the app, detached when billed elsewhere. An add-on that an interrupted
//! replacement left under its temporary name is taken up again.

use std::collections::BTreeSet;

use super::replace::{Incoming, replacement, temporary};
use super::{Action, AddonRef, Cx, Destroys, Section, Step};
use crate::config::model::{Addon, AddonSource};
use crate::heroku;
use crate::live::{AddonState, LiveAddon};
use crate::secret::Text;

fn plain(s: &str) -> Option<Text> {
    Some(Text::Plain(s.to_string()))
}

/// What a destroyed add-on takes with it, for the plan to say. One whose
/// provisioning failed (`deprovisioned`) never held data.
fn destroys(addon: &LiveAddon) -> Destroys {
    Destroys {
        addon: addon.name.clone(),
        addon_plan: addon.addon_plan.clone(),
        loses_data: heroku::DATA_SERVICES.contains(&addon.service.as_str())
            && addon.state != AddonState::Deprovisioned,
        also_attached: addon.elsewhere.clone(),
    }
}

pub(crate) fn plan_addons(cx: &mut Cx) {
    let Some(desired) = cx.app.addons.as_ref() else {
        return;
    };
    let app_name = cx.live.map_or_else(|| cx.name(), |l| l.name.clone());
    let live_addons: Vec<LiveAddon> = cx.live.map(|l| l.addons.clone()).unwrap_or_default();
    let mut matched: BTreeSet<String> = BTreeSet::new();
    for (key, addon) in desired {
        let Some(attachment) = addon.attachment_name() else {
            continue;
        };
        let live_addon = live_addons
            .iter()
            .find(|l| l.attachments.contains(&attachment));
        if let Some(l) = live_addon {
            matched.insert(l.id.clone());
        }
        match &addon.source {
            AddonSource::Provision { addon_plan, config } => {
                // A plan Heroku does not offer is an error of the files
                // (`config::check::catalogue`): nothing is planned for it.
                let Some(addon_plan) = addon_plan
                    .value
                    .known()
                    .filter(|p| !cx.catalogue.refuses(p))
                else {
                    continue;
                };
                let pending = pending(&live_addons, &app_name, &attachment, addon_plan, live_addon);
                if let Some(p) = pending {
                    matched.insert(p.id.clone());
                }
                let wanted = Wanted {
                    key,
                    app: &app_name,
                    attachment: &attachment,
                    addon_plan,
                };
                provision(cx, &wanted, config, live_addon, pending);
            }
            AddonSource::Attach { .. } => {
                attach(cx, key, addon, &app_name, &attachment, live_addon)
            }
        }
    }
    for l in live_addons.iter().filter(|l| !matched.contains(&l.id)) {
        let key = l
            .attachments
            .first()
            .cloned()
            .unwrap_or_else(|| l.name.clone());
        if l.billing_app == app_name {
            let c = cx.change(
                Section::Addons,
                Some(&key.to_ascii_lowercase()),
                Action::Delete,
                plain(&l.addon_plan),
                None,
            );
            let left_by = desired.iter().find(|(_, a)| {
                a.attachment_name()
                    .is_some_and(|n| l.attachments.contains(&temporary(&n)))
            });
            c.why = Some(match left_by {
                Some((k, _)) => format!("left by an interrupted replacement of addons.{k}"),
                None => "not in the files".into(),
            });
            c.destroys = Some(destroys(l));
            cx.step(Step::DestroyAddon {
                app: app_name.clone(),
                addon: AddonRef::Name(l.name.clone()),
                shared: !l.elsewhere.is_empty(),
            });
        } else {
            detach(cx, &app_name, &key, l, &l.attachments);
        }
    }
    // Another app's add-on the files attach here under one name may be
    // attached under more: each name the files do not list is detached, this
    // app's attachment only.
    let listed: BTreeSet<String> = desired
        .values()
        .filter_map(Addon::attachment_name)
        .collect();
    for l in live_addons
        .iter()
        .filter(|l| matched.contains(&l.id) && l.billing_app != app_name)
    {
        for extra in l.attachments.iter().filter(|a| !listed.contains(*a)) {
            detach(cx, &app_name, extra, l, std::slice::from_ref(extra));
        }
    }
}

/// The change and steps that detach `attachments` of `l`, another app's
/// add-on, from `app`: its billing app keeps it.
fn detach(cx: &mut Cx, app: &str, key: &str, l: &LiveAddon, attachments: &[String]) {
    let c = cx.change(
        Section::Addons,
        Some(&key.to_ascii_lowercase()),
        Action::Delete,
        plain(&format!("{} from {}", l.addon_plan, l.billing_app)),
        None,
    );
    c.why = Some(format!(
        "not in the files; detached, {} keeps it",
        l.billing_app
    ));
    for a in attachments {
        cx.step(Step::Detach {
            app: app.to_string(),
            attachment: a.clone(),
        });
    }
}

/// An add-on an interrupted replacement of `attachment` left under its
/// temporary name that can be taken up again: the files' plan, billed here,
/// not failed. It is the current add-on itself when only the temporary name
/// is left to drop.
fn pending<'a>(
    live: &'a [LiveAddon],
    app: &str,
    attachment: &str,
    addon_plan: &str,
    live_addon: Option<&LiveAddon>,
) -> Option<&'a LiveAddon> {
    live_addon?;
    let temporary = temporary(attachment);
    live.iter().find(|l| {
        l.attachments.contains(&temporary)
            && l.addon_plan == addon_plan
            && l.billing_app == app
            && l.state != AddonState::Deprovisioned
    })
}

/// The entry being planned: its key, app, attachment name and plan.
struct Wanted<'a> {
    key: &'a str,
    app: &'a str,
    attachment: &'a str,
    addon_plan: &'a str,
}

fn provision(
    cx: &mut Cx,
    w: &Wanted,
    config: &std::collections::BTreeMap<String, crate::config::model::LText>,
    live_addon: Option<&LiveAddon>,
    pending: Option<&LiveAddon>,
) {
    let (key, app, attachment, addon_plan) = (w.key, w.app, w.attachment, w.addon_plan);
    let config: std::collections::BTreeMap<String, Text> = config
        .iter()
        .map(|(k, v)| (k.clone(), v.value.clone()))
        .collect();
    let Some(l) = live_addon else {
        cx.change(
            Section::Addons,
            Some(key),
            Action::Create,
            None,
            plain(addon_plan),
        );
        cx.step(Step::CreateAddon {
            app: app.to_string(),
            addon_plan: addon_plan.to_string(),
            attachment: attachment.to_string(),
            config,
        });
        return;
    };
    if l.addon_plan == addon_plan && l.billing_app == app {
        if pending.is_some_and(|p| p.id == l.id) {
            let c = cx.change(
                Section::Addons,
                Some(key),
                Action::Update,
                plain(addon_plan),
                plain(addon_plan),
            );
            c.why = Some(format!(
                "an interrupted replacement left the temporary attachment {}",
                temporary(attachment)
            ));
            cx.step(Step::DetachTemporary {
                app: app.to_string(),
                attachment: temporary(attachment),
            });
        } else {
            cx.hidden().unchanged += 1;
        }
        return;
    }
    let service = addon_plan.split(':').next().unwrap_or_default();
    let same_service = l.service == service;
    let refused = heroku::plan_change_refused(&l.addon_plan, addon_plan);
    if l.billing_app == app && same_service && refused.is_none() {
        cx.change(
            Section::Addons,
            Some(key),
            Action::Update,
            plain(&l.addon_plan),
            plain(addon_plan),
        );
        cx.step(Step::ChangePlan {
            app: app.to_string(),
            addon: AddonRef::attached(app, attachment),
            addon_plan: addon_plan.to_string(),
        });
        return;
    }
    let why = if l.billing_app != app {
        format!(
            "{attachment} is now {} from {}; the files provision the app's own",
            l.name, l.billing_app
        )
    } else if let Some(reason) = refused {
        format!("plan change refused by Heroku: {reason}")
    } else {
        format!(
            "another service: {} is {}, the files ask for {service}",
            l.name, l.service
        )
    };
    let c = cx.change(
        Section::Addons,
        Some(key),
        Action::Replace,
        plain(&l.addon_plan),
        plain(addon_plan),
    );
    c.why = Some(why);
    c.destroys = (l.billing_app == app).then(|| destroys(l));
    let incoming = match pending {
        Some(_) => Incoming::Existing(AddonRef::attached(app, &temporary(attachment))),
        None => Incoming::Create { addon_plan, config },
    };
    for step in replacement(app, attachment, l, incoming) {
        cx.step(step);
    }
}

fn attach(
    cx: &mut Cx,
    key: &str,
    addon: &Addon,
    app: &str,
    attachment: &str,
    live_addon: Option<&LiveAddon>,
) {
    let AddonSource::Attach {
        app: target_key,
        addon: target_addon,
        reference,
    } = &addon.source
    else {
        return;
    };
    let target = cx.desired.apps.get(target_key);
    let target_app = target
        .and_then(|a| a.name.value.known())
        .unwrap_or_default()
        .to_string();
    let target_attachment = target
        .and_then(|a| a.addons.as_ref()?.get(target_addon))
        .and_then(Addon::attachment_name)
        .unwrap_or_default();
    let shown = format!("{} ({target_app})", reference.value);
    if live_addon.is_some_and(|l| l.billing_app == target_app) {
        cx.hidden().unchanged += 1;
        return;
    }
    match live_addon {
        None => {
            cx.change(
                Section::Addons,
                Some(key),
                Action::Create,
                None,
                plain(&shown),
            );
            cx.step(Step::Attach {
                app: app.to_string(),
                addon: AddonRef::attached(&target_app, &target_attachment),
                attachment: attachment.to_string(),
            });
        }
        Some(l) => {
            let action = if l.billing_app == app {
                Action::Replace
            } else {
                Action::Update
            };
            let c = cx.change(
                Section::Addons,
                Some(key),
                action,
                plain(&format!("{} ({})", l.name, l.billing_app)),
                plain(&shown),
            );
            if l.billing_app == app {
                c.why = Some(format!(
                    "{attachment} must come from {target_app}: the app's own add-on is destroyed"
                ));
                c.destroys = Some(destroys(l));
            }
            // The name moves to the shared add-on before the old one goes.
            let shared = Incoming::Existing(AddonRef::attached(&target_app, &target_attachment));
            for step in replacement(app, attachment, l, shared) {
                cx.step(step);
            }
        }
    }
}
