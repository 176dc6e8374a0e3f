//! Properties of the pure core, over generated files and hand-built `Live`
//! values: planning is deterministic (the same inputs give the same plan,
//! byte for byte in JSON); a layer merged with an empty overlay is itself;
//! `unset` removes exactly its path; and planning converges in a pure model
//! of Heroku: the plan's steps carried out on the live state by [`effect`]
//! (tests/common/model.rs: what each step kind does), then planning
//! again, gives a plan with no changes.

mod common;
use common::{gen_files, gen_live, model};

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use gen_files::{AppSpec, app_spec, base_file, load};
use gen_live::{LiveSpec, live_for, live_spec};
use heroin::config::merge::{apply_unset, merge};
use heroin::config::tree::{Entry, Node, Value};
use heroin::diag::Origin;
use heroin::plan::{Plan, plan};
use model::{Ids, effect};
use proptest::prelude::*;

// ---------------------------------------------------------------- trees

fn at(line: u32) -> Origin {
    Origin {
        file: Arc::from("heroin.toml"),
        line,
        column: 1,
        span: None,
    }
}

fn node(value: Value, line: u32) -> Node {
    Node {
        value,
        at: at(line),
    }
}

/// A document tree: tables of small keys, scalars and arrays at the leaves.
fn tree() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        "[a-z]{0,4}".prop_map(Value::Str),
        any::<i64>().prop_map(Value::Int),
        any::<bool>().prop_map(Value::Bool),
    ];
    let value = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec((inner.clone(), 1..99u32), 0..3)
                .prop_map(|v| Value::Array(v.into_iter().map(|(v, l)| node(v, l)).collect())),
            proptest::collection::btree_map("[a-d]", (inner, 1..99u32), 0..4).prop_map(|m| {
                Value::Table(
                    m.into_iter()
                        .map(|(k, (v, l))| {
                            let entry = Entry {
                                key_at: at(l),
                                node: node(v, l),
                            };
                            (k, entry)
                        })
                        .collect(),
                )
            }),
        ]
    });
    proptest::collection::btree_map("[a-d]", (value, 1..99u32), 0..4).prop_map(|m| {
        let table = m
            .into_iter()
            .map(|(k, (v, l))| {
                let entry = Entry {
                    key_at: at(l),
                    node: node(v, l),
                };
                (k, entry)
            })
            .collect();
        node(Value::Table(table), 1)
    })
}

/// Every path of a tree (tables' keys, down to the leaves) with its node.
fn paths(n: &Node, prefix: &[String], out: &mut BTreeMap<Vec<String>, Node>) {
    if let Value::Table(t) = &n.value {
        for (k, e) in t {
            let mut p = prefix.to_vec();
            p.push(k.clone());
            out.insert(p.clone(), e.node.clone());
            paths(&e.node, &p, out);
        }
    }
}

fn all_paths(n: &Node) -> BTreeMap<Vec<String>, Node> {
    let mut out = BTreeMap::new();
    paths(n, &[], &mut out);
    out
}

// ---------------------------------------------------------------- properties

fn files_and_live() -> impl Strategy<Value = (Vec<AppSpec>, bool, Vec<LiveSpec>)> {
    (
        proptest::collection::vec(app_spec(), 1..=2),
        any::<bool>(),
        proptest::collection::vec(live_spec(), 2),
    )
}

fn json(p: &Plan) -> String {
    serde_json::to_string(&heroin::render::json(p)).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_same_inputs_give_the_same_plan_byte_for_byte(
        (apps, shares, lives) in files_and_live()
    ) {
        let base = base_file(&apps, shares);
        let first = load(&base);
        let live = live_for(&first, &lives, &mut Ids::default());
        let once = json(&plan(&first, &live));
        // Loaded again, the live state rebuilt: the same bytes.
        let again = json(&plan(&load(&base), &live_for(&load(&base), &lives, &mut Ids::default())));
        prop_assert_eq!(&once, &again);
        prop_assert_eq!(once, json(&plan(&first, &live.clone())));
    }

    #[test]
    fn applying_a_plan_in_the_model_leaves_nothing_to_change(
        (apps, shares, lives) in files_and_live()
    ) {
        let cfg = load(&base_file(&apps, shares));
        let mut ids = Ids::default();
        let mut live = live_for(&cfg, &lives, &mut ids);
        let first = plan(&cfg, &live);
        prop_assume!(!first.has_impossible());
        for step in &first.step_list() {
            effect(&mut live, &cfg, step, &mut ids);
        }
        let second = plan(&cfg, &live);
        let text = heroin::render::text(&second, &BTreeMap::new(), heroin::render::Options::default());
        prop_assert!(second.is_empty() && second.step_list().is_empty(), "after {:#?}:\n{}", first.step_list(), text);
    }

    #[test]
    fn a_layer_merged_with_an_empty_overlay_is_itself(base in tree()) {
        let empty = Node { value: Value::Table(Default::default()), at: at(1) };
        let merged = merge(base.clone(), empty);
        prop_assert_eq!(merged.value, base.value);
    }

    #[test]
    fn unset_removes_exactly_its_path(base in tree(), choice in any::<proptest::sample::Index>()) {
        let before = all_paths(&base);
        prop_assume!(!before.is_empty());
        let path = before.keys().nth(choice.index(before.len())).unwrap().clone();
        let mut after = base.clone();
        let problems = apply_unset(&mut after, &[(path.clone(), at(1))]);
        prop_assert!(problems.is_empty());
        let expected: BTreeMap<Vec<String>, Node> = before
            .into_iter()
            .filter(|(p, _)| !p.starts_with(&path))
            .collect();
        let left = all_paths(&after);
        prop_assert_eq!(left.keys().collect::<BTreeSet<_>>(), expected.keys().collect::<BTreeSet<_>>());
        // What stays is untouched: its leaves keep their values and origins.
        for (p, n) in &left {
            if !matches!(n.value, Value::Table(_)) {
                prop_assert_eq!(Some(n), expected.get(p));
            }
        }
        // A path the base does not define is a problem, and nothing moves.
        let mut same = after.clone();
        let problems = apply_unset(&mut same, &[(path, at(1))]);
        prop_assert_eq!(problems.len(), 1);
        prop_assert_eq!(same, after);
    }
}
