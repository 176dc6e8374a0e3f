//! Domains: every app has its default `*.herokuapp.com` domain (kind
//! `heroku`), which cannot be removed; custom domains get a DNS target and
//! may use one of the app's SNI endpoints (`sni_endpoint`, see `certs`).

use serde_json::{Value, json};

use super::{Cx, app_ref, ts};
use crate::protocol::{ApiError, ApiResult, Reply};
use crate::state::Domain;

fn view(cx: &Cx, d: &Domain) -> Value {
    let custom = d.kind == "custom";
    json!({
        "acm_status": if custom { json!("pending") } else { Value::Null },
        "acm_status_reason": null,
        "app": app_ref(cx.state, &d.app_id),
        "cname": d.cname,
        "created_at": ts(d.created_at),
        "hostname": d.hostname,
        "id": d.id,
        "kind": d.kind,
        "updated_at": ts(d.created_at),
        "status": if custom { "succeeded" } else { "none" },
        "sni_endpoint": d.sni_endpoint.as_ref().map(|n| json!({"name": n, "id": super::certs::id_of(n)})),
    })
}

fn valid_hostname(h: &str) -> bool {
    let name = h.strip_prefix("*.").unwrap_or(h);
    let labels: Vec<&str> = name.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

pub fn list(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let id = cx.state.apps[i].id.clone();
    Ok(Reply::List(
        cx.state
            .domains
            .iter()
            .filter(|d| d.app_id == id)
            .map(|d| view(cx, d))
            .collect(),
    ))
}

pub fn create(cx: &mut Cx, app: &str) -> ApiResult {
    let i = cx.app(app)?;
    let hostname = cx.required("hostname")?.to_ascii_lowercase();
    if cx.body.get("sni_endpoint").is_none() {
        return Err(ApiError::invalid("Require params: sni_endpoint."));
    }
    if !valid_hostname(&hostname) || hostname.ends_with(".herokuapp.com") {
        return Err(ApiError::invalid(format!(
            "{hostname} is not a valid domain name."
        )));
    }
    let app_id = &cx.state.apps[i].id;
    match cx.state.domains.iter().find(|d| d.hostname == hostname) {
        Some(d) if d.app_id == *app_id => {
            return Err(ApiError::invalid("Domain already added to this app."));
        }
        Some(_) => {
            return Err(ApiError::invalid(format!(
                "{hostname} is currently in use by another app."
            )));
        }
        None => {}
    }
    let sni_endpoint = super::certs::named(cx, &cx.state.apps[i].id)?;
    let (id, words) = (cx.uuid(), cx.state.rng.haiku(0));
    let cname = format!(
        "{}-{}.herokudns.com",
        words.trim_end_matches('-'),
        cx.state.rng.hex(18)
    );
    cx.state.domains.push(Domain {
        id,
        app_id: cx.state.apps[i].id.clone(),
        hostname,
        kind: "custom".into(),
        cname: Some(cname),
        sni_endpoint,
        created_at: cx.now,
    });
    let d = cx.state.domains.last().expect("just pushed");
    Ok(Reply::Created(view(cx, d)))
}

fn find(cx: &Cx, app_id: &str, ident: &str) -> Result<usize, ApiError> {
    cx.state
        .domains
        .iter()
        .position(|d| {
            d.app_id == app_id && (d.id == ident || d.hostname.eq_ignore_ascii_case(ident))
        })
        .ok_or_else(|| ApiError::not_found("domain", "Couldn't find that domain."))
}

pub fn info(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let d = find(cx, &cx.state.apps[i].id.clone(), ident)?;
    Ok(Reply::Ok(view(cx, &cx.state.domains[d])))
}

pub fn update(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let d = find(cx, &cx.state.apps[i].id.clone(), ident)?;
    // A domain uses one of its app's endpoints, or none.
    cx.state.domains[d].sni_endpoint = super::certs::named(cx, &cx.state.apps[i].id)?;
    Ok(Reply::Ok(view(cx, &cx.state.domains[d])))
}

pub fn destroy(cx: &mut Cx, app: &str, ident: &str) -> ApiResult {
    let i = cx.app(app)?;
    let d = find(cx, &cx.state.apps[i].id.clone(), ident)?;
    if cx.state.domains[d].kind == "heroku" {
        return Err(ApiError::invalid(
            "The default domain of an app cannot be removed.",
        ));
    }
    let body = view(cx, &cx.state.domains[d]);
    cx.state.domains.remove(d);
    Ok(Reply::Ok(body))
}
