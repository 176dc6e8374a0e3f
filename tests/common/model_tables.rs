//! The model of the steps of the account-wide tables (see `model.rs`):
//! what a pipeline's, a team's or a space's step does to Heroku as `Live`
//! sees it.

use heroin::live::Live;
use heroin::live::tables::{LiveReviewApps, LiveSpace};
use heroin::plan::Step;
use heroin::plan::pipelines::{PipelineStep, ReviewSettings};
use heroin::plan::tables::{SpaceStep, TeamStep};

/// What one of these steps does; every kind is matched (no `_` arm).
pub fn effect(live: &mut Live, step: &Step) {
    match step {
        Step::Pipeline(p) => pipeline(live, p),
        Step::Team(t) => team(live, t),
        Step::Space(SpaceStep::SetInboundRuleset { space, rules }) => {
            let inbound_ruleset = rules.clone();
            live.tables
                .spaces
                .insert(space.clone(), Some(LiveSpace { inbound_ruleset }));
        }
        other => panic!("not a step of the tables: {other:?}"),
    }
}

fn settle(r: &mut LiveReviewApps, s: &ReviewSettings) {
    if let Some(v) = s.automatic_review_apps {
        r.automatic_review_apps = v;
    }
    if let Some(v) = s.destroy_stale_apps {
        r.destroy_stale_apps = v;
    }
    if let Some(v) = s.stale_days {
        r.stale_days = v;
    }
    if let Some(v) = s.wait_for_ci {
        r.wait_for_ci = v;
    }
    if let Some(v) = &s.base_name {
        r.base_name = Some(v.clone());
    }
    if let Some(v) = &s.deploy_target {
        r.deploy_target = Some(v.clone());
    }
}

fn pipeline(live: &mut Live, step: &PipelineStep) {
    let entry = live.tables.pipelines.entry(step.pipeline().to_string());
    let p = entry.or_default().get_or_insert_with(Default::default);
    match step {
        PipelineStep::StageVars {
            stage, set, unset, ..
        } => {
            let vars = p.stages.entry(stage.clone()).or_default();
            for (k, v) in set {
                vars.insert(k.clone(), v.known().unwrap_or_default().to_string());
            }
            for k in unset {
                vars.remove(k);
            }
        }
        PipelineStep::EnableReviewApps { repo, settings, .. } => {
            let mut r = LiveReviewApps {
                repo_id: Some(repo.len() as i64),
                stale_days: 5,
                ..LiveReviewApps::default()
            };
            settle(&mut r, settings);
            p.review_apps = Some(Some(r));
        }
        PipelineStep::UpdateReviewApps { settings, .. } => {
            if let Some(Some(r)) = &mut p.review_apps {
                settle(r, settings);
            }
        }
    }
}

fn team(live: &mut Live, step: &TeamStep) {
    let (team, email) = match step {
        TeamStep::SetMember { team, email, .. } | TeamStep::RemoveMember { team, email } => {
            (team, email)
        }
    };
    let Some(Some(t)) = live.tables.teams.get_mut(team) else {
        return;
    };
    let members = t.members.get_or_insert_with(Default::default);
    match step {
        TeamStep::SetMember { role, .. } => {
            members.insert(email.clone(), role.clone());
        }
        TeamStep::RemoveMember { .. } => {
            members.remove(email);
        }
    }
}
