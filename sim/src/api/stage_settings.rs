//! A pipeline's settings: the config vars of its `review` and `test`
//! stages (`/pipelines/{id}/stage/{stage}/config-vars`: an object of vars,
//! `PATCH` merges, `null` removes) and its review-app configuration
//! (`/pipelines/{id}/review-app-config`: `POST` enables review apps from a
//! repository, `PATCH` changes them, `DELETE` disables them). The pipeline
//! is named by its id, as Heroku takes it on these paths.
//!
//! Heroku's rules: only the `review` and `test` stages keep config vars,
//! a var's name matches `^[\w\.\:\[\]]+$`, a repository is `owner/name`,
//! `stale_days` is 1 to 30, a deploy target is a region or a space.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::Cx;
use crate::protocol::{ApiError, ApiResult, Reply};
use crate::state::{ReviewConfig, StageVars};

/// The stages whose config vars the pipeline keeps.
const STAGES: &[&str] = &["review", "test"];

fn pipeline_id(cx: &Cx, ident: &str) -> Result<String, ApiError> {
    cx.state
        .pipelines
        .iter()
        .find(|p| p.id == ident)
        .map(|p| p.id.clone())
        .ok_or_else(|| ApiError::not_found("pipeline", "Couldn't find that pipeline."))
}

fn stage_of(stage: &str) -> Result<(), ApiError> {
    match STAGES.contains(&stage) {
        true => Ok(()),
        false => Err(ApiError::invalid(format!(
            "Stage {stage} has no pipeline config vars: use review or test."
        ))),
    }
}

fn vars_of(cx: &Cx, id: &str, stage: &str) -> BTreeMap<String, String> {
    cx.state
        .tables
        .stage_vars
        .iter()
        .find(|s| s.pipeline_id == id && s.stage == stage)
        .map(|s| s.vars.clone())
        .unwrap_or_default()
}

fn vars_view(vars: &BTreeMap<String, String>) -> Value {
    Value::Object(
        vars.iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect::<Map<_, _>>(),
    )
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.:[]".contains(c))
}

pub fn vars(cx: &mut Cx, pipeline: &str, stage: &str) -> ApiResult {
    let id = pipeline_id(cx, pipeline)?;
    stage_of(stage)?;
    Ok(Reply::Ok(vars_view(&vars_of(cx, &id, stage))))
}

pub fn set_vars(cx: &mut Cx, pipeline: &str, stage: &str) -> ApiResult {
    let id = pipeline_id(cx, pipeline)?;
    stage_of(stage)?;
    let Value::Object(changes) = &cx.body else {
        return Err(ApiError::invalid("Config vars must be an object."));
    };
    let mut vars = vars_of(cx, &id, stage);
    for (k, v) in changes {
        if !valid_name(k) {
            return Err(ApiError::invalid(format!(
                "Config var name {k} is invalid."
            )));
        }
        match v {
            Value::Null => {
                vars.remove(k);
            }
            Value::String(s) => {
                vars.insert(k.clone(), s.clone());
            }
            _ => {
                return Err(ApiError::invalid(format!(
                    "The value of config var {k} must be a string or null."
                )));
            }
        }
    }
    let stages = &mut cx.state.tables.stage_vars;
    stages.retain(|s| !(s.pipeline_id == id && s.stage == stage));
    stages.push(StageVars {
        pipeline_id: id,
        stage: stage.to_string(),
        vars: vars.clone(),
    });
    Ok(Reply::Ok(vars_view(&vars)))
}

fn review_view(r: &ReviewConfig) -> Value {
    json!({
        // Heroku answers the repository by its GitHub id only.
        "repo": {"id": r.repo_id},
        "automatic_review_apps": r.automatic_review_apps,
        "deploy_target": r.deploy_target.as_ref().map(|(k, id)| json!({"id": id, "type": k})),
        "destroy_stale_apps": r.destroy_stale_apps,
        "stale_days": r.stale_days,
        "pipeline_id": r.pipeline_id,
        "wait_for_ci": r.wait_for_ci,
        "base_name": r.base_name,
    })
}

fn find_review(cx: &Cx, id: &str) -> Result<usize, ApiError> {
    cx.state
        .tables
        .review_configs
        .iter()
        .position(|r| r.pipeline_id == id)
        .ok_or_else(|| {
            ApiError::not_found(
                "review-app-config",
                "Review apps are not enabled for this pipeline.",
            )
        })
}

/// The body's fields, checked, set on `r`.
fn settle(cx: &Cx, r: &mut ReviewConfig) -> Result<(), ApiError> {
    let flag = |k: &str| cx.body.get(k).and_then(Value::as_bool);
    if let Some(v) = flag("automatic_review_apps") {
        r.automatic_review_apps = v;
    }
    if let Some(v) = flag("destroy_stale_apps") {
        r.destroy_stale_apps = v;
    }
    if let Some(v) = flag("wait_for_ci") {
        r.wait_for_ci = v;
    }
    if let Some(days) = cx.body.get("stale_days") {
        match days.as_i64().filter(|d| (1..=30).contains(d)) {
            Some(d) => r.stale_days = d,
            None => {
                return Err(ApiError::invalid("Stale days must be between 1 and 30."));
            }
        }
    }
    if let Some(name) = cx.body.get("base_name") {
        r.base_name = name.as_str().map(str::to_string);
    }
    if let Some(target) = cx.body.get("deploy_target") {
        let kind = target["type"].as_str().unwrap_or_default();
        let id = target["id"].as_str().unwrap_or_default();
        let ok = match kind {
            "region" => crate::catalog::REGIONS
                .iter()
                .any(|x| x.name == id && !x.private_only),
            "space" => cx.state.tables.spaces.iter().any(|s| s.id == id),
            _ => false,
        };
        if !ok {
            return Err(ApiError::invalid(format!(
                "Deploy target {kind} {id} is invalid: a region's name or a space's id."
            )));
        }
        r.deploy_target = Some((kind.to_string(), id.to_string()));
    }
    Ok(())
}

pub fn review(cx: &mut Cx, pipeline: &str) -> ApiResult {
    let id = pipeline_id(cx, pipeline)?;
    let r = find_review(cx, &id)?;
    Ok(Reply::Ok(review_view(&cx.state.tables.review_configs[r])))
}

pub fn enable(cx: &mut Cx, pipeline: &str) -> ApiResult {
    let id = pipeline_id(cx, pipeline)?;
    let repo = cx
        .str("repo")
        .ok_or_else(|| ApiError::invalid("Require params: repo."))?;
    let part = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    };
    if !repo
        .split_once('/')
        .is_some_and(|(o, n)| part(o) && part(n))
    {
        return Err(ApiError::invalid(format!(
            "Repo {repo} is invalid: use the repository's full name, owner/name."
        )));
    }
    if find_review(cx, &id).is_ok() {
        return Err(ApiError::invalid(
            "Review apps are already enabled for this pipeline.",
        ));
    }
    let repo_id = i64::from(crate::catalog::stable_id(&repo).as_bytes()[0]) * 1000 + 123;
    let mut r = ReviewConfig {
        pipeline_id: id,
        repo,
        repo_id,
        automatic_review_apps: false,
        destroy_stale_apps: false,
        stale_days: 5,
        wait_for_ci: false,
        base_name: None,
        deploy_target: None,
    };
    settle(cx, &mut r)?;
    let body = review_view(&r);
    cx.state.tables.review_configs.push(r);
    Ok(Reply::Created(body))
}

pub fn update(cx: &mut Cx, pipeline: &str) -> ApiResult {
    let id = pipeline_id(cx, pipeline)?;
    let i = find_review(cx, &id)?;
    let mut r = cx.state.tables.review_configs[i].clone();
    settle(cx, &mut r)?;
    let body = review_view(&r);
    cx.state.tables.review_configs[i] = r;
    Ok(Reply::Ok(body))
}

pub fn disable(cx: &mut Cx, pipeline: &str) -> ApiResult {
    let id = pipeline_id(cx, pipeline)?;
    let i = find_review(cx, &id)?;
    let gone = cx.state.tables.review_configs.remove(i);
    Ok(Reply::Ok(review_view(&gone)))
}
