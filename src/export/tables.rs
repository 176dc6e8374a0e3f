//! The account-wide tables of an export: what the exported apps refer to
//! beyond themselves. An app in a pipeline brings `[pipelines.NAME]` (the
//! config vars of its `review` and `test` stages, and its review-app
//! configuration when review apps are on), an app of a team brings
//! `[teams.NAME]` (members and the features turned on), an app in a Private
//! Space brings `[spaces.NAME]` (its inbound ruleset). [`scope`] says what
//! to read of them, [`tables`] writes what was read. Pure.
//!
//! Secret-looking stage config vars become `${NAME}` placeholders named
//! after the pipeline and the stage (`${SHOP_REVIEW_API_TOKEN}`), so that
//! they never meet an app's config var of the same name. A review-app
//! configuration's `repo` is left out: Heroku answers only the
//! repository's id, and a `repo` is sent only when review apps are first
//! enabled. [`combine`] puts several exports into one document, the tables
//! beside the apps.

use super::Item;
use crate::config::interpolate::app_variable;
use crate::config::pipelines::STAGES;
use crate::live::LiveApp;
use crate::live::tables::{Found, LivePipeline, PipelineScope, Scope, TeamScope};
use crate::secret::{has_url_password, looks_secret};

/// What an export adds at the top of the document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tables {
    /// `pipelines`, `teams` and `spaces`, each only when it has an entry.
    pub fields: Vec<(String, Item)>,
    /// Placeholders' variables and what each holds.
    pub variables: Vec<(String, String)>,
    /// Things the user should know.
    pub notes: Vec<String>,
}

/// What to read for `apps`: their pipelines (review apps and every stage
/// Heroku keeps config vars for), their teams (members and features) and
/// their spaces (inbound rulesets).
pub fn scope(apps: &[LiveApp]) -> Scope {
    let mut scope = Scope::default();
    for app in apps {
        if let Some(Some(c)) = &app.pipeline {
            scope.pipelines.insert(
                c.pipeline.clone(),
                PipelineScope {
                    review_apps: true,
                    stages: STAGES.iter().map(|s| s.to_string()).collect(),
                },
            );
        }
        if let Some(team) = &app.team {
            let all = TeamScope {
                members: true,
                features: true,
            };
            scope.teams.insert(team.clone(), all);
        }
        if let Some(space) = &app.space {
            scope.spaces.insert(space.clone());
        }
    }
    scope
}

fn s(v: &str) -> Item {
    // A `$` in a value would read as interpolation: written as `$$`.
    Item::Str(v.replace('$', "$$"))
}

/// The tables for what was `found` (as [`scope`] asked).
pub fn tables(found: &Found) -> Tables {
    let mut out = Tables::default();
    let pipelines: Vec<(String, Item)> = found
        .pipelines
        .iter()
        .filter_map(|(name, p)| Some((name.clone(), pipeline(name, p.as_ref()?, &mut out))))
        .collect();
    let teams: Vec<(String, Item)> = found
        .teams
        .iter()
        .filter_map(|(name, t)| {
            let t = t.as_ref()?;
            let mut fields = Vec::new();
            if let Some(members) = &t.members {
                let m = members.iter().map(|(e, role)| (e.clone(), s(role)));
                fields.push(("members".into(), Item::Table(m.collect())));
            }
            if let Some(features) = &t.features {
                let on = features.iter().filter(|(_, on)| **on);
                let f = on.map(|(n, _)| (n.clone(), Item::Bool(true)));
                fields.push(("features".into(), Item::Table(f.collect())));
            }
            Some((name.clone(), Item::Table(fields)))
        })
        .collect();
    let spaces: Vec<(String, Item)> = found
        .spaces
        .iter()
        .filter_map(|(name, space)| {
            let rules = space
                .as_ref()?
                .inbound_ruleset
                .iter()
                .map(|(action, source)| {
                    Item::Table(vec![
                        ("action".into(), s(action)),
                        ("source".into(), s(source)),
                    ])
                });
            let fields = vec![("inbound_ruleset".into(), Item::List(rules.collect()))];
            Some((name.clone(), Item::Table(fields)))
        })
        .collect();
    for (key, entries) in [
        ("pipelines", pipelines),
        ("teams", teams),
        ("spaces", spaces),
    ] {
        if !entries.is_empty() {
            out.fields.push((key.into(), Item::Table(entries)));
        }
    }
    out
}

/// One pipeline's table: its stages' config vars, then its review apps.
fn pipeline(name: &str, p: &LivePipeline, out: &mut Tables) -> Item {
    let mut stages = Vec::new();
    for (stage, vars) in &p.stages {
        let mut entries = Vec::new();
        for (var, value) in vars {
            if looks_secret(var) || has_url_password(value) {
                let placeholder = app_variable(&format!("{name}-{stage}"), var);
                out.variables.push((
                    placeholder.clone(),
                    format!("config var {var} of stage {stage} of pipeline {name}"),
                ));
                entries.push((var.clone(), Item::Str(format!("${{{placeholder}}}"))));
            } else {
                entries.push((var.clone(), s(value)));
            }
        }
        let table = vec![("config_vars".into(), Item::Table(entries))];
        stages.push((stage.clone(), Item::Table(table)));
    }
    let mut fields = vec![("stages".into(), Item::Table(stages))];
    if let Some(Some(r)) = &p.review_apps {
        let mut review = vec![
            (
                "automatic_review_apps".into(),
                Item::Bool(r.automatic_review_apps),
            ),
            (
                "destroy_stale_apps".into(),
                Item::Bool(r.destroy_stale_apps),
            ),
            ("stale_days".into(), Item::Int(r.stale_days)),
            ("wait_for_ci".into(), Item::Bool(r.wait_for_ci)),
        ];
        if let Some(base) = &r.base_name {
            review.push(("base_name".into(), s(base)));
        }
        if let Some((kind, id)) = &r.deploy_target {
            let target = vec![("type".into(), s(kind)), ("id".into(), s(id))];
            review.push(("deploy_target".into(), Item::Table(target)));
        }
        fields.push(("review_apps".into(), Item::Table(review)));
        out.notes.push(format!(
            "the review apps of pipeline {name} are written without `repo`, which Heroku answers only as an id: it is needed only to enable review apps again"
        ));
    }
    Item::Table(fields)
}

/// One document holding the apps of several exports (each export's
/// `apps.KEY`, in order), as `heroin export A B` prints it, and the
/// account-wide tables beside them (`pipelines`, `teams`, `spaces`), each
/// table's entries in the order they come.
pub fn combine(exports: &[super::Export]) -> Item {
    let mut tables: Vec<(String, Vec<(String, Item)>)> = vec![("apps".into(), Vec::new())];
    for e in exports {
        let Item::Table(fields) = &e.document else {
            continue;
        };
        for (k, v) in fields {
            let Item::Table(inner) = v else {
                continue;
            };
            match tables.iter_mut().find(|(name, _)| name == k) {
                Some((_, entries)) => entries.extend(inner.iter().cloned()),
                None => tables.push((k.clone(), inner.clone())),
            }
        }
    }
    Item::Table(
        tables
            .into_iter()
            .map(|(k, entries)| (k, Item::Table(entries)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::tables::{LiveReviewApps, LiveSpace, LiveTeam};
    use crate::live::{LiveApp, LiveCoupling};
    use std::collections::BTreeMap;

    fn found() -> Found {
        let mut f = Found::default();
        let review = LiveReviewApps {
            automatic_review_apps: true,
            stale_days: 5,
            deploy_target: Some(("region".into(), "eu".into())),
            ..LiveReviewApps::default()
        };
        let stages = BTreeMap::from([(
            "review".to_string(),
            BTreeMap::from([
                ("RAILS_ENV".to_string(), "review".to_string()),
                ("API_TOKEN".to_string(), "tok-3".to_string()),
                ("PRICE".to_string(), "$5".to_string()),
            ]),
        )]);
        let p = LivePipeline {
            id: "p1".into(),
            review_apps: Some(Some(review)),
            stages,
        };
        f.pipelines.insert("shop".into(), Some(p));
        f.pipelines.insert("gone".into(), None);
        let team = LiveTeam {
            members: Some(BTreeMap::from([("a@example.com".into(), "admin".into())])),
            features: Some(BTreeMap::from([
                ("on-one".into(), true),
                ("off-one".into(), false),
            ])),
        };
        f.teams.insert("acme".into(), Some(team));
        let rules = vec![("allow".to_string(), "203.0.113.0/24".to_string())];
        let space = LiveSpace {
            inbound_ruleset: rules,
        };
        f.spaces.insert("acme-eu".into(), Some(space));
        f
    }

    #[test]
    fn the_tables_an_app_refers_to_are_read_whole() {
        let app = LiveApp {
            team: Some("acme".into()),
            space: Some("acme-eu".into()),
            pipeline: Some(Some(LiveCoupling {
                pipeline: "shop".into(),
                stage: "production".into(),
                ..LiveCoupling::default()
            })),
            ..LiveApp::default()
        };
        let scope = scope(&[app, LiveApp::default()]);
        assert_eq!(
            scope.pipelines["shop"].stages.iter().collect::<Vec<_>>(),
            ["review", "test"]
        );
        assert!(scope.pipelines["shop"].review_apps);
        assert!(scope.teams["acme"].members && scope.teams["acme"].features);
        assert!(scope.spaces.contains("acme-eu"));
        assert_eq!(scope.pipelines.len() + scope.teams.len(), 2);
    }

    #[test]
    fn tables_are_written_with_secrets_as_placeholders() {
        let t = tables(&found());
        let text = super::super::toml(&Item::Table(t.fields.clone()));
        assert!(!text.contains("tok-3"), "{text}");
        assert!(
            text.contains("API_TOKEN = \"${SHOP_REVIEW_API_TOKEN}\""),
            "{text}"
        );
        assert!(text.contains("PRICE = \"$$5\""), "{text}");
        assert!(
            text.contains("[pipelines.shop.stages.review.config_vars]"),
            "{text}"
        );
        assert!(
            text.contains("deploy_target = { type = \"region\", id = \"eu\" }"),
            "{text}"
        );
        assert!(!text.contains("repo"), "{text}");
        assert!(!text.contains("gone"), "{text}");
        assert!(text.contains("\"a@example.com\" = \"admin\""), "{text}");
        assert!(
            text.contains("on-one = true") && !text.contains("off-one"),
            "{text}"
        );
        assert!(
            text.contains("{ action = \"allow\", source = \"203.0.113.0/24\" }"),
            "{text}"
        );
        assert_eq!(t.variables.len(), 1);
        assert_eq!(t.variables[0].0, "SHOP_REVIEW_API_TOKEN");
        assert_eq!(t.notes.len(), 1);
    }

    #[test]
    fn nothing_read_adds_nothing() {
        assert_eq!(tables(&Found::default()), Tables::default());
    }
}
