//! The safety checks on hand-built plans and live states.

use super::*;
use crate::live::LiveApp;
use crate::plan::{Address, Change};

fn removal(key: &str) -> Change {
    Change {
        address: Address {
            table: crate::plan::Table::Apps,
            app: "web".into(),
            section: Section::Domains,
            key: Some(key.into()),
        },
        action: Action::Delete,
        before: None,
        after: None,
        why: None,
        destroys: None,
    }
}

#[test]
fn removing_most_of_a_section_is_unsafe_without_force_with_the_figures() {
    let domains: Vec<String> = (1..=5).map(|i| format!("d{i}.example.com")).collect();
    let app = LiveApp {
        domains: Some(domains.clone()),
        ..LiveApp::default()
    };
    let live = Live {
        apps: [("web".to_string(), Some(app))].into(),
        ..Live::default()
    };
    let plan = Plan {
        changes: domains[..4].iter().map(|d| removal(d)).collect(),
        ..Plan::default()
    };
    let Err(UnsafePlan::MassRemoval(found)) = plan.raise_if_unsafe(&live, false) else {
        panic!("not refused");
    };
    assert_eq!(
        found,
        [MassRemoval {
            app: "web".into(),
            section: Section::Domains,
            removed: 4,
            total: 5,
            share: 0.8,
            threshold: REMOVAL_SHARE,
        }]
    );
    assert_eq!(
        UnsafePlan::MassRemoval(found).to_string(),
        "the plan removes too much at once: apps.web.domains: removes 4 of 5"
    );
    assert_eq!(plan.raise_if_unsafe(&live, true), Ok(()));
    let few = Plan {
        changes: domains[..3].iter().map(|d| removal(d)).collect(),
        ..Plan::default()
    };
    assert_eq!(
        few.raise_if_unsafe(&live, false),
        Ok(()),
        "fewer than REMOVAL_MIN"
    );
}

#[test]
fn a_cost_increase_counts_above_both_the_amount_and_the_share() {
    use crate::live::Price;
    use crate::plan::cost::{Billed, Cost, Item, Resource};
    let dynos = |quantity: i64, cents: i64| Billed {
        resource: Resource::Dynos {
            quantity: Some(quantity),
            size: Some("standard-1x".into()),
        },
        price: Price::Monthly { cents },
    };
    let plan = |before: i64, after: i64| Plan {
        cost: Some(Cost {
            apps: [(
                "web".to_string(),
                vec![Item {
                    section: Section::Formation,
                    key: "web".into(),
                    before: Some(dynos(2, before)),
                    after: Some(dynos(20, after)),
                }],
            )]
            .into(),
        }),
        ..Plan::default()
    };
    let threshold = CostThreshold::default();
    // quantity = 20 where 2 was meant: +$450.00, +900%.
    let typo = plan(5000, 50000);
    let Err(UnsafePlan::CostIncrease(found)) = typo.raise_if_costly(threshold, false) else {
        panic!("not refused");
    };
    assert_eq!(
        UnsafePlan::CostIncrease(found).to_string(),
        "the plan raises the monthly cost from $50.00/month to $500.00/month (+$450.00, +900%), more than $100.00 and 50% of the cost now"
    );
    assert_eq!(typo.raise_if_costly(threshold, true), Ok(()));
    // A large amount that is a small share, a large share of little.
    assert_eq!(plan(1_000_000, 1_020_000).cost_increase(threshold), None);
    assert_eq!(plan(700, 5000).cost_increase(threshold), None);
    // From nothing, any amount above the threshold counts.
    assert!(plan(0, 20000).cost_increase(threshold).is_some());
    let strict = CostThreshold {
        cents: 0,
        percent: 0,
    };
    assert!(plan(700, 800).cost_increase(strict).is_some());
    assert_eq!(plan(800, 800).cost_increase(strict), None);
    assert_eq!(Plan::default().cost_increase(strict), None, "no cost read");
}

#[test]
fn an_impossible_change_is_unsafe_even_with_force() {
    let mut change = removal("d1.example.com");
    change.action = Action::Impossible;
    let plan = Plan {
        changes: vec![change],
        ..Plan::default()
    };
    assert_eq!(
        plan.raise_if_unsafe(&Live::default(), true),
        Err(UnsafePlan::Impossible { count: 1 })
    );
}
