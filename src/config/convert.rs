//! Gives the merged tree its meaning: turns it into the typed [`Config`].
//!
//! Structure is checked here (unknown keys with a "did you mean", types,
//! required fields, the shapes of add-ons, formation and collaborators); what
//! the values mean to Heroku is checked in `check`. Conversion goes on past a
//! problem so that every problem is reported at once. Pure. The `addons`
//! table, the one with two kinds of entry, is read in `convert::addons`.

use std::collections::BTreeMap;

use super::model::{App, Collaborator, Config, Formation, LText, Pipeline};
use super::read::{Reader, join};
use super::tree::{Entry, Node, Table, Value};
use super::vars::config_vars;
use crate::diag::Problem;

mod addons;
pub use super::keys::APP_KEYS;
use addons::addons;

/// Converts the merged document root. Returns the model (every app that could
/// be read) and the problems found.
pub fn convert(
    root: &Node,
    reader: &mut Reader,
    env: Option<String>,
    files: Vec<String>,
) -> Config {
    let mut config = Config {
        env,
        files,
        apps: BTreeMap::new(),
        cost: Default::default(),
        pipelines: BTreeMap::new(),
        teams: BTreeMap::new(),
        spaces: BTreeMap::new(),
    };
    let Some(table) = reader.table(root, "") else {
        return config;
    };
    reader.unknown_keys(table, "", &["apps", "cost", "pipelines", "teams", "spaces"]);
    if let Some(entry) = table.get("cost") {
        config.cost = cost_guard(reader, &entry.node);
    }
    if let Some(e) = table.get("pipelines") {
        config.pipelines = super::pipelines::read(reader, &e.node);
    }
    if let Some(e) = table.get("teams") {
        config.teams = super::teams::read(reader, &e.node);
    }
    if let Some(e) = table.get("spaces") {
        config.spaces = super::spaces::read(reader, &e.node);
    }
    let Some(apps) = table.get("apps") else {
        return config;
    };
    let Some(apps) = reader.table(&apps.node, "apps") else {
        return config;
    };
    for (key, entry) in apps {
        let path = join("apps", key);
        if !is_key(key) {
            reader.problem(
                Problem::new(
                    &entry.key_at,
                    &path,
                    "an app key may hold only letters, digits, `-` and `_`",
                )
                .with_hint("the key is heroin's name for the app; the Heroku name goes in `name`"),
            );
            continue;
        }
        if let Some(app) = app(reader, key, entry, &path) {
            config.apps.insert(key.clone(), app);
        }
    }
    config
}

/// The `[cost]` table: whole numbers, none below 0.
fn cost_guard(reader: &mut Reader, node: &Node) -> super::model::CostGuard {
    let mut guard = super::model::CostGuard::default();
    let Some(table) = reader.table(node, "cost") else {
        return guard;
    };
    let keys = ["max_increase", "max_increase_percent"];
    reader.unknown_keys(table, "cost", &keys);
    for key in keys {
        let path = join("cost", key);
        let Some(entry) = table.get(key) else {
            continue;
        };
        let Some(value) = reader.integer(&entry.node, &path) else {
            continue;
        };
        if value.value < 0 {
            reader.problem(
                Problem::new(&value.at, &path, "must be 0 or more")
                    .with_hint("0 asks about any increase; leave it out for the default"),
            );
            continue;
        }
        match key {
            "max_increase" => guard.max_increase = Some(value),
            _ => guard.max_increase_percent = Some(value),
        }
    }
    guard
}

/// Whether a key of `apps` or `addons` is well formed (it is used in
/// references such as `web.database`, so it cannot hold a dot).
pub fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn app(reader: &mut Reader, key: &str, entry: &Entry, path: &str) -> Option<App> {
    let table = reader.table(&entry.node, path)?;
    reader.unknown_keys(table, path, APP_KEYS);
    let field = |name: &str| table.get(name).map(|e| (&e.node, join(path, name)));
    let text =
        |reader: &mut Reader, name: &str| field(name).and_then(|(node, p)| reader.text(node, &p));
    let boolean = |reader: &mut Reader, name: &str| {
        field(name).and_then(|(node, p)| reader.boolean(node, &p))
    };
    let list = |reader: &mut Reader, name: &str| {
        field(name).and_then(|(node, p)| reader.text_list(node, &p))
    };
    let name = text(reader, "name");
    if table.get("name").is_none() {
        reader.problem(
            Problem::new(&entry.key_at, path, "`name` is required: the Heroku app name")
                .with_hint("set it in the base file (for example name = \"acme-web-${HEROIN_ENV}\") or in every overlay"),
        );
    }
    // Every field is read (and its problems recorded) before a missing or
    // unresolvable name drops the app, so all problems are reported at once.
    let region = text(reader, "region");
    let stack = text(reader, "stack");
    let team = text(reader, "team");
    let space = text(reader, "space");
    let maintenance = boolean(reader, "maintenance");
    let acm = boolean(reader, "acm");
    let buildpacks = list(reader, "buildpacks");
    let domains = list(reader, "domains");
    // A drain URL with a secret part is secret, shown with that part masked.
    let log_drains = list(reader, "log_drains").map(|drains| {
        drains
            .into_iter()
            .map(|d| LText {
                value: crate::secret::url::drain(d.value, &[]),
                at: d.at,
            })
            .collect()
    });
    let collaborators = field("collaborators").and_then(|(n, p)| collaborators(reader, n, &p));
    let ignore_config_vars = list(reader, "ignore_config_vars").unwrap_or_default();
    let config_vars = field("config_vars").and_then(|(n, p)| config_vars(reader, n, &p));
    let addons = field("addons").and_then(|(n, p)| addons(reader, n, &p));
    let formation = field("formation").and_then(|(n, p)| formation(reader, n, &p));
    let features = field("features").and_then(|(n, p)| features(reader, n, &p));
    let pipeline = field("pipeline").and_then(|(n, p)| pipeline(reader, n, &p));
    let webhooks = field("webhooks").and_then(|(n, p)| super::webhooks::read(reader, n, &p));
    let telemetry_drains =
        field("telemetry_drains").and_then(|(n, p)| super::telemetry::read(reader, n, &p));
    let sni_endpoints = field("sni_endpoints").and_then(|(n, p)| super::certs::read(reader, n, &p));
    Some(App {
        key: key.to_string(),
        at: entry.key_at.clone(),
        name: name?,
        region,
        stack,
        team,
        space,
        maintenance,
        acm,
        buildpacks,
        domains,
        log_drains,
        collaborators,
        ignore_config_vars,
        config_vars,
        addons,
        formation,
        features,
        pipeline,
        webhooks,
        telemetry_drains,
        sni_endpoints,
    })
}
fn collaborators(reader: &mut Reader, node: &Node, path: &str) -> Option<Vec<Collaborator>> {
    let items = reader.array(node, path)?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("{path}[{i}]");
        let collaborator = match &item.value {
            Value::Str(_) => reader.text(item, &path).map(|email| Collaborator {
                email,
                permissions: None,
            }),
            Value::Table(table) => {
                reader.unknown_keys(table, &path, &["email", "permissions"]);
                let email = match table.get("email") {
                    Some(e) => reader.text(&e.node, &join(&path, "email")),
                    None => {
                        reader.problem(Problem::new(&item.at, &path, "`email` is required"));
                        None
                    }
                };
                let permissions = table
                    .get("permissions")
                    .and_then(|e| reader.text_list(&e.node, &join(&path, "permissions")));
                email.map(|email| Collaborator { email, permissions })
            }
            other => {
                reader.problem(Problem::new(
                    &item.at,
                    &path,
                    format!(
                        "must be an email or a table with `email` and `permissions`, not {}",
                        other.kind()
                    ),
                ));
                None
            }
        };
        out.extend(collaborator);
    }
    Some(out)
}

fn formation(reader: &mut Reader, node: &Node, path: &str) -> Option<BTreeMap<String, Formation>> {
    let table = reader.table(node, path)?;
    let mut out = BTreeMap::new();
    for (kind, entry) in table {
        let path = join(path, kind);
        let node = &entry.node;
        let item = match &node.value {
            Value::Int(_) => Some(Formation {
                at: node.at.clone(),
                quantity: reader.integer(node, &path),
                size: None,
            }),
            Value::Table(t) => formation_table(reader, t, node, &path),
            other => {
                reader.problem(Problem::new(
                    &node.at,
                    &path,
                    format!(
                        "must be a quantity or a table with `quantity` and `size`, not {}",
                        other.kind()
                    ),
                ));
                None
            }
        };
        if let Some(item) = item {
            out.insert(kind.clone(), item);
        }
    }
    Some(out)
}

fn formation_table(
    reader: &mut Reader,
    table: &Table,
    node: &Node,
    path: &str,
) -> Option<Formation> {
    reader.unknown_keys(table, path, &["quantity", "size"]);
    let quantity = table
        .get("quantity")
        .and_then(|e| reader.integer(&e.node, &join(path, "quantity")));
    let size = table
        .get("size")
        .and_then(|e| reader.text(&e.node, &join(path, "size")));
    if table.get("quantity").is_none() && table.get("size").is_none() {
        reader.problem(Problem::new(
            &node.at,
            path,
            "needs `quantity`, `size`, or both",
        ));
        return None;
    }
    Some(Formation {
        at: node.at.clone(),
        quantity,
        size,
    })
}

fn features(
    reader: &mut Reader,
    node: &Node,
    path: &str,
) -> Option<BTreeMap<String, super::model::Located<bool>>> {
    let table = reader.table(node, path)?;
    let mut out = BTreeMap::new();
    for (name, entry) in table {
        if let Some(b) = reader.boolean(&entry.node, &join(path, name)) {
            out.insert(name.clone(), b);
        }
    }
    Some(out)
}

fn pipeline(reader: &mut Reader, node: &Node, path: &str) -> Option<Pipeline> {
    let table = reader.table(node, path)?;
    reader.unknown_keys(table, path, &["name", "stage"]);
    let mut required = |key: &str| match table.get(key) {
        Some(e) => reader.text(&e.node, &join(path, key)),
        None => {
            reader.problem(Problem::new(&node.at, path, format!("`{key}` is required")));
            None
        }
    };
    let name = required("name");
    let stage = required("stage");
    Some(Pipeline {
        at: node.at.clone(),
        name: name?,
        stage: stage?,
    })
}
