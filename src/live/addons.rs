//! The add-ons of each app, from the account-wide lists of add-ons and
//! attachments (`GET /addons`, `GET /addon-attachments`), through an index
//! built once: finding an app's add-ons costs what it has, not what the
//! account has. Pure.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::shape::{Shape, each, list as list_at, string};
use super::{AddonState, Elsewhere, LiveAddon};
use crate::http::paths::{ADDONS, ATTACHMENTS};

/// An app's add-ons, and the config vars their attachments own (name ->
/// attachment name).
pub type AppAddons = (Vec<LiveAddon>, BTreeMap<String, String>);

/// A bad entry, with the path of the list it is in.
type Bad = (&'static str, Shape);

/// One attachment, its ids decoded.
struct Attachment<'a> {
    app: String,
    addon: String,
    name: String,
    value: &'a Value,
}

/// The account-wide lists, indexed by add-on and by app.
pub struct AddonIndex<'a> {
    addons: HashMap<&'a str, &'a Value>,
    attachments: Vec<Attachment<'a>>,
    /// Indexes into `attachments`, by app id and by add-on id.
    of_app: HashMap<String, Vec<usize>>,
    of_addon: HashMap<String, Vec<usize>>,
}

impl<'a> AddonIndex<'a> {
    /// The index of `addons` and `attachments`; a bad attachment is an error.
    pub fn new(addons: &'a [Value], attachments: &'a [Value]) -> Result<AddonIndex<'a>, Bad> {
        let in_attachments = |e: Shape| (ATTACHMENTS, e);
        let decoded = each(attachments, |a| {
            Ok((
                string(a, &["app", "id"])?,
                string(a, &["addon", "id"])?,
                string(a, &["name"])?,
            ))
        })
        .map_err(in_attachments)?;
        let attachments: Vec<Attachment<'a>> = decoded
            .into_iter()
            .zip(attachments)
            .map(|((app, addon, name), value)| Attachment {
                app,
                addon,
                name,
                value,
            })
            .collect();
        let mut of_app: HashMap<String, Vec<usize>> = HashMap::new();
        let mut of_addon: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in attachments.iter().enumerate() {
            of_app.entry(a.app.clone()).or_default().push(i);
            of_addon.entry(a.addon.clone()).or_default().push(i);
        }
        let addons = addons
            .iter()
            .filter_map(|a| Some((a["id"].as_str()?, a)))
            .collect();
        Ok(AddonIndex {
            addons,
            attachments,
            of_app,
            of_addon,
        })
    }

    /// The add-ons attached to `app_id`, and the config vars their
    /// attachments own.
    pub fn of(&self, app_id: &str) -> Result<AppAddons, Bad> {
        let in_attachments = |e: Shape| (ATTACHMENTS, e);
        let in_addons = |e: Shape| (ADDONS, e);
        let mut out: BTreeMap<&str, LiveAddon> = BTreeMap::new();
        let mut owned = BTreeMap::new();
        for &i in self.of_app.get(app_id).into_iter().flatten() {
            let att = &self.attachments[i];
            let Some(addon) = self.addons.get(att.addon.as_str()) else {
                continue;
            };
            // The add-on lists the vars of all its attachments; this one owns
            // those with its name as prefix.
            let vars = each(list_at(addon, &["config_vars"]).map_err(in_addons)?, |v| {
                string(v, &[])
            })
            .map_err(|e| in_addons(format!("`config_vars`, {e}")))?;
            let prefix = format!("{}_", att.name);
            for var in vars {
                if var.starts_with(&prefix) {
                    owned.insert(var, att.name.clone());
                }
            }
            if let Some(a) = out.get_mut(att.addon.as_str()) {
                a.attachments.push(att.name.clone());
                continue;
            }
            let live = LiveAddon {
                id: att.addon.clone(),
                name: string(addon, &["name"]).map_err(in_addons)?,
                service: string(addon, &["addon_service", "name"]).map_err(in_addons)?,
                addon_plan: string(addon, &["plan", "name"]).map_err(in_addons)?,
                billing_app: string(addon, &["app", "name"]).map_err(in_addons)?,
                attachments: vec![att.name.clone()],
                state: AddonState::from(string(addon, &["state"]).map_err(in_addons)?.as_str()),
                elsewhere: Vec::new(),
                price: super::prices::price_from(&addon["billed_price"]),
            };
            out.insert(att.addon.as_str(), live);
        }
        // The account-wide list holds the add-on's attachments on every app.
        for (id, a) in &mut out {
            for &i in self.of_addon.get(*id).into_iter().flatten() {
                let att = &self.attachments[i];
                if att.app == app_id {
                    continue;
                }
                a.elsewhere.push(Elsewhere {
                    app: string(att.value, &["app", "name"]).map_err(in_attachments)?,
                    attachment: att.name.clone(),
                });
            }
        }
        let mut out: Vec<LiveAddon> = out.into_values().collect();
        for a in &mut out {
            a.attachments.sort();
            a.elsewhere.sort();
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok((out, owned))
    }
}

/// The add-ons attached to `app_id`, from the account-wide lists of add-ons
/// and attachments, and the config vars their attachments own. A bad entry
/// comes with the path of the list it is in. For many apps, build one
/// [`AddonIndex`] instead.
pub fn addons_of(app_id: &str, addons: &[Value], attachments: &[Value]) -> Result<AppAddons, Bad> {
    AddonIndex::new(addons, attachments)?.of(app_id)
}
