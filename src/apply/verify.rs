//! What an apply leaves to be done: the changes a fresh plan still holds
//! after applying, split into those the user declined and those that still
//! differ; and the add-ons Heroku is still provisioning, which count as
//! unfinished. Only an empty result lets the apply be tagged.

use std::collections::BTreeSet;

use crate::live::{AddonState, Live, LiveAddon};
use crate::plan::{Address, Plan};

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
