//! What an apply does when a step fails: stop with what was applied and what
//! was not, naming the entry of the files to change when Heroku refused by
//! its rules; or, for a plan change Heroku refuses, offer the replacement
//! the planner makes (it loses the add-on's data, so only when the person
//! types its name). It reads the add-on's current plan through `live`; it
//! neither sends writes nor prints.

use std::collections::BTreeMap;

use super::answer::Answerer;
use super::describe;
use super::execute::StepError;
use super::schedule::Status;
use super::{report, verify};
use crate::error::Error;
use crate::http::{Client, HttpError};
use crate::plan::replace::{Incoming, replacement};
use crate::plan::{AddonRef, Address, Destroys, Planned, Step};

pub fn refused(message: impl Into<String>, hint: impl Into<String>) -> Error {
    Error::Refused {
        message: message.into(),
        hint: hint.into(),
    }
}

/// The error for an apply that stopped on failed steps (`all` says how
/// each step went): what failed and why, what was applied, what was not
/// attempted, and what a replacement left behind.
pub fn stopped((steps, all): (&[Planned], &[Status]), hint: String) -> Error {
    let failed: Vec<(usize, &StepError)> = all
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Status::Failed(e) => Some((i, e)),
            _ => None,
        })
        .collect();
    let count = |f: fn(&Status) -> bool| all.iter().filter(|s| f(s)).count();
    let applied = count(|s| matches!(s, Status::Applied));
    let skipped = count(|s| matches!(s, Status::NotAttempted));
    let hint = failed
        .first()
        .and_then(|&(i, e)| refused_by_rules(&steps[i].change, &steps[i].step, e))
        .unwrap_or(hint);
    let head = match failed.as_slice() {
        [(at, e)] => format!(
            "step {} of {} failed: {}: {e}",
            at + 1,
            steps.len(),
            describe(&steps[*at].step)
        ),
        _ => format!("{} of {} steps failed", failed.len(), steps.len()),
    };
    // Heroku's message may end a sentence already.
    let head = head.trim_end_matches('.');
    let mut lines = vec![format!(
        "{head}. {applied} step(s) were applied (above); {skipped} not attempted"
    )];
    if failed.len() > 1 {
        for &(i, e) in &failed {
            lines.push(format!("  failed: {}: {e}", describe(&steps[i].step)));
        }
    }
    for (planned, status) in steps.iter().zip(all) {
        if let Status::NotAttempted = status {
            lines.push(format!("  not attempted: {}", describe(&planned.step)));
        }
    }
    for &(i, _) in &failed {
        if let Some(left) = report::replacement_left(steps, i) {
            lines.push(format!("  {left}"));
        }
    }
    refused(lines.join("\n"), hint)
}

/// What to do about a failed step.
pub enum Fallback {
    /// Carry on with these steps in its place.
    Replace(Vec<Step>),
    /// Carry on without it (the user declined the replacement).
    Skip,
    /// Stop, with this hint.
    Stop(String),
}

/// Whether a failed step has a way out: only a plan change Heroku refused
/// (4xx, not the rate limit), when someone can be asked (`yes`: the answers
/// were given up front). Else the hint the apply stops with.
pub fn offer(yes: bool, can_ask: bool, step: &Step, e: &StepError) -> Result<(), String> {
    let rerun = "run `heroin apply` again: it plans exactly what is left".to_string();
    let (
        Step::ChangePlan {
            addon: AddonRef::Attachment { .. },
            ..
        },
        StepError::Http(HttpError::Api { status, .. }),
    ) = (step, e)
    else {
        return Err(rerun);
    };
    if !(400..500).contains(status) || *status == 429 {
        return Err(rerun);
    }
    if yes || !can_ask {
        return Err(
            "Heroku refused the plan change; run `heroin apply` on a terminal, without --yes, to replace the add-on instead (it loses its data)".into(),
        );
    }
    Ok(())
}

/// For a plan change Heroku refused, which has a way out ([`offer`]): offer
/// the replacement (it loses data: the name must be typed).
pub fn refused_plan_change<A: Answerer>(
    answerer: &A,
    client: &Client,
    step: &Step,
    e: &StepError,
) -> Result<Fallback, Error> {
    let (
        Step::ChangePlan {
            app,
            addon: addon @ AddonRef::Attachment { attachment, .. },
            addon_plan,
        },
        StepError::Http(HttpError::Api { message, .. }),
    ) = (step, e)
    else {
        return Ok(Fallback::Stop(
            "run `heroin apply` again: it plans exactly what is left".into(),
        ));
    };
    let old = crate::live::read::addon(client, app, &addon.heroku())?.ok_or_else(|| {
        refused(
            format!("{attachment} on {app} is attached to no add-on any more"),
            "run `heroin apply` again: it plans exactly what is left",
        )
    })?;
    let (name, from) = (old.name.clone(), old.addon_plan.clone());
    answerer.say(&format!(
        "Heroku refused to change {name} from {from} to {addon_plan}: {message}"
    ))?;
    let destroys = Destroys {
        addon: name.clone(),
        addon_plan: from,
        loses_data: true,
        also_attached: old.elsewhere.clone(),
    };
    let question = format!("Replace it instead? That {destroys}");
    if answerer.confirm(&question)?
        && answerer.type_back(&format!("Type {name} to destroy it and its data"), &name)?
    {
        // The replacement is the one the planner makes for a plan Heroku
        // changes only by replacing: the new add-on first, the old one last.
        let incoming = Incoming::Create {
            addon_plan,
            config: BTreeMap::new(),
        };
        return Ok(Fallback::Replace(replacement(
            app, attachment, &old, incoming,
        )));
    }
    answerer.say("Not replaced: the add-on keeps its plan.")?;
    Ok(Fallback::Skip)
}

/// The hint for a step Heroku refused by its rules (422): running apply again
/// would send the same request and fail the same way, so it names the entry
/// of the files to change instead. `None` for other failures, which another
/// run may well get past, and for a refused plan change, which has its own
/// way out (the replacement).
fn refused_by_rules(address: &Address, step: &Step, e: &StepError) -> Option<String> {
    let StepError::Http(HttpError::Api { status: 422, .. }) = e else {
        return None;
    };
    if matches!(step, Step::ChangePlan { .. }) {
        return None;
    }
    let entry = verify::address(address);
    let rule = match step {
        Step::Scale { .. } => {
            " (Heroku does not mix Eco/Basic with professional dyno sizes: give every process type a size of one tier)"
        }
        _ => "",
    };
    Some(format!(
        "Heroku refuses this by its rules, so applying again fails the same way: change {entry} in the files as Heroku's message says{rule}, then apply"
    ))
}
