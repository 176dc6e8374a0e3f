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
use super::fallback::{Fallback, offer, refused, refused_plan_change, stopped};
use super::guard::{Guard, Overtaken, Written};
use super::schedule::{self, Pace, Status};
use super::select::select;
use super::{describe, report, stop, verify};
use crate::config::model::Config;
use crate::error::Error;
use crate::http::Client;
use crate::live::Live;
use crate::live::over::over;
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
    let guard = Guard::new(client, (config, live), options.concurrency);
    let mut written = Written::default();
    // From here a Ctrl-C or SIGTERM with no question waiting stops the
    // apply once the steps in flight are done.
    let _armed = stop::arm();
    if !queue.is_empty() {
        match guard.whole(client) {
            Ok(()) => written.checked_whole(),
            Err(Overtaken::Http(e)) => return Err(e.into()),
            Err(Overtaken::Moved(moved)) => {
                let none: Vec<Status> = queue.iter().map(|_| Status::NotAttempted).collect();
                return Err(report::overtaken(planned, (&queue, &none), &moved));
            }
        }
    }
    // The steps applied in earlier rounds (a round ends when a step fails
    // that has a way out: the replacement, or leaving it out).
    let mut applied: Vec<Planned> = Vec::new();
    while !queue.is_empty() {
        let (offset, total) = (applied.len(), applied.len() + queue.len());
        let progress = answerer.progress(queue.len());
        let mut count = offset;
        let pace = Pace {
            concurrency: options.concurrency,
            wait: options.wait,
        };
        let statuses = schedule::send(client, &queue, (&guard, &mut written), pace, &mut |p| {
            count += 1;
            progress(&format!("[{count}/{total}] {}", describe(&p.step)));
        });
        drop(progress);
        let mut steps = std::mem::take(&mut applied);
        let mut all: Vec<Status> = steps.iter().map(|_| Status::Applied).collect();
        steps.extend(queue.iter().cloned());
        all.extend(statuses);
        let failed = round_end(planned, &steps, &mut all)?;
        if failed.is_empty() {
            applied = steps;
            break;
        }
        let next = fallbacks(options.yes, answerer, client, (&steps, &all), &failed)?;
        for (i, fallback) in next.iter().enumerate().rev() {
            if let Fallback::Skip = fallback {
                declined.insert(steps[failed[i]].change.clone());
            }
        }
        (applied, queue) = next_round(steps, all, &failed, next);
    }
    if let Some(signal) = stop::requested() {
        let all: Vec<Status> = applied.iter().map(|_| Status::Applied).collect();
        return Err(report::stopped_by(signal, (&applied, &all)));
    }
    // Verify: only a Heroku that matches the files is tagged. What was
    // declined is still a difference, and says so; an add-on still being
    // provisioned is awaited first.
    let scope = verify::touched(config, live, &applied);
    let mut again = check(client, live, &scope, options, answerer)?;
    if settle(client, &again, options.wait, answerer)? {
        again = check(client, live, &scope, options, answerer)?;
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

/// The end of a round of sending: the error when another writer was found
/// or a signal stopped it, else the indices of the steps that failed.
fn round_end(planned: &Plan, steps: &[Planned], all: &mut [Status]) -> Result<Vec<usize>, Error> {
    for i in 0..all.len() {
        match &all[i] {
            Status::Overtaken(Overtaken::Http(_)) => {
                let taken = std::mem::replace(&mut all[i], Status::NotAttempted);
                if let Status::Overtaken(Overtaken::Http(e)) = taken {
                    return Err(e.into());
                }
            }
            Status::Overtaken(Overtaken::Moved(moved)) => {
                return Err(report::overtaken(planned, (steps, all), moved));
            }
            Status::Failed(StepError::Stopped { signal, .. }) => {
                return Err(report::stopped_by(*signal, (steps, all)));
            }
            _ => {}
        }
    }
    let failed: Vec<usize> = (0..all.len())
        .filter(|&i| matches!(all[i], Status::Failed(_)))
        .collect();
    if failed.is_empty()
        && let Some(signal) = stop::requested()
        && all.iter().any(|s| matches!(s, Status::NotAttempted))
    {
        return Err(report::stopped_by(signal, (steps, all)));
    }
    Ok(failed)
}

/// What to do about each failed step: all stop the apply (with every
/// failure reported) unless each has a way out the person chose.
fn fallbacks<A: Answerer>(
    yes: bool,
    answerer: &A,
    client: &Client,
    (steps, all): (&[Planned], &[Status]),
    failed: &[usize],
) -> Result<Vec<Fallback>, Error> {
    let error = |i: usize| match &all[i] {
        Status::Failed(e) => e,
        _ => unreachable!("only failed steps are looked at"),
    };
    if let Some(hint) = failed
        .iter()
        .find_map(|&i| offer(yes, answerer.can_ask(), &steps[i].step, error(i)).err())
    {
        return Err(stopped((steps, all), hint));
    }
    let mut out = Vec::new();
    for &i in failed {
        let applied = all.iter().filter(|s| matches!(s, Status::Applied)).count();
        let fallback = refused_plan_change(answerer, client, &steps[i].step, error(i))
            .map_err(|e| match e {
                Error::Interrupted(_) => Error::Interrupted(format!(
                    "{applied} step(s) were applied (above), {} not; Heroku does not match the files yet (not tagged)",
                    steps.len() - applied
                )),
                e => e,
            })?;
        if let Fallback::Stop(hint) = fallback {
            return Err(stopped((steps, all), hint));
        }
        out.push(fallback);
    }
    Ok(out)
}

/// The steps applied so far, and the queue of the next round: every step
/// not applied, a replaced one's replacement in its place, a skipped one
/// left out.
fn next_round(
    steps: Vec<Planned>,
    all: Vec<Status>,
    failed: &[usize],
    fallbacks: Vec<Fallback>,
) -> (Vec<Planned>, Vec<Planned>) {
    let mut instead: std::collections::BTreeMap<usize, Fallback> =
        failed.iter().copied().zip(fallbacks).collect();
    let (mut applied, mut queue) = (Vec::new(), Vec::new());
    for (i, (planned, status)) in steps.into_iter().zip(all).enumerate() {
        match (status, instead.remove(&i)) {
            (Status::Applied, _) => applied.push(planned),
            (_, Some(Fallback::Replace(replacement))) => {
                queue.extend(replacement.into_iter().map(|step| Planned {
                    step,
                    change: planned.change.clone(),
                }));
            }
            (_, Some(Fallback::Skip)) => {}
            _ => queue.push(planned),
        }
    }
    (applied, queue)
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
    let again = check(client, live, &Scope::of(config), options, answerer)?;
    match verify::left_over(&plan(config, &again), &BTreeSet::new()) {
        Some(left) => Err(refused(
            format!("Heroku does not match the files yet: {left}"),
            "not tagged; run `heroin apply` again for what is left, or `heroin diff` to see it",
        )),
        None => Ok(()),
    }
}

/// Reads Heroku again (the check after applying), with the spinner: what
/// `scope` names, put over the rest of `live`.
fn check<A: Answerer>(
    client: &Client,
    live: &Live,
    scope: &Scope,
    options: Options,
    answerer: &A,
) -> Result<Live, Error> {
    let busy = answerer.busy(&format!(
        "checking that {} matches the files",
        client.endpoint().host
    ));
    let again = reread(client, scope, options.concurrency.max(1), &live.catalogue);
    drop(busy);
    Ok(over(live, again?, scope))
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
