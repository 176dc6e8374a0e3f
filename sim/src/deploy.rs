//! `heroku-sim deploy`: gives an app on a running simulator a release with
//! process types, as a build on Heroku ends: a slug with `process_types`
//! (`POST /apps/{app}/slugs`), then a release of it (`POST
//! /apps/{app}/releases`). It talks to the simulator over HTTP like any other
//! client, and must not reach into the simulator's state.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};

/// What to deploy, from the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deploy {
    /// The API's base URL (`http://127.0.0.1:PORT`).
    pub api: String,
    /// The token to send.
    pub token: String,
    /// The app's name or id.
    pub app: String,
    /// Process type -> command.
    pub process_types: BTreeMap<String, String>,
    /// The commit the slug was built from, if given.
    pub commit: Option<String>,
}

/// Parses `TYPE=COMMAND` (a Procfile line's `TYPE: COMMAND`, written for a
/// shell argument).
pub fn parse_process_type(arg: &str) -> Result<(String, String), String> {
    let (kind, command) = arg
        .split_once('=')
        .ok_or_else(|| format!("{arg:?}: expected TYPE=COMMAND, such as web=\"bin/web\""))?;
    if kind.is_empty() || command.trim().is_empty() {
        return Err(format!(
            "{arg:?}: expected TYPE=COMMAND, with a type and a command"
        ));
    }
    Ok((kind.to_string(), command.to_string()))
}

/// Makes the slug and the release; returns the release's version.
pub fn run(deploy: &Deploy) -> Result<i64, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let mut slug = json!({"process_types": deploy.process_types});
    if let Some(commit) = &deploy.commit {
        slug["commit"] = json!(commit);
    }
    let app = &deploy.app;
    let slug = post(&agent, deploy, &format!("/apps/{app}/slugs"), &slug)?;
    let slug_id = slug["id"]
        .as_str()
        .ok_or("the slug in the answer has no id")?;
    let release = post(
        &agent,
        deploy,
        &format!("/apps/{app}/releases"),
        &json!({"slug": slug_id}),
    )?;
    release["version"]
        .as_i64()
        .ok_or_else(|| "the release in the answer has no version".to_string())
}

/// One POST; a non-2xx answer is an error carrying Heroku's message.
fn post(agent: &ureq::Agent, deploy: &Deploy, path: &str, body: &Value) -> Result<Value, String> {
    let url = format!("{}{path}", deploy.api.trim_end_matches('/'));
    let mut response = agent
        .post(&url)
        .header("Accept", "application/vnd.heroku+json; version=3")
        .header("Authorization", format!("Bearer {}", deploy.token))
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .map_err(|e| format!("POST {path}: {e}"))?;
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .read_to_string()
        .map_err(|e| format!("POST {path}: {e}"))?;
    let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    if (200..300).contains(&status) {
        Ok(value)
    } else {
        let message = value["message"].as_str().unwrap_or("no message");
        Err(format!("POST {path}: {status}: {message}"))
    }
}
