//! Factoring the environments' documents into a base and overlays.
//!
//! Pure: one document per environment in (all of the shape `apps.KEY...`),
//! a base and one overlay per environment out, such that heroin's merge
//! (`unset` first, then tables key by key, anything else replaced) of the
//! base and an environment's overlay gives back that environment's document.
//! A value equal in every environment is written once, in the base; one that
//! differs, in each overlay; one that only some environments have, in theirs,
//! or in the base with `unset` in the others when that is shorter (most
//! environments have it, and they agree). Tables are factored key by key down
//! to an app's sections (`apps.web.config_vars`); a section's entries (a
//! formation entry, an add-on) and all lists are compared whole, so that a
//! file never holds half an add-on. Empty tables are left out.

use std::collections::BTreeMap;

use super::Item;

/// The base and the overlays.
#[derive(Clone, Debug, PartialEq)]
pub struct Factored {
    /// What every environment shares.
    pub base: Item,
    /// By environment: `unset` (when any) first, then what is its own.
    pub overlays: BTreeMap<String, Item>,
}

/// Tables merge key by key at the root, `apps`, `apps.KEY` and
/// `apps.KEY.SECTION`: this many levels below the root.
const MERGED_DEPTH: usize = 3;

/// A table's fields.
type Fields = Vec<(String, Item)>;

/// Where the overlays' parts go while factoring.
struct Out {
    overlays: BTreeMap<String, Vec<(String, Item)>>,
    unsets: BTreeMap<String, Vec<String>>,
}

/// Factors `docs` (by environment) into a base and overlays.
pub fn factor(docs: &BTreeMap<String, Item>) -> Factored {
    let docs: BTreeMap<&str, Item> = docs.iter().map(|(e, d)| (e.as_str(), prune(d))).collect();
    let envs: Vec<&str> = docs.keys().copied().collect();
    let mut out = Out {
        overlays: envs.iter().map(|e| (e.to_string(), Vec::new())).collect(),
        unsets: BTreeMap::new(),
    };
    let present: Vec<(&str, &Item)> = docs.iter().map(|(e, d)| (*e, d)).collect();
    let base = match present.is_empty() {
        true => Item::Table(Vec::new()),
        false => split(&[], &present, &envs, &mut out).unwrap_or(Item::Table(Vec::new())),
    };
    let overlays = out
        .overlays
        .into_iter()
        .map(|(env, fields)| {
            let mut all = Vec::new();
            if let Some(paths) = out.unsets.remove(&env) {
                all.push((
                    "unset".to_string(),
                    Item::List(paths.into_iter().map(Item::Str).collect()),
                ));
            }
            all.extend(fields);
            (env, prune(&Item::Table(all)))
        })
        .collect();
    Factored {
        base: prune(&base),
        overlays,
    }
}

/// The base's value at `path`, which every environment of `envs` has
/// (`present`); what the base does not hold goes into the overlays.
fn split(path: &[String], present: &[(&str, &Item)], envs: &[&str], out: &mut Out) -> Option<Item> {
    let first = present[0].1;
    if present.iter().all(|(_, v)| *v == first) {
        return Some(first.clone());
    }
    let tables: Option<Vec<(&str, &Fields)>> = present
        .iter()
        .map(|(e, v)| match v {
            Item::Table(f) => Some((*e, f)),
            _ => None,
        })
        .collect();
    let Some(tables) = tables.filter(|_| path.len() <= MERGED_DEPTH) else {
        for (env, value) in present {
            out.put(env, path, (*value).clone());
        }
        return None;
    };
    let mut keys: Vec<&String> = Vec::new();
    for (_, fields) in &tables {
        for (k, _) in fields.iter() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    // An app's fields keep export's order; apps and a section's entries are
    // sorted (each environment has them sorted, their union need not be).
    if path.len() != 2 {
        keys.sort();
    }
    let mut base = Vec::new();
    for key in keys {
        let here: Vec<(&str, &Item)> = tables
            .iter()
            .filter_map(|(e, f)| Some((*e, f.iter().find(|(k, _)| k == key).map(|(_, v)| v)?)))
            .collect();
        let mut child = path.to_vec();
        child.push(key.clone());
        if here.len() == envs.len() {
            if let Some(value) = split(&child, &here, envs, out) {
                base.push((key.clone(), value));
            }
        } else if let Some(value) = partial(&child, &here, envs, out) {
            base.push((key.clone(), value));
        }
    }
    Some(Item::Table(base))
}

/// A value only some environments have (`present`): in the base with `unset`
/// in the others when most have it and agree, else in the overlays of those
/// that have it.
fn partial(
    path: &[String],
    present: &[(&str, &Item)],
    envs: &[&str],
    out: &mut Out,
) -> Option<Item> {
    let first = present[0].1;
    let agree = present.iter().all(|(_, v)| *v == first);
    let absent: Vec<&str> = envs
        .iter()
        .filter(|e| !present.iter().any(|(p, _)| p == *e))
        .copied()
        .collect();
    if agree && present.len() >= 2 && absent.len() < present.len() {
        for env in absent {
            out.unsets
                .entry(env.to_string())
                .or_default()
                .push(unset_path(path));
        }
        return Some(first.clone());
    }
    for (env, value) in present {
        out.put(env, path, (*value).clone());
    }
    None
}

impl Out {
    fn put(&mut self, env: &str, path: &[String], value: Item) {
        let fields = self.overlays.entry(env.to_string()).or_default();
        insert(fields, path, value);
    }
}

/// Puts `value` at `path` in `fields`, making the tables on the way.
fn insert(fields: &mut Vec<(String, Item)>, path: &[String], value: Item) {
    let Some((head, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        fields.push((head.clone(), value));
        return;
    }
    let at = match fields.iter().position(|(k, _)| k == head) {
        Some(i) => i,
        None => {
            fields.push((head.clone(), Item::Table(Vec::new())));
            fields.len() - 1
        }
    };
    if let Item::Table(sub) = &mut fields[at].1 {
        insert(sub, rest, value);
    }
}

/// An `unset` path: segments joined by dots, a segment that is not a bare
/// key in double quotes (`apps.web.features."some.flag"`).
fn unset_path(path: &[String]) -> String {
    path.iter()
        .map(|p| {
            if !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                p.clone()
            } else {
                serde_json::Value::String(p.clone()).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// `item` without empty tables (at any depth), except the root itself.
pub fn prune(item: &Item) -> Item {
    match item {
        Item::Table(fields) => Item::Table(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), prune(v)))
                .filter(|(_, v)| !matches!(v, Item::Table(f) if f.is_empty()))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Item {
        Item::Str(v.into())
    }

    fn t(fields: &[(&str, Item)]) -> Item {
        Item::Table(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    fn web(fields: &[(&str, Item)]) -> Item {
        t(&[("apps", t(&[("web", t(fields))]))])
    }

    #[test]
    fn shared_values_go_to_the_base_and_differences_to_the_overlays() {
        let vars = |env: &str| t(&[("A", s("1")), ("B", s("2")), ("RAILS_ENV", s(env))]);
        let docs: BTreeMap<String, Item> = ["prod", "staging"]
            .iter()
            .map(|e| {
                let size = if *e == "prod" { "standard-2x" } else { "basic" };
                let formation = t(&[("web", t(&[("quantity", Item::Int(1)), ("size", s(size))]))]);
                (
                    e.to_string(),
                    web(&[
                        ("region", s("eu")),
                        ("config_vars", vars(e)),
                        ("formation", formation),
                        ("features", t(&[])),
                    ]),
                )
            })
            .collect();
        let f = factor(&docs);
        assert_eq!(
            f.base,
            web(&[
                ("region", s("eu")),
                ("config_vars", t(&[("A", s("1")), ("B", s("2"))])),
            ])
        );
        let prod_formation = t(&[(
            "web",
            t(&[("quantity", Item::Int(1)), ("size", s("standard-2x"))]),
        )]);
        assert_eq!(
            f.overlays["prod"],
            web(&[
                ("config_vars", t(&[("RAILS_ENV", s("prod"))])),
                ("formation", prod_formation),
            ])
        );
    }

    #[test]
    fn what_most_environments_share_goes_to_the_base_with_unset_elsewhere() {
        let with = web(&[("name", s("n")), ("config_vars", t(&[("X", s("1"))]))]);
        let without = web(&[("name", s("n"))]);
        let docs: BTreeMap<String, Item> = [
            ("dev".to_string(), with.clone()),
            ("prod".to_string(), without.clone()),
            ("staging".to_string(), with.clone()),
        ]
        .into();
        let f = factor(&docs);
        assert_eq!(f.base, with);
        assert_eq!(
            f.overlays["prod"],
            t(&[("unset", Item::List(vec![s("apps.web.config_vars")]))])
        );
        assert_eq!(f.overlays["dev"], t(&[]));
        // One of two: in that overlay only.
        let docs: BTreeMap<String, Item> = [
            ("prod".to_string(), without.clone()),
            ("staging".to_string(), with),
        ]
        .into();
        let f = factor(&docs);
        assert_eq!(f.base, without);
        assert_eq!(
            f.overlays["staging"],
            web(&[("config_vars", t(&[("X", s("1"))]))])
        );
    }

    #[test]
    fn an_app_of_one_environment_is_in_its_overlay_only() {
        let docs: BTreeMap<String, Item> = [
            (
                "prod".to_string(),
                t(&[("apps", t(&[("a", t(&[("name", s("a"))]))]))]),
            ),
            (
                "dev".to_string(),
                t(&[("apps", t(&[("b", t(&[("name", s("b"))]))]))]),
            ),
        ]
        .into();
        let f = factor(&docs);
        assert_eq!(f.base, t(&[]));
        assert_eq!(f.overlays["prod"], docs["prod"]);
        assert_eq!(f.overlays["dev"], docs["dev"]);
    }

    #[test]
    fn apps_are_in_key_order_whichever_environment_has_them() {
        let app = |k: &str| (k.to_string(), t(&[("name", s(k))]));
        let apps =
            |keys: &[&str]| t(&[("apps", Item::Table(keys.iter().map(|k| app(k)).collect()))]);
        let docs: BTreeMap<String, Item> = [
            ("dev".to_string(), apps(&["b"])),
            ("prod".to_string(), apps(&["a", "b"])),
            ("staging".to_string(), apps(&["a", "b"])),
        ]
        .into();
        let f = factor(&docs);
        assert_eq!(f.base, apps(&["a", "b"]));
        assert_eq!(
            f.overlays["dev"],
            t(&[("unset", Item::List(vec![s("apps.a")]))])
        );
    }

    #[test]
    fn unset_paths_quote_segments_with_dots() {
        let p = ["apps", "web", "features", "some.flag"].map(String::from);
        assert_eq!(unset_path(&p), "apps.web.features.\"some.flag\"");
    }
}
