//! The checks that need Heroku: every add-on plan the files name exists in
//! Heroku's catalogue, and every team an app to be created names is one the
//! account belongs to (both read by `live::read`). An unknown service, plan
//! or team is a problem at its file:line:column, with the closest real name
//! as a hint. Pure: config and catalogue in, problems out.

use crate::config::model::{AddonSource, Config};
use crate::diag::{Problem, closest};
use crate::live::Catalogue;

/// Every plan of `config` that `catalogue` does not offer.
pub fn catalogue(config: &Config, catalogue: &Catalogue) -> Vec<Problem> {
    let mut out = Vec::new();
    for app in config.apps.values() {
        for (key, addon) in app.addons.iter().flatten() {
            let AddonSource::Provision { addon_plan, .. } = &addon.source else {
                continue;
            };
            let Some(wanted) = addon_plan.value.known() else {
                continue;
            };
            let path = format!("apps.{}.addons.{key}.plan", app.key);
            let service = wanted.split(':').next().unwrap_or_default();
            match catalogue.plans.get(service) {
                Some(Some(plans)) if !plans.iter().any(|p| p == wanted) => {
                    let hint = match closest(wanted, plans.iter().map(String::as_str)) {
                        Some(c) => format!("did you mean `{c}`? {service} plans: {}", names(plans)),
                        None => format!("{service} plans: {}", names(plans)),
                    };
                    out.push(
                        Problem::new(
                            &addon_plan.at,
                            &path,
                            format!("Heroku has no plan `{wanted}`"),
                        )
                        .with_hint(hint),
                    );
                }
                Some(None) => {
                    let mut problem = Problem::new(
                        &addon_plan.at,
                        &path,
                        format!("Heroku has no add-on service `{service}`"),
                    );
                    if let Some(c) = closest(service, catalogue.services.iter().map(String::as_str))
                    {
                        problem = problem.with_hint(format!("did you mean `{c}`?"));
                    }
                    out.push(problem);
                }
                _ => {}
            }
        }
    }
    out
}

/// Every team of `config` that the account does not belong to (when the
/// teams were read: an app to be created names one).
pub fn teams(config: &Config, catalogue: &Catalogue) -> Vec<Problem> {
    let Some(teams) = &catalogue.teams else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for app in config.apps.values() {
        let Some(team) = &app.team else { continue };
        let Some(name) = team.value.known() else {
            continue;
        };
        if teams.iter().any(|t| t == name) {
            continue;
        }
        let hint = match closest(name, teams.iter().map(String::as_str)) {
            Some(c) => format!("did you mean `{c}`?"),
            None if teams.is_empty() => {
                "the account belongs to no team: leave `team` out for a personal app".into()
            }
            None => format!("the account's teams: {}", teams.join(", ")),
        };
        out.push(
            Problem::new(
                &team.at,
                format!("apps.{}.team", app.key),
                format!("the account belongs to no team `{name}`"),
            )
            .with_hint(hint),
        );
    }
    out
}

/// The plan names without their service, for the hint.
fn names(plans: &[String]) -> String {
    plans
        .iter()
        .map(|p| p.split_once(':').map_or(p.as_str(), |(_, n)| n))
        .collect::<Vec<_>>()
        .join(", ")
}
