//! What an apply reports: what a failed run left of an add-on replacement,
//! for the failure report; what a run stopped by a signal applied; and the message of the tag that records a
//! successful one.
//!
//! A replacement's steps share the change they carry out, so the steps not
//! yet sent tell how far it got: before the name moved, the old add-on is
//! still there and still attached as before; after, only its destroy or the
//! temporary name's removal is left. Pure.

use super::describe;
use super::execute::StepError;
use super::schedule::Status;
use super::stop::Signal;
use crate::error::Error;
use crate::plan::{Planned, Step};

/// The state a failure at step `at` of `steps` left a replacement in, when
/// the step was one of a replacement.
pub fn replacement_left(steps: &[Planned], at: usize) -> Option<String> {
    let Planned {
        step: failed,
        change: address,
    } = steps.get(at)?;
    if let Step::DetachTemporary { app, attachment } = failed {
        return Some(format!(
            "the replacement is done but the temporary attachment {attachment} is still on {app}: run `heroin apply` again to remove it"
        ));
    }
    let rest: Vec<&Step> = steps[at..]
        .iter()
        .filter(|p| p.change == *address)
        .map(|p| &p.step)
        .collect();
    let moves = rest.iter().find_map(|s| match s {
        Step::MoveAttachment {
            app, attachment, ..
        } => Some((app, attachment)),
        _ => None,
    });
    let destroy = rest.iter().find_map(|s| match s {
        Step::DestroyReplaced { addon, .. } => Some(addon),
        _ => None,
    });
    match (moves, destroy) {
        (Some((app, attachment)), Some(old)) => Some(format!(
            "{old} is still there and still attached to {app} as {attachment}: nothing was destroyed"
        )),
        (Some((app, attachment)), None) => Some(format!(
            "{attachment} on {app} is still attached to the add-on it had"
        )),
        (None, Some(old)) => match failed {
            Step::DestroyReplaced {
                app, attachment, ..
            } => Some(format!(
                "{attachment} on {app} is its replacement's now; {old} is still there, not destroyed: run `heroin apply` again to destroy it"
            )),
            _ => None,
        },
        (None, None) => None,
    }
}

/// The error for an apply a signal stopped (`all` says how each step of
/// `steps` went; a new add-on stopped while it was awaited was sent):
/// each step applied and not attempted, and that applying again finishes
/// the job. Nothing is tagged.
pub fn stopped_by(signal: Signal, (steps, all): (&[Planned], &[Status])) -> Error {
    let sent = |s: &Status| {
        matches!(
            s,
            Status::Applied | Status::Failed(StepError::Stopped { sent: true, .. })
        )
    };
    let applied = all.iter().filter(|s| sent(s)).count();
    let mut lines = vec![format!(
        "{applied} step(s) were applied (above), {} not attempted; Heroku does not match the files yet (not tagged)",
        steps.len() - applied
    )];
    for (Planned { step, .. }, status) in steps.iter().zip(all) {
        let (what, still) = match status {
            Status::Applied => ("applied", ""),
            Status::Failed(StepError::Stopped { sent: true, .. }) => {
                ("applied", " (sent; Heroku may still be provisioning it)")
            }
            _ => ("not attempted", ""),
        };
        lines.push(format!("  {what}: {}{still}", describe(step)));
    }
    lines.push("run `heroin apply` again to finish the job: it plans exactly what is left".into());
    let message = lines.join("\n");
    match signal {
        Signal::Interrupt => Error::Interrupted(message),
        Signal::Terminate => Error::Terminated(message),
    }
}

/// The error for an apply that found, before a step, that someone else
/// changed what it planned against (`moved`): what was applied by then,
/// what was not attempted. Nothing is tagged.
pub fn overtaken(
    planned: &crate::plan::Plan,
    (steps, all): (&[Planned], &[Status]),
    moved: &[String],
) -> Error {
    let at = all
        .iter()
        .position(|s| matches!(s, Status::Overtaken(_)))
        .unwrap_or(0);
    let mut lines = vec![format!(
        "Heroku changed since this apply read it; it stopped before step {} of {} (`{}`):",
        at + 1,
        steps.len(),
        steps.get(at).map(|p| describe(&p.step)).unwrap_or_default()
    )];
    lines.extend(moved.iter().map(|m| format!("  - {m}")));
    let applied = all.iter().filter(|s| matches!(s, Status::Applied)).count();
    lines.push(if applied == 0 {
        "nothing was applied (not tagged)".to_string()
    } else {
        format!(
            "{applied} step(s) were applied (above), {} not attempted (not tagged)",
            steps.len() - applied
        )
    });
    for (Planned { step, .. }, status) in steps.iter().zip(all) {
        if !matches!(status, Status::Applied) {
            lines.push(format!("  not attempted: {}", describe(step)));
        }
    }
    Error::Overtaken {
        message: lines.join("\n"),
        env: planned.env.clone().unwrap_or_default(),
    }
}

/// The error for an apply a signal stopped while it waited for `addon`,
/// which Heroku is still provisioning. Nothing is tagged.
pub fn stopped_waiting(signal: Signal, addon: &str) -> Error {
    let message = format!(
        "stopped waiting for {addon}, which Heroku is still provisioning; not tagged\nrun `heroin apply` again to finish the job"
    );
    match signal {
        Signal::Interrupt => Error::Interrupted(message),
        Signal::Terminate => Error::Terminated(message),
    }
}

/// The message of the tag that records an apply of `plan` to `env`: the
/// plan as `heroin diff` shows it (`text`: secrets masked, no colors, as
/// rendered once for the terminal), `notes`
/// (the releases, where the files came from), the API host and heroin's
/// version.
pub fn tag_message(env: &str, text: &str, host: &str, notes: &[String]) -> String {
    let notes: String = notes.iter().map(|n| format!("{n}\n")).collect();
    format!(
        "heroin apply {env}\n\n{text}\n\n{notes}API: {host}\nheroin {}\n",
        env!("CARGO_PKG_VERSION")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Address, Section};
    use std::collections::BTreeMap;

    #[test]
    fn a_failure_before_the_destroy_says_the_old_add_on_is_still_attached() {
        let address = Address {
            table: crate::plan::Table::Apps,
            app: "web".into(),
            section: Section::Addons,
            key: Some("postgres".into()),
        };
        let steps: Vec<Planned> = [
            Step::CreateAddon {
                app: "shop".into(),
                addon_plan: "heroku-postgresql:standard-0".into(),
                attachment: "DATABASE_HEROIN_NEW".into(),
                config: BTreeMap::new(),
            },
            Step::MoveAttachment {
                app: "shop".into(),
                addon: crate::plan::AddonRef::attached("shop", "DATABASE_HEROIN_NEW"),
                attachment: "DATABASE".into(),
            },
            Step::DestroyReplaced {
                app: "shop".into(),
                addon: crate::plan::AddonRef::Name("postgresql-old-1".into()),
                attachment: "DATABASE".into(),
                shared: false,
            },
            Step::DetachTemporary {
                app: "shop".into(),
                attachment: "DATABASE_HEROIN_NEW".into(),
            },
        ]
        .into_iter()
        .map(|step| Planned {
            step,
            change: address.clone(),
        })
        .collect();
        for at in [0, 1] {
            assert_eq!(
                replacement_left(&steps, at).as_deref(),
                Some(
                    "postgresql-old-1 is still there and still attached to shop as DATABASE: nothing was destroyed"
                )
            );
        }
        assert!(
            replacement_left(&steps, 2)
                .unwrap()
                .contains("postgresql-old-1 is still there, not destroyed")
        );
        assert!(
            replacement_left(&steps, 3)
                .unwrap()
                .contains("temporary attachment DATABASE_HEROIN_NEW")
        );
    }
}
