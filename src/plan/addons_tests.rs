//! Add-on planning on hand-built `Live`: what the app pays for is changed or
//! destroyed (saying what data goes), what another app shares is only
//! detached, a plan Heroku changes only by replacing is replaced new add-on
//! first, and a failed add-on loses no data.

use crate::live::{AddonState, Live, LiveAddon, LiveApp};
use crate::plan::{Action, AddonRef, Destroys, Plan, Step, plan};

fn planned(addons: &str, live: Vec<LiveAddon>) -> Plan {
    let text = format!("[apps.web]\nname = \"web-prod\"\n\n[apps.web.addons]\n{addons}");
    let config = crate::plan::test_support::config_of(&text, &[]);
    let app = LiveApp {
        name: "web-prod".into(),
        addons: live,
        ..LiveApp::default()
    };
    let live = Live {
        apps: [("web".to_string(), Some(app))].into(),
        ..Live::default()
    };
    plan(&config, &live)
}

fn addon(name: &str, plan: &str, billing_app: &str, attachment: &str) -> LiveAddon {
    LiveAddon {
        id: format!("id-{name}"),
        name: name.into(),
        service: plan.split(':').next().unwrap().into(),
        addon_plan: plan.into(),
        billing_app: billing_app.into(),
        attachments: vec![attachment.into()],
        state: AddonState::Provisioned,
        elsewhere: Vec::new(),
    }
}

fn actions(p: &Plan) -> Vec<(String, Action)> {
    p.changes
        .iter()
        .map(|c| (c.address.key.clone().unwrap_or_default(), c.action))
        .collect()
}

#[test]
fn an_add_on_the_files_name_is_created_under_its_attachment_name() {
    let p = planned(
        "redis = { plan = \"heroku-redis:mini\", as = \"REDIS\" }\n",
        vec![],
    );
    assert_eq!(actions(&p), [("redis".to_string(), Action::Create)]);
    assert!(matches!(
        &p.step_list()[..],
        [Step::CreateAddon { app, addon_plan: plan, attachment, .. }]
            if app == "web-prod" && plan == "heroku-redis:mini" && attachment == "REDIS"
    ));
}

#[test]
fn a_plan_heroku_changes_in_place_is_an_update_by_attachment() {
    let live = vec![addon("redis-1", "heroku-redis:mini", "web-prod", "REDIS")];
    let p = planned(
        "redis = { plan = \"heroku-redis:premium-0\", as = \"REDIS\" }\n",
        live,
    );
    assert_eq!(actions(&p), [("redis".to_string(), Action::Update)]);
    assert_eq!(
        p.step_list(),
        [Step::ChangePlan {
            app: "web-prod".into(),
            addon: AddonRef::attached("web-prod", "REDIS"),
            addon_plan: "heroku-redis:premium-0".into(),
        }]
    );
    assert_eq!(p.changes[0].destroys, None);
}

#[test]
fn an_add_on_the_app_pays_for_and_the_files_drop_is_destroyed_with_its_data() {
    let live = vec![addon(
        "postgresql-1",
        "heroku-postgresql:essential-0",
        "web-prod",
        "DATABASE",
    )];
    let p = planned("", live);
    assert_eq!(actions(&p), [("database".to_string(), Action::Delete)]);
    let destroys = p.changes[0].destroys.clone().unwrap();
    assert_eq!(
        destroys,
        Destroys {
            addon: "postgresql-1".into(),
            addon_plan: "heroku-postgresql:essential-0".into(),
            loses_data: true,
            also_attached: Vec::new(),
        }
    );
    assert_eq!(
        destroys.to_string(),
        "destroys postgresql-1 (heroku-postgresql:essential-0) and all its data"
    );
    assert!(p.changes[0].loses_data());
    assert_eq!(
        p.step_list(),
        [Step::DestroyAddon {
            app: "web-prod".into(),
            addon: AddonRef::Name("postgresql-1".into()),
            shared: false,
        }]
    );
}

#[test]
fn a_failed_data_add_on_is_destroyed_without_losing_data() {
    let mut failed = addon(
        "postgresql-1",
        "heroku-postgresql:essential-0",
        "web-prod",
        "DATABASE",
    );
    failed.state = AddonState::Deprovisioned;
    let p = planned("", vec![failed]);
    assert!(!p.changes[0].loses_data(), "{:?}", p.changes[0]);
}

#[test]
fn an_add_on_another_app_shares_is_only_detached() {
    let live = vec![addon(
        "papertrail-1",
        "papertrail:choklad",
        "billing",
        "PAPERTRAIL",
    )];
    let p = planned("", live);
    assert_eq!(actions(&p), [("papertrail".to_string(), Action::Delete)]);
    assert_eq!(p.changes[0].destroys, None);
    assert_eq!(
        p.step_list(),
        [Step::Detach {
            app: "web-prod".into(),
            attachment: "PAPERTRAIL".into(),
        }]
    );
}

#[test]
fn a_plan_heroku_changes_only_by_replacing_is_replaced_new_add_on_first() {
    let live = vec![addon(
        "postgresql-1",
        "heroku-postgresql:essential-0",
        "web-prod",
        "DATABASE",
    )];
    let p = planned(
        "postgres = { plan = \"heroku-postgresql:standard-0\", as = \"DATABASE\" }\n",
        live,
    );
    assert_eq!(actions(&p), [("postgres".to_string(), Action::Replace)]);
    assert!(p.changes[0].loses_data());
    let created = p
        .step_list()
        .iter()
        .position(|s| matches!(s, Step::CreateAddon { .. }))
        .unwrap();
    let destroyed = p
        .step_list()
        .iter()
        .position(|s| matches!(s, Step::DestroyReplaced { .. }))
        .unwrap();
    assert!(created < destroyed, "{:#?}", p.step_list());
}
