//! What Heroku has of the account-wide tables of the files: a pipeline's
//! review-app configuration and stage config vars, a team's members and
//! features, a Private Space's inbound ruleset; and the account heroin runs
//! as (so that a plan never removes it from a team unawares).
//!
//! [`read`] asks only for what the [`Scope`] names, in one parallel batch,
//! after the account-wide lists (a pipeline's settings are reached by its
//! id, from `/pipelines`). A pipeline, team or space Heroku does not have
//! is `None`, not an error. The decoders are pure.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::shape::{Shape, each, flag, integer, optional_string, string};
use crate::http::paths::{self, ACCOUNT};
use crate::http::{Client, HttpError};

/// What to read of a pipeline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PipelineScope {
    /// Its review-app configuration.
    pub review_apps: bool,
    /// The stages whose config vars to read.
    pub stages: BTreeSet<String>,
}

/// What to read of a team.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeamScope {
    /// Its members.
    pub members: bool,
    /// Its features.
    pub features: bool,
}

/// What to read of the account-wide tables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// Pipelines by name.
    pub pipelines: BTreeMap<String, PipelineScope>,
    /// Teams by name.
    pub teams: BTreeMap<String, TeamScope>,
    /// The spaces whose inbound ruleset to read.
    pub spaces: BTreeSet<String>,
}

impl Scope {
    /// Whether nothing is to be read.
    pub fn is_empty(&self) -> bool {
        self.pipelines.is_empty() && self.teams.is_empty() && self.spaces.is_empty()
    }
}

/// A pipeline's settings as Heroku has them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LivePipeline {
    /// Heroku's id.
    pub id: String,
    /// Its review-app configuration: `Some(None)` when review apps are not
    /// enabled; `None` when not read.
    pub review_apps: Option<Option<LiveReviewApps>>,
    /// Config vars of each stage read.
    pub stages: BTreeMap<String, BTreeMap<String, String>>,
}

/// A pipeline's review-app configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LiveReviewApps {
    /// The GitHub repository's id (Heroku never answers its name).
    pub repo_id: Option<i64>,
    /// Automatic review apps.
    pub automatic_review_apps: bool,
    /// Destroy stale review apps.
    pub destroy_stale_apps: bool,
    /// Days after which a review app is stale.
    pub stale_days: i64,
    /// Wait for CI.
    pub wait_for_ci: bool,
    /// The prefix of review app names.
    pub base_name: Option<String>,
    /// Where review apps go: (`region` or `space`, id).
    pub deploy_target: Option<(String, String)>,
}

/// A team as Heroku has it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LiveTeam {
    /// Members: email -> role; `None` when not read.
    pub members: Option<BTreeMap<String, String>>,
    /// Features: name -> enabled; `None` when not read.
    pub features: Option<BTreeMap<String, bool>>,
}

/// A Private Space as Heroku has it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LiveSpace {
    /// The inbound rules, in order: (action, source).
    pub inbound_ruleset: Vec<(String, String)>,
}

/// What [`read`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// Pipelines by name (`None`: Heroku has no such pipeline).
    pub pipelines: BTreeMap<String, Option<LivePipeline>>,
    /// Teams by name (`None`: no such team, or not the account's).
    pub teams: BTreeMap<String, Option<LiveTeam>>,
    /// Spaces by name (`None`: no such space).
    pub spaces: BTreeMap<String, Option<LiveSpace>>,
    /// The email of the account heroin runs as (read when team members are).
    pub account: Option<String>,
}

/// A review-app configuration from `GET /pipelines/{id}/review-app-config`.
pub fn review_apps_from(v: &Value) -> Result<LiveReviewApps, Shape> {
    let target = match &v["deploy_target"] {
        Value::Null => None,
        t => Some((string(t, &["type"])?, string(t, &["id"])?)),
    };
    Ok(LiveReviewApps {
        repo_id: v["repo"]["id"].as_i64(),
        automatic_review_apps: flag(v, &["automatic_review_apps"])?,
        destroy_stale_apps: flag(v, &["destroy_stale_apps"])?,
        stale_days: integer(v, &["stale_days"])?,
        wait_for_ci: flag(v, &["wait_for_ci"])?,
        base_name: optional_string(v, &["base_name"])?,
        deploy_target: target,
    })
}

/// A team's members from `GET /teams/{team}/members`: email -> role.
pub fn members_from(items: &[Value]) -> Result<BTreeMap<String, String>, Shape> {
    Ok(each(items, |m| {
        Ok((string(m, &["email"])?, string(m, &["role"])?))
    })?
    .into_iter()
    .collect())
}

/// A team's features from `GET /teams/{team}/features`.
pub fn team_features_from(items: &[Value]) -> Result<BTreeMap<String, bool>, Shape> {
    Ok(each(items, |f| {
        Ok((string(f, &["name"])?, flag(f, &["enabled"])?))
    })?
    .into_iter()
    .collect())
}

/// A space's rules from `GET /spaces/{space}/inbound-ruleset`.
pub fn ruleset_from(v: &Value) -> Result<Vec<(String, String)>, Shape> {
    let rules = super::shape::list(v, &["rules"])?;
    each(rules, |r| {
        Ok((string(r, &["action"])?, string(r, &["source"])?))
    })
}

/// One request of the read.
#[derive(Clone, Debug)]
enum Job {
    Review(String, String),
    Stage(String, String, String),
    Members(String),
    Features(String),
    Ruleset(String),
    Account,
}

impl Job {
    fn path(&self) -> String {
        match self {
            Job::Review(_, id) => paths::review_app_config(id),
            Job::Stage(_, id, stage) => paths::stage_config_vars(id, stage),
            Job::Members(t) => paths::team_members(t),
            Job::Features(t) => paths::team_features(t),
            Job::Ruleset(s) => paths::inbound_ruleset(s),
            Job::Account => ACCOUNT.to_string(),
        }
    }
}

/// Reads what `scope` names; `ids` are the account's pipelines by name.
pub fn read(
    client: &Client,
    scope: &Scope,
    ids: &BTreeMap<String, String>,
    threads: usize,
) -> Result<Found, HttpError> {
    let mut found = Found::default();
    let mut jobs = Vec::new();
    for (name, what) in &scope.pipelines {
        let Some(id) = ids.get(name) else {
            found.pipelines.insert(name.clone(), None);
            continue;
        };
        let pipeline = LivePipeline {
            id: id.clone(),
            ..LivePipeline::default()
        };
        found.pipelines.insert(name.clone(), Some(pipeline));
        if what.review_apps {
            jobs.push(Job::Review(name.clone(), id.clone()));
        }
        for stage in &what.stages {
            jobs.push(Job::Stage(name.clone(), id.clone(), stage.clone()));
        }
    }
    for (team, what) in &scope.teams {
        found.teams.insert(team.clone(), Some(LiveTeam::default()));
        if what.members {
            jobs.push(Job::Members(team.clone()));
        }
        if what.features {
            jobs.push(Job::Features(team.clone()));
        }
    }
    if scope.teams.values().any(|t| t.members) {
        jobs.push(Job::Account);
    }
    for space in &scope.spaces {
        jobs.push(Job::Ruleset(space.clone()));
    }
    let answers = super::pool::parallel(&jobs, threads, |job| {
        let path = job.path();
        match job {
            Job::Members(_) | Job::Features(_) => match client.list(&path) {
                Ok(l) => Ok(Some(Value::Array(l))),
                Err(e) if e.status() == Some(404) => Ok(None),
                Err(e) => Err(e),
            },
            _ => client.get_optional(&path),
        }
    });
    for (job, answer) in jobs.iter().zip(answers) {
        let answer = answer?;
        let path = job.path();
        let bad = |e: Shape| client.malformed("GET", &path, &e);
        let items = || answer.as_ref().and_then(Value::as_array).cloned();
        match job {
            Job::Review(name, _) => {
                let review = answer.as_ref().map(review_apps_from).transpose();
                if let Some(Some(p)) = found.pipelines.get_mut(name) {
                    p.review_apps = Some(review.map_err(bad)?);
                }
            }
            Job::Stage(name, _, stage) => {
                let vars = super::config_vars_from(answer.as_ref().unwrap_or(&Value::Null));
                if let Some(Some(p)) = found.pipelines.get_mut(name) {
                    p.stages.insert(stage.clone(), vars.map_err(bad)?);
                }
            }
            Job::Members(team) | Job::Features(team) => {
                let Some(items) = items() else {
                    found.teams.insert(team.clone(), None);
                    continue;
                };
                let Some(Some(t)) = found.teams.get_mut(team) else {
                    continue;
                };
                if matches!(job, Job::Members(_)) {
                    t.members = Some(members_from(&items).map_err(bad)?);
                } else {
                    t.features = Some(team_features_from(&items).map_err(bad)?);
                }
            }
            Job::Ruleset(space) => {
                let space_live = answer
                    .as_ref()
                    .map(|v| ruleset_from(v).map(|inbound_ruleset| LiveSpace { inbound_ruleset }))
                    .transpose()
                    .map_err(bad)?;
                found.spaces.insert(space.clone(), space_live);
            }
            Job::Account => {
                let email = answer.as_ref().map(|a| string(a, &["email"])).transpose();
                found.account = email.map_err(bad)?;
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn review_app_configs_members_and_rulesets_decode_as_heroku_sends_them() {
        let r = review_apps_from(&json!({
            "repo": {"id": 123}, "automatic_review_apps": true, "destroy_stale_apps": false,
            "stale_days": 5, "wait_for_ci": true, "base_name": null,
            "deploy_target": {"id": "eu", "type": "region"}, "pipeline_id": "p", "repo_id": 1
        }))
        .unwrap();
        assert_eq!(r.deploy_target, Some(("region".into(), "eu".into())));
        assert_eq!(r.stale_days, 5);
        assert!(review_apps_from(&json!({"repo": {"id": 1}})).is_err());
        let m = members_from(&[json!({"email": "a@example.com", "role": "admin"})]).unwrap();
        assert_eq!(m["a@example.com"], "admin");
        let rules = ruleset_from(&json!({"rules": [{"action": "allow", "source": "0.0.0.0/0"}]}));
        assert_eq!(rules.unwrap(), [("allow".into(), "0.0.0.0/0".into())]);
    }
}
