//! The `addons` table of an app: each entry either provisions an add-on
//! (`plan`, `as`, `config`) or attaches another app's (`attach =
//! "app.key"`), never both; what the plan names is checked against Heroku's
//! catalogue later (`config::check::catalogue`). Pure, and goes on past a
//! problem, as all of `convert`.

use std::collections::BTreeMap;

use super::is_key;
use crate::config::model::{Addon, AddonSource, LText};
use crate::config::read::{Reader, join};
use crate::config::tree::{Entry, Node};
use crate::diag::Problem;

pub(super) fn addons(
    reader: &mut Reader,
    node: &Node,
    path: &str,
) -> Option<BTreeMap<String, Addon>> {
    let table = reader.table(node, path)?;
    let mut out = BTreeMap::new();
    for (key, entry) in table {
        let path = join(path, key);
        if !is_key(key) {
            reader.problem(Problem::new(
                &entry.key_at,
                &path,
                "an add-on key may hold only letters, digits, `-` and `_`",
            ));
            continue;
        }
        if let Some(addon) = addon(reader, key, entry, &path) {
            out.insert(key.clone(), addon);
        }
    }
    Some(out)
}

fn addon(reader: &mut Reader, key: &str, entry: &Entry, path: &str) -> Option<Addon> {
    let table = reader.table(&entry.node, path)?;
    reader.unknown_keys(table, path, &["plan", "as", "config", "attach"]);
    let as_ = table
        .get("as")
        .and_then(|e| reader.text(&e.node, &join(path, "as")));
    let source = match (table.get("plan"), table.get("attach")) {
        (Some(addon_plan), None) => {
            let addon_plan = reader.text(&addon_plan.node, &join(path, "plan"));
            let config = table
                .get("config")
                .and_then(|e| options(reader, &e.node, &join(path, "config")))
                .unwrap_or_default();
            AddonSource::Provision {
                addon_plan: addon_plan?,
                config,
            }
        }
        (None, Some(attach)) => {
            if let Some(config) = table.get("config") {
                reader.problem(
                    Problem::new(
                        &config.key_at,
                        join(path, "config"),
                        "an attached add-on takes no `config`",
                    )
                    .with_hint("provisioning options belong to the add-on where it is provisioned"),
                );
            }
            attachment(reader, &attach.node, &join(path, "attach"))?
        }
        (Some(_), Some(attach)) => {
            reader.problem(Problem::new(
                &attach.key_at,
                path,
                "give either `plan` (provision) or `attach` (share), not both",
            ));
            return None;
        }
        (None, None) => {
            reader.problem(
                Problem::new(&entry.key_at, path, "needs `plan` (to provision an add-on) or `attach` (to share one)")
                    .with_hint("for example plan = \"heroku-postgresql:essential-0\" or attach = \"web.database\""),
            );
            return None;
        }
    };
    Some(Addon {
        key: key.to_string(),
        at: entry.key_at.clone(),
        as_,
        source,
    })
}

fn attachment(reader: &mut Reader, node: &Node, path: &str) -> Option<AddonSource> {
    let reference = reader.text(node, path)?;
    let parts = reference
        .value
        .known()
        .and_then(|r| r.split_once('.'))
        .map(|(a, b)| (a.to_string(), b.to_string()));
    match parts {
        Some((app, addon)) if is_key(&app) && is_key(&addon) => Some(AddonSource::Attach {
            app,
            addon,
            reference,
        }),
        _ => {
            reader.problem(
                Problem::new(&reference.at, path, format!("`{}` is not an add-on reference", reference.value))
                    .with_hint("write APP_KEY.ADDON_KEY, the keys of an add-on in these files, for example \"web.database\""),
            );
            None
        }
    }
}

fn options(reader: &mut Reader, node: &Node, path: &str) -> Option<BTreeMap<String, LText>> {
    let table = reader.table(node, path)?;
    let mut out = BTreeMap::new();
    for (key, entry) in table {
        if let Some(value) = reader.scalar_text(&entry.node, &join(path, key)) {
            out.insert(key.clone(), value);
        }
    }
    Some(out)
}
