//! Whether a plan is safe to apply, in the manner of octoDNS's
//! `Plan.raise_if_unsafe`: a plan with a change that cannot be carried out
//! is never applied, and one that removes a large share of what an app has
//! (a broken overlay?) only with `force`, and one that raises the monthly
//! cost by more than a [`CostThreshold`] (a typo: `quantity = 20`,
//! `performance-l`) only when the increase is meant. Pure: the plan and what
//! Heroku has in, an [`UnsafePlan`] out, which says why with the figures.

use super::cost::{Sum, dollars, signed};
use super::{Action, Plan, Section};
use crate::live::Live;

/// The share of an app's entries a plan may remove before apply insists on
/// `--force`, and the fewest removals that count (octoDNS's safety check).
pub const REMOVAL_SHARE: f64 = 0.3;
/// See [`REMOVAL_SHARE`].
pub const REMOVAL_MIN: usize = 4;

/// One section of one app from which a plan removes too much.
#[derive(Clone, Debug, PartialEq)]
pub struct MassRemoval {
    /// The app's key.
    pub app: String,
    /// The section.
    pub section: Section,
    /// How many entries the plan removes.
    pub removed: usize,
    /// How many Heroku has.
    pub total: usize,
    /// The share removed (`removed / total`).
    pub share: f64,
    /// The share above which it counts ([`REMOVAL_SHARE`]).
    pub threshold: f64,
}

impl std::fmt::Display for MassRemoval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "apps.{}.{}: removes {} of {}",
            self.app,
            self.section.name(),
            self.removed,
            self.total
        )
    }
}

/// How much more a month a plan may cost before apply asks: it counts when
/// the increase is more than both `cents` and `percent` of the cost now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CostThreshold {
    /// US cents a month.
    pub cents: i64,
    /// Percent of what the environment costs now.
    pub percent: i64,
}

impl Default for CostThreshold {
    /// $100 a month and 50%: a new small app passes, a size or quantity
    /// typo on professional dynos does not.
    fn default() -> CostThreshold {
        CostThreshold {
            cents: 10_000,
            percent: 50,
        }
    }
}

/// A plan that raises the monthly cost by more than the threshold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CostIncrease {
    /// What the managed apps cost a month now.
    pub now: Sum,
    /// After the plan.
    pub after: Sum,
    /// The threshold it is above.
    pub threshold: CostThreshold,
}

impl std::fmt::Display for CostIncrease {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let increase = self.after.cents - self.now.cents;
        write!(
            f,
            "from {}/month to {}/month ({}",
            dollars(self.now.cents),
            dollars(self.after.cents),
            signed(increase)
        )?;
        if self.now.cents > 0 {
            write!(f, ", +{}%", increase.saturating_mul(100) / self.now.cents)?;
        }
        write!(
            f,
            "), more than {} and {}% of the cost now",
            dollars(self.threshold.cents),
            self.threshold.percent
        )
    }
}

/// Why a plan must not be applied.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum UnsafePlan {
    /// Some changes cannot be carried out (marked `!`).
    #[error("the plan has changes that cannot be carried out (marked !)")]
    Impossible {
        /// How many.
        count: usize,
    },
    /// The plan removes too much at once (without `force`).
    #[error("the plan removes too much at once: {}", list(.0))]
    MassRemoval(Vec<MassRemoval>),
    /// The plan raises the monthly cost by more than the threshold (without
    /// the person's yes to it).
    #[error("the plan raises the monthly cost {0}")]
    CostIncrease(CostIncrease),
    /// The plan takes a team's last admin away, or the account heroin runs
    /// as out of a team or its admins (without `force`).
    #[error("the plan {}", .0.join("; "))]
    TeamAccess(Vec<String>),
}

fn list(removals: &[MassRemoval]) -> String {
    let parts: Vec<String> = removals.iter().map(ToString::to_string).collect();
    parts.join("; ")
}

impl UnsafePlan {
    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            UnsafePlan::Impossible { .. } => {
                "make the files agree with what Heroku has for those fields"
            }
            UnsafePlan::MassRemoval(_) => {
                "check the files (a broken overlay?); apply with --force if this is meant"
            }
            UnsafePlan::CostIncrease(_) => {
                "check the files for a typo (a quantity, a dyno size, a plan); apply with --allow-cost-increase if this is meant, or raise `[cost] max_increase`"
            }
            UnsafePlan::TeamAccess(_) => {
                "keep an admin in the team's members (and yourself, if heroin should still manage it); apply with --force if this is meant"
            }
        }
    }
}

impl Plan {
    /// `Err` when the plan must not be applied: a change that cannot be
    /// carried out, or (unless `force`) mass removals against `live`.
    pub fn raise_if_unsafe(&self, live: &Live, force: bool) -> Result<(), UnsafePlan> {
        self.raise_if_impossible()?;
        let mass = mass_removals(self, live);
        if !mass.is_empty() && !force {
            return Err(UnsafePlan::MassRemoval(mass));
        }
        let team = team_access(self, live);
        if !team.is_empty() && !force {
            return Err(UnsafePlan::TeamAccess(team));
        }
        Ok(())
    }

    /// The cost increase above `threshold`, if the plan's cost is known and
    /// it raises it by more than both its amount and its share of the cost
    /// now (of what has a price: a price Heroku does not give is not
    /// guessed).
    pub fn cost_increase(&self, threshold: CostThreshold) -> Option<CostIncrease> {
        let cost = self.cost.as_ref()?;
        let (now, after) = (cost.now(None), cost.after(None));
        let increase = after.cents - now.cents;
        let share = increase.saturating_mul(100) > threshold.percent.saturating_mul(now.cents);
        (increase > threshold.cents && share).then_some(CostIncrease {
            now,
            after,
            threshold,
        })
    }

    /// `Err` when the plan raises the monthly cost by more than `threshold`,
    /// unless `allowed`.
    pub fn raise_if_costly(
        &self,
        threshold: CostThreshold,
        allowed: bool,
    ) -> Result<(), UnsafePlan> {
        match self.cost_increase(threshold) {
            Some(increase) if !allowed => Err(UnsafePlan::CostIncrease(increase)),
            _ => Ok(()),
        }
    }

    /// `Err` when some change cannot be carried out.
    pub fn raise_if_impossible(&self) -> Result<(), UnsafePlan> {
        let count = self
            .changes
            .iter()
            .filter(|c| c.action == Action::Impossible)
            .count();
        if count > 0 {
            return Err(UnsafePlan::Impossible { count });
        }
        Ok(())
    }
}

/// The sections in which a plan removes more than [`REMOVAL_SHARE`] of what
/// Heroku has (and at least [`REMOVAL_MIN`] entries): a broken overlay must
/// not wipe an app. One per app and section.
pub fn mass_removals(plan: &Plan, live: &Live) -> Vec<MassRemoval> {
    let mut out = Vec::new();
    for (key, app) in live.apps.iter().filter_map(|(k, a)| Some((k, a.as_ref()?))) {
        let sections = [
            (
                Section::ConfigVars,
                app.config_vars.as_ref().map_or(0, |v| {
                    v.len() - v.keys().filter(|k| app.owned_vars.contains_key(*k)).count()
                }),
            ),
            (Section::Addons, app.addons.len()),
            (Section::Domains, app.domains.as_ref().map_or(0, Vec::len)),
            (
                Section::Collaborators,
                app.collaborators.as_ref().map_or(0, Vec::len),
            ),
        ];
        for (section, total) in sections {
            let removed = plan
                .changes
                .iter()
                .filter(|c| {
                    c.address.table == crate::section::Table::Apps
                        && c.address.app == *key
                        && c.address.section == section
                        && c.action == Action::Delete
                })
                .count();
            if removed >= REMOVAL_MIN && removed as f64 > REMOVAL_SHARE * total as f64 {
                out.push(MassRemoval {
                    app: key.clone(),
                    section,
                    removed,
                    total,
                    share: removed as f64 / total.max(1) as f64,
                    threshold: REMOVAL_SHARE,
                });
            }
        }
    }
    out
}

/// What the plan takes away from a team's administration: every admin
/// Heroku has now removed or made something else, or the account heroin
/// runs as removed or no longer an admin. One sentence each.
pub fn team_access(plan: &Plan, live: &Live) -> Vec<String> {
    let mut out = Vec::new();
    for (team, found) in &live.tables.teams {
        let Some(members) = found.as_ref().and_then(|t| t.members.as_ref()) else {
            continue;
        };
        let change_of = |email: &str| {
            plan.changes.iter().find(|c| {
                c.address.table == crate::section::Table::Teams
                    && c.address.app == *team
                    && c.address.section == Section::Members
                    && c.address.key.as_deref() == Some(email)
            })
        };
        let stays_admin = |email: &str| match change_of(email) {
            None => members.get(email).map(String::as_str) == Some("admin"),
            Some(c) => c.after.as_ref().and_then(|a| a.known()) == Some("admin"),
        };
        let admins: Vec<&String> = members
            .iter()
            .filter(|(_, r)| *r == "admin")
            .map(|(e, _)| e)
            .collect();
        if !admins.is_empty() && !admins.iter().any(|e| stays_admin(e)) {
            let list: Vec<&str> = admins.iter().map(|e| e.as_str()).collect();
            out.push(format!(
                "removes or demotes every admin team {team} has now ({})",
                list.join(", ")
            ));
        }
        if let Some(me) = &live.tables.account
            && members.get(me).map(String::as_str) == Some("admin")
            && !stays_admin(me)
        {
            let what = match change_of(me).map(|c| c.action) {
                Some(Action::Delete) => "removes",
                _ => "demotes",
            };
            out.push(format!(
                "{what} {me}, the account heroin runs as, from the admins of team {team}"
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests;
