//! Planning against live states seeded in heroku-sim and read through the
//! real client: creation from nothing, ownership rules, add-on updates and
//! replacements, what cannot change, what waits, and determinism.

mod common;
use common::sim;

use std::collections::BTreeMap;

use heroin::config::files;
use heroin::http::Client;
use heroin::live::read::{Scope, read};
use heroin::plan::{Action, Plan, Section, Step, plan};
use heroku_sim::core::Options;
use serde_json::json;
use sim::{client, sim};

/// Plans `files` (name -> text) for `env` against what `c` can see.
fn plan_files(c: &Client, files: &[(&str, &str)], env: &str) -> Plan {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let layout = files::discover(dir.path()).unwrap();
    let vars: BTreeMap<String, String> =
        [("SESSION_SECRET".to_string(), "s3cret".to_string())].into();
    let config = heroin::config::load(&layout.environment(env).unwrap(), Some(&vars)).unwrap();
    let live = read(c, &Scope::of(&config), 4).unwrap();
    plan(&config, &live)
}

fn find<'p>(p: &'p Plan, section: Section, key: Option<&str>) -> Option<&'p heroin::plan::Change> {
    p.changes
        .iter()
        .find(|c| c.address.section == section && c.address.key.as_deref() == key)
}

const PRODUCT: &str = include_str!("../fixtures/examples/two-app-product/heroin.toml");
const PRODUCT_STAGING: &str =
    include_str!("../fixtures/examples/two-app-product/heroin.staging.toml");

#[test]
fn from_nothing_everything_is_created_in_dependency_order() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    let p = plan_files(
        &c,
        &[
            ("heroin.toml", PRODUCT),
            ("heroin.staging.toml", PRODUCT_STAGING),
        ],
        "staging",
    );
    assert!(
        p.changes
            .iter()
            .all(|c| c.action == Action::Create || c.address.section == Section::Features),
        "{:#?}",
        p.changes
    );
    let order: Vec<u8> = p.step_list().iter().map(Step::order).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    let pos = |f: &dyn Fn(&Step) -> bool| p.step_list().iter().position(f).unwrap();
    let create_db =
        pos(&|s| matches!(s, Step::CreateAddon { attachment, .. } if attachment == "DATABASE"));
    let attach_db = pos(
        &|s| matches!(s, Step::Attach { addon, .. } if addon.heroku() == "acme-web-staging::DATABASE"),
    );
    assert!(create_db < attach_db);
    assert_eq!(
        p.step_list()
            .iter()
            .filter(|s| matches!(s, Step::CreatePipeline { .. }))
            .count(),
        1,
        "one pipeline for both apps"
    );
    assert_eq!(
        p.step_list()
            .iter()
            .filter(|s| matches!(s, Step::PatchConfig { .. }))
            .count(),
        2,
        "one PATCH per app"
    );
    // Formation of an app that does not exist yet waits, it is not a change.
    assert!(
        p.waiting
            .iter()
            .any(|w| w.address.section == Section::Formation
                && w.waits_for == "a release that declares web")
    );
    assert!(find(&p, Section::Formation, Some("web")).is_none());
    // Secrets stay secret in the plan.
    let secret = find(&p, Section::ConfigVars, Some("SESSION_SECRET")).unwrap();
    assert!(secret.after.as_ref().unwrap().is_secret());
}

#[test]
fn owned_and_ignored_vars_are_never_touched() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "own-web-prod"}))
        .unwrap();
    c.write(
        "POST",
        "/apps/own-web-prod/addons",
        &json!({"plan": "heroku-postgresql:essential-0"}),
    )
    .unwrap();
    c.write(
        "PATCH",
        "/apps/own-web-prod/config-vars",
        &json!({"KEEP": "1", "OLD": "x", "NEW_RELIC_LICENSE_KEY": "k", "API_TOKEN": "old"}),
    )
    .unwrap();
    let files = [
        (
            "heroin.toml",
            "[apps.web]\nname = \"own-web-${HEROIN_ENV}\"\nignore_config_vars = [\"NEW_RELIC_*\"]\n[apps.web.config_vars]\nKEEP = \"1\"\nAPI_TOKEN = \"new\"\n[apps.web.addons.database]\nplan = \"heroku-postgresql:essential-0\"\n",
        ),
        ("heroin.prod.toml", ""),
    ];
    let p = plan_files(&c, &files, "prod");
    let keys: Vec<(Action, &str)> = p
        .changes
        .iter()
        .map(|c| (c.action, c.address.key.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        keys,
        [(Action::Update, "API_TOKEN"), (Action::Delete, "OLD")],
        "{:#?}",
        p.changes
    );
    assert_eq!(
        find(&p, Section::ConfigVars, Some("OLD"))
            .unwrap()
            .why
            .as_deref(),
        Some("not in the files")
    );
    let token = find(&p, Section::ConfigVars, Some("API_TOKEN")).unwrap();
    assert!(
        token.before.as_ref().unwrap().is_secret() && token.after.as_ref().unwrap().is_secret(),
        "secret-looking names are masked"
    );
    let hidden = &p.hidden["web"];
    assert_eq!(
        (hidden.owned, hidden.ignored),
        (2, 1),
        "DATABASE_URL and the colour var are owned"
    );
    match &p.step_list()[..] {
        [Step::PatchConfig { set, unset, .. }] => {
            assert_eq!(set.keys().collect::<Vec<_>>(), ["API_TOKEN"]);
            assert_eq!(unset, &["OLD"]);
        }
        other => panic!("{other:#?}"),
    }
}

#[test]
fn add_ons_update_in_place_or_are_replaced_with_their_data() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    c.write(
        "POST",
        "/apps",
        &json!({"name": "addon-web-prod", "region": "us"}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/addon-web-prod/addons",
        &json!({"plan": "heroku-postgresql:essential-0", "attachment": {"name": "DATABASE"}}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/addon-web-prod/addons",
        &json!({"plan": "heroku-redis:mini"}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/addon-web-prod/addons",
        &json!({"plan": "papertrail:choklad"}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/addon-web-prod/addons",
        &json!({"plan": "sendgrid:starter"}),
    )
    .unwrap();
    let base = "[apps.web]\nname = \"addon-web-${HEROIN_ENV}\"\nregion = \"eu\"\n[apps.web.addons.database]\nplan = \"heroku-postgresql:standard-0\"\n[apps.web.addons.redis]\nplan = \"heroku-redis:premium-0\"\n[apps.web.addons.papertrail]\nplan = \"sendgrid:starter\"\n";
    let p = plan_files(
        &c,
        &[("heroin.toml", base), ("heroin.prod.toml", "")],
        "prod",
    );
    let db = find(&p, Section::Addons, Some("database")).unwrap();
    assert_eq!(db.action, Action::Replace);
    assert!(
        db.why.as_deref().unwrap().contains("refused by Heroku"),
        "{db:?}"
    );
    assert!(
        db.destroys
            .as_ref()
            .unwrap()
            .to_string()
            .ends_with("and all its data")
    );
    assert_eq!(
        find(&p, Section::Addons, Some("redis")).unwrap().action,
        Action::Update
    );
    let pt = find(&p, Section::Addons, Some("papertrail")).unwrap();
    assert_eq!(pt.action, Action::Replace);
    assert!(pt.why.as_deref().unwrap().starts_with("another service"));
    let removed = find(&p, Section::Addons, Some("sendgrid")).unwrap();
    assert_eq!(
        (removed.action, removed.why.as_deref()),
        (Action::Delete, Some("not in the files"))
    );
    let region = find(&p, Section::App, Some("region")).unwrap();
    assert_eq!(region.action, Action::Impossible);
    assert!(p.has_impossible());
    assert_eq!(p.counts(), (2, 1, 3));
    // A replacement creates the new add-on first, under a temporary name,
    // moves DATABASE to it, and only then destroys the old one.
    let at = |f: &dyn Fn(&Step) -> bool| p.step_list().iter().position(f).unwrap();
    let create = at(&|s| {
        matches!(s, Step::CreateAddon { attachment, addon_plan: plan, .. }
            if attachment == "DATABASE_HEROIN_NEW" && plan == "heroku-postgresql:standard-0")
    });
    let moved = at(&|s| {
        matches!(s, Step::MoveAttachment { attachment, addon, .. }
            if attachment == "DATABASE" && addon.heroku() == "addon-web-prod::DATABASE_HEROIN_NEW")
    });
    let destroy = at(&|s| {
        matches!(s, Step::DestroyReplaced { attachment, addon, .. }
            if attachment == "DATABASE" && addon.heroku().starts_with("postgresql-"))
    });
    let dropped = at(
        &|s| matches!(s, Step::DetachTemporary { attachment, .. } if attachment == "DATABASE_HEROIN_NEW"),
    );
    assert!(
        create < moved && moved < destroy && destroy < dropped,
        "{:#?}",
        p.step_list()
    );
    assert!(
        !p.step_list()
            .iter()
            .any(|s| matches!(s, Step::CreateAddon { attachment, .. } if attachment == "DATABASE")),
        "never created under the name the old one holds: {:#?}",
        p.step_list()
    );
}

#[test]
fn sets_lists_and_couplings_converge_to_the_files() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "sets-web-prod"}))
        .unwrap();
    let slug = c
        .write(
            "POST",
            "/apps/sets-web-prod/slugs",
            &json!({"process_types": {"web": "puma", "worker": "sidekiq"}}),
        )
        .unwrap();
    c.write(
        "POST",
        "/apps/sets-web-prod/releases",
        &json!({"slug": slug["id"]}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/sets-web-prod/domains",
        &json!({"hostname": "old.example.com", "sni_endpoint": null}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/sets-web-prod/domains",
        &json!({"hostname": "www.example.com", "sni_endpoint": null}),
    )
    .unwrap();
    c.write(
        "POST",
        "/apps/sets-web-prod/collaborators",
        &json!({"user": "gone@example.com"}),
    )
    .unwrap();
    c.write(
        "PATCH",
        "/apps/sets-web-prod/features/preboot",
        &json!({"enabled": true}),
    )
    .unwrap();
    let base = "[apps.web]\nname = \"sets-web-${HEROIN_ENV}\"\ndomains = [\"www.example.com\", \"new.example.com\"]\ncollaborators = [\"dev@example.com\"]\nbuildpacks = [\"heroku/ruby\"]\n[apps.web.formation]\nweb = 2\nclock = 1\n[apps.web.features]\npreboot = false\n[apps.web.pipeline]\nname = \"sets\"\nstage = \"production\"\n";
    let p = plan_files(
        &c,
        &[("heroin.toml", base), ("heroin.prod.toml", "")],
        "prod",
    );
    let summary: Vec<String> = p
        .changes
        .iter()
        .map(|c| {
            format!(
                "{:?} {} {}",
                c.action,
                c.address.section.name(),
                c.address.key.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            "Create buildpacks ",
            "Update formation web",
            "Update features preboot",
            "Create domains new.example.com",
            "Delete domains old.example.com",
            "Create collaborators dev@example.com",
            "Delete collaborators gone@example.com",
            "Create pipeline ",
        ]
    );
    assert!(
        p.waiting
            .iter()
            .any(|w| w.address.key.as_deref() == Some("clock"))
    );
    assert_eq!(p.hidden["web"].unchanged, 1, "www.example.com");
}

#[test]
fn the_same_inputs_give_the_same_plan() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    let files = [
        ("heroin.toml", PRODUCT),
        ("heroin.staging.toml", PRODUCT_STAGING),
    ];
    let a = plan_files(&c, &files, "staging");
    let b = plan_files(&c, &files, "staging");
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}
