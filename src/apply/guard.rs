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
//! that is taken. It says nothing itself: [`Guard::whole`] and
//! [`Guard::compare`] return what moved, which the runner reports. The
//! scheduler sends steps from several threads: the [`Guard`] is shared and
//! never changes, what has been written ([`Written`]) is the scheduler's
//! alone, and is marked when a step is sent, not when it is done.

use std::collections::BTreeSet;

use crate::config::model::Config;
use crate::http::{Client, HttpError};
use crate::live::Live;
use crate::live::read::{Scope, reread};
use crate::plan::{Planned, Section, Step};
use crate::saved::facts::{Facts, facts, facts_of, moved};
use crate::secret::keyed::Key;

/// What an apply planned against.
pub struct Guard<'a> {
    config: &'a Config,
    live: &'a Live,
    key: Key,
    planned: Facts,
    concurrency: usize,
}

/// What an apply has written so far.
#[derive(Debug, Default)]
pub struct Written {
    /// App keys this apply has written to.
    apps: BTreeSet<String>,
    /// This apply has written an add-on (of any app).
    addons: bool,
    /// The whole state was just read again and nothing was sent since:
    /// the steps sent now need no check of their own.
    fresh: bool,
}

impl Written {
    /// The whole state was just read again ([`Guard::whole`]).
    pub fn checked_whole(&mut self) {
        self.fresh = true;
    }

    /// A step is done, or a new add-on's create was taken: Heroku may have
    /// moved since the whole check.
    pub fn step_done(&mut self) {
        self.fresh = false;
    }
}

/// What to read again before a step: the section it writes, of its app.
#[derive(Debug)]
pub struct Check {
    scope: Scope,
    only: [(String, String); 1],
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
        }
    }

    /// Reads the whole state again, before the first write.
    pub fn whole(&self, client: &Client) -> Result<(), Overtaken> {
        self.compare_scope(client, &Scope::of(self.config), None)
    }

    /// What must be read again before `next` is sent, if anything; records
    /// that it is being sent.
    pub fn before(&self, written: &mut Written, next: &Planned) -> Option<Check> {
        let (app, section) = (&next.change.app, next.change.section);
        let addon = section == Section::Addons || is_addon(&next.step);
        let skip = written.fresh || written.apps.contains(app) || (addon && written.addons);
        written.apps.insert(app.clone());
        written.addons |= addon;
        if skip {
            return None;
        }
        let mut scope = Scope::of_app(self.config, app);
        for s in scope.apps.values_mut() {
            s.sections.retain(|s| *s == Section::App || *s == section);
        }
        let only = [(app.clone(), section.name().to_string())];
        Some(Check { scope, only })
    }

    /// Reads again what `check` names and compares it with the plan's.
    pub fn compare(&self, client: &Client, check: &Check) -> Result<(), Overtaken> {
        self.compare_scope(client, &check.scope, Some(&check.only))
    }

    fn compare_scope(
        &self,
        client: &Client,
        scope: &Scope,
        only: Option<&[(String, String)]>,
    ) -> Result<(), Overtaken> {
        let again = reread(client, scope, self.concurrency, &self.live.catalogue)
            .map_err(Overtaken::Http)?;
        let now = facts_of(self.config, &again, &self.key, only);
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

/// Whether a step writes an add-on or an attachment (which other apps see).
fn is_addon(step: &Step) -> bool {
    (2..=5).contains(&step.order())
}
