//! Planning the account-wide tables of the files: a pipeline's settings
//! (`plan::pipelines`), a team's members and features, a Private Space's
//! inbound ruleset. Each table entry is planned on its own, with the same
//! rules as an app's sections: absent is unmanaged, present authoritative.
//!
//! Teams and spaces are never created nor deleted by heroin: one Heroku
//! does not have (or the account cannot see) is an impossible change. A
//! team's features can be read but not changed through Heroku's API: a
//! difference is impossible too, and says where to change it. Pure.

use std::collections::BTreeMap;

use super::top::{Top, plain};
use super::{Action, Plan, Section, Table};
use crate::config::model::Config;
use crate::live::Live;
use crate::secret::Text;

/// A team step: one API call.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamStep {
    /// `PUT /teams/{team}/members`: adds the member, or changes their role.
    SetMember {
        /// Team name.
        team: String,
        /// The member's email.
        email: String,
        /// `admin`, `member` or `viewer`.
        role: String,
    },
    /// `DELETE /teams/{team}/members/{email}`.
    RemoveMember {
        /// Team name.
        team: String,
        /// The member's email.
        email: String,
    },
}

/// A space step: one API call.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpaceStep {
    /// `PUT /spaces/{space}/inbound-ruleset`: the whole ruleset.
    SetInboundRuleset {
        /// Space name.
        space: String,
        /// The rules in order: (action, source).
        rules: Vec<(String, String)>,
    },
}

/// Plans every table entry of `desired` against `live`.
pub(crate) fn plan_tables(desired: &Config, live: &Live, out: &mut Plan) {
    for settings in desired.pipelines.values() {
        super::pipelines::plan_pipeline(desired, settings, live, out);
    }
    for team in desired.teams.values() {
        let top = Top {
            table: Table::Teams,
            key: &team.name,
            out,
        };
        plan_team(top, team, live);
    }
    for space in desired.spaces.values() {
        let top = Top {
            table: Table::Spaces,
            key: &space.name,
            out,
        };
        plan_space(top, space, live);
    }
}

fn plan_team(mut top: Top, team: &crate::config::teams::Team, live: &Live) {
    let Some(Some(found)) = live.tables.teams.get(&team.name) else {
        if team.members.is_some() || team.features.is_some() {
            let c = top.change(
                Section::Members,
                None,
                Action::Impossible,
                (None, plain(&team.name)),
            );
            c.why = Some(format!(
                "Heroku has no team {} that this account belongs to; heroin does not create teams",
                team.name
            ));
        }
        return;
    };
    let name = team.name.clone();
    if let (Some(desired), Some(on_heroku)) = (&team.members, &found.members) {
        let mut sets = Vec::new();
        for (email, m) in desired {
            let Some(role) = m.role.value.known() else {
                continue;
            };
            let action = match on_heroku.get(email) {
                None => Action::Create,
                Some(r) if r == role => continue,
                Some(_) => Action::Update,
            };
            let before = on_heroku.get(email).and_then(|r| plain(r));
            top.change(Section::Members, Some(email), action, (before, plain(role)));
            sets.push((email.clone(), role.to_string()));
        }
        for (email, role) in sets {
            let address = top.address(Section::Members, Some(&email));
            let step = TeamStep::SetMember {
                team: name.clone(),
                email,
                role,
            };
            top.step(super::Step::Team(step), address);
        }
        for (email, role) in on_heroku.iter().filter(|(e, _)| !desired.contains_key(*e)) {
            let c = top.change(
                Section::Members,
                Some(email),
                Action::Delete,
                (plain(role), None),
            );
            c.why = Some("not in the files".into());
            let address = top.address(Section::Members, Some(email));
            let step = TeamStep::RemoveMember {
                team: name.clone(),
                email: email.clone(),
            };
            top.step(super::Step::Team(step), address);
        }
    }
    if let (Some(desired), Some(on_heroku)) = (&team.features, &found.features) {
        features(&mut top, desired, on_heroku);
    }
}

fn features(
    top: &mut Top,
    desired: &BTreeMap<String, crate::config::model::Located<bool>>,
    on_heroku: &BTreeMap<String, bool>,
) {
    for (feature, enabled) in desired {
        let live = on_heroku.get(feature);
        if live == Some(&enabled.value) {
            continue;
        }
        let before = live.and_then(|b| plain(&b.to_string()));
        let after = plain(&enabled.value.to_string());
        let c = top.change(
            Section::Features,
            Some(feature),
            Action::Impossible,
            (before, after),
        );
        c.why = Some(match live {
            None => format!("Heroku has no team feature {feature}"),
            Some(_) => "Heroku's API reads a team's features but cannot change them: change it in the Dashboard (or ask Heroku support), or make the files say what Heroku has".into(),
        });
    }
}

/// A rule as the plan shows it.
fn rule_text(action: &str) -> Option<Text> {
    plain(action)
}

fn plan_space(mut top: Top, space: &crate::config::spaces::Space, live: &Live) {
    let Some(desired) = &space.inbound_ruleset else {
        return;
    };
    let Some(Some(found)) = live.tables.spaces.get(&space.name) else {
        let c = top.change(
            Section::InboundRuleset,
            None,
            Action::Impossible,
            (None, plain(&space.name)),
        );
        c.why = Some(format!(
            "Heroku has no Private Space {} that this account can see; heroin does not create spaces",
            space.name
        ));
        return;
    };
    let rules: Vec<(String, String)> = desired
        .iter()
        .filter_map(|r| {
            let (a, s) = (r.action.value.known()?, r.source.value.known()?);
            Some((a.to_string(), s.to_string()))
        })
        .collect();
    if rules == found.inbound_ruleset {
        return;
    }
    let live_of = |source: &str| found.inbound_ruleset.iter().find(|(_, s)| s == source);
    let mut changed = false;
    for (action, source) in &rules {
        match live_of(source) {
            Some((a, _)) if a == action => {}
            Some((a, _)) => {
                let values = (rule_text(a), rule_text(action));
                top.change(
                    Section::InboundRuleset,
                    Some(source),
                    Action::Update,
                    values,
                );
                changed = true;
            }
            None => {
                let values = (None, rule_text(action));
                top.change(
                    Section::InboundRuleset,
                    Some(source),
                    Action::Create,
                    values,
                );
                changed = true;
            }
        }
    }
    for (action, source) in &found.inbound_ruleset {
        if !rules.iter().any(|(_, s)| s == source) {
            let values = (rule_text(action), None);
            let c = top.change(
                Section::InboundRuleset,
                Some(source),
                Action::Delete,
                values,
            );
            c.why = Some("not in the files".into());
            changed = true;
        }
    }
    if !changed {
        // The same rules in another order: Heroku applies them in order.
        let order = |r: &[(String, String)]| {
            let s: Vec<&str> = r.iter().map(|(_, s)| s.as_str()).collect();
            s.join(", ")
        };
        let values = (plain(&order(&found.inbound_ruleset)), plain(&order(&rules)));
        top.change(Section::InboundRuleset, None, Action::Update, values);
    }
    let address = top.address(Section::InboundRuleset, None);
    let step = SpaceStep::SetInboundRuleset {
        space: space.name.clone(),
        rules,
    };
    top.step(super::Step::Space(step), address);
}
