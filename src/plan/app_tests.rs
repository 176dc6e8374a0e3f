//! The app and its config vars on hand-built `Live`: an app Heroku lacks is
//! created with its settings; region and team, set once, are impossible to
//! change; stack and maintenance go in one update, ACM in its own step; and
//! config vars are created, updated and removed in one PATCH, never those an
//! attachment owns (live or about to be), nor those `ignore_config_vars`
//! matches, nor any when the files have no `config_vars`.

use std::collections::BTreeMap;

use crate::live::LiveApp;
use crate::plan::test_support::{actions, change, live_app, planned};
use crate::plan::{Action, Section, Step};
use crate::secret::Text;

const APP: &str = "[apps.web]\nname = \"web-prod\"\n";

fn with_vars(vars: &[(&str, &str)]) -> LiveApp {
    let vars: BTreeMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    LiveApp {
        config_vars: Some(vars),
        ..live_app()
    }
}

#[test]
fn an_app_heroku_lacks_is_created_with_its_settings() {
    let files = format!(
        "{APP}region = \"eu\"\nstack = \"heroku-22\"\nteam = \"acme\"\nmaintenance = true\nacm = true\n"
    );
    let p = planned(&files, vec![("web", None)]);
    assert_eq!(
        actions(&p),
        [
            (Section::App, None, Action::Create),
            (Section::App, Some("acm".into()), Action::Update),
            (Section::App, Some("maintenance".into()), Action::Update),
        ]
    );
    assert_eq!(
        p.step_list(),
        [
            Step::CreateApp {
                name: "web-prod".into(),
                region: Some("eu".into()),
                stack: Some("heroku-22".into()),
                team: Some("acme".into()),
                space: None,
            },
            Step::UpdateApp {
                app: "web-prod".into(),
                maintenance: Some(true),
                build_stack: None,
            },
            Step::SetAcm {
                app: "web-prod".into(),
                enabled: true,
            },
        ]
    );
}

#[test]
fn a_new_app_without_settings_is_one_create() {
    let p = planned(APP, vec![("web", None)]);
    assert_eq!(actions(&p), [(Section::App, None, Action::Create)]);
    assert_eq!(
        p.step_list(),
        [Step::CreateApp {
            name: "web-prod".into(),
            region: None,
            stack: None,
            team: None,
            space: None,
        }]
    );
}

#[test]
fn region_and_team_are_impossible_to_change_and_send_nothing() {
    let files = format!("{APP}region = \"eu\"\nteam = \"acme\"\n");
    let p = planned(&files, vec![("web", Some(live_app()))]);
    assert_eq!(
        actions(&p),
        [
            (Section::App, Some("region".into()), Action::Impossible),
            (Section::App, Some("team".into()), Action::Impossible),
        ]
    );
    assert!(p.step_list().is_empty());
    let team = change(&p, Section::App, Some("team"));
    assert_eq!(team.before, Some(Text::Plain("(personal app)".into())));
    assert!(
        team.why
            .as_deref()
            .unwrap()
            .contains("does not transfer apps")
    );
    let region = change(&p, Section::App, Some("region"));
    assert!(region.why.as_deref().unwrap().contains("cannot change"));
}

#[test]
fn settings_as_heroku_has_them_change_nothing() {
    let files =
        format!("{APP}region = \"us\"\nstack = \"heroku-24\"\nmaintenance = false\nacm = false\n");
    let p = planned(&files, vec![("web", Some(live_app()))]);
    assert!(p.changes.is_empty(), "{:#?}", p.changes);
    assert!(p.step_list().is_empty());
}

#[test]
fn stack_and_maintenance_are_one_update_and_acm_its_own_step() {
    let files = format!("{APP}stack = \"heroku-22\"\nmaintenance = true\nacm = true\n");
    let p = planned(&files, vec![("web", Some(live_app()))]);
    assert_eq!(
        actions(&p),
        [
            (Section::App, Some("acm".into()), Action::Update),
            (Section::App, Some("maintenance".into()), Action::Update),
            (Section::App, Some("stack".into()), Action::Update),
        ]
    );
    assert_eq!(
        p.step_list(),
        [
            Step::UpdateApp {
                app: "web-prod".into(),
                maintenance: Some(true),
                build_stack: Some("heroku-22".into()),
            },
            Step::SetAcm {
                app: "web-prod".into(),
                enabled: true,
            },
        ]
    );
    let stack = change(&p, Section::App, Some("stack"));
    assert_eq!(stack.before, Some(Text::Plain("heroku-24".into())));
    assert_eq!(stack.after, Some(Text::Plain("heroku-22".into())));
}

#[test]
fn config_vars_are_created_updated_and_removed_in_one_patch() {
    let files =
        format!("{APP}\n[apps.web.config_vars]\nNEW = \"1\"\nCHANGED = \"b\"\nSAME = \"s\"\n");
    let live = with_vars(&[("CHANGED", "a"), ("SAME", "s"), ("GONE", "x")]);
    let p = planned(&files, vec![("web", Some(live))]);
    assert_eq!(
        actions(&p),
        [
            (Section::ConfigVars, Some("CHANGED".into()), Action::Update),
            (Section::ConfigVars, Some("GONE".into()), Action::Delete),
            (Section::ConfigVars, Some("NEW".into()), Action::Create),
        ]
    );
    assert_eq!(
        change(&p, Section::ConfigVars, Some("GONE")).why.as_deref(),
        Some("not in the files")
    );
    assert_eq!(
        p.step_list(),
        [Step::PatchConfig {
            app: "web-prod".into(),
            set: [
                ("CHANGED".to_string(), Text::Plain("b".into())),
                ("NEW".to_string(), Text::Plain("1".into())),
            ]
            .into(),
            unset: vec!["GONE".into()],
        }]
    );
    assert_eq!(p.hidden["web"].unchanged, 1);
}

#[test]
fn without_config_vars_in_the_files_heroku_s_are_left_alone() {
    let p = planned(APP, vec![("web", Some(with_vars(&[("ANY", "1")])))]);
    assert!(p.changes.is_empty());
    assert!(p.step_list().is_empty());
}

#[test]
fn vars_an_attachment_owns_are_never_touched_live_or_planned() {
    // DATABASE_URL belongs to the live attachment; REDIS_URL to the one the
    // files are about to create.
    let files = format!(
        "{APP}\n[apps.web.config_vars]\nA = \"1\"\n\n[apps.web.addons.cache]\nplan = \"heroku-redis:mini\"\nas = \"REDIS\"\n"
    );
    let mut live = with_vars(&[
        ("A", "1"),
        ("DATABASE_URL", "postgres://u:p@h/d"),
        ("REDIS_URL", "x"),
    ]);
    live.owned_vars = [("DATABASE_URL".to_string(), "DATABASE".to_string())].into();
    let p = planned(&files, vec![("web", Some(live))]);
    assert!(
        !p.changes
            .iter()
            .any(|c| c.address.section == Section::ConfigVars),
        "{:#?}",
        p.changes
    );
    assert!(
        !p.step_list()
            .iter()
            .any(|s| matches!(s, Step::PatchConfig { .. }))
    );
    assert_eq!(p.hidden["web"].owned, 2);
}

#[test]
fn ignored_vars_are_neither_set_nor_removed() {
    let files = format!(
        "{APP}ignore_config_vars = [\"NEW_RELIC_*\"]\n\n[apps.web.config_vars]\nA = \"1\"\n"
    );
    let live = with_vars(&[
        ("A", "1"),
        ("NEW_RELIC_KEY", "theirs"),
        ("NEW_RELIC_APP", "x"),
    ]);
    let p = planned(&files, vec![("web", Some(live))]);
    assert!(p.changes.is_empty(), "{:#?}", p.changes);
    assert_eq!(p.hidden["web"].ignored, 2);
}

#[test]
fn secret_looking_values_are_secret_on_both_sides() {
    let files = format!("{APP}\n[apps.web.config_vars]\nAPI_TOKEN = \"new\"\n");
    let p = planned(
        &files,
        vec![("web", Some(with_vars(&[("API_TOKEN", "old")])))],
    );
    let c = change(&p, Section::ConfigVars, Some("API_TOKEN"));
    assert!(c.before.as_ref().unwrap().is_secret());
    assert!(c.after.as_ref().unwrap().is_secret());
}

#[test]
fn config_vars_of_a_new_app_are_patched_after_it_is_created() {
    let files = format!("{APP}\n[apps.web.config_vars]\nA = \"1\"\n");
    let p = planned(&files, vec![("web", None)]);
    let steps = p.step_list();
    assert!(matches!(steps[0], Step::CreateApp { .. }));
    assert!(
        matches!(&steps[1], Step::PatchConfig { app, unset, .. } if app == "web-prod" && unset.is_empty())
    );
}
