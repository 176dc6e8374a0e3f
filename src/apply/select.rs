//! Which steps of a plan an apply sends once some changes are declined: the
//! declined changes' own steps are dropped, and where one request carries
//! several changes (an app's config var PATCH, a pipeline stage's vars, a
//! space's ruleset sent whole) what is left of it. Pure: no network, no
//! questions.

use std::collections::{BTreeMap, BTreeSet};

use crate::plan::{Address, Plan, Planned, Section, Step};

/// The steps to send once the changes in `declined` are left out: their own
/// steps are dropped, and a declined config var is taken out of its app's
/// one PATCH (which is dropped when nothing is left in it).
pub fn select(plan: &Plan, declined: &BTreeSet<Address>) -> Vec<Planned> {
    let mut out = Vec::new();
    for planned in &plan.steps {
        let address = &planned.change;
        if declined.contains(address) {
            continue;
        }
        if let Some(kept) = tables_kept(planned, declined) {
            out.extend(kept);
            continue;
        }
        let Step::PatchConfig { app, set, unset } = &planned.step else {
            out.push(planned.clone());
            continue;
        };
        let kept = |name: &String| {
            !declined.contains(&Address {
                table: address.table,
                app: address.app.clone(),
                section: Section::ConfigVars,
                key: Some(name.clone()),
            })
        };
        let set: BTreeMap<_, _> = set
            .iter()
            .filter(|(k, _)| kept(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let unset: Vec<String> = unset.iter().filter(|k| kept(k)).cloned().collect();
        if !set.is_empty() || !unset.is_empty() {
            let step = Step::PatchConfig {
                app: app.clone(),
                set,
                unset,
            };
            out.push(Planned {
                step,
                change: address.clone(),
            });
        }
    }
    out
}

/// What is left of a step of the account-wide tables once `declined` is
/// left out (`None` for the other steps): a stage's PATCH without the
/// declined removals; no ruleset PUT when a rule's removal is declined
/// (the ruleset is sent whole).
fn tables_kept(planned: &Planned, declined: &BTreeSet<Address>) -> Option<Option<Planned>> {
    use crate::plan::pipelines::PipelineStep;
    let address = &planned.change;
    let declined_here = |key: String| {
        declined.contains(&Address {
            key: Some(key),
            ..address.clone()
        })
    };
    match &planned.step {
        Step::Pipeline(PipelineStep::StageVars {
            pipeline,
            stage,
            set,
            unset,
        }) => {
            let unset: Vec<String> = unset
                .iter()
                .filter(|k| !declined_here(format!("{stage}.config_vars.{k}")))
                .cloned()
                .collect();
            let step = Step::Pipeline(PipelineStep::StageVars {
                pipeline: pipeline.clone(),
                stage: stage.clone(),
                set: set.clone(),
                unset: unset.clone(),
            });
            let kept = !set.is_empty() || !unset.is_empty();
            Some(kept.then(|| Planned {
                step,
                change: address.clone(),
            }))
        }
        Step::Space(_) => {
            let any = declined
                .iter()
                .any(|d| d.table == address.table && d.app == address.app);
            Some((!any).then(|| planned.clone()))
        }
        _ => None,
    }
}
