//! `heroin export`: a heroin file for an app as Heroku has it.
//!
//! Pure but for [`files`], which writes an exported account into a new
//! directory: live state in, a document out, then TOML or YAML text. Every section
//! is exported, but what heroin never manages is left out (add-on-owned config
//! vars, the default domain, add-on drains, the owner). Secret-looking values
//! (names that [look secret](crate::secret::looks_secret); URLs with a
//! password) become `${NAME}` placeholders, and so do the secret parts of
//! drain URLs; the variables to set are returned with their values' origin,
//! never the values. No placeholder names a variable heroin reads for its own
//! credentials (`HEROKU_API_KEY`): such a config var gets the app's name in
//! front (`${WEBHOOKS_HEROKU_API_KEY}`).

use std::collections::BTreeMap;

pub mod account;
mod drain;
mod extra;
pub mod factor;
pub mod files;
pub mod select;
pub mod tables;

use crate::config::interpolate::app_variable;
use crate::live::{LiveAddon, LiveApp};
use crate::secret::{OWN_VARS, has_url_password, looks_secret};

/// A value in the exported document.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A list of values.
    List(Vec<Item>),
    /// A table, keys in order.
    Table(Vec<(String, Item)>),
}

/// An exported app: its document and the variables it needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Export {
    /// The whole document (`apps.<key>...`).
    pub document: Item,
    /// Variables the placeholders name, and what each holds.
    pub variables: Vec<(String, String)>,
    /// Things left out that the user should know about.
    pub notes: Vec<String>,
}

fn s(v: &str) -> Item {
    Item::Str(v.to_string())
}

/// The placeholder variable for a config var: its own name.
fn placeholder(name: &str) -> String {
    format!("${{{name}}}")
}

/// How placeholders are named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Naming {
    /// After the config var (`${SECRET_KEY_BASE}`, `${LOG_DRAIN_1_KEY}`):
    /// one app, one file.
    Own,
    /// After the app key and the config var (`${WEB_SECRET_KEY_BASE}`,
    /// `${WEB_LOG_DRAIN_1_KEY}`): many apps, one name per app across
    /// environments.
    AppKey,
}

/// The attachment that names an add-on on an app (not the
/// `HEROKU_POSTGRESQL_*` alias when there is another), and the entry key it
/// gives (`DATABASE` -> `database`).
pub fn addon_key(attachments: &[String]) -> Option<(&String, String)> {
    let attachment = attachments
        .iter()
        .find(|n| !n.starts_with("HEROKU_POSTGRESQL_"))
        .or(attachments.first())?;
    Some((
        attachment,
        attachment.to_ascii_lowercase().replace('_', "-"),
    ))
}

/// Whether the entry key `key` gives the attachment name `attachment` (else
/// the entry needs `as`).
pub fn needs_as(key: &str, attachment: &str) -> bool {
    key.to_ascii_uppercase().replace('-', "_") != attachment
}

/// What the document of an app may refer to beyond the app itself.
pub struct Context<'a> {
    /// How placeholders are named.
    pub naming: Naming,
    /// For an add-on another app pays for: the `attach` reference
    /// (`web.database`) when that app is in the same files, else `None`.
    pub attach: &'a dyn Fn(&LiveAddon) -> Option<String>,
}

/// Builds the document for `app`, under the key `key`.
pub fn export(key: &str, app: &LiveApp) -> Export {
    let context = Context {
        naming: Naming::Own,
        attach: &|_| None,
    };
    export_with(key, app, &context)
}

/// Builds the document for `app`, under the key `key`, in `context`.
pub fn export_with(key: &str, app: &LiveApp, context: &Context) -> Export {
    let naming = context.naming;
    let mut variables = Vec::new();
    let mut notes = Vec::new();
    let mut fields: Vec<(String, Item)> = vec![
        ("name".into(), s(&app.name)),
        ("region".into(), s(&app.region)),
        ("stack".into(), s(&app.stack)),
    ];
    if let Some(team) = &app.team {
        fields.push(("team".into(), s(team)));
    }
    if let Some(space) = &app.space {
        fields.push(("space".into(), s(space)));
    }
    fields.push(("maintenance".into(), Item::Bool(app.maintenance)));
    fields.push(("acm".into(), Item::Bool(app.acm)));
    let list = |v: &Option<Vec<String>>| Item::List(v.iter().flatten().map(|x| s(x)).collect());
    fields.push(("buildpacks".into(), list(&app.buildpacks)));
    fields.push(("domains".into(), list(&app.domains)));
    let prefix = match naming {
        Naming::Own => None,
        Naming::AppKey => Some(app_variable(key, "")),
    };
    let var_name = |name: &str| match &prefix {
        Some(p) => format!("{p}{name}"),
        None => name.to_string(),
    };
    // Config vars' placeholders are their own names: drains take others.
    let taken: std::collections::BTreeSet<String> = app
        .config_vars
        .iter()
        .flatten()
        .map(|(k, _)| var_name(k))
        .collect();
    let taken: std::collections::BTreeSet<&str> = taken.iter().map(String::as_str).collect();
    let drains = app.drains.iter().flatten().enumerate().map(|(i, d)| {
        let drain_prefix = var_name(&format!("LOG_DRAIN_{}", i + 1));
        let (text, vars) = drain::placeholders(i + 1, &drain_prefix, &d.url, &taken);
        variables.extend(vars);
        Item::Str(text)
    });
    fields.push(("log_drains".into(), Item::List(drains.collect())));
    let collaborators = app.collaborators.iter().flatten().map(|c| {
        if app.team.is_some() {
            let perms = Item::List(c.permissions.iter().map(|p| s(p)).collect());
            Item::Table(vec![
                ("email".into(), s(&c.email)),
                ("permissions".into(), perms),
            ])
        } else {
            s(&c.email)
        }
    });
    fields.push(("collaborators".into(), Item::List(collaborators.collect())));
    let mut vars = Vec::new();
    for (name, value) in app.config_vars.iter().flatten() {
        if app.owned_vars.contains_key(name) {
            continue;
        }
        if looks_secret(name) || has_url_password(value) {
            // A variable heroin reads for itself would put the operator's
            // token (or API) into the app: the app's value gets its own name.
            let var = if prefix.is_some() {
                var_name(name)
            } else if OWN_VARS.contains(&name.as_str()) {
                let var = app_variable(key, name);
                notes.push(format!(
                    "config var {name} is read from ${var}, not ${name}: heroin reads ${name} for its own credentials"
                ));
                var
            } else {
                name.clone()
            };
            variables.push((var.clone(), format!("config var {name}")));
            vars.push((name.clone(), Item::Str(placeholder(&var))));
        } else {
            // A `$` in a value would read as interpolation: write it as `$$`.
            vars.push((name.clone(), Item::Str(value.replace('$', "$$"))));
        }
    }
    fields.push(("config_vars".into(), Item::Table(vars)));
    let mut addons = Vec::new();
    for a in &app.addons {
        let Some((attachment, key)) = addon_key(&a.attachments) else {
            continue;
        };
        if a.billing_app != app.name {
            if let Some(target) = (context.attach)(a) {
                let mut entry = vec![("attach".into(), s(&target))];
                if needs_as(&key, attachment) {
                    entry.push(("as".into(), s(attachment)));
                }
                addons.push((key, Item::Table(entry)));
                continue;
            }
            notes.push(format!(
                "{attachment} is attached from {}: add that app to these files and use `attach` to manage it",
                a.billing_app
            ));
            continue;
        }
        let mut entry = vec![("plan".into(), s(&a.addon_plan))];
        if needs_as(&key, attachment) {
            entry.push(("as".into(), s(attachment)));
        }
        addons.push((key, Item::Table(entry)));
    }
    fields.push(("addons".into(), Item::Table(addons)));
    let formation = app.formation.iter().flatten().map(|(kind, f)| {
        let entry = vec![
            ("quantity".into(), Item::Int(f.quantity)),
            ("size".into(), s(&f.size.to_ascii_lowercase())),
        ];
        (kind.clone(), Item::Table(entry))
    });
    fields.push(("formation".into(), Item::Table(formation.collect())));
    let features = app
        .features
        .iter()
        .flatten()
        .filter(|(_, on)| **on)
        .map(|(n, _)| (n.clone(), Item::Bool(true)));
    fields.push(("features".into(), Item::Table(features.collect())));
    if let Some(Some(p)) = &app.pipeline {
        fields.push((
            "pipeline".into(),
            Item::Table(vec![
                ("name".into(), s(&p.pipeline)),
                ("stage".into(), s(&p.stage)),
            ]),
        ));
    }
    let more = extra::extra(app, &var_name);
    fields.extend(more.fields);
    variables.extend(more.variables);
    notes.extend(more.notes);
    let app_table = Item::Table(fields);
    Export {
        document: Item::Table(vec![(
            "apps".into(),
            Item::Table(vec![(key.to_string(), app_table)]),
        )]),
        variables,
        notes,
    }
}

fn quote(v: &str) -> String {
    serde_json::Value::String(v.to_string()).to_string()
}

fn bare_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        k.to_string()
    } else {
        quote(k)
    }
}

fn inline(item: &Item) -> String {
    match item {
        Item::Str(v) => quote(v),
        Item::Int(n) => n.to_string(),
        Item::Bool(b) => b.to_string(),
        Item::List(items) => format!(
            "[{}]",
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        Item::Table(fields) => {
            let inner: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{} = {}", bare_key(k), inline(v)))
                .collect();
            format!("{{ {} }}", inner.join(", "))
        }
    }
}

/// The document as TOML (1.0 syntax): the app's settings under
/// `[apps.KEY]`, each section (and each add-on) under a header of its own,
/// formation entries and collaborators inline. An empty section keeps its
/// header: present and empty means "Heroku should have none".
pub fn toml(doc: &Item) -> String {
    let mut out = String::new();
    if let Item::Table(fields) = doc {
        toml_table(&mut out, &[], fields);
    }
    out.trim_start().to_string()
}

fn toml_table(out: &mut String, path: &[String], fields: &[(String, Item)]) {
    // A pipeline's stages nest two levels deeper than an app's sections:
    // `[pipelines.NAME.stages.review.config_vars]`.
    let stages = path.first().map(String::as_str) == Some("pipelines")
        && path.get(2).map(String::as_str) == Some("stages")
        && path.len() < 5;
    let header = |item: &Item| {
        matches!(item, Item::Table(_))
            && (path.len() < 3 || stages || path.last().map(String::as_str) == Some("addons"))
    };
    let (tables, values): (Vec<_>, Vec<_>) = fields.iter().partition(|(_, v)| header(v));
    if path.len() >= 2 && (!values.is_empty() || tables.is_empty()) {
        out.push_str(&format!(
            "\n[{}]\n",
            path.iter()
                .map(|p| bare_key(p))
                .collect::<Vec<_>>()
                .join(".")
        ));
    }
    for (k, v) in values {
        out.push_str(&format!("{} = {}\n", bare_key(k), inline(v)));
    }
    for (k, v) in tables {
        if let Item::Table(sub) = v {
            let mut p = path.to_vec();
            p.push(k.clone());
            toml_table(out, &p, sub);
        }
    }
}

/// The document as YAML.
pub fn yaml(doc: &Item) -> String {
    let mut out = String::new();
    yaml_item(&mut out, 0, doc);
    out
}

fn yaml_item(out: &mut String, indent: usize, item: &Item) {
    let pad = " ".repeat(indent);
    if let Item::Table(fields) = item {
        for (k, v) in fields {
            match v {
                Item::Table(f) if !f.is_empty() && indent < 8 => {
                    out.push_str(&format!("{pad}{}:\n", bare_key(k)));
                    yaml_item(out, indent + 2, v);
                }
                other => out.push_str(&format!("{pad}{}: {}\n", bare_key(k), inline_yaml(other))),
            }
        }
    }
}

fn inline_yaml(item: &Item) -> String {
    match item {
        Item::Table(fields) => {
            let inner: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{}: {}", bare_key(k), inline_yaml(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        Item::List(items) => format!(
            "[{}]",
            items.iter().map(inline_yaml).collect::<Vec<_>>().join(", ")
        ),
        other => inline(other),
    }
}

/// A TOML or YAML document for a map of variables, for messages.
pub fn variables_message(vars: &[(String, String)]) -> String {
    let width = crate::render::columns::width(vars.iter().map(|(n, _)| n.as_str()));
    let lines: BTreeMap<&String, &String> = vars.iter().map(|(n, w)| (n, w)).collect();
    lines
        .iter()
        .map(|(n, w)| format!("  {}  {w}", crate::render::columns::pad(n, width)))
        .collect::<Vec<_>>()
        .join("\n")
}
