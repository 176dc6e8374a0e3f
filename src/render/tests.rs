//! Rendering on plans made from hand-built `Live`: every action's symbol, a
//! replacement, why and what is destroyed, waiting entries, warnings and what
//! is not shown, secrets masked unless asked for (and never in JSON), colors
//! only when asked for, and Markdown that GitHub colors as a diff.

use std::collections::BTreeMap;

use super::{Options, json, markdown::markdown, summary, text};
use crate::live::Price;
use crate::live::{AddonState, LiveAddon, LiveApp, LiveCollaborator, LiveCoupling, LiveFormation};
use crate::plan::cost::{Billed, Cost, Item, Resource};
use crate::plan::test_support::{live_app, planned};
use crate::plan::{Action, Address, Change, Plan};
use crate::section::Section;

/// Files and a live state that differ in every way a plan can show.
fn every_kind() -> Plan {
    let files = r#"
[apps.web]
name = "web-prod"
region = "eu"
domains = ["new.example.com"]
collaborators = [{ email = "dev@example.com", permissions = ["view"] }]
pipeline = { name = "shop", stage = "production" }

[apps.web.config_vars]
NEW = "1"
CHANGED = "b"
API_TOKEN = "new-token"

[apps.web.addons]

[apps.web.formation]
web = { quantity = 2, size = "standard-1x" }
worker = { quantity = 1, size = "standard-1x" }

[apps.api]
name = "api-prod"
"#;
    let web = LiveApp {
        team: Some("acme".into()),
        config_vars: Some(
            [
                ("CHANGED", "a"),
                ("GONE", "x"),
                ("API_TOKEN", "old-token"),
                ("SAME", "s"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ),
        addons: vec![LiveAddon {
            id: "id-pg".into(),
            name: "postgresql-curved-1".into(),
            service: "heroku-postgresql".into(),
            addon_plan: "heroku-postgresql:essential-0".into(),
            billing_app: "web-prod".into(),
            attachments: vec!["DATABASE".into()],
            state: AddonState::Provisioned,
            elsewhere: Vec::new(),
            price: Default::default(),
        }],
        formation: Some(
            [(
                "web".to_string(),
                LiveFormation {
                    quantity: 1,
                    size: "basic".into(),
                },
            )]
            .into(),
        ),
        domains: Some(vec!["old.example.com".into()]),
        collaborators: Some(vec![LiveCollaborator {
            email: "dev@example.com".into(),
            permissions: vec!["view".into()],
        }]),
        pipeline: Some(Some(LiveCoupling {
            id: "coupling-1".into(),
            pipeline_id: "id-legacy".into(),
            pipeline: "legacy".into(),
            stage: "production".into(),
        })),
        ..live_app()
    };
    planned(files, vec![("web", Some(web)), ("api", None)])
}

fn names() -> BTreeMap<String, String> {
    [("web", "web-prod"), ("api", "api-prod")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

const PLAIN: Options = Options {
    color: false,
    show_secrets: false,
};

#[test]
fn every_kind_of_change_reads_like_terraform_s_plan() {
    insta::assert_snapshot!("every_kind", text(&every_kind(), &names(), PLAIN));
}

#[test]
fn secrets_are_masked_unless_asked_for() {
    let p = every_kind();
    let masked = text(&p, &names(), PLAIN);
    assert!(!masked.contains("token"), "{masked}");
    assert!(
        masked.contains("config_vars.API_TOKEN: (sensitive) -> (sensitive)"),
        "{masked}"
    );
    let shown = text(
        &p,
        &names(),
        Options {
            show_secrets: true,
            ..PLAIN
        },
    );
    assert!(
        shown.contains("config_vars.API_TOKEN: \"old-token\" -> \"new-token\""),
        "{shown}"
    );
}

#[test]
fn colors_only_when_asked_for() {
    let p = every_kind();
    assert!(!text(&p, &names(), PLAIN).contains('\u{1b}'));
    let colored = text(
        &p,
        &names(),
        Options {
            color: true,
            ..PLAIN
        },
    );
    assert!(colored.contains("\u{1b}[32m"), "green for what is added");
    assert!(colored.contains("\u{1b}[31m"), "red for what is destroyed");
}

#[test]
fn json_holds_no_secret_value_and_every_figure() {
    let value = json(&every_kind());
    let raw = value.to_string();
    assert!(!raw.contains("token"), "{raw}");
    insta::assert_snapshot!(
        "every_kind_json",
        serde_json::to_string_pretty(&value).unwrap()
    );
}

#[test]
fn markdown_puts_each_symbol_first_for_github_s_diff_colors() {
    let md = markdown(&every_kind(), &names());
    assert!(!md.contains("token"), "{md}");
    insta::assert_snapshot!("every_kind_markdown", md);
}

#[test]
fn a_plan_with_nothing_to_do_says_so_in_every_form() {
    let p = planned(
        "[apps.web]\nname = \"web-prod\"\nregion = \"us\"\n",
        vec![("web", Some(live_app()))],
    );
    assert_eq!(summary(&p), "No changes. Heroku matches the files.");
    assert_eq!(
        text(&p, &names(), PLAIN),
        "No changes. Heroku matches the files."
    );
    assert_eq!(json(&p)["changes"], serde_json::json!([]));
    assert!(markdown(&p, &names()).contains("**No changes.**"));
}

#[test]
fn an_impossible_change_is_counted_in_the_summary() {
    let p = planned(
        "[apps.web]\nname = \"web-prod\"\nregion = \"eu\"\n",
        vec![("web", Some(live_app()))],
    );
    assert_eq!(
        summary(&p),
        "Plan: 0 to add, 0 to change, 0 to destroy. 1 impossible: this plan cannot be applied until the files agree."
    );
}

#[test]
fn control_characters_in_live_names_are_escaped() {
    let mut app = live_app();
    app.config_vars = Some([("EVIL\u{1b}[2J".to_string(), "x\u{202e}".to_string())].into());
    let p = planned(
        "[apps.web]\nname = \"web-prod\"\n\n[apps.web.config_vars]\n",
        vec![("web", Some(app))],
    );
    let shown = text(&p, &names(), PLAIN);
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{202e}'),
        "{shown:?}"
    );
}

fn billed(resource: Resource, price: Price) -> Option<Billed> {
    Some(Billed { resource, price })
}

fn dynos(quantity: i64, size: &str) -> Resource {
    Resource::Dynos {
        quantity: Some(quantity),
        size: Some(size.into()),
    }
}

fn addon(plan: &str) -> Resource {
    Resource::Addon {
        addon_plan: plan.into(),
    }
}

/// A plan with one change and a hand-built cost: a costlier size, a
/// contract-priced add-on created, an add-on removed, a worker unchanged.
fn priced() -> Plan {
    let item = |section, key: &str, before, after| Item {
        section,
        key: key.into(),
        before,
        after,
    };
    let m = |cents| Price::Monthly { cents };
    let web = vec![
        item(
            Section::Addons,
            "search",
            None,
            billed(addon("bonsai:private"), Price::Contract),
        ),
        item(
            Section::Formation,
            "web",
            billed(dynos(2, "standard-1x"), m(5000)),
            billed(dynos(2, "performance-m"), m(50000)),
        ),
        item(
            Section::Formation,
            "worker",
            billed(dynos(1, "basic"), m(700)),
            billed(dynos(1, "basic"), m(700)),
        ),
    ];
    let api = vec![item(
        Section::Addons,
        "redis",
        billed(addon("heroku-redis:mini"), m(300)),
        None,
    )];
    Plan {
        changes: vec![Change {
            address: Address {
                table: Default::default(),
                app: "web".into(),
                section: Section::Formation,
                key: Some("web".into()),
            },
            action: Action::Update,
            before: None,
            after: None,
            why: None,
            destroys: None,
        }],
        cost: Some(Cost {
            apps: [("api".to_string(), api), ("web".to_string(), web)].into(),
        }),
        ..Plan::default()
    }
}

#[test]
fn the_cost_shows_under_the_summary_in_text_markdown_and_json() {
    let plan = priced();
    let text = crate::render::text(&plan, &Default::default(), Default::default());
    let tail: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("Plan:"))
        .collect();
    assert_eq!(
        tail,
        [
            "Plan: 0 to add, 1 to change, 0 to destroy.",
            "Cost: $60.00/month -> $507.00/month (+$447.00); without a price from Heroku, not counted: 0 now, 1 after",
            "  # apps.api: -$3.00/month: addons.redis heroku-redis:mini (removed)",
            "  # apps.web: price not known: addons.search bonsai:private (contract price) (new); formation.web 2 x standard-1x -> 2 x performance-m (+$450.00)",
        ]
    );
    let md = crate::render::markdown::markdown(&plan, &Default::default());
    assert!(
        md.contains("\n\n- apps.api: -$3.00/month: addons.redis heroku-redis:mini (removed)\n"),
        "{md}"
    );
    let json = crate::render::json(&plan);
    assert_eq!(json["cost"]["increase_cents"], 44700);
    assert_eq!(json["cost"]["after"]["unpriced"], 1);
    let no_cost = Plan {
        cost: None,
        ..priced()
    };
    let text = crate::render::text(&no_cost, &Default::default(), Default::default());
    assert!(!text.contains("Cost:"), "{text}");
}
