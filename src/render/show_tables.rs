//! `heroin show` for the account-wide tables: a pipeline's stage config
//! vars and review apps, a team's members and features, a Private Space's
//! inbound ruleset; each value with where it was written, a stage's secret
//! config vars masked as an app's are.

use super::{Item, scalar, text};
use crate::config::model::Config;
use crate::config::pipelines::PipelineSettings;

/// `pipelines`, `teams` and `spaces`, each only when the files have it.
pub fn items(config: &Config, s: bool) -> Vec<(String, Item)> {
    let pipelines: Vec<(String, Item)> = config
        .pipelines
        .iter()
        .map(|(name, p)| (name.clone(), Item::Table(pipeline(p, s))))
        .collect();
    let teams = config.teams.iter().map(|(name, team)| {
        let mut fields = Vec::new();
        if let Some(members) = &team.members {
            let m = members.iter().map(|(e, m)| (e.clone(), text(&m.role, s)));
            fields.push(("members".to_string(), Item::Table(m.collect())));
        }
        if let Some(features) = &team.features {
            let f = features.iter().map(|(n, on)| (n.clone(), scalar(on)));
            fields.push(("features".to_string(), Item::Table(f.collect())));
        }
        (name.clone(), Item::Table(fields))
    });
    let spaces = config.spaces.iter().map(|(name, space)| {
        let mut fields = Vec::new();
        if let Some(rules) = &space.inbound_ruleset {
            let rules = rules.iter().map(|r| {
                let rule = vec![
                    ("action".to_string(), text(&r.action, s)),
                    ("source".to_string(), text(&r.source, s)),
                ];
                Item::Inline(rule, r.at.clone())
            });
            fields.push(("inbound_ruleset".to_string(), Item::List(rules.collect())));
        }
        (name.clone(), Item::Table(fields))
    });
    let mut out = Vec::new();
    for (key, entries) in [
        ("pipelines", pipelines),
        ("teams", teams.collect()),
        ("spaces", spaces.collect()),
    ] {
        if !entries.is_empty() {
            out.push((key.to_string(), Item::Table(entries)));
        }
    }
    out
}

fn pipeline(p: &PipelineSettings, s: bool) -> Vec<(String, Item)> {
    let mut fields = Vec::new();
    if let Some(r) = &p.review_apps {
        let mut review = Vec::new();
        let mut flag = |k: &str, v: &Option<crate::config::model::Located<bool>>| {
            review.extend(v.as_ref().map(|v| (k.to_string(), scalar(v))));
        };
        flag("automatic_review_apps", &r.automatic_review_apps);
        flag("destroy_stale_apps", &r.destroy_stale_apps);
        flag("wait_for_ci", &r.wait_for_ci);
        review.extend(r.repo.as_ref().map(|v| ("repo".to_string(), text(v, s))));
        review.extend(
            r.stale_days
                .as_ref()
                .map(|v| ("stale_days".to_string(), scalar(v))),
        );
        review.extend(
            r.base_name
                .as_ref()
                .map(|v| ("base_name".to_string(), text(v, s))),
        );
        if let Some(t) = &r.deploy_target {
            let target = vec![
                ("type".to_string(), text(&t.kind, s)),
                ("id".to_string(), text(&t.id, s)),
            ];
            review.push((
                "deploy_target".to_string(),
                Item::Inline(target, t.at.clone()),
            ));
        }
        fields.push(("review_apps".to_string(), Item::Table(review)));
    }
    let stages = p.stages.iter().filter_map(|(stage, st)| {
        let vars = st.config_vars.as_ref()?;
        let vars = vars.iter().map(|(k, v)| (k.clone(), text(&v.value, s)));
        let table = vec![("config_vars".to_string(), Item::Table(vars.collect()))];
        Some((stage.clone(), Item::Table(table)))
    });
    let stages: Vec<(String, Item)> = stages.collect();
    if !stages.is_empty() {
        fields.push(("stages".to_string(), Item::Table(stages)));
    }
    fields
}
