//! An environment's resolved configuration (merged and interpolated) for
//! `heroin show`: each value with the file:line:column it comes from, as
//! text for people or as JSON. Secrets are masked unless `show_secrets`.
//!
//! Pure: a `Config` in, text or JSON out; `cli::show` loads the files and
//! hands the result to `ui`.

#[path = "show_more.rs"]
mod more;
#[path = "show_tables.rs"]
mod tables;

use serde_json::{Value as Json, json};

use crate::config::model::{AddonSource, App, Config, LText, Located};
use crate::diag::Origin;
use crate::render::columns;
use crate::secret::{MASK, Text};

/// A value to show: rendered for text and JSON alike.
#[derive(Debug)]
pub enum Item {
    /// A scalar: its JSON value (null when masked), its text, its origin.
    Scalar {
        /// The value as JSON (`null` when masked).
        json: Json,
        /// The value as text.
        text: String,
        /// Whether it is secret.
        secret: bool,
        /// Where it was written.
        at: Origin,
    },
    /// A list, one item per line.
    List(Vec<Item>),
    /// A small table shown on one line (`{ quantity = 2, size = "..." }`).
    Inline(Vec<(String, Item)>, Origin),
    /// A table shown under its own `[header]`.
    Table(Vec<(String, Item)>),
}

fn text(t: &LText, show_secrets: bool) -> Item {
    let (json, shown) = match &t.value {
        // A URL with secret parts (a drain) shows them masked, the rest as is.
        Text::Secret(s) if !show_secrets && s.is_partly_shown() => {
            (Json::Null, Json::String(s.to_string()).to_string())
        }
        Text::Secret(_) if !show_secrets => (Json::Null, MASK.to_string()),
        value => {
            let s = value.known().unwrap_or_default().to_string();
            (Json::String(s.clone()), Json::String(s).to_string())
        }
    };
    Item::Scalar {
        json,
        text: shown,
        secret: t.value.is_secret(),
        at: t.at.clone(),
    }
}

fn scalar<T: Into<Json> + ToString + Clone>(v: &Located<T>) -> Item {
    Item::Scalar {
        json: v.value.clone().into(),
        text: v.value.to_string(),
        secret: false,
        at: v.at.clone(),
    }
}

/// The top-level tables: `apps` (every app, in the order of the file
/// format), then the pipelines, teams and spaces the files have.
pub fn items(config: &Config, show_secrets: bool) -> Vec<(String, Item)> {
    let apps = config
        .apps
        .iter()
        .map(|(key, app)| (key.clone(), Item::Table(app_items(app, show_secrets))))
        .collect();
    let mut out = vec![("apps".to_string(), Item::Table(apps))];
    out.extend(tables::items(config, show_secrets));
    out
}

fn app_items(app: &App, s: bool) -> Vec<(String, Item)> {
    let t = |v: &LText| text(v, s);
    let list = |v: &[LText]| Item::List(v.iter().map(t).collect());
    let mut out: Vec<(String, Item)> = vec![("name".into(), t(&app.name))];
    let mut push = |k: &str, item: Option<Item>| out.extend(item.map(|i| (k.to_string(), i)));
    push("region", app.region.as_ref().map(t));
    push("stack", app.stack.as_ref().map(t));
    push("team", app.team.as_ref().map(t));
    push("space", app.space.as_ref().map(t));
    push("maintenance", app.maintenance.as_ref().map(scalar));
    push("acm", app.acm.as_ref().map(scalar));
    push("buildpacks", app.buildpacks.as_deref().map(list));
    push("domains", app.domains.as_deref().map(list));
    push("log_drains", app.log_drains.as_deref().map(list));
    push(
        "collaborators",
        app.collaborators.as_ref().map(|cs| {
            Item::List(
                cs.iter()
                    .map(|c| {
                        let mut fields = vec![("email".to_string(), t(&c.email))];
                        fields.extend(
                            c.permissions
                                .as_deref()
                                .map(|p| ("permissions".to_string(), list(p))),
                        );
                        Item::Inline(fields, c.email.at.clone())
                    })
                    .collect(),
            )
        }),
    );
    if !app.ignore_config_vars.is_empty() {
        push("ignore_config_vars", Some(list(&app.ignore_config_vars)));
    }
    push(
        "config_vars",
        app.config_vars
            .as_ref()
            .map(|vars| Item::Table(vars.iter().map(|(k, v)| (k.clone(), t(&v.value))).collect())),
    );
    push(
        "addons",
        app.addons.as_ref().map(|addons| {
            Item::Table(
                addons
                    .iter()
                    .map(|(k, a)| {
                        let mut fields = Vec::new();
                        match &a.source {
                            AddonSource::Provision { addon_plan, config } => {
                                fields.push(("plan".to_string(), t(addon_plan)));
                                if !config.is_empty() {
                                    let opts =
                                        config.iter().map(|(k, v)| (k.clone(), t(v))).collect();
                                    fields.push((
                                        "config".to_string(),
                                        Item::Inline(opts, addon_plan.at.clone()),
                                    ));
                                }
                            }
                            AddonSource::Attach { reference, .. } => {
                                fields.push(("attach".to_string(), t(reference)))
                            }
                        }
                        fields.extend(a.as_.as_ref().map(|x| ("as".to_string(), t(x))));
                        (k.clone(), Item::Table(fields))
                    })
                    .collect(),
            )
        }),
    );
    push(
        "formation",
        app.formation.as_ref().map(|f| {
            Item::Table(
                f.iter()
                    .map(|(kind, e)| {
                        let mut fields = Vec::new();
                        fields.extend(
                            e.quantity
                                .as_ref()
                                .map(|q| ("quantity".to_string(), scalar(q))),
                        );
                        fields.extend(e.size.as_ref().map(|z| ("size".to_string(), t(z))));
                        (kind.clone(), Item::Inline(fields, e.at.clone()))
                    })
                    .collect(),
            )
        }),
    );
    push(
        "features",
        app.features
            .as_ref()
            .map(|f| Item::Table(f.iter().map(|(k, v)| (k.clone(), scalar(v))).collect())),
    );
    push(
        "pipeline",
        app.pipeline.as_ref().map(|p| {
            Item::Table(vec![
                ("name".into(), t(&p.name)),
                ("stage".into(), t(&p.stage)),
            ])
        }),
    );
    out.extend(more::items(app, s));
    out
}

/// The configuration as annotated, TOML-like text.
pub fn render_text(config: &Config, top: &[(String, Item)]) -> String {
    let mut lines: Vec<(String, String)> = vec![(
        format!(
            "# {}: {}",
            config.env.as_deref().unwrap_or("base"),
            config.files.join(" + ")
        ),
        String::new(),
    )];
    for (name, item) in top {
        if let Item::Table(entries) = item {
            table_lines(name, entries, &mut lines);
        }
    }
    let width = columns::width(
        lines
            .iter()
            .filter(|(_, c)| !c.is_empty())
            .map(|(l, _)| l.as_str()),
    );
    lines
        .into_iter()
        .map(|(line, from)| {
            if from.is_empty() {
                line
            } else {
                format!("{}  # {from}", columns::pad(&line, width))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn table_lines(path: &str, entries: &[(String, Item)], lines: &mut Vec<(String, String)>) {
    let (tables, values): (Vec<_>, Vec<_>) = entries
        .iter()
        .partition(|(_, i)| matches!(i, Item::Table(_)));
    let in_apps = path == "apps";
    // A table holding only sub-tables needs no header of its own.
    if !in_apps && (entries.is_empty() || !values.is_empty()) {
        lines.push((String::new(), String::new()));
        lines.push((format!("[{path}]"), String::new()));
        if entries.is_empty() {
            lines.push((
                "# empty: heroin removes what Heroku has here".into(),
                String::new(),
            ));
        }
    }
    for (key, item) in values {
        match item {
            Item::List(items) if !items.is_empty() => {
                lines.push((format!("{} = [", key_text(key)), String::new()));
                for i in items {
                    lines.push((format!("  {},", inline(i)), origin(i)));
                }
                lines.push(("]".into(), String::new()));
            }
            other => lines.push((
                format!("{} = {}", key_text(key), inline(other)),
                origin(other),
            )),
        }
    }
    for (key, item) in tables {
        if let Item::Table(entries) = item {
            table_lines(&format!("{path}.{}", key_text(key)), entries, lines);
        }
    }
}

fn key_text(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        key.to_string()
    } else {
        Json::String(key.to_string()).to_string()
    }
}

fn inline(item: &Item) -> String {
    match item {
        Item::Scalar { text, .. } => text.clone(),
        Item::List(items) => format!(
            "[{}]",
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        Item::Inline(fields, _) | Item::Table(fields) => {
            let inner: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{} = {}", key_text(k), inline(v)))
                .collect();
            format!("{{ {} }}", inner.join(", "))
        }
    }
}

fn origin(item: &Item) -> String {
    match item {
        Item::Scalar { at, .. } | Item::Inline(_, at) => at.to_string(),
        _ => String::new(),
    }
}

/// The configuration as JSON: each scalar `{"value", "from"}` (and
/// `"secret": true`, with a null value unless shown), lists as arrays.
pub fn render_json(config: &Config, top: &[(String, Item)]) -> Json {
    let mut out = json!({
        "env": config.env,
        "files": config.files,
    });
    for (name, item) in top {
        if let Item::Table(entries) = item {
            out[name] = object(entries);
        }
    }
    out
}

fn object(entries: &[(String, Item)]) -> Json {
    Json::Object(
        entries
            .iter()
            .map(|(k, v)| (k.clone(), item_json(v)))
            .collect(),
    )
}

fn item_json(item: &Item) -> Json {
    match item {
        Item::Scalar {
            json, secret, at, ..
        } => {
            let mut v = json!({"value": json, "from": at.to_string()});
            if *secret {
                v["secret"] = Json::Bool(true);
            }
            v
        }
        Item::List(items) => Json::Array(items.iter().map(item_json).collect()),
        Item::Inline(fields, _) | Item::Table(fields) => object(fields),
    }
}
