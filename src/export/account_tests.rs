//! Unit tests of account export, on hand-built live apps.

use std::collections::BTreeMap;

use super::*;
use crate::export::toml;
use crate::live::{LiveCoupling, LiveFormation};

fn app(name: &str, stage: Option<&str>, vars: &[(&str, &str)]) -> LiveApp {
    LiveApp {
        id: format!("id-{name}"),
        name: name.into(),
        region: "us".into(),
        stack: "heroku-24".into(),
        config_vars: Some(
            vars.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ),
        formation: Some(BTreeMap::new()),
        features: Some(BTreeMap::new()),
        buildpacks: Some(Vec::new()),
        domains: Some(Vec::new()),
        drains: Some(Vec::new()),
        collaborators: Some(Vec::new()),
        pipeline: Some(stage.map(|s| LiveCoupling {
            id: format!("c-{name}"),
            pipeline_id: "p".into(),
            pipeline: "shop".into(),
            stage: s.into(),
        })),
        ..LiveApp::default()
    }
}

fn placed(env: &str, key: &str) -> Placed {
    Placed {
        env: env.into(),
        key: key.into(),
    }
}

#[test]
fn apps_are_placed_by_stage_then_by_name_then_as_told() {
    let apps = vec![
        app("shop-web-staging", Some("staging"), &[]),
        app("shop-web-production", Some("production"), &[]),
        app("shop-worker-staging", None, &[]),
        app("shop-worker-prod", None, &[]),
        app("shop-pr-12", Some("review"), &[]),
        app("scratch", None, &[]),
        app("legacy", None, &[]),
    ];
    let overrides = BTreeMap::from([("legacy".to_string(), "prod".to_string())]);
    let (placed_apps, notes) = place(&apps, &overrides);
    assert_eq!(placed_apps["shop-web-staging"], placed("staging", "web"));
    assert_eq!(placed_apps["shop-web-production"], placed("prod", "web"));
    assert_eq!(placed_apps["shop-worker-prod"], placed("prod", "worker"));
    assert_eq!(placed_apps["legacy"], placed("prod", "legacy"));
    assert!(!placed_apps.contains_key("shop-pr-12"));
    assert!(!placed_apps.contains_key("scratch"));
    assert!(
        notes
            .iter()
            .any(|n| n.contains("shop-pr-12 is a review app")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("scratch is in no pipeline") && n.contains("--env scratch=ENV")),
        "{notes:?}"
    );
}

#[test]
fn two_apps_of_one_environment_never_share_a_key() {
    let apps = vec![
        app("a-web-prod", None, &[]),
        app("b-web-prod", None, &[]),
        app("a-api-prod", None, &[]),
    ];
    let (placed_apps, _) = place(&apps, &BTreeMap::new());
    let keys: BTreeSet<&str> = placed_apps.values().map(|p| p.key.as_str()).collect();
    assert_eq!(keys.len(), 3, "{placed_apps:?}");
}

#[test]
fn names_that_follow_a_pattern_become_a_template() {
    assert_eq!(
        template(&[("prod", "shop-web-prod"), ("staging", "shop-web-staging")]),
        Some("shop-web-${HEROIN_ENV}".into())
    );
    assert_eq!(
        template(&[("prod", "prod-api"), ("dev", "dev-api")]),
        Some("${HEROIN_ENV}-api".into())
    );
    assert_eq!(
        template(&[
            ("prod", "shop-web-production"),
            ("staging", "shop-web-staging")
        ]),
        None
    );
    assert_eq!(template(&[("prod", "shop-web-prod")]), None);
}

/// Three environments sharing `shared` values: they appear once, in the base.
#[test]
fn values_every_environment_shares_are_written_once_in_the_base() {
    let shared: Vec<(String, String)> = (0..7)
        .map(|i| (format!("SHARED_{i}"), format!("v{i}")))
        .collect();
    let apps: Vec<LiveApp> = ["dev", "staging", "prod"]
        .iter()
        .map(|env| {
            let mut a = app(&format!("shop-web-{env}"), None, &[]);
            let mut vars: BTreeMap<String, String> = shared.iter().cloned().collect();
            vars.insert("RACK_ENV".into(), env.to_string());
            vars.insert("SESSION_SECRET".into(), format!("secret-of-{env}"));
            a.config_vars = Some(vars);
            let size = if *env == "prod" {
                "Standard-2X"
            } else {
                "Basic"
            };
            a.formation = Some(BTreeMap::from([(
                "web".to_string(),
                LiveFormation {
                    quantity: 1,
                    size: size.into(),
                },
            )]));
            a
        })
        .collect();
    let account = adopt(&apps, &BTreeMap::new());
    let base = toml(&account.files.base);
    for (name, value) in &shared {
        assert_eq!(
            base.matches(&format!("{name} = \"{value}\"")).count(),
            1,
            "{base}"
        );
    }
    assert!(base.contains("name = \"shop-web-${HEROIN_ENV}\""), "{base}");
    // The secret is one placeholder named after the app key, in the base.
    assert!(
        base.contains("SESSION_SECRET = \"${WEB_SESSION_SECRET}\""),
        "{base}"
    );
    for env in ["dev", "staging", "prod"] {
        let overlay = toml(&account.files.overlays[env]);
        for (name, _) in &shared {
            assert!(!overlay.contains(name.as_str()), "{overlay}");
        }
        assert!(
            overlay.contains(&format!("RACK_ENV = \"{env}\"")),
            "{overlay}"
        );
        assert!(!overlay.contains("secret-of"), "{overlay}");
        assert_eq!(
            account.variables[env],
            vec![(
                "WEB_SESSION_SECRET".to_string(),
                format!("config var SESSION_SECRET of shop-web-{env}")
            )]
        );
    }
    let prod = toml(&account.files.overlays["prod"]);
    assert!(
        prod.contains("web = { quantity = 1, size = \"standard-2x\" }"),
        "{prod}"
    );
    assert!(
        !base.contains("[apps.web.features]"),
        "no empty tables:\n{base}"
    );
}

#[test]
fn an_add_on_another_app_of_the_environment_pays_for_is_attached() {
    let addon = |attachment: &str| LiveAddon {
        price: Default::default(),
        id: "db-1".into(),
        name: "postgresql-1".into(),
        service: "heroku-postgresql".into(),
        addon_plan: "heroku-postgresql:essential-0".into(),
        billing_app: "shop-web-prod".into(),
        attachments: vec![attachment.into()],
        state: "provisioned".into(),
        elsewhere: Vec::new(),
    };
    let mut web = app("shop-web-prod", None, &[]);
    web.addons = vec![addon("DATABASE")];
    let mut worker = app("shop-worker-prod", None, &[]);
    worker.addons = vec![addon("MAIN_DB")];
    let account = adopt(&[web, worker], &BTreeMap::new());
    let base = toml(&account.files.base);
    assert!(
        base.contains("[apps.web.addons.database]\nplan = \"heroku-postgresql:essential-0\""),
        "{base}"
    );
    assert!(
        base.contains("[apps.worker.addons.main-db]\nattach = \"web.database\""),
        "{base}"
    );
    assert!(account.notes.is_empty(), "{:?}", account.notes);
}

#[test]
fn names_without_a_pattern_are_written_per_environment() {
    let mut prod = app("shop-web-production", Some("production"), &[]);
    prod.drains = Some(vec![crate::live::LiveDrain {
        url: "https://user:drain-pass@logs.example.net/in".into(),
        id: "d1".into(),
    }]);
    let staging = app("shop-web-staging", Some("staging"), &[]);
    let account = adopt(&[prod, staging], &BTreeMap::new());
    assert_eq!(account.placed["shop-web-production"], placed("prod", "web"));
    let base = toml(&account.files.base);
    assert!(!base.contains("name = \"shop-web"), "{base}");
    let overlay = toml(&account.files.overlays["prod"]);
    assert!(
        overlay.contains("name = \"shop-web-production\""),
        "{overlay}"
    );
    assert!(overlay.contains("${WEB_LOG_DRAIN_1_PASSWORD}"), "{overlay}");
    assert!(!overlay.contains("drain-pass"), "{overlay}");
    assert_eq!(account.variables["prod"][0].0, "WEB_LOG_DRAIN_1_PASSWORD");
    assert!(!account.variables.contains_key("staging") || account.variables["staging"].is_empty());
}
