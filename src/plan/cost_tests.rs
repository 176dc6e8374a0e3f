//! The cost model on hand-built values: dynos are quantity times their
//! size's price, an add-on its plan's price once on the app that pays for
//! it, a price Heroku does not give is counted apart, never guessed.

use std::collections::BTreeMap;

use super::cost::{Billed, Cost, Item, Resource, Sum, described, of};
use super::test_support::config_of;
use crate::live::prices::SizePrices;
use crate::live::{AddonState, Live, LiveAddon, LiveApp, LiveFormation, Price};
use crate::section::Section;

fn monthly(cents: i64) -> Price {
    Price::Monthly { cents }
}

fn sizes() -> SizePrices {
    [
        ("standard-1x", 2500),
        ("performance-m", 25000),
        ("basic", 700),
    ]
    .into_iter()
    .map(|(s, c)| (s.to_string(), monthly(c)))
    .collect()
}

fn addon(name: &str, plan: &str, billing_app: &str, attachment: &str, cents: i64) -> LiveAddon {
    LiveAddon {
        id: format!("id-{name}"),
        name: name.into(),
        service: plan.split(':').next().unwrap().into(),
        addon_plan: plan.into(),
        billing_app: billing_app.into(),
        attachments: vec![attachment.into()],
        state: AddonState::Provisioned,
        price: monthly(cents),
        ..LiveAddon::default()
    }
}

fn formation(types: &[(&str, i64, &str)]) -> Option<BTreeMap<String, LiveFormation>> {
    let f = types.iter().map(|&(kind, quantity, size)| {
        let size = size.to_string();
        (kind.to_string(), LiveFormation { quantity, size })
    });
    Some(f.collect())
}

fn live(apps: Vec<(&str, Option<LiveApp>)>, prices: &[(&str, Price)]) -> Live {
    let mut live = Live {
        apps: apps.into_iter().map(|(k, a)| (k.to_string(), a)).collect(),
        ..Live::default()
    };
    live.catalogue.prices = prices.iter().map(|(p, c)| (p.to_string(), *c)).collect();
    live
}

const FILES: &str = r#"
[apps.web]
name = "shop-web"
[apps.web.formation]
web = { quantity = 2, size = "performance-m" }
[apps.web.addons.database]
plan = "heroku-postgresql:standard-0"
[apps.worker]
name = "shop-worker"
[apps.worker.addons.database]
attach = "web.database"
"#;

fn shop() -> Live {
    let web = LiveApp {
        name: "shop-web".into(),
        formation: formation(&[("web", 2, "standard-1X"), ("worker", 1, "standard-1x")]),
        addons: vec![
            addon(
                "pg-1",
                "heroku-postgresql:essential-0",
                "shop-web",
                "DATABASE",
                500,
            ),
            addon("redis-1", "heroku-redis:mini", "shop-web", "REDIS", 300),
        ],
        ..LiveApp::default()
    };
    // The worker sees the web app's database, which it does not pay for.
    let worker = LiveApp {
        name: "shop-worker".into(),
        addons: vec![addon(
            "pg-1",
            "heroku-postgresql:essential-0",
            "shop-web",
            "DATABASE",
            500,
        )],
        ..LiveApp::default()
    };
    live(
        vec![("web", Some(web)), ("worker", Some(worker))],
        &[("heroku-postgresql:standard-0", monthly(5000))],
    )
}

#[test]
fn dynos_and_add_ons_now_and_after_a_shared_add_on_once_on_its_owner() {
    let cost = of(&config_of(FILES, &[]), &shop(), &sizes());
    assert_eq!(
        cost.now(None),
        Sum {
            cents: 5000 + 2500 + 500 + 300,
            unpriced: 0
        }
    );
    assert_eq!(
        cost.after(None),
        Sum {
            cents: 50000 + 2500 + 5000,
            unpriced: 0
        }
    );
    assert_eq!(cost.increase(), 57500 - 8300);
    assert!(!cost.apps.contains_key("worker"), "{cost:#?}");
    let changed = cost.changed();
    let keys: Vec<(&str, &str)> = changed["web"]
        .iter()
        .map(|i| (i.section.name(), i.key.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("addons", "database"),
            ("addons", "redis"),
            ("formation", "web")
        ],
        "the worker's formation is unchanged"
    );
    let web = changed["web"][2];
    assert_eq!(web.difference(), Some(45000));
    assert_eq!(
        web.before.as_ref().unwrap().resource.to_string(),
        "2 x standard-1X"
    );
    assert_eq!(
        web.after.as_ref().unwrap().resource.to_string(),
        "2 x performance-m"
    );
    assert_eq!(changed["web"][1].difference(), Some(-300), "redis removed");
}

#[test]
fn an_unchanged_add_on_costs_what_heroku_bills_and_unmanaged_ones_stay() {
    let files = "[apps.web]\nname = \"shop-web\"\n[apps.web.addons.database]\nplan = \"heroku-postgresql:essential-0\"\n[apps.web.addons.redis]\nplan = \"heroku-redis:mini\"\n";
    // The catalogue's price differs from what is billed (a discount):
    // the bill stands for what does not change.
    let mut shop = shop();
    shop.catalogue
        .prices
        .insert("heroku-postgresql:essential-0".into(), monthly(900));
    let cost = of(&config_of(files, &[]), &shop, &sizes());
    assert!(cost.changed().is_empty(), "{cost:#?}");
    assert_eq!(cost.now(None), cost.after(None));
    let unmanaged = "[apps.web]\nname = \"shop-web\"\n[apps.web.config_vars]\n";
    let cost = of(&config_of(unmanaged, &[]), &shop, &sizes());
    assert_eq!(
        cost.after(None),
        Sum {
            cents: 800 + 7500,
            unpriced: 0
        }
    );
    assert!(cost.changed().is_empty());
}

#[test]
fn prices_heroku_does_not_give_are_counted_apart_never_guessed() {
    let files = "[apps.web]\nname = \"shop-web\"\n[apps.web.formation]\nweb = { quantity = 3 }\nclock = { quantity = 0 }\n[apps.web.addons.database]\nplan = \"heroku-postgresql:private-0\"\n[apps.web.addons.search]\nplan = \"bonsai:mystery\"\n";
    let web = LiveApp {
        name: "shop-web".into(),
        formation: formation(&[("web", 1, "private-l"), ("clock", 1, "private-l")]),
        ..LiveApp::default()
    };
    let live = live(
        vec![("web", Some(web))],
        &[("heroku-postgresql:private-0", Price::Contract)],
    );
    let cost = of(&config_of(files, &[]), &live, &sizes());
    // Now: two dynos of a size without a price. After: clock at 0 costs
    // nothing whatever its size; web, the contract and the unknown plan
    // have no figure.
    assert_eq!(
        cost.now(None),
        Sum {
            cents: 0,
            unpriced: 2
        }
    );
    assert_eq!(
        cost.after(None),
        Sum {
            cents: 0,
            unpriced: 3
        }
    );
    let items = &cost.apps["web"];
    let price = |key: &str| {
        let i = items.iter().find(|i| i.key == key).unwrap();
        i.after.as_ref().unwrap().price
    };
    assert_eq!(price("clock"), monthly(0));
    assert_eq!(price("web"), Price::Unknown);
    assert_eq!(price("database"), Price::Contract);
    assert_eq!(price("search"), Price::Unknown);
    assert_eq!(items[0].difference(), None);
}

#[test]
fn an_app_to_create_costs_its_add_ons_and_its_waiting_dynos_nothing_yet() {
    let live = live(
        vec![("web", None), ("worker", None)],
        &[("heroku-postgresql:standard-0", monthly(5000))],
    );
    let cost = of(&config_of(FILES, &[]), &live, &sizes());
    assert_eq!(cost.now(None), Sum::default());
    assert_eq!(
        cost.after(None),
        Sum {
            cents: 5000,
            unpriced: 0
        }
    );
    assert_eq!(
        cost.apps["web"],
        [Item {
            section: Section::Addons,
            key: "database".into(),
            before: None,
            after: Some(Billed {
                resource: Resource::Addon {
                    addon_plan: "heroku-postgresql:standard-0".into()
                },
                price: monthly(5000),
            }),
        }]
    );
}

#[test]
fn the_files_cost_as_described() {
    let prices = [("heroku-postgresql:standard-0".to_string(), monthly(5000))].into();
    let cost = described(&config_of(FILES, &[]), &prices, &sizes());
    assert_eq!(
        cost.after(Some("web")),
        Sum {
            cents: 55000,
            unpriced: 0
        }
    );
    assert_eq!(cost.after(Some("worker")), Sum::default());
    assert_eq!(cost.now(None), Sum::default());
    let files =
        "[apps.web]\nname = \"shop-web\"\n[apps.web.formation]\nweb = { size = \"basic\" }\n";
    let cost = described(&config_of(files, &[]), &BTreeMap::new(), &sizes());
    assert_eq!(
        cost.after(None),
        Sum {
            cents: 0,
            unpriced: 1
        },
        "no quantity: unknown"
    );
    let json = serde_json::to_value(&cost).unwrap();
    let back: Cost = serde_json::from_value(json).unwrap();
    assert_eq!(back, cost, "a plain value a saved plan can record");
}
