//! A plan's cost as people and programs read it: under the summary line,
//! `Cost: $57.00/month -> $132.00/month (+$75.00)`, then one line per app
//! whose cost changes, naming what changes
//! (`# apps.web: +$75.00/month: formation.web 2 x standard-1x -> 2 x
//! performance-m`); the same figures as JSON; and the listing of
//! `heroin show ENV --cost`.
//!
//! Pure. A price Heroku does not give is said to be missing (`contract
//! price`, `no price from Heroku`), never shown as a figure. Names from the
//! files or from Heroku are escaped as everywhere in plans.

use serde_json::{Value, json};

use super::printable::printable;
use crate::live::Price;
use crate::plan::cost::{Billed, Cost, Item, Resource, Sum};
pub use crate::plan::cost::{dollars as money, signed};

/// What a resource is and, when Heroku gives none, that its price is missing.
fn billed(b: &Billed) -> String {
    let what = printable(&b.resource.to_string()).into_owned();
    match b.price {
        Price::Monthly { .. } => what,
        Price::Contract => format!("{what} (contract price)"),
        Price::Unknown => format!("{what} (no price from Heroku)"),
    }
}

/// `formation.web 2 x standard-1x -> 2 x performance-m`, and `difference`
/// in parentheses (with `new` or `removed` for what the plan adds or
/// removes).
fn item(i: &Item, difference: Option<String>) -> String {
    let address = format!("{}.{}", i.section.name(), printable(&i.key));
    let (text, tag) = match (&i.before, &i.after) {
        (Some(b), Some(a)) => (format!("{address} {} -> {}", billed(b), billed(a)), None),
        (None, Some(a)) => (format!("{address} {}", billed(a)), Some("new")),
        (Some(b), None) => (format!("{address} {}", billed(b)), Some("removed")),
        (None, None) => (address, None),
    };
    let notes: Vec<String> = tag
        .map(str::to_string)
        .into_iter()
        .chain(difference)
        .collect();
    if notes.is_empty() {
        text
    } else {
        format!("{text} ({})", notes.join(", "))
    }
}

/// `$57.00/month -> $132.00/month (+$75.00)`, and what has no price.
fn totals(now: Sum, after: Sum) -> String {
    let mut s = match after.cents - now.cents {
        0 => format!("{}/month, unchanged", money(now.cents)),
        d => format!(
            "{}/month -> {}/month ({})",
            money(now.cents),
            money(after.cents),
            signed(d)
        ),
    };
    if now.unpriced + after.unpriced > 0 {
        s.push_str(&format!(
            "; without a price from Heroku, not counted: {} now, {} after",
            now.unpriced, after.unpriced
        ));
    }
    s
}

/// The lines under a plan's summary: the totals, then each app whose cost
/// changes (`# apps.web: +$75.00/month: ...`).
pub fn lines(cost: &Cost) -> Vec<String> {
    let mut out = vec![format!(
        "Cost: {}",
        totals(cost.now(None), cost.after(None))
    )];
    for (app, items) in cost.changed() {
        let known: Option<i64> = items.iter().map(|i| i.difference()).sum();
        let change = match known {
            Some(d) => format!("{}/month", signed(d)),
            None => "price not known".to_string(),
        };
        // One resource: the app's figure is its own.
        let alone = items.len() == 1;
        let what: Vec<String> = items
            .iter()
            .map(|i| item(i, i.difference().filter(|_| !alone).map(signed)))
            .collect();
        out.push(format!(
            "  # apps.{}: {change}: {}",
            printable(app),
            what.join("; ")
        ));
    }
    out
}

fn sum(s: Sum) -> Value {
    json!({"cents": s.cents, "unpriced": s.unpriced})
}

/// The cost as JSON (`schemas/plan.schema.json`, `cost`): the totals now
/// and after, the increase, and each app's resources with their prices.
pub fn json(cost: &Cost) -> Value {
    let apps: Vec<Value> = cost
        .apps
        .iter()
        .map(|(app, items)| {
            let resources: Vec<Value> = items
                .iter()
                .map(|i| {
                    json!({
                        "section": i.section,
                        "key": i.key,
                        "before": i.before,
                        "after": i.after,
                        "changes": i.changes(),
                        "difference_cents": i.difference(),
                    })
                })
                .collect();
            json!({
                "app": app,
                "now": sum(cost.now(Some(app))),
                "after": sum(cost.after(Some(app))),
                "resources": resources,
            })
        })
        .collect();
    json!({
        "unit": "month",
        "currency": "USD",
        "now": sum(cost.now(None)),
        "after": sum(cost.after(None)),
        "increase_cents": cost.increase(),
        "apps": apps,
    })
}

/// What the environment costs as the files describe it (`heroin show ENV
/// --cost`): each app's resources with their monthly price, the app's
/// total, then the environment's.
pub fn listing(cost: &Cost, env: &str) -> String {
    let mut out = Vec::new();
    for (app, items) in &cost.apps {
        out.push(format!(
            "apps.{}: {}/month",
            printable(app),
            money(cost.after(Some(app)).cents)
        ));
        for i in items {
            let Some(b) = &i.after else { continue };
            let left = match &b.resource {
                Resource::Dynos { quantity: None, .. } => Some("quantity"),
                Resource::Dynos { size: None, .. } => Some("size"),
                _ => None,
            };
            let price = match (b.price, left) {
                (Price::Monthly { cents }, _) => format!("{}/month", money(cents)),
                (Price::Contract, _) => "contract price".into(),
                (Price::Unknown, Some(what)) => {
                    format!("no price: the files leave the {what} to Heroku")
                }
                (Price::Unknown, None) => "no price from Heroku".into(),
            };
            out.push(format!(
                "  {}.{}: {}: {price}",
                i.section.name(),
                printable(&i.key),
                printable(&b.resource.to_string())
            ));
        }
    }
    let total = cost.after(None);
    let mut last = format!("Cost of {}: {}/month", printable(env), money(total.cents));
    if total.unpriced > 0 {
        last.push_str(&format!(
            " (not counting {} without a price)",
            total.unpriced
        ));
    }
    out.push(last);
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn money_reads_as_dollars_with_cents() {
        assert_eq!(money(5700), "$57.00");
        assert_eq!(money(123_456_789), "$1,234,567.89");
        assert_eq!(money(5), "$0.05");
        assert_eq!(signed(7500), "+$75.00");
        assert_eq!(signed(-300), "-$3.00");
        assert_eq!(signed(0), "+$0.00");
    }
}
