//! A saved plan as a [`Plan`] again, to be rendered as `heroin diff`
//! rendered it (`heroin show-plan`, with colors on a terminal): its changes,
//! warnings, waiting entries and what was left alone, from the file. A
//! secret value is not in the file: it comes back as a [`Secret`] that
//! prints as it printed, masked. It has no steps: it is for reading, never
//! applied. Pure.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Saved;
use crate::plan::{Action, Address, Change, Destroys, Hidden, Plan, Waiting};
use crate::secret::{Secret, Text};

fn address(v: &Value) -> Option<Address> {
    Some(Address {
        // A file from before top-level tables holds apps' changes only.
        table: serde_json::from_value(v["table"].clone()).unwrap_or_default(),
        app: v["app"].as_str()?.to_string(),
        section: serde_json::from_value(v["section"].clone()).ok()?,
        key: v["key"].as_str().map(str::to_string),
    })
}

fn string(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

impl Saved {
    /// The plan the file holds, for reading.
    pub fn shown(&self) -> Plan {
        let p = &self.plan;
        let items = |k: &str| p[k].as_array().cloned().unwrap_or_default();
        let changes = items("changes")
            .iter()
            .filter_map(|c| self.change(c))
            .collect();
        let warnings = items("warnings")
            .iter()
            .filter_map(|w| Some((address(w)?, string(&w["message"])?)))
            .collect();
        let waiting = items("waiting")
            .iter()
            .filter_map(|w| {
                Some(Waiting {
                    address: address(w)?,
                    after: string(&w["after"]),
                    waits_for: string(&w["waits_for"])?,
                })
            })
            .collect();
        let hidden: BTreeMap<String, Hidden> =
            serde_json::from_value(p["hidden"].clone()).unwrap_or_default();
        Plan {
            env: Some(self.env.clone()),
            changes,
            steps: Vec::new(),
            warnings,
            waiting,
            hidden,
            cost: self.cost.clone(),
        }
    }

    fn change(&self, c: &Value) -> Option<Change> {
        let address = address(c)?;
        let hashed = self.hashed.iter().find(|h| h.address == address);
        // A value is secret when the file holds its hash.
        let text = |v: &Value, secret: bool| match (v, secret) {
            (v, true) => Some(Text::Secret(Secret::unknown(string(v)))),
            (Value::Null, false) => None,
            (v, false) => string(v).map(Text::Plain),
        };
        let before = text(&c["before"], hashed.is_some_and(|h| h.before.is_some()));
        let after = text(&c["after"], hashed.is_some_and(|h| h.after.is_some()));
        let destructive = self.destructive.iter().find(|d| d.address == address);
        let destroys = destructive.and_then(|d| {
            let (addon, addon_plan, also_attached) = d.addon.clone()?;
            Some(Destroys {
                addon,
                addon_plan,
                loses_data: d.loses_data,
                also_attached,
            })
        });
        Some(Change {
            address,
            action: serde_json::from_value::<Action>(c["action"].clone()).ok()?,
            before,
            after,
            why: string(&c["why"]),
            destroys,
        })
    }
}
