//! Formation and dynos: the formation exists only for the process types of
//! the current release's slug; batch and single updates; sizes checked, and
//! Eco/Basic never mixed with Standard/Performance (Heroku's 422). Dynos are
//! listed from the formation, as `heroku ps` shows them.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Cx, app_ref, current_release, ts};
use crate::catalog::{self, Family, stable_id};
use crate::protocol::{ApiError, ApiResult, Reply};
use crate::state::Formation;

fn size_ref(size: &str) -> Value {
    json!({"id": stable_id(&format!("dyno-size:{size}")), "name": size})
}

/// The deprecated display form of a size (`Standard-1X`).
fn display(size: &str) -> String {
    let mut chars = size.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn view(cx: &Cx, app_id: &str, f: &Formation) -> Value {
    json!({
        "app": app_ref(cx.state, app_id),
        "command": f.command,
        "created_at": ts(f.created_at),
        "dyno_size": size_ref(&f.size),
        "id": f.id,
        "quantity": f.quantity,
        "size": display(&f.size),
        "type": f.kind,
        "updated_at": ts(f.updated_at),
    })
}

/// Makes the app's formation match `types` (process type -> command). Types
/// the release lacks go dormant, keeping their quantity and size; types it
/// brings back wake with them; new types start at one `web` dyno and zero
/// others, in the size of the app's other dynos.
pub fn sync(cx: &mut Cx, app: usize, types: &BTreeMap<String, String>) {
    let size = cx.state.apps[app]
        .formation
        .first()
        .or_else(|| cx.state.apps[app].dormant_formation.first())
        .map_or_else(|| "basic".to_string(), |f| f.size.clone());
    let a = &mut cx.state.apps[app];
    let (kept, gone): (Vec<Formation>, Vec<Formation>) = std::mem::take(&mut a.formation)
        .into_iter()
        .partition(|f| types.contains_key(&f.kind));
    a.formation = kept;
    a.dormant_formation
        .retain(|d| !gone.iter().any(|g| g.kind == d.kind));
    a.dormant_formation.extend(gone);
    for (kind, command) in types {
        let id = cx.state.rng.uuid();
        let now = cx.now;
        let a = &mut cx.state.apps[app];
        if let Some(f) = a.formation.iter_mut().find(|f| f.kind == *kind) {
            f.command = command.clone();
            continue;
        }
        let woken = a
            .dormant_formation
            .iter()
            .position(|d| d.kind == *kind)
            .map(|d| a.dormant_formation.remove(d));
        a.formation.push(match woken {
            Some(mut f) => {
                f.command = command.clone();
                f
            }
            None => Formation {
                id,
                kind: kind.clone(),
                command: command.clone(),
                quantity: i64::from(kind == "web"),
                size: size.clone(),
                created_at: now,
                updated_at: now,
            },
        });
    }
    cx.state.apps[app]
        .formation
        .sort_by(|a, b| a.kind.cmp(&b.kind));
}

pub fn list(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let a = &cx.state.apps[i];
    Ok(Reply::List(
        a.formation.iter().map(|f| view(cx, &a.id, f)).collect(),
    ))
}

fn find(cx: &Cx, app: usize, ident: &str) -> Result<usize, ApiError> {
    cx.state.apps[app]
        .formation
        .iter()
        .position(|f| f.id == ident || f.kind == ident)
        .ok_or_else(|| {
            ApiError::not_found(
                "formation",
                format!("Couldn't find that process type ({ident})."),
            )
        })
}

pub fn info(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let f = find(cx, i, ident)?;
    let a = &cx.state.apps[i];
    Ok(Reply::Ok(view(cx, &a.id, &a.formation[f])))
}

/// Applies one update (`quantity`, `size` or `dyno_size`) to entry `f` of a
/// copy of the formation.
fn apply(list: &mut [Formation], f: usize, update: &Value, now: u64) -> Result<(), ApiError> {
    if let Some(q) = update.get("quantity") {
        // The official CLI sends quantities as strings, `+N` and `-N` relative.
        let bad = || {
            ApiError::invalid(
                "quantity must be an integer, or a string such as \"2\", \"+1\" or \"-1\".",
            )
        };
        let q = match q {
            Value::Number(n) => n.as_i64().ok_or_else(bad)?,
            Value::String(s) if s.starts_with('+') || s.starts_with('-') => {
                list[f].quantity + s.parse::<i64>().map_err(|_| bad())?
            }
            Value::String(s) => s.parse::<i64>().map_err(|_| bad())?,
            _ => return Err(bad()),
        };
        if q < 0 {
            return Err(ApiError::invalid("quantity must be zero or more."));
        }
        list[f].quantity = q;
    }
    let size = update
        .get("dyno_size")
        .and_then(crate::protocol::ident)
        .or_else(|| {
            update
                .get("size")
                .and_then(Value::as_str)
                .map(str::to_string)
        });
    if let Some(size) = size {
        let found = catalog::dyno_size(&size)
            .or_else(|| catalog::DYNO_SIZES.iter().find(|s| stable_id(&format!("dyno-size:{}", s.name)) == size))
            .ok_or_else(|| ApiError::invalid(format!("No such size as {size}. Use eco, basic, standard-1X, standard-2X, performance-M, performance-L.")))?;
        list[f].size = found.name.to_string();
    }
    list[f].updated_at = now;
    Ok(())
}

/// Heroku refuses Eco/Basic next to Standard/Performance in one app.
fn check_mix(list: &[Formation]) -> Result<(), ApiError> {
    let of = |family| {
        list.iter()
            .find(|f| catalog::dyno_size(&f.size).is_some_and(|s| s.family == family))
    };
    if let (Some(hobby), Some(pro)) = (of(Family::Hobby), of(Family::Professional)) {
        return Err(ApiError::invalid(format!(
            "Cannot use the following dyno types in the same app: {} and {}",
            display(&hobby.size),
            display(&pro.size)
        )));
    }
    Ok(())
}

pub fn update(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let f = find(cx, i, ident)?;
    let mut list = cx.state.apps[i].formation.clone();
    apply(&mut list, f, &cx.body, cx.now)?;
    check_mix(&list)?;
    cx.state.apps[i].formation = list;
    let a = &cx.state.apps[i];
    Ok(Reply::Ok(view(cx, &a.id, &a.formation[f])))
}

pub fn batch(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let updates = cx
        .body
        .get("updates")
        .and_then(Value::as_array)
        .cloned()
        .ok_or_else(|| ApiError::invalid("Require params: updates."))?;
    let mut list = cx.state.apps[i].formation.clone();
    let mut touched = Vec::new();
    for update in &updates {
        let kind = update
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::invalid("Each update needs a type."))?;
        let f = list
            .iter()
            .position(|x| x.kind == kind || x.id == kind)
            .ok_or_else(|| {
                ApiError::not_found(
                    "formation",
                    format!("Couldn't find that process type ({kind})."),
                )
            })?;
        apply(&mut list, f, update, cx.now)?;
        touched.push(f);
    }
    check_mix(&list)?;
    cx.state.apps[i].formation = list;
    let a = &cx.state.apps[i];
    Ok(Reply::Ok(Value::Array(
        touched
            .iter()
            .map(|&f| view(cx, &a.id, &a.formation[f]))
            .collect(),
    )))
}

pub fn dynos(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    Ok(Reply::List(dyno_views(cx, i)))
}

/// The app's dynos, as the formation runs them.
fn dyno_views(cx: &Cx, i: usize) -> Vec<Value> {
    let a = &cx.state.apps[i];
    let release =
        current_release(cx.state, &a.id).map(|r| json!({"id": r.id, "version": r.version}));
    let mut list = Vec::new();
    for f in &a.formation {
        for n in 1..=f.quantity {
            list.push(json!({
                "attach_url": null,
                "command": f.command,
                "created_at": ts(f.updated_at),
                "id": stable_id(&format!("dyno:{}:{}.{n}", a.id, f.kind)),
                "name": format!("{}.{n}", f.kind),
                "release": release,
                "app": app_ref(cx.state, &a.id),
                "size": display(&f.size),
                "state": "up",
                "type": f.kind,
                "updated_at": ts(f.updated_at),
            }));
        }
    }
    list
}

/// A dyno of the app, by name (`web.1`) or id.
fn find_dyno(cx: &Cx, i: usize, ident: &str) -> Result<Value, ApiError> {
    dyno_views(cx, i)
        .into_iter()
        .find(|d| d["name"] == ident || d["id"] == ident)
        .ok_or_else(|| ApiError::not_found("dyno", format!("Couldn't find that dyno ({ident}).")))
}

pub fn dyno_info(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    find_dyno(cx, i, ident).map(Reply::Ok)
}

/// Restarts or stops one dyno: 202, as Heroku answers. The formation asks
/// for the dyno, so the platform starts it again: the list stays the same.
pub fn dyno_action(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    find_dyno(cx, i, ident)?;
    Ok(Reply::Accepted(json!({})))
}

pub fn restart(cx: &mut Cx, app: &str) -> ApiResult {
    cx.app(app)?;
    Ok(Reply::Accepted(json!({})))
}
