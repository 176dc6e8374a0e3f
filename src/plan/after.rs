//! Which planned steps must wait for which: the dependencies an apply
//! follows to send independent steps at once. Pure, and linear in the
//! number of steps.
//!
//! The steps arrive in the plan's order (`Step::order`), which is already a
//! safe order to send them one by one; this says which of those orderings
//! matter, so that everything else may overlap:
//!
//! - An app's own settings (created, maintenance, stack, ACM) come before
//!   anything else of that app, and after everything of it planned before
//!   them.
//! - Within an app, the steps of one lane keep their order: add-ons,
//!   attachments and config vars are one lane (an add-on before the
//!   attachment that shares it, one add-on create at a time per app, the
//!   config var PATCH after the add-ons whose attachment names it must not
//!   collide with); domains and certificates are one (a domain before the
//!   certificate that serves it); every other section is a lane of its own.
//! - An attachment of another app's add-on waits for that app's add-on lane.
//! - A pipeline's steps keep their order (created before its couplings and
//!   its settings).
//! - Team and Private Space steps are barriers of the whole plan: what came
//!   before them is done first, what comes after waits for them (a team
//!   app's collaborator must be a member of its team first).
//!
//! A step that creates an add-on counts as done for its dependents only once
//! Heroku has provisioned it; that waiting is the apply's (`apply::schedule`).

use std::collections::HashMap;

use super::{Address, Planned, Section, Step, Table};

/// For each step, the earlier steps (by index) it must wait for.
pub fn after(steps: &[Planned]) -> Vec<Vec<usize>> {
    let owners = owners(steps);
    let mut t = Tracker::default();
    steps
        .iter()
        .enumerate()
        .map(|(i, planned)| t.add(i, planned, &owners))
        .collect()
}

/// What a step is ordered with.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Lane<'a> {
    /// One lane of one entry of the files.
    Entry(Table, &'a str, &'static str),
    /// A pipeline, by name.
    Pipeline(&'a str),
}

/// A barrier's reach: the whole plan, or one entry.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Reach<'a> {
    All,
    Entry(Table, &'a str),
}

#[derive(Default)]
struct Tracker<'a> {
    last_in_lane: HashMap<Lane<'a>, usize>,
    last_barrier: HashMap<Reach<'a>, usize>,
    /// The steps since the last barrier of each reach.
    since: HashMap<Reach<'a>, Vec<usize>>,
}

impl<'a> Tracker<'a> {
    fn add(
        &mut self,
        i: usize,
        planned: &'a Planned,
        owners: &HashMap<&'a str, &'a Address>,
    ) -> Vec<usize> {
        let address = &planned.change;
        let entry = Reach::Entry(address.table, address.app.as_str());
        let mut deps = Vec::new();
        let barrier = match &planned.step {
            Step::Team(_) | Step::Space(_) => Some(Reach::All),
            _ if address.table == Table::Apps && address.section == Section::App => {
                Some(entry.clone())
            }
            _ => None,
        };
        // Every step waits for the barriers that reach it.
        deps.extend(self.last_barrier.get(&Reach::All));
        if barrier != Some(Reach::All) {
            deps.extend(self.last_barrier.get(&entry));
        }
        match barrier {
            Some(reach) => {
                // A barrier waits for everything since the last one.
                deps.extend(self.since.remove(&reach).unwrap_or_default());
                if reach == Reach::All {
                    deps.extend(self.since.drain().flat_map(|(_, v)| v));
                    self.last_in_lane.clear();
                } else {
                    // The entry's lanes are left as they are: a later step
                    // waits for the barrier, which waited for them.
                    self.since.entry(Reach::All).or_default().push(i);
                }
                self.last_barrier.insert(reach, i);
            }
            None => {
                for lane in lanes(planned, owners) {
                    if let Some(&j) = self.last_in_lane.get(&lane) {
                        deps.push(j);
                    }
                    self.last_in_lane.insert(lane, i);
                }
                self.since.entry(Reach::All).or_default().push(i);
                self.since.entry(entry).or_default().push(i);
            }
        }
        deps.sort_unstable();
        deps.dedup();
        deps
    }
}

/// The lane of a section within its entry.
fn lane_of(section: Section) -> &'static str {
    match section {
        Section::Addons | Section::ConfigVars => "addons",
        Section::Domains | Section::SniEndpoints => "domains",
        other => other.name(),
    }
}

fn lanes<'a>(planned: &'a Planned, owners: &HashMap<&'a str, &'a Address>) -> Vec<Lane<'a>> {
    let address = &planned.change;
    let mut out = vec![Lane::Entry(
        address.table,
        address.app.as_str(),
        lane_of(address.section),
    )];
    match &planned.step {
        Step::CreatePipeline { name } | Step::Couple { pipeline: name, .. } => {
            out.push(Lane::Pipeline(name));
        }
        Step::Pipeline(p) => out.push(Lane::Pipeline(p.pipeline())),
        _ => {}
    }
    // An add-on of another app of the plan: after that app's add-on steps.
    if let Some(super::AddonRef::Attachment { app: owner, .. }) = addon_of(&planned.step)
        && let Some(of) = owners.get(owner.as_str())
        && (of.table, of.app.as_str()) != (address.table, address.app.as_str())
    {
        out.push(Lane::Entry(of.table, of.app.as_str(), "addons"));
    }
    out
}

fn addon_of(step: &Step) -> Option<&super::AddonRef> {
    match step {
        Step::DestroyAddon { addon, .. }
        | Step::ChangePlan { addon, .. }
        | Step::Attach { addon, .. }
        | Step::MoveAttachment { addon, .. }
        | Step::DestroyReplaced { addon, .. } => Some(addon),
        _ => None,
    }
}

/// The entry of the files each Heroku app of the plan's add-on steps is.
fn owners(steps: &[Planned]) -> HashMap<&str, &Address> {
    let mut out = HashMap::new();
    for planned in steps {
        let app = match &planned.step {
            Step::CreateApp { name, .. } => name,
            Step::CreateAddon { app, .. }
            | Step::Detach { app, .. }
            | Step::DestroyAddon { app, .. }
            | Step::ChangePlan { app, .. }
            | Step::Attach { app, .. }
            | Step::MoveAttachment { app, .. }
            | Step::DestroyReplaced { app, .. }
            | Step::DetachTemporary { app, .. }
            | Step::PatchConfig { app, .. } => app,
            _ => continue,
        };
        out.entry(app.as_str()).or_insert(&planned.change);
    }
    out
}

#[cfg(test)]
#[path = "after_tests.rs"]
mod tests;
