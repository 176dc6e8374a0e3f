//! Planning formation: only the process types the files list are managed,
//! in one formation update per app, within Heroku's rules.
//!
//! Heroku lists formation only for the process types its current release
//! declares: a listed type it lacks waits for a release (no step). It refuses
//! a formation that mixes Eco/Basic with professional sizes, so when the
//! files move the app to another tier, each process type whose size they do
//! not set follows in the same update if it runs no dyno, and makes the plan
//! impossible if it does (heroin does not resize what runs without being
//! told). Pure, like all of `plan`.

use std::collections::BTreeMap;

use super::steps::FormationUpdate;
use super::{Action, Cx, Section, Step};
use crate::config::model::Formation;
use crate::heroku::{self, DynoTier};
use crate::live::LiveFormation;
use crate::secret::Text;

fn plain(s: &str) -> Option<Text> {
    Some(Text::Plain(s.to_string()))
}

fn show(quantity: i64, size: &str) -> String {
    format!("{quantity} x {size}")
}

/// The size the files set for `f`, when known.
fn size_of(f: &Formation) -> Option<&str> {
    f.size.as_ref().and_then(|s| s.value.known())
}

/// The tier the files put the app in, and the size a process type of another
/// tier moves to: from the sizes the files set for the types Heroku has (the
/// smallest of them). `None` when the files set no such size, or sizes of
/// both tiers (`heroin validate` reports that).
fn target(
    desired: &BTreeMap<String, Formation>,
    live: &BTreeMap<String, LiveFormation>,
) -> Option<(DynoTier, String)> {
    let sizes: Vec<&str> = desired
        .iter()
        .filter(|(kind, _)| live.contains_key(*kind))
        .filter_map(|(_, f)| size_of(f))
        .collect();
    let mut tiers = sizes.iter().filter_map(|s| heroku::dyno_tier(s));
    let tier = tiers.next()?;
    if tiers.any(|t| t != tier) {
        return None;
    }
    Some((tier, heroku::smallest_size(sizes)?))
}

pub(crate) fn plan_formation(cx: &mut Cx, app: &str) {
    let Some(desired) = cx.app.formation.as_ref() else {
        return;
    };
    let live = cx
        .live
        .and_then(|l| l.formation.clone())
        .unwrap_or_default();
    for (kind, f) in desired.iter().filter(|(k, _)| !live.contains_key(*k)) {
        let quantity = f.quantity.as_ref().map(|q| q.value);
        let after = match (quantity, size_of(f)) {
            (Some(q), Some(s)) => Some(show(q, s)),
            (Some(1), None) => Some("1 dyno".into()),
            (Some(q), None) => Some(format!("{q} dynos")),
            (None, s) => s.map(str::to_string),
        };
        cx.wait(
            Section::Formation,
            kind,
            after,
            format!("a release that declares {kind}"),
        );
    }
    let target = target(desired, &live);
    let mut updates = Vec::new();
    for (kind, live_type) in &live {
        let listed = desired.get(kind);
        let quantity = listed
            .and_then(|f| f.quantity.as_ref())
            .map(|q| q.value)
            .filter(|q| *q != live_type.quantity);
        let mut size = listed
            .and_then(size_of)
            .filter(|s| !s.eq_ignore_ascii_case(&live_type.size))
            .map(str::to_string);
        let mut why = None;
        let other_tier = heroku::dyno_tier(&live_type.size)
            .zip(target.as_ref())
            .filter(|(tier, (desired, _))| tier != desired);
        if let (Some((tier, (desired_tier, smallest))), None) =
            (other_tier, listed.and_then(size_of))
        {
            let runs = quantity.unwrap_or(live_type.quantity);
            if runs > 0 {
                let c = cx.change(
                    Section::Formation,
                    Some(kind),
                    Action::Impossible,
                    plain(&show(live_type.quantity, &live_type.size)),
                    None,
                );
                c.why = Some(format!(
                    "{kind} runs {} and Heroku does not mix {} with {} sizes in one app: list `{kind}` under formation with a {} size (such as {smallest})",
                    show(runs, &live_type.size),
                    tier.name(),
                    desired_tier.name(),
                    desired_tier.name(),
                ));
                continue;
            }
            size = Some(smallest.clone());
            why = Some("quantity 0; Heroku does not mix dyno tiers".to_string());
        }
        if quantity.is_none() && size.is_none() {
            if listed.is_some() {
                cx.hidden().unchanged += 1;
            }
            continue;
        }
        let (before, after) = match listed {
            // A type the files do not list: only its size changes.
            None => (live_type.size.clone(), size.clone().unwrap_or_default()),
            Some(_) => (
                show(live_type.quantity, &live_type.size),
                show(
                    quantity.unwrap_or(live_type.quantity),
                    size.as_deref().unwrap_or(&live_type.size),
                ),
            ),
        };
        let c = cx.change(
            Section::Formation,
            Some(kind),
            Action::Update,
            plain(&before),
            plain(&after),
        );
        c.why = why;
        updates.push(FormationUpdate {
            kind: kind.clone(),
            quantity,
            size,
        });
    }
    if !updates.is_empty() {
        cx.step(Step::Scale {
            app: app.to_string(),
            updates,
        });
    }
}

#[cfg(test)]
mod tests {

    use crate::live::{Live, LiveApp, LiveFormation};
    use crate::plan::{Plan, Section, Step, plan};

    /// Plans `formation` (the TOML lines of `[apps.web.formation]`) against
    /// an app `acme-web` whose formation is `live` (`None`: no such app).
    fn planned(formation: &str, live: Option<&[(&str, i64, &str)]>) -> Plan {
        let text = format!("[apps.web]\nname = \"acme-web\"\n[apps.web.formation]\n{formation}");
        let config = crate::plan::test_support::config_of(&text, &[]);
        let app = live.map(|types| LiveApp {
            name: "acme-web".into(),
            formation: Some(
                types
                    .iter()
                    .map(|&(kind, quantity, size)| {
                        let size = size.to_string();
                        (kind.to_string(), LiveFormation { quantity, size })
                    })
                    .collect(),
            ),
            ..LiveApp::default()
        });
        let live = Live {
            apps: [("web".to_string(), app)].into(),
            ..Live::default()
        };
        plan(&config, &live)
    }

    /// `action key: before -> after (why)` for each change.
    fn lines(p: &Plan) -> Vec<String> {
        let text = |t: &Option<crate::secret::Text>| t.as_ref().map(|t| t.to_string());
        p.changes
            .iter()
            .map(|c| {
                format!(
                    "{:?} {}: {:?} -> {:?} ({})",
                    c.action,
                    c.address.key.as_deref().unwrap_or(""),
                    text(&c.before),
                    text(&c.after),
                    c.why.as_deref().unwrap_or("")
                )
            })
            .collect()
    }

    #[test]
    fn a_process_type_no_release_declares_waits() {
        let p = planned(
            "web = { quantity = 2, size = \"standard-1x\" }\nworker = 1\n",
            None,
        );
        assert!(p.changes.iter().all(|c| c.address.section == Section::App));
        let waiting: Vec<(&str, Option<&str>, &str)> = p
            .waiting
            .iter()
            .map(|w| {
                (
                    w.address.key.as_deref().unwrap(),
                    w.after.as_deref(),
                    w.waits_for.as_str(),
                )
            })
            .collect();
        assert_eq!(
            waiting,
            [
                (
                    "web",
                    Some("2 x standard-1x"),
                    "a release that declares web"
                ),
                ("worker", Some("1 dyno"), "a release that declares worker"),
            ]
        );
        let p = planned(
            "web = 1\nclock = { size = \"basic\" }\n",
            Some(&[("web", 1, "basic")]),
        );
        assert!(p.is_empty() && !p.matches());
        assert_eq!(p.waiting.len(), 1);
        assert_eq!(p.waiting[0].after.as_deref(), Some("basic"));
    }

    #[test]
    fn unlisted_types_at_quantity_zero_follow_the_tier_and_running_ones_cannot() {
        let p = planned(
            "web = { quantity = 1, size = \"Standard-1X\" }\n",
            Some(&[("release", 0, "basic"), ("web", 1, "basic")]),
        );
        assert_eq!(
            lines(&p),
            [
                "Update release: Some(\"basic\") -> Some(\"standard-1x\") (quantity 0; Heroku does not mix dyno tiers)",
                "Update web: Some(\"1 x basic\") -> Some(\"1 x Standard-1X\") ()",
            ]
        );
        let steps = p.step_list();
        let [Step::Scale { updates, .. }] = steps.as_slice() else {
            panic!("one formation update: {:?}", p.step_list());
        };
        assert_eq!(updates.len(), 2);
        let p = planned(
            "web = { quantity = 1, size = \"standard-1x\" }\n",
            Some(&[("web", 1, "basic"), ("worker", 2, "basic")]),
        );
        assert_eq!(
            lines(&p)[1],
            "Impossible worker: Some(\"2 x basic\") -> None (worker runs 2 x basic and Heroku does not mix Eco/Basic with professional sizes in one app: list `worker` under formation with a professional size (such as standard-1x))"
        );
        assert!(p.has_impossible());
    }

    #[test]
    fn a_listed_type_without_a_size_follows_when_it_stops_and_back_to_eco_basic() {
        // Listed with a quantity only: its size is not the files' to keep.
        let p = planned(
            "web = { quantity = 1, size = \"basic\" }\nworker = 0\n",
            Some(&[("web", 1, "performance-m"), ("worker", 1, "standard-2x")]),
        );
        assert_eq!(
            lines(&p),
            [
                "Update web: Some(\"1 x performance-m\") -> Some(\"1 x basic\") ()",
                "Update worker: Some(\"1 x standard-2x\") -> Some(\"0 x basic\") (quantity 0; Heroku does not mix dyno tiers)",
            ]
        );
        // The smallest size the files use is the one that follows.
        let p = planned(
            "web = { size = \"performance-m\" }\nclock = { size = \"standard-2x\" }\n",
            Some(&[("clock", 1, "eco"), ("web", 1, "eco"), ("x", 0, "eco")]),
        );
        assert!(
            lines(&p).contains(
                &"Update x: Some(\"eco\") -> Some(\"standard-2x\") (quantity 0; Heroku does not mix dyno tiers)".to_string()
            ),
            "{:#?}",
            lines(&p)
        );
        // Within a tier nothing else moves.
        let p = planned(
            "web = { size = \"standard-2x\" }\n",
            Some(&[("web", 1, "standard-1X"), ("worker", 3, "performance-l")]),
        );
        assert_eq!(p.changes.len(), 1, "{:#?}", lines(&p));
    }
}
