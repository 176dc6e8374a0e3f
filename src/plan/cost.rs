//! What an environment costs a month, now and after a plan: per app and
//! resource, from what Heroku has, what the files describe and Heroku's
//! prices.
//!
//! Dynos cost their quantity times their size's price; an add-on costs its
//! plan's price, counted once, on the app that pays for it (an app that
//! attaches another's add-on pays nothing for it). What Heroku bills now is
//! its `billed_price`; an add-on whose plan the files change costs the new
//! plan's price from the catalogue. A price Heroku does not give (by
//! contract, an unknown size or plan) stays unknown and is counted apart,
//! never guessed. A formation entry that waits for a release costs nothing
//! yet: the plan does not scale it.
//!
//! Pure, and a plain serialisable value, so that a plan can carry it and a
//! saved plan can record it. It never changes what is planned.

use std::collections::BTreeMap;

use crate::config::model::{AddonSource, App, Config, Formation};
use crate::live::prices::SizePrices;
use crate::live::{Live, LiveApp, Price};
use crate::section::Section;

/// What costs money: dynos of a size, or an add-on on a plan.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Resource {
    /// Dynos of one process type (`None`: the files do not say).
    Dynos {
        /// How many.
        quantity: Option<i64>,
        /// Their size, as written.
        size: Option<String>,
    },
    /// An add-on.
    Addon {
        /// Its Heroku plan, `service:plan`.
        addon_plan: String,
    },
}

impl std::fmt::Display for Resource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Resource::Dynos { quantity, size } => {
                match quantity {
                    Some(q) => write!(f, "{q} x ")?,
                    None => f.write_str("? x ")?,
                }
                f.write_str(size.as_deref().unwrap_or("?"))
            }
            Resource::Addon { addon_plan } => f.write_str(addon_plan),
        }
    }
}

/// A resource and what it costs a month, all of it (dynos: all of them).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Billed {
    /// What.
    pub resource: Resource,
    /// Its price a month.
    pub price: Price,
}

/// One resource of an app: what it costs now and after (`None`: it does
/// not exist then, or is not paid for by this app).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Item {
    /// Its section (`formation`, `addons`).
    pub section: Section,
    /// Its entry: the process type, the add-on's key.
    pub key: String,
    /// Now.
    pub before: Option<Billed>,
    /// After the plan.
    pub after: Option<Billed>,
}

impl Item {
    /// Whether the plan changes it.
    pub fn changes(&self) -> bool {
        self.before != self.after
    }

    /// What it costs more a month after the plan (less when negative);
    /// `None` when a price is not known.
    pub fn difference(&self) -> Option<i64> {
        let cents = |b: &Option<Billed>| b.as_ref().map_or(Some(0), |b| b.price.cents());
        Some(cents(&self.after)? - cents(&self.before)?)
    }
}

/// A total a month: the cents of what has a price, and how many resources
/// have none Heroku gives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sum {
    /// Cents a month.
    pub cents: i64,
    /// Resources without a price (by contract, or unknown): not counted.
    pub unpriced: usize,
}

impl Sum {
    fn of<'a>(billed: impl IntoIterator<Item = &'a Billed>) -> Sum {
        let mut sum = Sum::default();
        for b in billed {
            match b.price.cents() {
                Some(c) => sum.cents = sum.cents.saturating_add(c),
                None => sum.unpriced += 1,
            }
        }
        sum
    }
}

/// What the environment's managed apps cost a month, now and after the
/// plan, resource by resource.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cost {
    /// Each app's resources that cost (or may cost) something, by app key.
    pub apps: BTreeMap<String, Vec<Item>>,
}

impl Cost {
    /// The total now, of `app` or (with `None`) of every app.
    pub fn now(&self, app: Option<&str>) -> Sum {
        Sum::of(self.items(app).filter_map(|i| i.before.as_ref()))
    }

    /// The total after the plan, of `app` or (with `None`) of every app.
    pub fn after(&self, app: Option<&str>) -> Sum {
        Sum::of(self.items(app).filter_map(|i| i.after.as_ref()))
    }

    fn items<'a>(&'a self, app: Option<&'a str>) -> impl Iterator<Item = &'a Item> + 'a {
        self.apps
            .iter()
            .filter(move |(k, _)| app.is_none_or(|a| a == k.as_str()))
            .flat_map(|(_, items)| items)
    }

    /// How many cents a month more after the plan (less when negative), of
    /// what has a price.
    pub fn increase(&self) -> i64 {
        self.after(None).cents - self.now(None).cents
    }

    /// The resources the plan changes, by app key (apps with none left out).
    pub fn changed(&self) -> BTreeMap<&str, Vec<&Item>> {
        self.apps
            .iter()
            .map(|(k, items)| (k.as_str(), items.iter().filter(|i| i.changes()).collect()))
            .filter(|(_, items): &(&str, Vec<&Item>)| !items.is_empty())
            .collect()
    }
}

/// `$1,234.50` (`-$3.00` below zero), of `cents`.
pub fn dollars(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let whole = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{:02}", abs % 100)
}

/// `+$75.00`, `-$3.00`.
pub fn signed(cents: i64) -> String {
    if cents < 0 {
        dollars(cents)
    } else {
        format!("+{}", dollars(cents))
    }
}

/// The dyno sizes (in lower case) whose price `cost` needs: those of dynos
/// that run now or after. Empty when no dyno runs: no request.
pub fn sizes_in_play(cost: &Cost) -> std::collections::BTreeSet<String> {
    let items = cost.apps.values().flatten();
    items
        .flat_map(|i| [&i.before, &i.after])
        .flatten()
        .filter_map(|b| match &b.resource {
            Resource::Dynos {
                quantity: Some(q),
                size: Some(s),
            } if *q != 0 => Some(s.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// The price of `quantity` dynos of `size`.
fn dynos(quantity: Option<i64>, size: Option<&str>, sizes: &SizePrices) -> Billed {
    let price = match (quantity, size) {
        (Some(0), _) => Price::Monthly { cents: 0 },
        (Some(q), Some(s)) => sizes
            .get(&s.to_ascii_lowercase())
            .copied()
            .unwrap_or_default()
            .times(q),
        _ => Price::Unknown,
    };
    Billed {
        resource: Resource::Dynos {
            quantity,
            size: size.map(str::to_string),
        },
        price,
    }
}

fn addon(addon_plan: &str, price: Price) -> Billed {
    Billed {
        resource: Resource::Addon {
            addon_plan: addon_plan.to_string(),
        },
        price,
    }
}

/// What the managed apps of `desired` cost now (as `live` has them) and
/// after the plan, with the plans' prices of `live.catalogue` and the dyno
/// sizes' of `sizes`.
pub fn of(desired: &Config, live: &Live, sizes: &SizePrices) -> Cost {
    let mut cost = Cost::default();
    for (key, app) in &desired.apps {
        let live_app = live.apps.get(key).and_then(Option::as_ref);
        let mut items = formation(app.formation.as_ref(), live_app, sizes);
        items.extend(addons(app, live_app, &live.catalogue.prices));
        if !items.is_empty() {
            items.sort_by(|a, b| (a.section, &a.key).cmp(&(b.section, &b.key)));
            cost.apps.insert(key.clone(), items);
        }
    }
    cost
}

/// The live formation's dynos, each listed type as the files set it. A
/// listed type Heroku lacks waits for a release: nothing yet.
fn formation(
    desired: Option<&BTreeMap<String, Formation>>,
    live: Option<&LiveApp>,
    sizes: &SizePrices,
) -> Vec<Item> {
    let Some(live) = live.and_then(|l| l.formation.as_ref()) else {
        return Vec::new();
    };
    live.iter()
        .map(|(kind, l)| {
            let listed = desired.and_then(|d| d.get(kind));
            let quantity = listed
                .and_then(|f| f.quantity.as_ref())
                .map_or(l.quantity, |q| q.value);
            let size = listed
                .and_then(|f| f.size.as_ref())
                .and_then(|s| s.value.known())
                .filter(|s| !s.eq_ignore_ascii_case(&l.size))
                .unwrap_or(&l.size);
            Item {
                section: Section::Formation,
                key: kind.clone(),
                before: Some(dynos(Some(l.quantity), Some(&l.size), sizes)),
                after: Some(dynos(Some(quantity), Some(size), sizes)),
            }
        })
        .collect()
}

/// The add-ons the app pays for, matched to the files' entries by
/// attachment name as the planner matches them; with add-ons unmanaged,
/// what Heroku has stays.
fn addons(app: &App, live: Option<&LiveApp>, prices: &BTreeMap<String, Price>) -> Vec<Item> {
    let name = live.map_or_else(
        || app.name.value.known().unwrap_or_default().to_string(),
        |l| l.name.clone(),
    );
    let paid: Vec<_> = live
        .into_iter()
        .flat_map(|l| &l.addons)
        .filter(|a| a.billing_app == name)
        .collect();
    let billed = |a: &crate::live::LiveAddon| addon(&a.addon_plan, a.price);
    let key = |a: &crate::live::LiveAddon| {
        a.attachments
            .first()
            .map_or_else(|| a.name.clone(), |n| n.to_ascii_lowercase())
    };
    let Some(desired) = app.addons.as_ref() else {
        let same = |a: &&crate::live::LiveAddon| Item {
            section: Section::Addons,
            key: key(a),
            before: Some(billed(a)),
            after: Some(billed(a)),
        };
        return paid.iter().map(same).collect();
    };
    let mut items = Vec::new();
    let mut matched = Vec::new();
    for (k, entry) in desired {
        let Some(attachment) = entry.attachment_name() else {
            continue;
        };
        let found = paid.iter().find(|l| l.attachments.contains(&attachment));
        matched.extend(found.map(|l| l.id.clone()));
        let before = found.map(|l| billed(l));
        let after = match &entry.source {
            AddonSource::Provision { addon_plan, .. } => addon_plan.value.known().map(|p| {
                match &before {
                    // The same plan costs what Heroku bills for it.
                    Some(b) if b.resource == addon(p, Price::Unknown).resource => b.clone(),
                    _ => addon(p, prices.get(p).copied().unwrap_or_default()),
                }
            }),
            // The app it comes from pays for it.
            AddonSource::Attach { .. } => None,
        };
        if before.is_some() || after.is_some() {
            items.push(Item {
                section: Section::Addons,
                key: k.clone(),
                before,
                after,
            });
        }
    }
    for l in paid.iter().filter(|l| !matched.contains(&l.id)) {
        items.push(Item {
            section: Section::Addons,
            key: key(l),
            before: Some(billed(l)),
            after: None,
        });
    }
    items
}

/// What the apps of `desired` would cost as the files describe them, from
/// the plans' `prices` and the dyno sizes' (`heroin show ENV --cost`): every
/// formation entry at its quantity and size (unknown when the files leave
/// either to Heroku), every add-on the app provisions.
pub fn described(desired: &Config, prices: &BTreeMap<String, Price>, sizes: &SizePrices) -> Cost {
    let mut cost = Cost::default();
    for (key, app) in &desired.apps {
        let mut items: Vec<Item> = app
            .formation
            .iter()
            .flatten()
            .map(|(kind, f)| {
                let quantity = f.quantity.as_ref().map(|q| q.value);
                let size = f.size.as_ref().and_then(|s| s.value.known());
                Item {
                    section: Section::Formation,
                    key: kind.clone(),
                    before: None,
                    after: Some(dynos(quantity, size, sizes)),
                }
            })
            .collect();
        for (k, entry) in app.addons.iter().flatten() {
            if let AddonSource::Provision { addon_plan, .. } = &entry.source
                && let Some(p) = addon_plan.value.known()
            {
                items.push(Item {
                    section: Section::Addons,
                    key: k.clone(),
                    before: None,
                    after: Some(addon(p, prices.get(p).copied().unwrap_or_default())),
                });
            }
        }
        if !items.is_empty() {
            items.sort_by(|a, b| (a.section, &a.key).cmp(&(b.section, &b.key)));
            cost.apps.insert(key.clone(), items);
        }
    }
    cost
}
