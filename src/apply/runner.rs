//! Running an apply once consent is given: the steps of the changes not
//! declined, in order; when Heroku refuses a plan change the plan expected
//! to work, the way out (replace the add-on, which loses its data, only when
//! the person types its name; else skip it); then the check that Heroku now
//! matches the files.
//!
//! Questions and progress go through [`Answerer`], which `ui` implements for
//! the terminal and a test with scripted answers: this module never prints.
//! It does not tag: the caller does, once [`run`] returns `Ok`.

use std::collections::BTreeSet;

use super::execute::{StepError, Wait, await_provisioning};
use super::fallback::{Fallback, refused, refused_plan_change, stopped};
use super::guard::{Guard, Overtaken, Sent, send};
use super::select::select;
use super::{describe, report, stop, verify};
use crate::config::model::Config;
use crate::error::Error;
use crate::http::Client;
use crate::live::Live;
use crate::live::read::{Scope, reread};
use crate::plan::{Address, Plan, Planned, plan};

pub use super::answer::Answerer;

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
        let fallback = refused_plan_change(options.yes, answerer, client, &queue[at].step, &e)
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
