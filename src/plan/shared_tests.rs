//! Add-ons shared between apps, on hand-built `Live`: destroying one names
//! every other app it is attached to and asks Heroku for `force` only then,
//! and another app's add-on attached here under a name the files do not list
//! is detached, this app's attachment only.

use crate::live::{AddonState, Elsewhere, Live, LiveAddon, LiveApp};
use crate::plan::{Action, AddonRef, Plan, Step, plan};

/// The plan of `text` against `web-prod` (key `web`) having `addons`.
fn planned(text: &str, addons: Vec<LiveAddon>) -> Plan {
    let config = crate::plan::test_support::config_of(text, &[]);
    let app = LiveApp {
        name: "web-prod".into(),
        addons,
        ..LiveApp::default()
    };
    let live = Live {
        apps: [("web".to_string(), Some(app))].into(),
        ..Live::default()
    };
    plan(&config, &live)
}

fn postgres(billing_app: &str, attachments: &[&str], elsewhere: &[(&str, &str)]) -> LiveAddon {
    LiveAddon {
        id: "id-postgresql-1".into(),
        name: "postgresql-1".into(),
        service: "heroku-postgresql".into(),
        addon_plan: "heroku-postgresql:essential-0".into(),
        billing_app: billing_app.into(),
        attachments: attachments.iter().map(|a| a.to_string()).collect(),
        state: AddonState::Provisioned,
        elsewhere: elsewhere
            .iter()
            .map(|(app, attachment)| Elsewhere {
                app: app.to_string(),
                attachment: attachment.to_string(),
            })
            .collect(),
    }
}

const WEB: &str = "[apps.web]\nname = \"web-prod\"\n\n[apps.web.addons]\n";

#[test]
fn destroying_a_shared_add_on_names_every_other_app_and_forces_only_then() {
    let shared = postgres(
        "web-prod",
        &["DATABASE"],
        &[("billing-worker", "DATABASE"), ("reports", "WAREHOUSE")],
    );
    let p = planned(WEB, vec![shared]);
    assert_eq!(p.changes.len(), 1);
    let c = &p.changes[0];
    assert_eq!(c.action, Action::Delete);
    assert!(c.detaches_others());
    assert_eq!(
        c.destroys.as_ref().unwrap().to_string(),
        "destroys postgresql-1 (heroku-postgresql:essential-0) and all its data; \
         also attached to billing-worker as DATABASE, reports as WAREHOUSE"
    );
    assert_eq!(
        p.step_list(),
        [Step::DestroyAddon {
            app: "web-prod".into(),
            addon: AddonRef::Name("postgresql-1".into()),
            shared: true,
        }]
    );
    let alone = planned(WEB, vec![postgres("web-prod", &["DATABASE"], &[])]);
    assert!(!alone.changes[0].detaches_others());
    assert!(matches!(
        alone.step_list()[..],
        [Step::DestroyAddon { shared: false, .. }]
    ));
}

#[test]
fn replacing_a_shared_add_on_names_the_other_apps_and_forces_its_destroy() {
    let shared = postgres("web-prod", &["DATABASE"], &[("billing-worker", "DATABASE")]);
    let text = format!("{WEB}db = {{ plan = \"heroku-redis:mini\", as = \"DATABASE\" }}\n");
    let p = planned(&text, vec![shared]);
    assert_eq!(p.changes[0].action, Action::Replace);
    assert!(p.changes[0].detaches_others());
    assert!(
        p.changes[0]
            .destroys
            .as_ref()
            .unwrap()
            .to_string()
            .ends_with("; also attached to billing-worker as DATABASE"),
        "{:?}",
        p.changes[0]
    );
    assert!(
        p.steps
            .iter()
            .map(|s| &s.step)
            .any(|s| matches!(s, Step::DestroyReplaced { shared: true, .. })),
        "{:?}",
        p.step_list()
    );
}

#[test]
fn an_extra_attachment_of_another_apps_add_on_is_detached_from_this_app_only() {
    let text = format!(
        "{WEB}db = {{ attach = \"api.postgres\", as = \"DATABASE\" }}\n\n\
         [apps.api]\nname = \"api-prod\"\n\n[apps.api.addons]\n\
         postgres = {{ plan = \"heroku-postgresql:essential-0\", as = \"DATABASE\" }}\n"
    );
    let live = postgres(
        "api-prod",
        &["DATABASE", "REPORTING"],
        &[("api-prod", "DATABASE")],
    );
    let p = planned(&text, vec![live]);
    let web: Vec<_> = p
        .changes
        .iter()
        .filter(|c| c.address.app == "web")
        .collect();
    assert_eq!(web.len(), 1, "{:?}", p.changes);
    assert_eq!(web[0].address.key.as_deref(), Some("reporting"));
    assert_eq!(web[0].action, Action::Delete);
    assert_eq!(web[0].destroys, None);
    let on_web: Vec<_> = p
        .steps
        .iter()
        .map(|s| &s.step)
        .filter(|s| matches!(s, Step::Detach { app, .. } | Step::DestroyAddon { app, .. } if app == "web-prod"))
        .collect();
    assert_eq!(
        on_web,
        [&Step::Detach {
            app: "web-prod".into(),
            attachment: "REPORTING".into(),
        }]
    );
}

#[test]
fn force_is_sent_only_for_a_shared_add_on() {
    let destroy = |shared| Step::DestroyAddon {
        app: "web-prod".into(),
        addon: AddonRef::Name("postgresql-1".into()),
        shared,
    };
    let forced = crate::apply::request(&destroy(true), None);
    assert_eq!(forced.body, serde_json::json!({"force": true}));
    let alone = crate::apply::request(&destroy(false), None);
    assert_eq!(alone.body, serde_json::Value::Null);
}

#[test]
fn the_account_wide_attachments_name_the_other_apps_of_an_add_on() {
    use serde_json::json;
    let addons = [json!({
        "id": "a-1", "name": "postgresql-1", "state": "provisioned",
        "addon_service": {"name": "heroku-postgresql"},
        "plan": {"name": "heroku-postgresql:essential-0"},
        "app": {"name": "web-prod"}, "config_vars": ["DATABASE_URL"],
    })];
    let attachment = |app_id: &str, app: &str, name: &str| json!({"addon": {"id": "a-1"}, "app": {"id": app_id, "name": app}, "name": name});
    let attachments = [
        attachment("app-web", "web-prod", "DATABASE"),
        attachment("app-worker", "billing-worker", "DATABASE"),
    ];
    let (addons, _) = crate::live::addons_of("app-web", &addons, &attachments).unwrap();
    assert_eq!(addons[0].attachments, ["DATABASE"]);
    assert_eq!(
        addons[0].elsewhere,
        [Elsewhere {
            app: "billing-worker".into(),
            attachment: "DATABASE".into(),
        }]
    );
}
