//! Sending a plan's steps to Heroku, in order.
//!
//! Each step is one write (after the GET that finds an id, for the few steps
//! that need one). A new add-on is awaited by polling its state until it is
//! provisioned (never a fixed sleep), so that what depends on it (its config
//! vars, attachments to other apps) finds it ready. The first failure stops
//! the run; the caller reports what was done and what was not attempted.

use std::time::{Duration, Instant};

use serde_json::Value;

pub use super::failure::StepError;
use super::stop;
use super::{lookup, request};
use crate::http::{Client, HttpError, paths};
use crate::live::AddonState;
use crate::plan::Step;

/// How to wait for add-ons.
#[derive(Clone, Copy, Debug)]
pub struct Wait {
    /// The longest pause between two looks at a provisioning add-on (the
    /// first is 100 ms, doubling up to this).
    pub poll: Duration,
    /// The longest wait for one add-on.
    pub timeout: Duration,
}

impl Default for Wait {
    fn default() -> Wait {
        Wait {
            poll: Duration::from_secs(2),
            timeout: Duration::from_secs(30 * 60),
        }
    }
}

/// `Err` when a signal asked the apply to stop.
fn go_on(sent: bool) -> Result<(), StepError> {
    match stop::requested() {
        Some(signal) => Err(StepError::Stopped { signal, sent }),
        None => Ok(()),
    }
}

/// Sends `steps` in order, calling `done` after each. Stops at the first
/// failure and returns its index with the error; a signal's request to stop
/// is looked at before each step is sent ([`StepError::Stopped`]).
pub fn execute(
    client: &Client,
    steps: &[Step],
    wait: Wait,
    done: &mut dyn FnMut(usize, &Step),
) -> Result<(), (usize, StepError)> {
    for (i, step) in steps.iter().enumerate() {
        go_on(false).map_err(|e| (i, e))?;
        if let Some(created) = write(client, step, wait).map_err(|e| (i, e))? {
            await_created(client, &created, wait).map_err(|e| (i, e))?;
        }
        done(i, step);
    }
    Ok(())
}

/// A new add-on as Heroku answered its create: what is awaited before the
/// steps that depend on it.
#[derive(Clone, Debug)]
pub struct Created {
    app: String,
    answer: Value,
}

/// Sends one step (after the GET that finds its id, for the steps that need
/// one); a write whose fate is unknown is read back before it is sent again.
/// For a new add-on, what Heroku answered, to await with [`await_created`]
/// before what depends on it.
pub fn write(client: &Client, step: &Step, wait: Wait) -> Result<Option<Created>, StepError> {
    let id = match lookup(step) {
        Some(path) => {
            let found = client.get(&path)?;
            let id = found["id"].as_str().map(str::to_string);
            Some(id.ok_or_else(|| StepError::Missing(format!("GET {path} gave no id")))?)
        }
        None => None,
    };
    // An endpoint this apply created is known by its certificate only.
    let id = match step {
        Step::Cert(c) => super::certs::resolve(client, c)?.or(id),
        _ => id,
    };
    if let Step::MoveAttachment { addon, .. } = step {
        // The name moves only to an add-on that is ready.
        let target = client.get(&paths::addon(&addon.heroku()))?;
        await_state(client, &target, wait).map_err(|e| match e {
            // Stopped before the move was sent.
            StepError::Stopped { signal, .. } => StepError::Stopped {
                signal,
                sent: false,
            },
            e => e,
        })?;
    }
    let req = request(step, id.as_deref());
    let mut tries = 0;
    let answer = loop {
        match client.write(req.method, &req.path, &req.body) {
            Ok(answer) => break answer,
            Err(e) if ambiguous(&e) && tries < AMBIGUOUS_TRIES => {
                tries += 1;
                // The write may have happened: look before writing again.
                std::thread::sleep(Duration::from_millis(200 * (1 << tries)));
                if let Some(answer) = took_effect(client, step)? {
                    break answer;
                }
            }
            Err(e) => return Err(e.into()),
        }
    };
    Ok(match step {
        Step::CreateAddon { app, .. } => Some(Created {
            app: app.clone(),
            answer,
        }),
        _ => None,
    })
}

/// Waits for a new add-on until Heroku has provisioned it and set its config
/// vars. One Heroku answered as provisioned is not looked at again: its vars
/// were set with it.
pub fn await_created(client: &Client, created: &Created, wait: Wait) -> Result<(), StepError> {
    let state = AddonState::from(created.answer["state"].as_str().unwrap_or("provisioned"));
    if state == AddonState::Provisioned {
        return Ok(());
    }
    await_addon(client, &created.app, &created.answer, wait)
}

/// How often a write whose fate is unknown is looked at and tried again.
const AMBIGUOUS_TRIES: u32 = 4;

/// Whether a failed write may or may not have happened: Heroku answered
/// 5xx, or nothing came back.
fn ambiguous(e: &HttpError) -> bool {
    match e {
        HttpError::Api { status, .. } => *status >= 500,
        HttpError::Transport { .. } => true,
        HttpError::Body { .. } => false,
    }
}

/// Reads back whether `step` took effect; `Some(what Heroku has)` when it
/// did. Steps that set a value (config vars, formation, features, ...) are
/// safe to send again, so they report `None` and are simply retried.
fn took_effect(client: &Client, step: &Step) -> Result<Option<Value>, HttpError> {
    let found = |path: String| client.get_optional(&path);
    let listed = |path: String, field: &str, value: &str| -> Result<Option<Value>, HttpError> {
        Ok(client
            .list(&path)?
            .into_iter()
            .find(|v| v[field].as_str() == Some(value)))
    };
    match step {
        Step::CreateApp { name, .. } => found(paths::app(name)),
        Step::CreateAddon {
            app, attachment, ..
        } => {
            let att = found(paths::app_attachment(app, attachment))?;
            match att.and_then(|a| a["addon"]["id"].as_str().map(str::to_string)) {
                Some(id) => found(paths::app_addon(app, &id)),
                None => Ok(None),
            }
        }
        Step::Attach {
            app, attachment, ..
        } => found(paths::app_attachment(app, attachment)),
        // Moved: the name is the target add-on's now.
        Step::MoveAttachment {
            app,
            addon,
            attachment,
        } => {
            let att = found(paths::app_attachment(app, attachment))?;
            let target = found(paths::addon(&addon.heroku()))?;
            let holder = att.as_ref().and_then(|a| a["addon"]["id"].as_str());
            let wanted = target.as_ref().and_then(|t| t["id"].as_str());
            let moved = holder.is_some() && holder == wanted;
            Ok(if moved { att } else { None })
        }
        Step::AddDomain { app, hostname } => found(paths::domain(app, hostname)),
        Step::AddDrain { app, url } => {
            listed(paths::drains(app), "url", url.known().unwrap_or_default())
        }
        Step::AddCollaborator { app, email, .. } => found(paths::collaborator(app, email, false)),
        Step::CreatePipeline { name } => found(paths::pipeline(name)),
        Step::Couple { app, .. } => found(paths::app_coupling(app)),
        // Gone already: the removal happened.
        Step::DestroyAddon { app, addon, .. } | Step::DestroyReplaced { app, addon, .. } => {
            gone(found(paths::app_addon(app, &addon.heroku()))?)
        }
        Step::Detach { app, attachment } | Step::DetachTemporary { app, attachment } => {
            gone(found(paths::app_attachment(app, attachment))?)
        }
        Step::RemoveDomain { app, hostname } => gone(found(paths::domain(app, hostname))?),
        Step::RemoveDrain { app, id } => gone(found(paths::drain(app, id))?),
        Step::RemoveCollaborator { app, email } => {
            gone(found(paths::collaborator(app, email, false))?)
        }
        Step::Uncouple { app, .. } => gone(found(paths::app_coupling(app))?),
        Step::Pipeline(crate::plan::pipelines::PipelineStep::EnableReviewApps {
            pipeline, ..
        }) => {
            let p = found(paths::pipeline(pipeline))?;
            match p.as_ref().and_then(|p| p["id"].as_str()) {
                Some(id) => found(paths::review_app_config(id)),
                None => Ok(None),
            }
        }
        _ => Ok(None),
    }
}

fn gone(still_there: Option<Value>) -> Result<Option<Value>, HttpError> {
    Ok(match still_there {
        Some(_) => None,
        None => Some(Value::Null),
    })
}

/// Polls the app's config vars until every var the add-on exposes there is
/// set (as terraform does): what comes next may depend on them.
fn await_vars(
    client: &Client,
    app: &str,
    addon: &str,
    started: Instant,
    wait: Wait,
) -> Result<(), StepError> {
    let info = client.get(&paths::app_addon(app, addon))?;
    let attachments = client.list(&paths::app_attachments(app))?;
    let prefixes: Vec<String> = attachments
        .iter()
        .filter(|a| a["addon"]["name"].as_str() == Some(addon))
        .filter_map(|a| a["name"].as_str().map(|n| format!("{n}_")))
        .collect();
    let wanted: Vec<&str> = info["config_vars"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|v| prefixes.iter().any(|p| v.starts_with(p.as_str())))
        .collect();
    loop {
        let vars = client.get(&paths::config_vars(app))?;
        let missing: Vec<&str> = wanted
            .iter()
            .copied()
            .filter(|v| vars.get(*v).is_none())
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        go_on(true)?;
        if started.elapsed() >= wait.timeout {
            return Err(StepError::Missing(format!(
                "{addon} is provisioned but {} not set yet",
                missing.join(", ")
            )));
        }
        std::thread::sleep(Duration::from_millis(100).min(wait.poll));
    }
}

/// Waits until an add-on Heroku is provisioning (one an earlier apply
/// created, and stopped waiting for) is provisioned, then until its config
/// vars on `app` are set.
pub fn await_provisioning(
    client: &Client,
    app: &str,
    addon: &crate::live::LiveAddon,
    wait: Wait,
) -> Result<(), StepError> {
    let seen = serde_json::json!({"id": addon.id, "name": addon.name, "state": "provisioning"});
    await_addon(client, app, &seen, wait)
}

/// Polls a new add-on until it is provisioned, then until its config vars
/// are set.
fn await_addon(client: &Client, app: &str, created: &Value, wait: Wait) -> Result<(), StepError> {
    let started = Instant::now();
    let name = await_state(client, created, wait)?;
    await_vars(client, app, &name, started, wait)
}

/// Polls an add-on (as Heroku last showed it) until it is provisioned;
/// returns its name. One that stops provisioning in another state (a
/// provider that gave up shows `deprovisioned`) or takes too long is an error.
fn await_state(client: &Client, addon: &Value, wait: Wait) -> Result<String, StepError> {
    let name = addon["name"].as_str().unwrap_or_default().to_string();
    let id = addon["id"].as_str().unwrap_or(&name).to_string();
    let mut state = AddonState::from(addon["state"].as_str().unwrap_or("provisioned"));
    let started = Instant::now();
    // Look soon, then less and less often: most add-ons are quick.
    let mut pause = Duration::from_millis(100).min(wait.poll);
    while state == AddonState::Provisioning {
        if started.elapsed() >= wait.timeout {
            break;
        }
        go_on(true)?;
        std::thread::sleep(pause);
        pause = (pause * 2).min(wait.poll);
        let now = client.get(&paths::addon(&id))?;
        state = AddonState::from(now["state"].as_str().unwrap_or_default());
    }
    if state == AddonState::Provisioned {
        Ok(name)
    } else {
        Err(StepError::NotProvisioned {
            addon: name,
            state,
            waited: started.elapsed(),
        })
    }
}
