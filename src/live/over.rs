//! A fresh read of part of the state put over an older read of the whole:
//! the check after an apply reads again only the apps and sections the
//! apply wrote, and plans against them together with what it left alone.
//! Pure.

use super::Live;
use super::scope::Scope;
use crate::section::Section;

/// `old` with what `scope` names taken from `again` (which read just that):
/// the apps of the scope (their sections in the scope fresh, the others as
/// `old` had them), the account's pipelines when the scope read them, the
/// account-wide tables when it read any.
pub fn over(old: &Live, mut again: Live, scope: &Scope) -> Live {
    let mut out = old.clone();
    for (key, app) in &scope.apps {
        let fresh = again.apps.remove(key).flatten();
        let kept = old.apps.get(key).cloned().flatten();
        let merged = match (fresh, kept) {
            (Some(mut fresh), Some(kept)) => {
                // Every section besides the app's settings.
                let sections = std::iter::once(Section::Addons).chain(super::scope::PER_APP);
                for section in sections {
                    if !app.sections.contains(&section) {
                        keep(&mut fresh, &kept, section);
                    }
                }
                Some(fresh)
            }
            (fresh, _) => fresh,
        };
        out.apps.insert(key.clone(), merged);
    }
    let read_pipelines = scope
        .apps
        .values()
        .any(|a| a.sections.contains(&Section::Pipeline))
        || !scope.tables.pipelines.is_empty();
    if read_pipelines {
        out.pipelines = again.pipelines;
    }
    if !scope.tables.is_empty() {
        out.tables = again.tables;
    }
    out
}

/// `kept`'s `section` into `fresh`.
fn keep(fresh: &mut super::LiveApp, kept: &super::LiveApp, section: Section) {
    match section {
        Section::Addons => fresh.addons.clone_from(&kept.addons),
        Section::ConfigVars => {
            fresh.config_vars.clone_from(&kept.config_vars);
            fresh.owned_vars.clone_from(&kept.owned_vars);
        }
        Section::Formation => fresh.formation.clone_from(&kept.formation),
        Section::Features => fresh.features.clone_from(&kept.features),
        Section::Buildpacks => fresh.buildpacks.clone_from(&kept.buildpacks),
        Section::Domains => fresh.domains.clone_from(&kept.domains),
        Section::LogDrains => fresh.drains.clone_from(&kept.drains),
        Section::Collaborators => fresh.collaborators.clone_from(&kept.collaborators),
        Section::Pipeline => fresh.pipeline.clone_from(&kept.pipeline),
        Section::Webhooks => fresh.webhooks.clone_from(&kept.webhooks),
        Section::TelemetryDrains => fresh.telemetry_drains.clone_from(&kept.telemetry_drains),
        Section::SniEndpoints => fresh.sni_endpoints.clone_from(&kept.sni_endpoints),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::live::LiveApp;
    use crate::live::scope::AppScope;

    fn app(name: &str, vars: &[(&str, &str)], domains: &[&str]) -> Option<LiveApp> {
        Some(LiveApp {
            name: name.into(),
            config_vars: Some(
                vars.iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ),
            domains: Some(domains.iter().map(|d| d.to_string()).collect()),
            ..LiveApp::default()
        })
    }

    #[test]
    fn only_the_sections_read_again_are_taken_from_the_new_read() {
        let old = Live {
            apps: BTreeMap::from([
                (
                    "web".into(),
                    app("shop-web", &[("A", "1")], &["www.shop.example"]),
                ),
                (
                    "api".into(),
                    app("shop-api", &[("B", "1")], &["api.shop.example"]),
                ),
            ]),
            ..Live::default()
        };
        // Read again: web's config vars only (its domains were not read).
        let mut fresh = app("shop-web", &[("A", "2")], &[]).unwrap();
        fresh.domains = None;
        let again = Live {
            apps: BTreeMap::from([("web".into(), Some(fresh))]),
            ..Live::default()
        };
        let scope = Scope {
            apps: BTreeMap::from([(
                "web".into(),
                AppScope {
                    name: Some("shop-web".into()),
                    sections: [Section::App, Section::ConfigVars].into(),
                    in_team: false,
                },
            )]),
            ..Scope::default()
        };
        let merged = over(&old, again, &scope);
        let web = merged.apps["web"].as_ref().unwrap();
        assert_eq!(web.config_vars.as_ref().unwrap()["A"], "2");
        assert_eq!(web.domains, Some(vec!["www.shop.example".to_string()]));
        assert_eq!(merged.apps["api"], old.apps["api"]);
    }
}
