//! Applying a plan: turning each [`Step`] into the request Heroku receives
//! (pure, here), sending them in order ([`execute`]), and running a whole
//! apply once consent is given ([`runner`]: the changes not declined, which
//! `select` picks, the way out of a failed step, which `fallback` chooses,
//! the check that Heroku then matches the files, with [`verify`] saying what
//! is left and [`report`] what a failure left and what the tag records; the
//! questions go through `answer::Answerer`).
//!
//! A few steps name things by what the files know (a pipeline by name, an
//! attachment by name) while the API wants an id: [`lookup`] says which GET
//! finds it, and [`request`] takes the id found. Request bodies hold secret
//! values in clear: they exist only to be sent, never shown.

mod answer;
mod certs;
pub mod execute;
mod failure;
mod fallback;
pub mod guard;
pub mod record;
pub mod report;
pub mod runner;
pub mod schedule;
mod select;
pub mod stop;
mod tables;
mod telemetry;
pub mod verify;
mod webhooks;

use serde_json::{Map, Value, json};

use crate::http::paths;
use crate::plan::Step;

/// One API call: method, path, JSON body.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// `POST`, `PATCH`, ...
    pub method: &'static str,
    /// The path, segments percent-encoded.
    pub path: String,
    /// The body (`null` for none).
    pub body: Value,
}

/// The GET that finds the id a step needs, and the field of its answer
/// that holds it, if the step needs one.
pub fn lookup(step: &Step) -> Option<String> {
    match step {
        Step::Detach { app, attachment } | Step::DetachTemporary { app, attachment } => {
            Some(paths::app_attachment(app, attachment))
        }
        Step::Couple { pipeline, .. } => Some(paths::pipeline(pipeline)),
        Step::Pipeline(p) => Some(tables::lookup(p)),
        _ => None,
    }
}

/// The request for `step`; `id` is what [`lookup`] found, for the steps that
/// need one.
pub fn request(step: &Step, id: Option<&str>) -> Request {
    let r = |method, path: String, body| Request { method, path, body };
    let id = id.unwrap_or_default();
    match step {
        Step::CreateApp {
            name,
            region,
            stack,
            team,
            space,
        } => {
            let mut body = json!({"name": name});
            if let Some(region) = region {
                body["region"] = json!(region);
            }
            if let Some(stack) = stack {
                body["stack"] = json!(stack);
            }
            if let Some(team) = team {
                body["team"] = json!(team);
            }
            // An app in a space is a team app: `/teams/apps` takes both.
            if let Some(space) = space {
                body["space"] = json!(space);
            }
            match team.is_some() || space.is_some() {
                true => r("POST", paths::TEAM_APPS.into(), body),
                false => r("POST", paths::APPS.into(), body),
            }
        }
        Step::UpdateApp {
            app,
            maintenance,
            build_stack,
        } => {
            let mut body = json!({});
            if let Some(m) = maintenance {
                body["maintenance"] = json!(m);
            }
            if let Some(s) = build_stack {
                body["build_stack"] = json!(s);
            }
            r("PATCH", paths::app(app), body)
        }
        Step::SetAcm { app, enabled } => r(
            if *enabled { "POST" } else { "DELETE" },
            paths::acm(app),
            Value::Null,
        ),
        Step::Detach { .. } | Step::DetachTemporary { .. } => {
            r("DELETE", paths::attachment(id), Value::Null)
        }
        // `force` detaches it from the other apps: only for a shared add-on,
        // whose destroy the person agreed to (`cli::apply::consent`).
        Step::DestroyAddon { app, addon, shared }
        | Step::DestroyReplaced {
            app, addon, shared, ..
        } => r(
            "DELETE",
            paths::app_addon(app, &addon.heroku()),
            if *shared {
                json!({"force": true})
            } else {
                Value::Null
            },
        ),
        Step::CreateAddon {
            app,
            addon_plan,
            attachment,
            config,
        } => {
            let config: Map<String, Value> = config
                .iter()
                .map(|(k, v)| (k.clone(), json!(v.known().unwrap_or_default())))
                .collect();
            let body = json!({"plan": addon_plan, "attachment": {"name": attachment}, "config": config, "confirm": app});
            r("POST", paths::app_addons(app), body)
        }
        Step::ChangePlan {
            app,
            addon,
            addon_plan,
        } => r(
            "PATCH",
            paths::app_addon(app, &addon.heroku()),
            json!({"plan": addon_plan}),
        ),
        // `confirm` (the app's name) lets a move take the name from the
        // add-on that has it.
        Step::Attach {
            app,
            addon,
            attachment,
        }
        | Step::MoveAttachment {
            app,
            addon,
            attachment,
        } => {
            let body =
                json!({"addon": addon.heroku(), "app": app, "name": attachment, "confirm": app});
            r("POST", paths::ATTACHMENTS.into(), body)
        }
        Step::PatchConfig { app, set, unset } => {
            let mut body: Map<String, Value> = set
                .iter()
                .map(|(k, v)| (k.clone(), json!(v.known().unwrap_or_default())))
                .collect();
            body.extend(unset.iter().map(|k| (k.clone(), Value::Null)));
            r("PATCH", paths::config_vars(app), Value::Object(body))
        }
        Step::SetBuildpacks { app, buildpacks } => {
            let updates: Vec<Value> = buildpacks.iter().map(|b| json!({"buildpack": b})).collect();
            r("PUT", paths::buildpacks(app), json!({"updates": updates}))
        }
        Step::Scale { app, updates } => {
            let updates: Vec<Value> = updates
                .iter()
                .map(|u| {
                    let mut v = json!({"type": u.kind});
                    if let Some(q) = u.quantity {
                        v["quantity"] = json!(q);
                    }
                    if let Some(s) = &u.size {
                        v["dyno_size"] = json!({"name": s});
                    }
                    v
                })
                .collect();
            r("PATCH", paths::formation(app), json!({"updates": updates}))
        }
        Step::SetFeature {
            app,
            feature,
            enabled,
        } => r(
            "PATCH",
            paths::feature(app, feature),
            json!({"enabled": enabled}),
        ),
        Step::AddDomain { app, hostname } => r(
            "POST",
            paths::domains(app),
            json!({"hostname": hostname, "sni_endpoint": null}),
        ),
        Step::RemoveDomain { app, hostname } => {
            r("DELETE", paths::domain(app, hostname), Value::Null)
        }
        Step::AddDrain { app, url } => r(
            "POST",
            paths::drains(app),
            json!({"url": url.known().unwrap_or_default()}),
        ),
        Step::RemoveDrain { app, id } => r("DELETE", paths::drain(app, id), Value::Null),
        Step::AddCollaborator {
            app,
            email,
            permissions,
        } => match permissions {
            Some(p) => r(
                "POST",
                paths::collaborators(app, true),
                json!({"user": email, "permissions": p, "silent": true}),
            ),
            None => r(
                "POST",
                paths::collaborators(app, false),
                json!({"user": email, "silent": true}),
            ),
        },
        Step::SetPermissions {
            app,
            email,
            permissions,
        } => r(
            "PATCH",
            paths::collaborator(app, email, true),
            json!({"permissions": permissions}),
        ),
        Step::RemoveCollaborator { app, email } => r(
            "DELETE",
            paths::collaborator(app, email, false),
            Value::Null,
        ),
        Step::CreatePipeline { name } => r("POST", paths::PIPELINES.into(), json!({"name": name})),
        Step::Couple { app, stage, .. } => r(
            "POST",
            paths::COUPLINGS.into(),
            json!({"app": app, "pipeline": id, "stage": stage}),
        ),
        Step::SetStage {
            coupling, stage, ..
        } => r("PATCH", paths::coupling(coupling), json!({"stage": stage})),
        Step::Uncouple { coupling, .. } => r("DELETE", paths::coupling(coupling), Value::Null),
        Step::Webhook(w) => webhooks::request(w),
        Step::Telemetry(t) => telemetry::request(t),
        Step::Cert(c) => certs::request(c, Some(id).filter(|i| !i.is_empty())),
        Step::Pipeline(p) => tables::pipeline_request(p, id),
        Step::Team(t) => tables::team_request(t),
        Step::Space(s) => tables::space_request(s),
    }
}

/// One line saying what a step does, for progress and reports (never a
/// secret value).
pub fn describe(step: &Step) -> String {
    match step {
        Step::CreateApp { name, .. } => format!("create app {name}"),
        Step::UpdateApp { app, .. } => format!("update {app}"),
        Step::SetAcm { app, enabled } => format!(
            "{} ACM on {app}",
            if *enabled { "enable" } else { "disable" }
        ),
        Step::Detach { app, attachment } => format!("detach {attachment} from {app}"),
        Step::DestroyAddon { app, addon, .. } => format!("destroy {addon} on {app}"),
        Step::CreateAddon {
            app,
            addon_plan,
            attachment,
            ..
        } => format!("create {addon_plan} as {attachment} on {app}"),
        Step::ChangePlan {
            app,
            addon,
            addon_plan,
        } => format!("change {addon} on {app} to {addon_plan}"),
        Step::MoveAttachment {
            app,
            addon,
            attachment,
        } => format!("move {attachment} on {app} to {addon}"),
        Step::DestroyReplaced {
            app,
            addon,
            attachment,
            ..
        } => format!("destroy {addon} on {app}, replaced as {attachment}"),
        Step::DetachTemporary { app, attachment } => {
            format!("detach the temporary {attachment} from {app}")
        }
        Step::Attach {
            app,
            addon,
            attachment,
        } => format!("attach {addon} to {app} as {attachment}"),
        Step::PatchConfig { app, set, unset } => format!(
            "set {} and remove {} config vars on {app}",
            set.len(),
            unset.len()
        ),
        Step::SetBuildpacks { app, .. } => format!("set the buildpacks of {app}"),
        Step::Scale { app, updates } => format!("scale {} process type(s) of {app}", updates.len()),
        Step::SetFeature {
            app,
            feature,
            enabled,
        } => format!(
            "{} {feature} on {app}",
            if *enabled { "enable" } else { "disable" }
        ),
        Step::AddDomain { app, hostname } => format!("add domain {hostname} to {app}"),
        Step::RemoveDomain { app, hostname } => format!("remove domain {hostname} from {app}"),
        Step::AddDrain { app, .. } => format!("add a log drain to {app}"),
        Step::RemoveDrain { app, .. } => format!("remove a log drain from {app}"),
        Step::AddCollaborator { app, email, .. } => format!("add {email} to {app}"),
        Step::SetPermissions { app, email, .. } => {
            format!("set the permissions of {email} on {app}")
        }
        Step::RemoveCollaborator { app, email } => format!("remove {email} from {app}"),
        Step::CreatePipeline { name } => format!("create pipeline {name}"),
        Step::Couple {
            app,
            pipeline,
            stage,
        } => format!("add {app} to pipeline {pipeline} as {stage}"),
        Step::SetStage { app, stage, .. } => format!("move {app} to stage {stage}"),
        Step::Uncouple { app, .. } => format!("remove {app} from its pipeline"),
        Step::Webhook(w) => webhooks::describe(w),
        Step::Telemetry(t) => telemetry::describe(t),
        Step::Cert(c) => certs::describe(c),
        Step::Pipeline(p) => tables::describe_pipeline(p),
        Step::Team(t) => tables::describe_team(t),
        Step::Space(s) => tables::describe_space(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::{Secret, Text};

    #[test]
    fn steps_become_heroku_s_requests() {
        let step = Step::PatchConfig {
            app: "acme".into(),
            set: [("KEY".to_string(), Text::Secret(Secret::new("s3")))].into(),
            unset: vec!["OLD".into()],
        };
        let req = request(&step, None);
        assert_eq!(
            (req.method, req.path.as_str()),
            ("PATCH", "/apps/acme/config-vars")
        );
        assert_eq!(req.body, json!({"KEY": "s3", "OLD": null}));
        let drain = Step::RemoveDrain {
            app: "acme".into(),
            id: "01234567-89ab-4cde-8f01-23456789abcd".into(),
        };
        assert_eq!(
            request(&drain, None).path,
            "/apps/acme/log-drains/01234567-89ab-4cde-8f01-23456789abcd"
        );
        let couple = Step::Couple {
            app: "acme".into(),
            pipeline: "p".into(),
            stage: "staging".into(),
        };
        assert_eq!(lookup(&couple).as_deref(), Some("/pipelines/p"));
        assert_eq!(request(&couple, Some("id-1")).body["pipeline"], "id-1");
        let team = Step::CreateApp {
            name: "a".into(),
            region: Some("eu".into()),
            stack: None,
            team: Some("t".into()),
            space: None,
        };
        assert_eq!(request(&team, None).path, "/teams/apps");
    }
}
