//! Planning a pipeline's settings: the config vars of its `review` and
//! `test` stages (one `PATCH` per stage, secrets masked as an app's config
//! vars are) and its review-app configuration (enabled with its repository
//! by a `POST`, then changed field by field in one `PATCH`).
//!
//! The pipeline itself comes from the apps coupled to it in the files: when
//! Heroku does not have it yet and an app of the files creates it, its
//! settings are planned as new (the steps find its id once it exists);
//! when nothing creates it, the settings are impossible. A review-app
//! repository is sent once, when review apps are enabled; Heroku answers
//! only its GitHub id, so the plan warns that heroin cannot tell whether
//! it changed, rather than claiming it did not. Pure.

use std::collections::BTreeMap;

use super::top::Top;
use super::{Action, Plan, Section, Step, Table, shown};
use crate::config::model::Config;
use crate::config::pipelines::{PipelineSettings, ReviewApps};
use crate::live::Live;
use crate::live::tables::LiveReviewApps;
use crate::secret::Text;

/// A pipeline step: one API call, to the pipeline found by name (its id is
/// looked up when applying: the pipeline may be created by the same apply).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PipelineStep {
    /// `PATCH /pipelines/{id}/stage/{stage}/config-vars`.
    StageVars {
        /// Pipeline name.
        pipeline: String,
        /// `review` or `test`.
        stage: String,
        /// Vars to set.
        set: BTreeMap<String, Text>,
        /// Vars to remove (sent as `null`).
        unset: Vec<String>,
    },
    /// `POST /pipelines/{id}/review-app-config`: enables review apps.
    EnableReviewApps {
        /// Pipeline name.
        pipeline: String,
        /// The GitHub repository.
        repo: String,
        /// The other fields the files give.
        settings: ReviewSettings,
    },
    /// `PATCH /pipelines/{id}/review-app-config`.
    UpdateReviewApps {
        /// Pipeline name.
        pipeline: String,
        /// The fields that change.
        settings: ReviewSettings,
    },
}

impl PipelineStep {
    /// The pipeline it acts on.
    pub fn pipeline(&self) -> &str {
        match self {
            PipelineStep::StageVars { pipeline, .. }
            | PipelineStep::EnableReviewApps { pipeline, .. }
            | PipelineStep::UpdateReviewApps { pipeline, .. } => pipeline,
        }
    }

    /// The values it sends that may be secret.
    pub fn texts(&self) -> Vec<&Text> {
        match self {
            PipelineStep::StageVars { set, .. } => set.values().collect(),
            _ => Vec::new(),
        }
    }
}

/// Review-app fields, each `None` when not sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReviewSettings {
    /// Automatic review apps.
    pub automatic_review_apps: Option<bool>,
    /// Destroy stale review apps.
    pub destroy_stale_apps: Option<bool>,
    /// Days after which a review app is stale.
    pub stale_days: Option<i64>,
    /// Wait for CI.
    pub wait_for_ci: Option<bool>,
    /// The prefix of review app names.
    pub base_name: Option<String>,
    /// Where review apps go: (`region` or `space`, id).
    pub deploy_target: Option<(String, String)>,
}

fn plain(s: &str) -> Option<Text> {
    Some(Text::Plain(s.to_string()))
}

pub(crate) fn plan_pipeline(desired: &Config, p: &PipelineSettings, live: &Live, out: &mut Plan) {
    let mut top = Top {
        table: Table::Pipelines,
        key: &p.name,
        out,
    };
    let found = live.tables.pipelines.get(&p.name).and_then(Option::as_ref);
    let coupled = desired.apps.values().any(|a| {
        a.pipeline
            .as_ref()
            .is_some_and(|c| c.name.value.known() == Some(&p.name))
    });
    if found.is_none() && !coupled && (p.review_apps.is_some() || !p.stages.is_empty()) {
        let c = top.change(
            Section::Stages,
            None,
            Action::Impossible,
            (None, plain(&p.name)),
        );
        c.why = Some(format!(
            "Heroku has no pipeline {} and no app of the files is coupled to it (`pipeline = {{ name = \"{}\", ... }}`): heroin creates a pipeline with its first app",
            p.name, p.name
        ));
        return;
    }
    let empty = BTreeMap::new();
    for (stage, s) in &p.stages {
        let Some(vars) = &s.config_vars else {
            continue;
        };
        let on_heroku = found.and_then(|f| f.stages.get(stage)).unwrap_or(&empty);
        stage_vars(&mut top, stage, vars, on_heroku);
    }
    if let Some(r) = &p.review_apps {
        let on_heroku = found.and_then(|f| f.review_apps.clone()).flatten();
        review_apps(&mut top, r, on_heroku.as_ref());
    }
}

fn stage_vars(
    top: &mut Top,
    stage: &str,
    desired: &BTreeMap<String, crate::config::model::ConfigVar>,
    on_heroku: &BTreeMap<String, String>,
) {
    let key = |name: &str| format!("{stage}.config_vars.{name}");
    let (mut set, mut unset) = (BTreeMap::new(), Vec::new());
    for (name, var) in desired {
        let Some(value) = var.value.value.known() else {
            continue;
        };
        let before = on_heroku.get(name);
        if before.map(String::as_str) == Some(value) {
            continue;
        }
        let action = if before.is_some() {
            Action::Update
        } else {
            Action::Create
        };
        let before = before.map(|b| shown(name, Text::Plain(b.clone())));
        let after = shown(name, var.value.value.clone());
        top.change(
            Section::Stages,
            Some(&key(name)),
            action,
            (before, Some(after.clone())),
        );
        set.insert(name.clone(), after);
    }
    for (name, value) in on_heroku.iter().filter(|(n, _)| !desired.contains_key(*n)) {
        let before = shown(name, Text::Plain(value.clone()));
        let c = top.change(
            Section::Stages,
            Some(&key(name)),
            Action::Delete,
            (Some(before), None),
        );
        c.why = Some("not in the files".into());
        unset.push(name.clone());
    }
    if set.is_empty() && unset.is_empty() {
        return;
    }
    let address = top.address(Section::Stages, Some(stage));
    let step = PipelineStep::StageVars {
        pipeline: top.key.to_string(),
        stage: stage.to_string(),
        set,
        unset,
    };
    top.step(Step::Pipeline(step), address);
}

/// The fields of `r` as (name, value shown, value sent).
fn fields(r: &ReviewApps) -> ReviewSettings {
    let b = |v: &Option<crate::config::model::Located<bool>>| v.as_ref().map(|v| v.value);
    ReviewSettings {
        automatic_review_apps: b(&r.automatic_review_apps),
        destroy_stale_apps: b(&r.destroy_stale_apps),
        stale_days: r.stale_days.as_ref().map(|d| d.value),
        wait_for_ci: b(&r.wait_for_ci),
        base_name: r
            .base_name
            .as_ref()
            .and_then(|n| n.value.known())
            .map(str::to_string),
        deploy_target: r.deploy_target.as_ref().and_then(|t| {
            let (k, id) = (t.kind.value.known()?, t.id.value.known()?);
            Some((k.to_string(), id.to_string()))
        }),
    }
}

/// Each field as text: (name, value) for those that are set.
fn texts(s: &ReviewSettings) -> Vec<(&'static str, String)> {
    let target = s.deploy_target.as_ref().map(|(k, id)| format!("{k} {id}"));
    [
        (
            "automatic_review_apps",
            s.automatic_review_apps.map(|b| b.to_string()),
        ),
        ("base_name", s.base_name.clone()),
        ("deploy_target", target),
        (
            "destroy_stale_apps",
            s.destroy_stale_apps.map(|b| b.to_string()),
        ),
        ("stale_days", s.stale_days.map(|d| d.to_string())),
        ("wait_for_ci", s.wait_for_ci.map(|b| b.to_string())),
    ]
    .into_iter()
    .filter_map(|(k, v)| Some((k, v?)))
    .collect()
}

fn live_settings(l: &LiveReviewApps) -> ReviewSettings {
    ReviewSettings {
        automatic_review_apps: Some(l.automatic_review_apps),
        destroy_stale_apps: Some(l.destroy_stale_apps),
        stale_days: Some(l.stale_days),
        wait_for_ci: Some(l.wait_for_ci),
        base_name: l.base_name.clone(),
        deploy_target: l.deploy_target.clone(),
    }
}

fn review_apps(top: &mut Top, r: &ReviewApps, on_heroku: Option<&LiveReviewApps>) {
    let desired = fields(r);
    let repo = r.repo.as_ref().and_then(|r| r.value.known());
    let pipeline = top.key.to_string();
    let Some(live) = on_heroku else {
        let Some(repo) = repo else {
            let c = top.change(
                Section::ReviewApps,
                Some("repo"),
                Action::Impossible,
                (None, None),
            );
            c.why = Some("review apps are enabled with the GitHub repository they come from: set review_apps.repo (`owner/name`)".into());
            return;
        };
        top.change(
            Section::ReviewApps,
            Some("repo"),
            Action::Create,
            (None, plain(repo)),
        );
        for (k, v) in texts(&desired) {
            top.change(
                Section::ReviewApps,
                Some(k),
                Action::Create,
                (None, plain(&v)),
            );
        }
        let address = top.address(Section::ReviewApps, Some("repo"));
        let step = PipelineStep::EnableReviewApps {
            pipeline,
            repo: repo.to_string(),
            settings: desired,
        };
        top.step(Step::Pipeline(step), address);
        return;
    };
    if repo.is_some() {
        let message = "the repository of review apps is sent when they are enabled, and Heroku answers only its GitHub id: heroin cannot tell whether it is the one the files name (to connect another one, disable review apps with `heroku reviewapps:disable` and apply again)";
        let address = top.address(Section::ReviewApps, Some("repo"));
        top.out.warnings.push((address, message.into()));
    }
    let now = texts(&live_settings(live));
    let mut changed = ReviewSettings::default();
    for (k, v) in texts(&desired) {
        let before = now.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone());
        if before.as_deref() == Some(v.as_str()) {
            continue;
        }
        let values = (before.as_deref().and_then(plain), plain(&v));
        top.change(Section::ReviewApps, Some(k), Action::Update, values);
        match k {
            "automatic_review_apps" => {
                changed.automatic_review_apps = desired.automatic_review_apps
            }
            "base_name" => changed.base_name = desired.base_name.clone(),
            "deploy_target" => changed.deploy_target = desired.deploy_target.clone(),
            "destroy_stale_apps" => changed.destroy_stale_apps = desired.destroy_stale_apps,
            "stale_days" => changed.stale_days = desired.stale_days,
            _ => changed.wait_for_ci = desired.wait_for_ci,
        }
    }
    if changed != ReviewSettings::default() {
        let address = top.address(Section::ReviewApps, None);
        let step = PipelineStep::UpdateReviewApps {
            pipeline,
            settings: changed,
        };
        top.step(Step::Pipeline(step), address);
    }
}
