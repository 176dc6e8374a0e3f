//! What an apply leaves to be done: the changes a fresh plan still holds
//! after applying, split into those the user declined and those that still
//! differ; and the add-ons Heroku is still provisioning, which count as
//! unfinished. Only an empty result lets the apply be tagged. And what the
//! check after an apply reads again: only what the apply wrote ([`touched`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::config::model::Config;
use crate::live::read::Scope;
use crate::live::{AddonState, Live, LiveAddon};
use crate::plan::{Address, Plan, Planned, Section, Table};

/// `apps.web.config_vars.DEBUG`: a change's place in the files.
pub fn address(a: &Address) -> String {
    format!(
        "apps.{}.{}{}",
        a.app,
        a.section.name(),
        a.key.as_ref().map(|k| format!(".{k}")).unwrap_or_default()
    )
}

/// What still differs after applying, `None` when nothing does:
/// `1 change declined (apps.web.config_vars.STRAY); 1 still differs (...)`.
pub fn left_over(after: &Plan, declined: &BTreeSet<Address>) -> Option<String> {
    let (skipped, differ): (Vec<&Address>, Vec<&Address>) = after
        .changes
        .iter()
        .map(|c| &c.address)
        .partition(|a| declined.contains(*a));
    let list = |v: &[&Address]| v.iter().map(|a| address(a)).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if !skipped.is_empty() {
        let n = skipped.len();
        parts.push(format!(
            "{n} change{} declined ({})",
            if n == 1 { "" } else { "s" },
            list(&skipped)
        ));
    }
    if !differ.is_empty() {
        let n = differ.len();
        parts.push(format!(
            "{n} still differ{} after applying ({})",
            if n == 1 { "s" } else { "" },
            list(&differ)
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The add-ons of the files' apps Heroku is still provisioning (once each,
/// though attached to several apps): an apply is not finished until they
/// are provisioned, even when the plan holds no change for them.
pub fn provisioning(live: &Live) -> Vec<&LiveAddon> {
    let mut seen = BTreeSet::new();
    live.apps
        .values()
        .flatten()
        .flat_map(|app| &app.addons)
        .filter(|a| a.state == AddonState::Provisioning && seen.insert(a.id.clone()))
        .collect()
}

/// What the check after an apply reads again: of what `config` manages,
/// the apps `applied` wrote and the sections it wrote of each (their
/// settings always; add-ons with config vars, domains with certificates,
/// as each reads the other), every section of an app Heroku did not have
/// before, the add-ons of apps that share an add-on with one whose add-ons
/// were written, and the account-wide tables only when a step wrote one.
pub fn touched(config: &Config, live: &Live, applied: &[Planned]) -> Scope {
    let mut scope = Scope::of(config);
    let mut sections: BTreeMap<&str, BTreeSet<Section>> = BTreeMap::new();
    let mut tables = false;
    for planned in applied {
        let a = &planned.change;
        if a.table != Table::Apps {
            tables = true;
            continue;
        }
        let set = sections.entry(a.app.as_str()).or_default();
        set.insert(Section::App);
        set.extend(together(a.section));
    }
    // An add-on written on one app is seen by every app it is attached to.
    let mut attached: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (key, app) in &live.apps {
        for addon in app.iter().flat_map(|app| &app.addons) {
            attached
                .entry(addon.id.as_str())
                .or_default()
                .push(key.as_str());
        }
    }
    let sharing: BTreeSet<&str> = sections
        .iter()
        .filter(|(_, s)| s.contains(&Section::Addons))
        .filter_map(|(key, _)| live.apps.get(*key).and_then(Option::as_ref))
        .flat_map(|app| &app.addons)
        .flat_map(|addon| {
            attached
                .get(addon.id.as_str())
                .into_iter()
                .flatten()
                .copied()
        })
        .collect();
    for key in sharing {
        let set = sections.entry(key).or_default();
        set.insert(Section::App);
        set.extend(together(Section::Addons));
    }
    scope.apps.retain(|key, app| {
        let Some(wrote) = sections.get(key.as_str()) else {
            return false;
        };
        // An app created by this apply is read whole.
        if live.apps.get(key).is_some_and(Option::is_some) {
            app.sections.retain(|s| wrote.contains(s));
        }
        true
    });
    if !tables {
        scope.tables = Default::default();
    }
    scope
}

/// The sections read together with `section`.
fn together(section: Section) -> Vec<Section> {
    match section {
        Section::Addons | Section::ConfigVars => vec![Section::Addons, Section::ConfigVars],
        Section::Domains | Section::SniEndpoints => {
            vec![Section::Domains, Section::SniEndpoints]
        }
        other => vec![other],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::LiveApp;

    #[test]
    fn an_add_on_still_provisioning_is_unfinished_once() {
        let addon = |id: &str, state| LiveAddon {
            id: id.into(),
            name: format!("redis-{id}"),
            state,
            ..LiveAddon::default()
        };
        let app = |addons| {
            Some(LiveApp {
                addons,
                ..LiveApp::default()
            })
        };
        let mut live = Live::default();
        live.apps.insert(
            "web".into(),
            app(vec![
                addon("1", AddonState::Provisioned),
                addon("2", AddonState::Provisioning),
            ]),
        );
        live.apps.insert(
            "worker".into(),
            app(vec![addon("2", AddonState::Provisioning)]),
        );
        live.apps.insert("new".into(), None);
        let names: Vec<&str> = provisioning(&live)
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(names, ["redis-2"]);
    }
}
