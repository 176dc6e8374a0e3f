//! The checks an apply makes that no one else wrote to what it planned
//! against: before its first write, the whole live state again (the same
//! fingerprint a saved plan holds, read without the catalogue); between
//! steps, only the section the next step writes, and only when no step of
//! this apply has written to that app yet (else the difference would be
//! this apply's own). Add-ons are shared between apps: once this apply has
//! written any add-on, add-on sections are not checked again.
//!
//! Two applies of one environment at once thus find each other before they
//! write, or between steps, instead of relying on Heroku refusing a name
//! that is taken. It says nothing itself: [`send`] sends steps, each once
//! [`Guard::before`] passed, and returns what moved, which the runner
//! reports.

use std::collections::BTreeSet;

use super::execute::{StepError, Wait, execute};
use super::stop;
use crate::config::model::Config;
use crate::http::{Client, HttpError};
use crate::live::Live;
use crate::live::read::{Scope, reread};
use crate::plan::{Planned, Section, Step};
use crate::saved::facts::{Facts, facts, moved};
use crate::secret::keyed::Key;

/// What an apply planned against, and what it has written so far.
pub struct Guard<'a> {
    config: &'a Config,
    live: &'a Live,
    key: Key,
    planned: Facts,
    concurrency: usize,
    /// The whole state was read again (before the first write).
    checked: bool,
    /// App keys this apply has written to.
    written: BTreeSet<String>,
    /// This apply has written an add-on (of any app).
    addons_written: bool,
}

/// Why the next step must not be sent.
#[derive(Debug)]
pub enum Overtaken {
    /// Heroku could not be read.
    Http(HttpError),
    /// What moved, one line each.
    Moved(Vec<String>),
}

impl<'a> Guard<'a> {
    /// The guard of an apply of `config`, planned against `live`.
    pub fn new(
        client: &Client,
        (config, live): (&'a Config, &'a Live),
        concurrency: usize,
    ) -> Guard<'a> {
        // Hashes that never leave the process: any key would do.
        let key = client.plan_key(None);
        let planned = facts(config, live, &key);
        Guard {
            config,
            live,
            key,
            planned,
            concurrency: concurrency.max(1),
            checked: false,
            written: BTreeSet::new(),
            addons_written: false,
        }
    }

    /// Checks what `next` depends on, before it is sent.
    pub fn before(&mut self, client: &Client, next: &Planned) -> Result<(), Overtaken> {
        if !self.checked {
            self.checked = true;
            return self.compare(client, &Scope::of(self.config), None);
        }
        let (app, section) = (&next.change.app, next.change.section);
        let addon = section == Section::Addons || is_addon(&next.step);
        if self.written.contains(app) || (addon && self.addons_written) {
            return Ok(());
        }
        let mut scope = Scope::of(self.config);
        scope.apps.retain(|key, _| key == app);
        for s in scope.apps.values_mut() {
            s.sections.retain(|s| *s == Section::App || *s == section);
        }
        let only = [(app.clone(), section.name().to_string())];
        self.compare(client, &scope, Some(&only))
    }

    /// Records that `done` was sent.
    pub fn wrote(&mut self, done: &Planned) {
        self.written.insert(done.change.app.clone());
        self.addons_written |= done.change.section == Section::Addons || is_addon(&done.step);
    }

    fn compare(
        &self,
        client: &Client,
        scope: &Scope,
        only: Option<&[(String, String)]>,
    ) -> Result<(), Overtaken> {
        let again = reread(client, scope, self.concurrency, &self.live.catalogue)
            .map_err(Overtaken::Http)?;
        let now = facts(self.config, &again, &self.key);
        let lines: Vec<String> = moved(&self.planned, &now, only)
            .iter()
            .map(ToString::to_string)
            .collect();
        if lines.is_empty() {
            Ok(())
        } else {
            Err(Overtaken::Moved(lines))
        }
    }
}

/// Why sending stopped.
pub enum Sent {
    /// A step failed.
    Step(StepError),
    /// The guard found that someone else wrote first.
    Overtaken(Overtaken),
}

/// Sends `steps` in order, each once the guard has checked what it depends
/// on; stops at the first failure, with its index.
pub fn send(
    client: &Client,
    steps: &[Planned],
    guard: &mut Guard<'_>,
    wait: Wait,
    done: &mut dyn FnMut(usize, &Step),
) -> Result<(), (usize, Sent)> {
    for (i, planned) in steps.iter().enumerate() {
        // A signal is looked at before the guard reads Heroku.
        if let Some(signal) = stop::requested() {
            let stopped = StepError::Stopped {
                signal,
                sent: false,
            };
            return Err((i, Sent::Step(stopped)));
        }
        guard
            .before(client, planned)
            .map_err(|e| (i, Sent::Overtaken(e)))?;
        execute(
            client,
            std::slice::from_ref(&planned.step),
            wait,
            &mut |_, step| done(i, step),
        )
        .map_err(|(_, e)| (i, Sent::Step(e)))?;
        guard.wrote(planned);
    }
    Ok(())
}

/// Whether a step writes an add-on or an attachment (which other apps see).
fn is_addon(step: &Step) -> bool {
    (2..=5).contains(&step.order())
}
