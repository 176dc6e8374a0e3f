//! Heroku's rules that span several entries of an app: dyno sizes of one tier
//! (an error: Heroku refuses the formation), and permissions, which exist
//! only on team apps (a warning: the files may simply not say the team).
//!
//! Pure: an app in, problems out. Deferred values are skipped.

use super::super::model::{App, LText};
use super::super::read::join;
use crate::diag::Problem;
use crate::heroku::{self, DynoTier};

/// Sizes of both tiers in the app's formation: each entry whose tier differs
/// from the first sized entry's (by process type) is an error.
pub(super) fn dyno_tiers(app: &App, path: &str, out: &mut Vec<Problem>) {
    let sized: Vec<(&String, &LText, &str, DynoTier)> = app
        .formation
        .iter()
        .flatten()
        .filter_map(|(kind, f)| {
            let size = f.size.as_ref()?;
            let s = size.value.known()?;
            Some((kind, size, s, heroku::dyno_tier(s)?))
        })
        .collect();
    let Some(&(first, _, first_size, tier)) = sized.first() else {
        return;
    };
    for &(kind, size, s, other) in sized.iter().filter(|e| e.3 != tier) {
        let name = |t: DynoTier| match t {
            DynoTier::EcoBasic => "an Eco/Basic size",
            DynoTier::Professional => "a professional size",
        };
        out.push(
            Problem::new(
                &size.at,
                format!("{}.size", join(path, kind)),
                format!(
                    "`{s}` is {}, but `{first}` is `{first_size}`, {}: Heroku does not mix the two tiers in one app",
                    name(other),
                    name(tier)
                ),
            )
            .with_hint("give every process type of the app a size of one tier: eco and basic, or standard-1x and up"),
        );
    }
}

/// Permissions on an app the files call personal (no `team`): Heroku has
/// permissions on team apps only.
pub(super) fn personal_permissions(app: &App, out: &mut Vec<Problem>) {
    if app.team.is_some() {
        return;
    }
    for (i, c) in app.collaborators.iter().flatten().enumerate() {
        let Some(first) = c.permissions.as_ref().and_then(|p| p.first()) else {
            continue;
        };
        out.push(
            Problem::new(
                &first.at,
                format!("apps.{}.collaborators[{i}].permissions", app.key),
                "permissions exist only on team apps, and the files give this app no `team` (a personal app)",
            )
            .with_hint("set `team` if the app belongs to a team, or remove `permissions`"),
        );
    }
}
