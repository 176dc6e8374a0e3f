//! The steps of the account-wide tables as the requests Heroku receives:
//! a pipeline's stage config vars and review-app configuration (to the
//! pipeline's id, which [`lookup`] finds by name when applying), a team's
//! members, a space's inbound ruleset; and how progress names them (never
//! a config var's value). Bodies hold secret values in clear: they exist
//! only to be sent. Pure.

use serde_json::{Map, Value, json};

use super::Request;
use crate::http::paths;
use crate::plan::pipelines::{PipelineStep, ReviewSettings};
use crate::plan::tables::{SpaceStep, TeamStep};

/// The GET that finds the pipeline's id.
pub fn lookup(step: &PipelineStep) -> String {
    paths::pipeline(step.pipeline())
}

fn settings(s: &ReviewSettings) -> Map<String, Value> {
    let mut body = Map::new();
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            body.insert(k.to_string(), v);
        }
    };
    put(
        "automatic_review_apps",
        s.automatic_review_apps.map(Value::from),
    );
    put("destroy_stale_apps", s.destroy_stale_apps.map(Value::from));
    put("stale_days", s.stale_days.map(Value::from));
    put("wait_for_ci", s.wait_for_ci.map(Value::from));
    put("base_name", s.base_name.clone().map(Value::from));
    let target = s.deploy_target.as_ref();
    put(
        "deploy_target",
        target.map(|(k, id)| json!({"type": k, "id": id})),
    );
    body
}

/// The request of a pipeline step; `id` is the pipeline's.
pub fn pipeline_request(step: &PipelineStep, id: &str) -> Request {
    match step {
        PipelineStep::StageVars {
            stage, set, unset, ..
        } => {
            let mut body: Map<String, Value> = set
                .iter()
                .map(|(k, v)| (k.clone(), json!(v.known().unwrap_or_default())))
                .collect();
            body.extend(unset.iter().map(|k| (k.clone(), Value::Null)));
            Request {
                method: "PATCH",
                path: paths::stage_config_vars(id, stage),
                body: Value::Object(body),
            }
        }
        PipelineStep::EnableReviewApps {
            repo, settings: s, ..
        } => {
            let mut body = settings(s);
            body.insert("repo".into(), json!(repo));
            Request {
                method: "POST",
                path: paths::review_app_config(id),
                body: Value::Object(body),
            }
        }
        PipelineStep::UpdateReviewApps { settings: s, .. } => Request {
            method: "PATCH",
            path: paths::review_app_config(id),
            body: Value::Object(settings(s)),
        },
    }
}

/// The request of a team step.
pub fn team_request(step: &TeamStep) -> Request {
    match step {
        TeamStep::SetMember { team, email, role } => Request {
            method: "PUT",
            path: paths::team_members(team),
            body: json!({"email": email, "role": role}),
        },
        TeamStep::RemoveMember { team, email } => Request {
            method: "DELETE",
            path: paths::team_member(team, email),
            body: Value::Null,
        },
    }
}

/// The request of a space step.
pub fn space_request(step: &SpaceStep) -> Request {
    let SpaceStep::SetInboundRuleset { space, rules } = step;
    let rules: Vec<Value> = rules
        .iter()
        .map(|(action, source)| json!({"action": action, "source": source}))
        .collect();
    Request {
        method: "PUT",
        path: paths::inbound_ruleset(space),
        body: json!({"rules": rules}),
    }
}

/// One line saying what a step does.
pub fn describe_pipeline(step: &PipelineStep) -> String {
    match step {
        PipelineStep::StageVars {
            pipeline,
            stage,
            set,
            unset,
        } => format!(
            "set {} and remove {} config vars of stage {stage} of pipeline {pipeline}",
            set.len(),
            unset.len()
        ),
        PipelineStep::EnableReviewApps { pipeline, repo, .. } => {
            format!("enable review apps of pipeline {pipeline} from {repo}")
        }
        PipelineStep::UpdateReviewApps { pipeline, .. } => {
            format!("update the review apps of pipeline {pipeline}")
        }
    }
}

/// One line saying what a team or space step does.
pub fn describe_team(step: &TeamStep) -> String {
    match step {
        TeamStep::SetMember { team, email, role } => format!("make {email} {role} of team {team}"),
        TeamStep::RemoveMember { team, email } => format!("remove {email} from team {team}"),
    }
}

/// One line saying what a space step does.
pub fn describe_space(step: &SpaceStep) -> String {
    let SpaceStep::SetInboundRuleset { space, rules } = step;
    format!("set the {} inbound rules of space {space}", rules.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::{Secret, Text};

    #[test]
    fn table_steps_become_heroku_s_requests() {
        let step = PipelineStep::StageVars {
            pipeline: "shop".into(),
            stage: "review".into(),
            set: [("KEY".to_string(), Text::Secret(Secret::new("s3")))].into(),
            unset: vec!["OLD".into()],
        };
        assert_eq!(lookup(&step), "/pipelines/shop");
        let r = pipeline_request(&step, "p-1");
        assert_eq!(
            (r.method, r.path.as_str()),
            ("PATCH", "/pipelines/p-1/stage/review/config-vars")
        );
        assert_eq!(r.body, json!({"KEY": "s3", "OLD": null}));
        assert!(!describe_pipeline(&step).contains("s3"));
        let enable = PipelineStep::EnableReviewApps {
            pipeline: "shop".into(),
            repo: "acme/shop".into(),
            settings: ReviewSettings {
                stale_days: Some(5),
                deploy_target: Some(("region".into(), "eu".into())),
                ..ReviewSettings::default()
            },
        };
        assert_eq!(
            pipeline_request(&enable, "p-1").body,
            json!({"repo": "acme/shop", "stale_days": 5, "deploy_target": {"type": "region", "id": "eu"}})
        );
        let member = TeamStep::SetMember {
            team: "acme".into(),
            email: "a@example.com".into(),
            role: "admin".into(),
        };
        assert_eq!(team_request(&member).method, "PUT");
        let rules = SpaceStep::SetInboundRuleset {
            space: "acme-eu".into(),
            rules: vec![("allow".into(), "203.0.113.0/24".into())],
        };
        assert_eq!(
            space_request(&rules).body,
            json!({"rules": [{"action": "allow", "source": "203.0.113.0/24"}]})
        );
    }
}
