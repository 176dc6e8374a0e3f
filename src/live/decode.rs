//! Turning Heroku's JSON into the live model: one decoder a resource,
//! each taking the answer of one request (or list) and giving the typed
//! value, or a [`Shape`] error naming what was not as Heroku answers.
//!
//! Pure. What heroin never touches is left out here, once: the default
//! `*.herokuapp.com` domain, add-on drains, the app owner and team
//! pseudo-users, and the config vars add-on attachments own (kept apart).
//! `live::read` decides what to request and hands each answer here.

use std::collections::BTreeMap;

use serde_json::Value;

use super::shape::{Shape, each, flag, integer, list as list_at, optional_string, string};
use super::{LiveApp, LiveCollaborator, LiveCoupling, LiveDrain, LiveFormation};
use crate::http::kind;
use crate::render::printable::printable;

/// An app from `GET /apps`.
pub fn app_from(v: &Value) -> Result<LiveApp, Shape> {
    Ok(LiveApp {
        id: string(v, &["id"])?,
        name: string(v, &["name"])?,
        region: string(v, &["region", "name"])?,
        stack: string(v, &["build_stack", "name"])?,
        team: optional_string(v, &["team", "name"])?,
        space: optional_string(v, &["space", "name"])?,
        maintenance: flag(v, &["maintenance"])?,
        acm: flag(v, &["acm"])?,
        generation: optional_string(v, &["generation", "name"])?,
        ..LiveApp::default()
    })
}

pub use super::addons::addons_of;

/// Config vars from `GET /apps/{app}/config-vars`: an object of strings.
pub fn config_vars_from(v: &Value) -> Result<BTreeMap<String, String>, Shape> {
    let Value::Object(map) = v else {
        return Err(format!(
            "an object of config vars was expected, not {}",
            kind(v)
        ));
    };
    map.iter()
        .map(|(k, v)| match v {
            Value::String(s) => Ok((k.clone(), s.clone())),
            other => Err(format!(
                "config var `{}` is {}, not a string",
                printable(k),
                kind(other)
            )),
        })
        .collect()
}

/// Formation from `GET /apps/{app}/formation`.
pub fn formation_from(list: &[Value]) -> Result<BTreeMap<String, LiveFormation>, Shape> {
    Ok(each(list, |f| {
        let size = match optional_string(f, &["dyno_size", "name"])? {
            Some(size) => size,
            None => string(f, &["size"])?,
        };
        let formation = LiveFormation {
            quantity: integer(f, &["quantity"])?,
            size,
        };
        Ok((string(f, &["type"])?, formation))
    })?
    .into_iter()
    .collect())
}

/// Feature states from `GET /apps/{app}/features`.
pub fn features_from(list: &[Value]) -> Result<BTreeMap<String, bool>, Shape> {
    Ok(each(list, |f| {
        Ok((string(f, &["name"])?, flag(f, &["enabled"])?))
    })?
    .into_iter()
    .collect())
}

/// Buildpack names in order, from `GET /apps/{app}/buildpack-installations`.
/// The name is compared first: the URL may be Heroku's `urn:` form.
pub fn buildpacks_from(list: &[Value]) -> Result<Vec<String>, Shape> {
    let mut items = each(list, |b| {
        let name = match optional_string(b, &["buildpack", "name"])? {
            Some(name) => name,
            None => string(b, &["buildpack", "url"])?,
        };
        Ok((integer(b, &["ordinal"])?, name))
    })?;
    items.sort_by_key(|(ordinal, _)| *ordinal);
    Ok(items.into_iter().map(|(_, name)| name).collect())
}

/// Custom domains from `GET /apps/{app}/domains` (the default one left out).
pub fn domains_from(list: &[Value]) -> Result<Vec<String>, Shape> {
    let all = each(list, |d| {
        Ok((optional_string(d, &["kind"])?, string(d, &["hostname"])?))
    })?;
    let mut d: Vec<String> = all
        .into_iter()
        .filter(|(kind, _)| kind.as_deref() != Some("heroku"))
        .map(|(_, hostname)| hostname)
        .collect();
    d.sort();
    Ok(d)
}

/// App drains from `GET /apps/{app}/log-drains` (add-on drains left out),
/// sorted by URL.
pub fn drains_from(list: &[Value]) -> Result<Vec<LiveDrain>, Shape> {
    let all = each(list, |d| {
        let drain = LiveDrain {
            url: string(d, &["url"])?,
            id: string(d, &["id"])?,
        };
        Ok((d["addon"].is_null(), drain))
    })?;
    let mut d: Vec<LiveDrain> = all
        .into_iter()
        .filter(|(own, _)| *own)
        .map(|(_, drain)| drain)
        .collect();
    d.sort();
    Ok(d)
}

/// Collaborators, without the owner and team pseudo-users.
pub fn collaborators_from(list: &[Value]) -> Result<Vec<LiveCollaborator>, Shape> {
    let all = each(list, |c| {
        let mut permissions = each(list_at(c, &["permissions"])?, |p| string(p, &["name"]))
            .map_err(|e| format!("`permissions`, {e}"))?;
        permissions.sort();
        let owner = optional_string(c, &["role"])?.as_deref() == Some("owner");
        let collaborator = LiveCollaborator {
            email: string(c, &["user", "email"])?,
            permissions,
        };
        Ok((owner, collaborator))
    })?;
    let mut c: Vec<LiveCollaborator> = all
        .into_iter()
        .filter(|(owner, c)| !owner && !c.email.ends_with("@herokumanager.com"))
        .map(|(_, c)| c)
        .collect();
    c.sort_by(|a, b| a.email.cmp(&b.email));
    Ok(c)
}

/// The account's pipelines by name, from `GET /pipelines`.
pub fn pipelines_from(list: &[Value]) -> Result<BTreeMap<String, String>, Shape> {
    Ok(
        each(list, |p| Ok((string(p, &["name"])?, string(p, &["id"])?)))?
            .into_iter()
            .collect(),
    )
}

/// The coupling from `GET /apps/{app}/pipeline-couplings`, named through the
/// account's pipelines.
pub fn coupling_from(coupling: &Value, pipelines: &[Value]) -> Result<LiveCoupling, Shape> {
    let pipeline_id = string(coupling, &["pipeline", "id"])?;
    let pipeline = pipelines
        .iter()
        .find(|p| p["id"].as_str() == Some(&pipeline_id))
        .and_then(|p| p["name"].as_str())
        .unwrap_or_default()
        .to_string();
    Ok(LiveCoupling {
        id: string(coupling, &["id"])?,
        pipeline_id,
        pipeline,
        stage: string(coupling, &["stage"])?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn entries_heroin_never_touches_are_left_out() {
        let drains = [
            json!({"id": "d-1", "url": "syslog://a.example:1", "addon": null}),
            json!({"id": "d-2", "url": "syslog+tls://papertrail:2", "addon": {"id": "x"}}),
        ];
        let app_drain = LiveDrain {
            url: "syslog://a.example:1".into(),
            id: "d-1".into(),
        };
        assert_eq!(drains_from(&drains).unwrap(), [app_drain]);
        let domains = [
            json!({"hostname": "app.herokuapp.com", "kind": "heroku"}),
            json!({"hostname": "www.example.com", "kind": "custom"}),
        ];
        assert_eq!(domains_from(&domains).unwrap(), ["www.example.com"]);
        let collaborators = [
            json!({"role": "owner", "user": {"email": "me@example.com"}, "permissions": []}),
            json!({"role": "admin", "user": {"email": "acme@herokumanager.com"}, "permissions": []}),
            json!({"role": null, "user": {"email": "dev@example.com"}, "permissions": [{"name": "view"}]}),
        ];
        let c = collaborators_from(&collaborators).unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].email, "dev@example.com");
        let bps = [
            json!({"ordinal": 1, "buildpack": {"url": "https://x", "name": "https://x"}}),
            json!({"ordinal": 0, "buildpack": {"url": "urn:buildpack:heroku/ruby", "name": "heroku/ruby"}}),
        ];
        assert_eq!(buildpacks_from(&bps).unwrap(), ["heroku/ruby", "https://x"]);
    }
}
