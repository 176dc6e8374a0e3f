//! Running an apply once consent is given: the steps of the changes not
//! declined, in order; when Heroku refuses a plan change the plan expected
//! to work, the way out (replace the add-on, which loses its data, only when
//! the person types its name; else skip it); then the check that Heroku now
//! matches the files.
//!
//! Questions and progress go through [`Answerer`], which `ui` implements for
//! the terminal and a test with scripted answers: this module never prints.
//! It does not tag: the caller does, once [`run`] returns `Ok`.

use std::collections::{BTreeMap, BTreeSet};

use super::execute::{StepError, Wait, await_provisioning};
use super::guard::{Guard, Overtaken, Sent, send};
use super::{describe, report, stop, verify};
use crate::config::model::Config;
use crate::error::Error;
use crate::http::{Client, HttpError};
use crate::live::Live;
use crate::live::read::{Scope, reread};
use crate::plan::replace::{Incoming, replacement};
use crate::plan::{AddonRef, Address, Destroys, Plan, Planned, Section, Step, plan};

/// The person an apply asks, and tells how it goes.
pub trait Answerer {
    /// Whether there is someone to ask.
    fn can_ask(&self) -> bool;
    /// A yes/no question; no unless answered yes.
    fn confirm(&self, question: &str) -> Result<bool, Error>;
    /// Whether the person typed `expected` back.
    fn type_back(&self, question: &str, expected: &str) -> Result<bool, Error>;
    /// A line for the person (on stderr, for a terminal).
    fn say(&self, line: &str) -> Result<(), Error>;
    /// Progress through `total` steps: call the result once per step done,
    /// with what it did; dropping it ends the progress display.
    fn progress(&self, total: usize) -> Box<dyn Fn(&str) + '_>;
    /// What is shown while Heroku is read again to verify; it ends when
    /// dropped.
    type Busy;
    /// Heroku is being read again (the check after applying).
    fn busy(&self, message: &str) -> Self::Busy;
}

/// How the apply runs.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Answers were given up front (`--yes`): a refused plan change stops
    /// the apply instead of offering the replacement.
    pub yes: bool,
    /// How many requests at once while reading Heroku again to verify.
    pub concurrency: usize,
    /// How long to wait for add-ons Heroku provisions.
    pub wait: Wait,
}

/// Applies the steps of `planned` but those of the changes in `declined`,
/// then reads Heroku again and plans: `Ok` only when nothing but what was
/// declined is left. `live` is what the plan was made from.
pub fn run<A: Answerer>(
    client: &Client,
    (config, live, planned): (&Config, &Live, &Plan),
    mut declined: BTreeSet<Address>,
    options: Options,
    answerer: &A,
) -> Result<(), Error> {
    let mut queue = select(planned, &declined);
    let mut guard = Guard::new(client, (config, live), options.concurrency);
    // From here a Ctrl-C or SIGTERM with no question waiting stops the
    // apply after the step in flight.
    let _armed = stop::arm();
    let mut done = 0;
    while done < queue.len() {
        let (offset, total) = (done, queue.len());
        let progress = answerer.progress(total - offset);
        let result = send(
            client,
            &queue[done..],
            &mut guard,
            options.wait,
            &mut |i, step| {
                progress(&format!("[{}/{total}] {}", offset + i + 1, describe(step)));
            },
        );
        drop(progress);
        let Err((i, e)) = result else { break };
        let at = done + i;
        let e = match e {
            Sent::Step(e) => e,
            Sent::Overtaken(Overtaken::Http(e)) => return Err(e.into()),
            Sent::Overtaken(Overtaken::Moved(moved)) => {
                return Err(report::overtaken(planned, &queue, at, &moved));
            }
        };
        if let StepError::Stopped { signal, sent } = e {
            return Err(report::stopped_by(
                signal,
                &queue,
                at + usize::from(sent),
                sent,
            ));
        }
        let fallback = refused_plan_change(options, answerer, client, &queue[at].step, &e)
            .map_err(|e| match e {
                Error::Interrupted(_) => Error::Interrupted(format!(
                    "{at} step(s) were applied (above), {} not; Heroku does not match the files yet (not tagged)",
                    queue.len() - at
                )),
                e => e,
            })?;
        match fallback {
            Fallback::Replace(steps) => {
                let change = queue[at].change.clone();
                let replacement = steps.into_iter().map(|step| Planned {
                    step,
                    change: change.clone(),
                });
                queue.splice(at..=at, replacement);
                done = at;
            }
            Fallback::Skip => {
                declined.insert(queue[at].change.clone());
                queue.remove(at);
                done = at;
            }
            Fallback::Stop(hint) => return Err(stopped(&queue, at, &e, hint)),
        }
    }
    if let Some(signal) = stop::requested() {
        return Err(report::stopped_by(signal, &queue, queue.len(), false));
    }
    // Verify: only a Heroku that matches the files is tagged. What was
    // declined is still a difference, and says so; an add-on still being
    // provisioned is awaited first.
    let mut again = check(client, (config, live), options, answerer)?;
    if settle(client, &again, options.wait, answerer)? {
        again = check(client, (config, live), options, answerer)?;
    }
    let after = plan(config, &again);
    match verify::left_over(&after, &declined) {
        Some(left) => Err(refused(
            format!("Heroku does not match the files yet: {left}"),
            "not tagged; run `heroin apply` again for what is left, or `heroin diff` to see it",
        )),
        None => Ok(()),
    }
}

/// For a plan with nothing to change: waits for the add-ons Heroku is still
/// provisioning in `live` (an earlier apply stopped waiting for them), then
/// checks again. `Ok` when Heroku matches the files and nothing is left
/// provisioning: the files may be tagged.
pub fn finish<A: Answerer>(
    client: &Client,
    (config, live): (&Config, &Live),
    options: Options,
    answerer: &A,
) -> Result<(), Error> {
    let _armed = stop::arm();
    if !settle(client, live, options.wait, answerer)? {
        return Ok(());
    }
    let again = check(client, (config, live), options, answerer)?;
    match verify::left_over(&plan(config, &again), &BTreeSet::new()) {
        Some(left) => Err(refused(
            format!("Heroku does not match the files yet: {left}"),
            "not tagged; run `heroin apply` again for what is left, or `heroin diff` to see it",
        )),
        None => Ok(()),
    }
}

/// Reads Heroku again (the check after applying), with the spinner.
fn check<A: Answerer>(
    client: &Client,
    (config, live): (&Config, &Live),
    options: Options,
    answerer: &A,
) -> Result<Live, Error> {
    let busy = answerer.busy(&format!(
        "checking that {} matches the files",
        client.endpoint().host
    ));
    let again = reread(
        client,
        &Scope::of(config),
        options.concurrency.max(1),
        &live.catalogue,
    );
    drop(busy);
    Ok(again?)
}

/// Waits, with the progress display, for each add-on of `live` Heroku is
/// still provisioning; `true` when there was one (Heroku is then read
/// again). A signal stops the wait, untagged.
fn settle<A: Answerer>(
    client: &Client,
    live: &Live,
    wait: Wait,
    answerer: &A,
) -> Result<bool, Error> {
    let waiting = verify::provisioning(live);
    let total = waiting.len();
    if total == 0 {
        return Ok(false);
    }
    let progress = answerer.progress(total);
    for (i, addon) in waiting.iter().enumerate() {
        let name = &addon.name;
        await_provisioning(client, &addon.billing_app, addon, wait).map_err(|e| match e {
            StepError::Stopped { signal, .. } => report::stopped_waiting(signal, name),
            e => refused(
                format!("{name} is not provisioned yet: {e}"),
                "not tagged; run `heroin apply` again once Heroku has provisioned it",
            ),
        })?;
        progress(&format!("[{}/{total}] {name} is provisioned", i + 1));
    }
    Ok(true)
}

/// The steps to send once the changes in `declined` are left out: their own
/// steps are dropped, and a declined config var is taken out of its app's
/// one PATCH (which is dropped when nothing is left in it).
fn select(plan: &Plan, declined: &BTreeSet<Address>) -> Vec<Planned> {
    let mut out = Vec::new();
    for planned in &plan.steps {
        let address = &planned.change;
        if declined.contains(address) {
            continue;
        }
        if let Some(kept) = tables_kept(planned, declined) {
            out.extend(kept);
            continue;
        }
        let Step::PatchConfig { app, set, unset } = &planned.step else {
            out.push(planned.clone());
            continue;
        };
        let kept = |name: &String| {
            !declined.contains(&Address {
                table: address.table,
                app: address.app.clone(),
                section: Section::ConfigVars,
                key: Some(name.clone()),
            })
        };
        let set: BTreeMap<_, _> = set
            .iter()
            .filter(|(k, _)| kept(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let unset: Vec<String> = unset.iter().filter(|k| kept(k)).cloned().collect();
        if !set.is_empty() || !unset.is_empty() {
            let step = Step::PatchConfig {
                app: app.clone(),
                set,
                unset,
            };
            out.push(Planned {
                step,
                change: address.clone(),
            });
        }
    }
    out
}

/// What is left of a step of the account-wide tables once `declined` is
/// left out (`None` for the other steps): a stage's PATCH without the
/// declined removals; no ruleset PUT when a rule's removal is declined
/// (the ruleset is sent whole).
fn tables_kept(planned: &Planned, declined: &BTreeSet<Address>) -> Option<Option<Planned>> {
    use crate::plan::pipelines::PipelineStep;
    let address = &planned.change;
    let declined_here = |key: String| {
        declined.contains(&Address {
            key: Some(key),
            ..address.clone()
        })
    };
    match &planned.step {
        Step::Pipeline(PipelineStep::StageVars {
            pipeline,
            stage,
            set,
            unset,
        }) => {
            let unset: Vec<String> = unset
                .iter()
                .filter(|k| !declined_here(format!("{stage}.config_vars.{k}")))
                .cloned()
                .collect();
            let step = Step::Pipeline(PipelineStep::StageVars {
                pipeline: pipeline.clone(),
                stage: stage.clone(),
                set: set.clone(),
                unset: unset.clone(),
            });
            let kept = !set.is_empty() || !unset.is_empty();
            Some(kept.then(|| Planned {
                step,
                change: address.clone(),
            }))
        }
        Step::Space(_) => {
            let any = declined
                .iter()
                .any(|d| d.table == address.table && d.app == address.app);
            Some((!any).then(|| planned.clone()))
        }
        _ => None,
    }
}

fn refused(message: impl Into<String>, hint: impl Into<String>) -> Error {
    Error::Refused {
        message: message.into(),
        hint: hint.into(),
    }
}

/// The error for step `at` of `queue`, which failed with `e`: what was
/// applied, what was not attempted, and what a replacement left behind.
fn stopped(queue: &[Planned], at: usize, e: &StepError, hint: String) -> Error {
    let hint = refused_by_rules(&queue[at].change, &queue[at].step, e).unwrap_or(hint);
    let mut rest: Vec<String> = queue[at + 1..]
        .iter()
        .map(|p| format!("\n  not attempted: {}", describe(&p.step)))
        .collect();
    if let Some(left) = report::replacement_left(queue, at) {
        rest.push(format!("\n  {left}"));
    }
    refused(
        format!(
            "step {} of {} failed: {}: {e}. {at} step(s) were applied (above); {} not attempted{}",
            at + 1,
            queue.len(),
            describe(&queue[at].step),
            queue.len() - at - 1,
            rest.concat()
        ),
        hint,
    )
}

/// What to do about a failed step.
enum Fallback {
    /// Carry on with these steps in its place.
    Replace(Vec<Step>),
    /// Carry on without it (the user declined the replacement).
    Skip,
    /// Stop, with this hint.
    Stop(String),
}

/// When Heroku refuses a plan change the plan expected to work: offer the
/// replacement when someone can be asked (it loses data: the name must be
/// typed), or stop with the error.
fn refused_plan_change<A: Answerer>(
    options: Options,
    answerer: &A,
    client: &Client,
    step: &Step,
    e: &StepError,
) -> Result<Fallback, Error> {
    let rerun = "run `heroin apply` again: it plans exactly what is left".to_string();
    let (
        Step::ChangePlan {
            app,
            addon: addon @ AddonRef::Attachment { attachment, .. },
            addon_plan,
        },
        StepError::Http(HttpError::Api {
            status, message, ..
        }),
    ) = (step, e)
    else {
        return Ok(Fallback::Stop(rerun));
    };
    if !(400..500).contains(status) || *status == 429 {
        return Ok(Fallback::Stop(rerun));
    }
    if options.yes || !answerer.can_ask() {
        return Ok(Fallback::Stop(
            "Heroku refused the plan change; run `heroin apply` on a terminal, without --yes, to replace the add-on instead (it loses its data)".into(),
        ));
    }
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
