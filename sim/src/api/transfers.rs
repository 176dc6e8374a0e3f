//! An app moved between owners through `PATCH /teams/apps/{app}` with an
//! `owner` (the schema's "Transfer to Team" and "Transfer to Account"
//! links, what `heroku apps:transfer` sends for a team app, or for a
//! personal app going to a team).
//!
//! The new owner must exist, as on Heroku: a team among the declared ones,
//! or the account of one of the accepted tokens. Anything else is refused
//! with Heroku's 404 and changes nothing; an owner is never made up, and an
//! owner the simulator cannot honour is never silently ignored. Moving a
//! personal app takes its owner; a team app may be moved by any member
//! (every account is an admin of every declared team). The owner's entry
//! among the collaborators follows; a team app given to an account loses
//! its other collaborators, as the official CLI warns. Nothing else of the
//! app changes: its config, add-ons, releases and formation stay.
//! Transfers between two personal accounts go through app transfers that
//! the recipient accepts (`/account/app-transfers`), which are not
//! simulated.

use super::Cx;
use super::lookups::team_name;
use crate::catalog::stable_id;
use crate::protocol::ApiError;

/// Gives app `app` to `owner` (a team's name or id, an account's email or
/// id, or `~` for the caller).
pub fn transfer(cx: &mut Cx, app: usize, owner: &str) -> Result<(), ApiError> {
    let personal_of_other = {
        let a = &cx.state.apps[app];
        a.team.is_none() && a.owner_id != cx.account.id
    };
    if personal_of_other {
        return Err(ApiError::forbidden(format!(
            "Only the owner of {} can transfer it.",
            cx.state.apps[app].name
        )));
    }
    // An email names an account, anything else a team (the schema's two
    // links); the CLI chooses the same way.
    let (team, owner_id, owner_email) = if owner.contains('@') || is_account_id(cx, owner) {
        let account = account(cx, owner)?;
        (None, account.id, account.email)
    } else {
        let team = team_name(cx, owner)?;
        let id = stable_id(&format!("team-owner:{team}"));
        let email = format!("{team}@herokumanager.com");
        (Some(team), id, email)
    };
    let a = &mut cx.state.apps[app];
    let to_account = team.is_none() && a.team.is_some();
    if a.team != team {
        // The account that created a team app leaves it with the team.
        a.creator_email = None;
    }
    a.team = team;
    a.owner_id = owner_id.clone();
    a.owner_email = owner_email.clone();
    a.updated_at = cx.now;
    let (app_id, now) = (a.id.clone(), cx.now);
    // A team app given to an account loses its collaborators (the official
    // CLI warns "All collaborators will be removed from this app"); the new
    // owner is never also a collaborator. The owner's entry follows.
    cx.state.collaborators.retain(|c| {
        c.app_id != app_id || c.role == "owner" || !(to_account || c.email == owner_email)
    });
    for c in cx.state.collaborators.iter_mut() {
        if c.app_id == app_id && c.role == "owner" {
            c.email = owner_email.clone();
            c.user_id = owner_id.clone();
            c.updated_at = now;
        }
    }
    Ok(())
}

fn is_account_id(cx: &Cx, ident: &str) -> bool {
    ident == "~"
        || cx
            .accounts
            .iter()
            .any(|t| super::account_for(t).id == ident)
}

/// The account of one of the accepted tokens, by email or id.
fn account(cx: &Cx, ident: &str) -> Result<crate::state::Account, ApiError> {
    if ident == "~" {
        return Ok(cx.account.clone());
    }
    cx.accounts
        .iter()
        .map(|t| super::account_for(t))
        .find(|a| a.id == ident || a.email.eq_ignore_ascii_case(ident))
        .ok_or_else(|| ApiError::not_found("user", "Couldn't find that user."))
}
