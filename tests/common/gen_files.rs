//! Generated heroin files for the property tests: apps whose sections are
//! drawn from small pools (so that generated live states share entries with
//! them), written out as TOML and loaded through heroin's own loader.

#![allow(dead_code)]

use std::collections::BTreeMap;

use heroin::config::model::Config;
use heroin::config::parse::Format;
use heroin::config::{Environment, Source};
use proptest::prelude::*;
use proptest::sample::subsequence;

pub const VARS: [&str; 4] = ["A_VAR", "B_VAR", "C_VAR", "API_TOKEN"];
pub const VALUES: [&str; 3] = ["1", "x", "two words"];
pub const BUILDPACKS: [&str; 3] = ["heroku/ruby", "heroku/nodejs", "heroku/python"];
pub const SIZES: [&str; 2] = ["standard-1x", "standard-2x"];
pub const FEATURES: [&str; 2] = ["preboot", "runtime-dyno-metadata"];
pub const DOMAINS: [&str; 3] = ["a.example", "b.example", "c.example"];
pub const DRAINS: [&str; 2] = ["syslog+tls://logs.example:6514", "https://logs.example/in"];
pub const PEOPLE: [&str; 2] = ["dev@people.example", "ops@people.example"];
pub const PIPELINES: [&str; 2] = ["pipe-one", "pipe-two"];
pub const STAGES: [&str; 2] = ["staging", "production"];
/// Permissions beyond `view`, which Heroku always grants.
pub const PERMISSIONS: [&str; 3] = ["deploy", "manage", "operate"];
/// Add-on keys (attachment names DATABASE, CACHE) with their plans.
pub const ADDONS: [(&str, &[&str]); 2] = [
    (
        "database",
        &[
            "heroku-postgresql:essential-0",
            "heroku-postgresql:essential-1",
            "heroku-postgresql:standard-0",
        ],
    ),
    ("cache", &["heroku-redis:mini", "heroku-redis:premium-0"]),
];

/// One app of the files; `None`: the section is not managed.
#[derive(Clone, Debug)]
pub struct AppSpec {
    maintenance: Option<bool>,
    acm: Option<bool>,
    /// A team app: collaborators get permissions.
    team: Option<Vec<&'static str>>,
    vars: Option<Vec<(&'static str, &'static str)>>,
    addons: Option<Vec<(&'static str, &'static str)>>,
    buildpacks: Option<Vec<&'static str>>,
    formation: Option<Vec<(&'static str, i64, &'static str)>>,
    features: Option<Vec<(&'static str, bool)>>,
    domains: Option<Vec<&'static str>>,
    drains: Option<Vec<&'static str>>,
    collaborators: Option<Vec<&'static str>>,
    pipeline: Option<(&'static str, &'static str)>,
}

pub fn pick<const N: usize>(pool: [&'static str; N]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(pool.to_vec())
}

pub fn app_spec() -> impl Strategy<Value = AppSpec> {
    let vars = proptest::option::of(subsequence(VARS.to_vec(), 0..=4).prop_flat_map(|names| {
        let n = names.len();
        (Just(names), proptest::collection::vec(pick(VALUES), n))
            .prop_map(|(names, values)| names.into_iter().zip(values).collect::<Vec<_>>())
    }));
    let addons = proptest::option::of((0..3usize, 0..3usize).prop_map(|(db, cache)| {
        let mut a = Vec::new();
        if db < 3 && db != 0 {
            a.push(("database", ADDONS[0].1[db - 1]));
        }
        if cache != 0 {
            a.push(("cache", ADDONS[1].1[cache - 1]));
        }
        a
    }));
    let formation = proptest::option::of(subsequence(vec!["web", "worker"], 0..=2).prop_flat_map(
        |kinds| {
            let n = kinds.len();
            (
                Just(kinds),
                proptest::collection::vec((0..3i64, pick(SIZES)), n),
            )
                .prop_map(|(k, v)| k.into_iter().zip(v).map(|(k, (q, s))| (k, q, s)).collect())
        },
    ));
    let features = proptest::option::of(subsequence(FEATURES.to_vec(), 0..=2).prop_flat_map(
        |names| {
            let n = names.len();
            (Just(names), proptest::collection::vec(any::<bool>(), n))
                .prop_map(|(n, v)| n.into_iter().zip(v).collect())
        },
    ));
    let team = proptest::option::of(subsequence(PERMISSIONS.to_vec(), 0..=3).prop_map(|mut p| {
        p.push("view");
        p
    }));
    (
        (
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
            team,
            vars,
            addons,
        ),
        (
            proptest::option::of(subsequence(BUILDPACKS.to_vec(), 0..=3)),
            formation,
            features,
        ),
        (
            proptest::option::of(subsequence(DOMAINS.to_vec(), 0..=3)),
            proptest::option::of(subsequence(DRAINS.to_vec(), 0..=2)),
            proptest::option::of(subsequence(PEOPLE.to_vec(), 0..=2)),
            proptest::option::of((pick(PIPELINES), pick(STAGES))),
        ),
    )
        .prop_map(
            |((maintenance, acm, team, vars, addons), (buildpacks, formation, features), rest)| {
                AppSpec {
                    maintenance,
                    acm,
                    team,
                    vars,
                    addons,
                    buildpacks,
                    formation,
                    features,
                    domains: rest.0,
                    drains: rest.1,
                    collaborators: rest.2,
                    pipeline: rest.3,
                }
            },
        )
}

pub fn quoted(items: &[&str]) -> String {
    let q: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", q.join(", "))
}

/// The base file for `apps`; the second app may attach the first's database.
pub fn base_file(apps: &[AppSpec], shares: bool) -> String {
    let mut f = String::new();
    for (i, a) in apps.iter().enumerate() {
        f += &format!("[apps.app{i}]\nname = \"prop-app{i}-${{HEROIN_ENV}}\"\nregion = \"us\"\n");
        if let Some(m) = a.maintenance {
            f += &format!("maintenance = {m}\n");
        }
        if let Some(acm) = a.acm {
            f += &format!("acm = {acm}\n");
        }
        if let Some(permissions) = &a.team {
            f += "team = \"acme\"\n";
            if let Some(people) = &a.collaborators {
                let entries: Vec<String> = people
                    .iter()
                    .map(|e| format!("{{ email = {e:?}, permissions = {} }}", quoted(permissions)))
                    .collect();
                f += &format!("collaborators = [{}]\n", entries.join(", "));
            }
        }
        let people = if a.team.is_some() {
            None
        } else {
            a.collaborators.clone()
        };
        let lists = [
            ("buildpacks", &a.buildpacks),
            ("domains", &a.domains),
            ("log_drains", &a.drains),
            ("collaborators", &people),
        ];
        for (name, list) in lists {
            if let Some(l) = list {
                f += &format!("{name} = {}\n", quoted(l));
            }
        }
        if let Some(vars) = &a.vars {
            f += &format!("[apps.app{i}.config_vars]\n");
            for (k, v) in vars {
                // A secret from the environment, the others plain.
                if *k == "API_TOKEN" {
                    f += "API_TOKEN = \"${PROP_TOKEN}\"\n";
                } else {
                    f += &format!("{k} = {v:?}\n");
                }
            }
        }
        if let Some(addons) = &a.addons {
            f += &format!("[apps.app{i}.addons]\n");
            for (k, plan) in addons {
                f += &format!("{k} = {{ plan = {plan:?} }}\n");
            }
            if i == 1
                && shares
                && apps[0]
                    .addons
                    .iter()
                    .flatten()
                    .any(|(k, _)| *k == "database")
            {
                f += "shared = { attach = \"app0.database\" }\n";
            }
        }
        if let Some(formation) = &a.formation {
            f += &format!("[apps.app{i}.formation]\n");
            for (k, q, s) in formation {
                f += &format!("{k} = {{ quantity = {q}, size = {s:?} }}\n");
            }
        }
        if let Some(features) = &a.features {
            f += &format!("[apps.app{i}.features]\n");
            for (k, on) in features {
                f += &format!("{k} = {on}\n");
            }
        }
        if let Some((name, stage)) = a.pipeline {
            f += &format!("[apps.app{i}.pipeline]\nname = {name:?}\nstage = {stage:?}\n");
        }
    }
    f
}

pub fn source(name: &str, text: &str) -> Source {
    Source {
        name: name.into(),
        text: text.to_string(),
        format: Format::Toml,
    }
}

pub fn load(base: &str) -> Config {
    let env = Environment {
        name: Some("test".into()),
        base: source("heroin.toml", base),
        overlay: Some(source("heroin.test.toml", "")),
    };
    let vars = BTreeMap::from([("PROP_TOKEN".to_string(), "s3cr3t-value".to_string())]);
    heroin::config::load(&env, Some(&vars))
        .unwrap_or_else(|p| panic!("the generated files load:\n{base}\n{p:?}"))
}
