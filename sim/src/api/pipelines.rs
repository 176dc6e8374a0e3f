//! Pipelines (PATCH and DELETE by id only), couplings (an app is in at most
//! one pipeline; `/apps/{app}/pipeline-couplings` answers one object), and
//! promotions (the source's current slug released on each target).

use serde_json::{Value, json};

use super::{Cx, current_release, releases_for_promotion, ts};
use crate::catalog::stable_id;
use crate::protocol::{ApiError, ApiResult, Reply};
use crate::state::{Coupling, Pipeline, Promotion, State};

const STAGES: &[&str] = &["test", "review", "development", "staging", "production"];

fn view(p: &Pipeline) -> Value {
    json!({
        "created_at": ts(p.created_at),
        "id": p.id,
        "name": p.name,
        "owner": p.owner.as_ref().map(|(id, kind)| json!({"id": id, "type": kind})),
        "updated_at": ts(p.updated_at),
        "generation": {"id": stable_id("generation:cedar"), "name": "cedar"},
    })
}

/// The JSON of a coupling. Its pipeline carries the name as well as the id,
/// as Heroku sends it (the official CLI prints `coupling.pipeline.name`),
/// beyond the schema's `{id}`.
fn coupling_view(state: &State, c: &Coupling) -> Value {
    let name = state
        .pipelines
        .iter()
        .find(|p| p.id == c.pipeline_id)
        .map(|p| p.name.clone());
    json!({
        "app": {"id": c.app_id},
        "created_at": ts(c.created_at),
        "id": c.id,
        "pipeline": {"id": c.pipeline_id, "name": name},
        "stage": c.stage,
        "updated_at": ts(c.updated_at),
    })
}

fn valid_name(n: &str) -> bool {
    let b = n.as_bytes();
    (3..=30).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

pub fn list(cx: &mut Cx) -> ApiResult {
    let filter = cx.query.get("eq[name]").cloned();
    let list = cx
        .state
        .pipelines
        .iter()
        .filter(|p| filter.as_ref().is_none_or(|n| p.name == *n))
        .map(view)
        .collect();
    Ok(Reply::List(list))
}

pub fn create(cx: &mut Cx) -> ApiResult {
    let name = cx.required("name")?;
    if !valid_name(&name) {
        return Err(ApiError::invalid(format!(
            "Name {name} is invalid: 3 to 30 lowercase letters, digits and dashes, starting with a letter."
        )));
    }
    let owner = cx.body.get("owner").and_then(|o| {
        let id = o.get("id")?.as_str()?.to_string();
        let kind = o
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("user")
            .to_string();
        Some((id, kind))
    });
    if let Some((id, kind)) = &owner
        && kind == "team"
    {
        super::lookups::team_name(cx, id)?;
    }
    let owner = owner.or_else(|| Some((cx.account.id.clone(), "user".into())));
    let p = Pipeline {
        id: cx.uuid(),
        name,
        owner,
        created_at: cx.now,
        updated_at: cx.now,
    };
    let body = view(&p);
    cx.state.pipelines.push(p);
    Ok(Reply::Created(body))
}

fn find(cx: &Cx, ident: &str, by_name: bool) -> Result<usize, ApiError> {
    cx.state
        .pipelines
        .iter()
        .position(|p| p.id == ident || (by_name && p.name == ident))
        .ok_or_else(|| ApiError::not_found("pipeline", "Couldn't find that pipeline."))
}

pub fn info(cx: &mut Cx, ident: &str) -> ApiResult {
    let p = find(cx, ident, true)?;
    Ok(Reply::Ok(view(&cx.state.pipelines[p])))
}

pub fn update(cx: &mut Cx, ident: &str) -> ApiResult {
    let p = find(cx, ident, false)?;
    if let Some(name) = cx.str("name") {
        if !valid_name(&name) {
            return Err(ApiError::invalid(format!("Name {name} is invalid.")));
        }
        cx.state.pipelines[p].name = name;
    }
    cx.state.pipelines[p].updated_at = cx.now;
    Ok(Reply::Ok(view(&cx.state.pipelines[p])))
}

pub fn destroy(cx: &mut Cx, ident: &str) -> ApiResult {
    let p = find(cx, ident, false)?;
    let removed = cx.state.pipelines.remove(p);
    cx.state.couplings.retain(|c| c.pipeline_id != removed.id);
    let settings = &mut cx.state.tables;
    settings.stage_vars.retain(|s| s.pipeline_id != removed.id);
    settings
        .review_configs
        .retain(|r| r.pipeline_id != removed.id);
    Ok(Reply::Ok(view(&removed)))
}

pub fn couplings_of(cx: &mut Cx, ident: &str) -> ApiResult {
    let p = find(cx, ident, false)?;
    let id = cx.state.pipelines[p].id.clone();
    Ok(Reply::List(
        cx.state
            .couplings
            .iter()
            .filter(|c| c.pipeline_id == id)
            .map(|c| coupling_view(cx.state, c))
            .collect(),
    ))
}

pub fn couplings(cx: &mut Cx) -> ApiResult {
    let list = cx
        .state
        .couplings
        .iter()
        .filter(|c| cx.app(&c.app_id).is_ok())
        .map(|c| coupling_view(cx.state, c))
        .collect();
    Ok(Reply::List(list))
}

fn stage(cx: &Cx) -> Result<String, ApiError> {
    let stage = cx.required("stage")?;
    if STAGES.contains(&stage.as_str()) {
        Ok(stage)
    } else {
        Err(ApiError::invalid(format!(
            "Stage {stage} is invalid: use {}.",
            STAGES.join(", ")
        )))
    }
}

pub fn couple(cx: &mut Cx) -> ApiResult {
    let app = cx.app(&cx.required("app")?)?;
    let p = find(cx, &cx.required("pipeline")?, false)?;
    let stage = stage(cx)?;
    let app_id = cx.state.apps[app].id.clone();
    if cx.state.couplings.iter().any(|c| c.app_id == app_id) {
        return Err(ApiError::invalid(format!(
            "{} is already in a pipeline.",
            cx.state.apps[app].name
        )));
    }
    let c = Coupling {
        id: cx.uuid(),
        app_id,
        pipeline_id: cx.state.pipelines[p].id.clone(),
        stage,
        created_at: cx.now,
        updated_at: cx.now,
    };
    let body = coupling_view(cx.state, &c);
    cx.state.couplings.push(c);
    Ok(Reply::Created(body))
}

fn find_coupling(cx: &Cx, id: &str) -> Result<usize, ApiError> {
    cx.state
        .couplings
        .iter()
        .position(|c| c.id == id && cx.app(&c.app_id).is_ok())
        .ok_or_else(|| {
            ApiError::not_found("pipeline-coupling", "Couldn't find that pipeline coupling.")
        })
}

pub fn coupling_info(cx: &mut Cx, id: &str) -> ApiResult {
    let c = find_coupling(cx, id)?;
    Ok(Reply::Ok(coupling_view(cx.state, &cx.state.couplings[c])))
}

pub fn coupling_update(cx: &mut Cx, id: &str) -> ApiResult {
    let c = find_coupling(cx, id)?;
    cx.state.couplings[c].stage = stage(cx)?;
    cx.state.couplings[c].updated_at = cx.now;
    Ok(Reply::Ok(coupling_view(cx.state, &cx.state.couplings[c])))
}

pub fn uncouple(cx: &mut Cx, id: &str) -> ApiResult {
    let c = find_coupling(cx, id)?;
    let removed = cx.state.couplings.remove(c);
    Ok(Reply::Ok(coupling_view(cx.state, &removed)))
}

pub fn coupling_of_app(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let id = cx.state.apps[i].id.clone();
    cx.state
        .couplings
        .iter()
        .find(|c| c.app_id == id)
        .map(|c| Reply::Ok(coupling_view(cx.state, c)))
        .ok_or_else(|| ApiError::not_found("pipeline-coupling", "This app is not in a pipeline."))
}

fn promotion_view(p: &Promotion) -> Value {
    json!({
        "created_at": ts(p.created_at),
        "id": p.id,
        "pipeline": {"id": p.pipeline_id},
        "source": {"app": {"id": p.source_app_id}, "release": {"id": p.source_release_id}},
        "status": "completed",
        "updated_at": ts(p.created_at),
    })
}

pub fn promote(cx: &mut Cx) -> ApiResult {
    let p = find(cx, &cx.required("pipeline")?, false)?;
    let source = cx
        .body
        .get("source")
        .and_then(|s| s.get("app"))
        .and_then(crate::protocol::ident)
        .ok_or_else(|| ApiError::invalid("Require params: source."))?;
    let source = cx.app(&source)?;
    let source_id = cx.state.apps[source].id.clone();
    let release = current_release(cx.state, &source_id)
        .filter(|r| r.slug_id.is_some())
        .ok_or_else(|| ApiError::invalid("The source app has no release to promote."))?
        .clone();
    let targets: Vec<String> = cx
        .body
        .get("targets")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::invalid("Require params: targets."))?
        .iter()
        .filter_map(|t| t.get("app").and_then(crate::protocol::ident))
        .collect();
    let mut promoted = Vec::new();
    for target in targets {
        let t = cx.app(&target)?;
        let description = format!(
            "Promote {} v{}",
            cx.state.apps[source].name, release.version
        );
        let new_release = releases_for_promotion(cx, t, &release, description);
        promoted.push((cx.uuid(), cx.state.apps[t].id.clone(), Some(new_release)));
    }
    let promotion = Promotion {
        id: cx.uuid(),
        pipeline_id: cx.state.pipelines[p].id.clone(),
        source_app_id: source_id,
        source_release_id: release.id.clone(),
        targets: promoted,
        created_at: cx.now,
    };
    let body = promotion_view(&promotion);
    cx.state.promotions.push(promotion);
    Ok(Reply::Created(body))
}

fn find_promotion(cx: &Cx, id: &str) -> Result<usize, ApiError> {
    cx.state
        .promotions
        .iter()
        .position(|p| p.id == id)
        .ok_or_else(|| ApiError::not_found("pipeline-promotion", "Couldn't find that promotion."))
}

pub fn promotion_info(cx: &mut Cx, id: &str) -> ApiResult {
    let p = find_promotion(cx, id)?;
    Ok(Reply::Ok(promotion_view(&cx.state.promotions[p])))
}

pub fn promotion_targets(cx: &mut Cx, id: &str) -> ApiResult {
    let p = &cx.state.promotions[find_promotion(cx, id)?];
    let list = p
        .targets
        .iter()
        .map(|(tid, app, release)| {
            json!({
                "app": {"id": app},
                "error_message": null,
                "id": tid,
                "pipeline_promotion": {"id": p.id},
                "release": release.as_ref().map(|r| json!({"id": r})),
                "status": "succeeded",
            })
        })
        .collect();
    Ok(Reply::List(list))
}
