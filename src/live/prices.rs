//! What Heroku says things cost: an add-on plan's `price` and an add-on's
//! `billed_price` (`{cents, contract, unit}`), a dyno size's `cost`
//! (`{cents, unit}`), as a [`Price`] a month.
//!
//! A price is what Heroku gives, never a guess: one by contract
//! (`contract: true`) is [`Price::Contract`], one Heroku does not give (no
//! price object, a unit other than a month, a size it does not know) is
//! [`Price::Unknown`]. A price of 0 is kept as 0, as Heroku says it.
//!
//! The plans' prices come with the catalogue (`live::read`, no request of
//! their own), the add-ons' with the account's add-on list; the dyno sizes'
//! are read by [`dyno_sizes`], one request, only when a plan needs them.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::http::paths::DYNO_SIZES;
use crate::http::{Client, HttpError};

/// A monthly price, as Heroku gives it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Price {
    /// So many cents a month.
    Monthly {
        /// Cents (US dollars).
        cents: i64,
    },
    /// Priced by contract: Heroku gives no figure.
    Contract,
    /// Heroku gives no price for it.
    #[default]
    Unknown,
}

impl Price {
    /// The cents a month, when Heroku gives them.
    pub fn cents(self) -> Option<i64> {
        match self {
            Price::Monthly { cents } => Some(cents),
            Price::Contract | Price::Unknown => None,
        }
    }

    /// `quantity` of it: 0 of anything costs nothing, whatever its price.
    pub fn times(self, quantity: i64) -> Price {
        match self {
            _ if quantity == 0 => Price::Monthly { cents: 0 },
            Price::Monthly { cents } => Price::Monthly {
                cents: cents.saturating_mul(quantity),
            },
            other => other,
        }
    }
}

/// The price in `value` (`{cents, contract, unit}`; `null` or another shape
/// is unknown).
pub fn price_from(value: &Value) -> Price {
    if value["contract"].as_bool() == Some(true) {
        return Price::Contract;
    }
    match (value["cents"].as_i64(), value["unit"].as_str()) {
        (Some(cents), Some("month")) if cents >= 0 => Price::Monthly { cents },
        _ => Price::Unknown,
    }
}

/// The monthly price of each dyno size, by its name in lower case (Heroku
/// compares sizes case-insensitively).
pub type SizePrices = BTreeMap<String, Price>;

/// The prices of `sizes` (`GET /dyno-sizes` lists them: one request for
/// every size in play); a size Heroku does not list is absent.
pub fn sizes_from(sizes: &[Value]) -> SizePrices {
    sizes
        .iter()
        .filter_map(|s| {
            let name = s["name"].as_str()?.to_ascii_lowercase();
            Some((name, price_from(&s["cost"])))
        })
        .collect()
}

/// Reads the dyno sizes' prices: one request.
pub fn dyno_sizes(client: &Client) -> Result<SizePrices, HttpError> {
    Ok(sizes_from(&client.list(DYNO_SIZES)?))
}

/// The prices of the plans of `services` (`GET /addon-services/{service}
/// /plans` each, a service Heroku lacks has none) and, with `sizes`, of the
/// dyno sizes: all at once, one thread a request (`heroin show --cost`).
pub fn read(
    client: &Client,
    services: &[String],
    sizes: bool,
) -> Result<(BTreeMap<String, Price>, SizePrices), HttpError> {
    std::thread::scope(|scope| {
        let plans: Vec<_> = services
            .iter()
            .map(|s| scope.spawn(move || client.list(&crate::http::paths::addon_service_plans(s))))
            .collect();
        let sized = sizes.then(|| scope.spawn(|| dyno_sizes(client)));
        let mut prices = BTreeMap::new();
        for handle in plans {
            match handle.join().expect("a reading thread panicked") {
                Ok(list) => {
                    for p in &list {
                        if let Some(name) = p["name"].as_str() {
                            prices.insert(name.to_string(), price_from(&p["price"]));
                        }
                    }
                }
                Err(e) if e.status() == Some(404) => {}
                Err(e) => return Err(e),
            }
        }
        let sizes = match sized {
            Some(h) => h.join().expect("a reading thread panicked")?,
            None => SizePrices::new(),
        };
        Ok((prices, sizes))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prices_are_what_heroku_gives_never_a_guess() {
        let p = |v| price_from(&v);
        assert_eq!(
            p(json!({"cents": 2500, "contract": false, "unit": "month"})),
            Price::Monthly { cents: 2500 }
        );
        assert_eq!(
            p(json!({"cents": 0, "contract": false, "unit": "month"})),
            Price::Monthly { cents: 0 }
        );
        assert_eq!(
            p(json!({"cents": 0, "contract": true, "unit": "month"})),
            Price::Contract
        );
        assert_eq!(p(json!({"cents": 3, "unit": "hour"})), Price::Unknown);
        assert_eq!(p(json!(null)), Price::Unknown);
        assert_eq!(Price::Unknown.times(0), Price::Monthly { cents: 0 });
        assert_eq!(Price::Contract.times(2), Price::Contract);
        assert_eq!(
            Price::Monthly { cents: 2500 }.times(2),
            Price::Monthly { cents: 5000 }
        );
        let sizes =
            sizes_from(&[json!({"name": "Standard-1X", "cost": {"cents": 2500, "unit": "month"}})]);
        assert_eq!(sizes["standard-1x"], Price::Monthly { cents: 2500 });
    }
}
