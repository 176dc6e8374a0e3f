//! Rendering a plan for people (in the spirit of terraform's plan) and as
//! JSON (`schemas/plan.schema.json`).
//!
//! Pure: a plan in, text or JSON out. Colors are a parameter (the `ui`
//! decides them). Secret values are `(sensitive)` unless `show_secrets`; the
//! JSON never holds a secret value at all.

pub mod columns;
pub mod cost;
pub mod date;
pub mod listing;
pub mod printable;

use printable::{printable, printable_lines};

use std::collections::BTreeMap;

use console::Style;
use serde_json::{Value, json};

pub mod markdown;
pub mod show;
#[cfg(test)]
mod tests;

use crate::plan::{Action, Change, Plan, Table, Waiting};
use crate::secret::Text;

/// How to render.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Use colors.
    pub color: bool,
    /// Print secret values instead of `(sensitive)`.
    pub show_secrets: bool,
}

fn symbol(action: Action) -> &'static str {
    match action {
        Action::Create => "+",
        Action::Update => "~",
        Action::Delete => "-",
        Action::Replace => "-/+",
        Action::Impossible => "!",
    }
}

fn style(action: Action, color: bool) -> Style {
    let s = match action {
        Action::Create => Style::new().green(),
        Action::Update => Style::new().yellow(),
        Action::Delete | Action::Replace => Style::new().red(),
        Action::Impossible => Style::new().magenta().bold(),
    };
    s.force_styling(color)
}

/// A value as the plan shows it: JSON-quoted (which escapes C0 controls),
/// then with what JSON leaves (C1 controls, bidi characters) escaped too.
fn value(t: &Text, show_secrets: bool) -> String {
    printable(&quoted(t, show_secrets)).into_owned()
}

fn quoted(t: &Text, show_secrets: bool) -> String {
    match t {
        Text::Secret(s) if show_secrets => Value::String(s.expose().to_string()).to_string(),
        // A URL with its secret parts masked reads as a value; else the mask.
        Text::Secret(s) if s.is_partly_shown() => Value::String(s.to_string()).to_string(),
        Text::Secret(s) => s.to_string(),
        Text::Plain(v) | Text::Deferred(v) => Value::String(v.clone()).to_string(),
    }
}

/// `section.key`, the key escaped: a live config var's name may hold
/// anything.
fn address(a: &crate::plan::Address) -> String {
    match &a.key {
        Some(k) => format!("{}.{}", a.section.name(), printable(k)),
        None => a.section.name().to_string(),
    }
}

fn line(c: &Change, o: Options) -> String {
    let address = address(&c.address);
    let v = |t: &Option<Text>| t.as_ref().map(|t| value(t, o.show_secrets));
    let values = match (v(&c.before), v(&c.after), c.action) {
        (Some(b), Some(a), _) => format!("{b} -> {a}"),
        (None, Some(a), _) => a,
        (Some(b), None, _) => b,
        (None, None, _) => String::new(),
    };
    let head = format!("{:>3} {address}", symbol(c.action));
    let mut text = style(c.action, o.color)
        .apply_to(format!("{head}: {values}"))
        .to_string();
    if c.action == Action::Replace {
        text.push_str(
            &style(c.action, o.color)
                .bold()
                .apply_to("  # must be replaced")
                .to_string(),
        );
    }
    if let Some(why) = &c.why {
        text.push_str(&format!("\n      {}", printable_lines(why)));
    }
    if let Some(destroys) = &c.destroys {
        text.push_str(&format!(
            "\n      {}",
            Style::new()
                .red()
                .bold()
                .force_styling(o.color)
                .apply_to(printable_lines(&destroys.to_string()))
        ));
    }
    text
}

/// A waiting entry: `... formation.web: 2 x standard-1x, waits for a
/// release that declares web`.
fn waiting_line(w: &Waiting, color: bool) -> String {
    let address = address(&w.address);
    let after = w
        .after
        .as_ref()
        .map(|a| format!("{}, ", printable(a)))
        .unwrap_or_default();
    let waits_for = printable(&w.waits_for);
    Style::new()
        .cyan()
        .force_styling(color)
        .apply_to(format!("... {address}: {after}waits for {waits_for}"))
        .to_string()
}

/// The summary line: `Plan: 1 to add, 2 to change, 0 to destroy.` (and
/// `, 1 waiting` when entries wait), or `No changes.`
pub fn summary(plan: &Plan) -> String {
    if plan.matches() {
        return "No changes. Heroku matches the files.".into();
    }
    let (add, change, destroy) = plan.counts();
    let waiting = match plan.waiting.len() {
        0 => String::new(),
        n => format!(", {n} waiting"),
    };
    let mut s = format!("Plan: {add} to add, {change} to change, {destroy} to destroy{waiting}.");
    let impossible = plan
        .changes
        .iter()
        .filter(|c| c.action == Action::Impossible)
        .count();
    if impossible > 0 {
        s.push_str(&format!(
            " {impossible} impossible: this plan cannot be applied until the files agree."
        ));
    }
    s
}

/// One app's part of a plan: its changes, warnings and waiting entries.
#[derive(Default)]
pub(crate) struct Part<'p> {
    changes: Vec<&'p Change>,
    warnings: Vec<&'p String>,
    waiting: Vec<&'p Waiting>,
}

/// Whose part of a plan: a table and a key under it (`apps`, `web`).
pub(crate) type Owner<'p> = (Table, &'p str);

fn owner(a: &crate::plan::Address) -> Owner<'_> {
    (a.table, a.app.as_str())
}

/// The plan's parts by table and key (apps first, by key), sorted; made in
/// one pass, so that rendering stays linear in the size of the plan.
pub(crate) fn apps(plan: &Plan) -> BTreeMap<Owner<'_>, Part<'_>> {
    let mut apps: BTreeMap<Owner, Part> = BTreeMap::new();
    for c in &plan.changes {
        apps.entry(owner(&c.address)).or_default().changes.push(c);
    }
    for (a, m) in &plan.warnings {
        apps.entry(owner(a)).or_default().warnings.push(m);
    }
    for w in &plan.waiting {
        apps.entry(owner(&w.address)).or_default().waiting.push(w);
    }
    apps
}

/// The header of a part: `apps.web (acme-web-prod)`, `pipelines.shop`.
/// `names` maps app keys to Heroku app names.
pub(crate) fn heading(owner: Owner, names: &BTreeMap<String, String>) -> (String, String) {
    let (table, key) = owner;
    let name = match table {
        Table::Apps => names.get(key).filter(|n| !n.is_empty()).cloned(),
        _ => None,
    };
    (
        format!("{}.{}", table.name(), printable(key)),
        name.unwrap_or_default(),
    )
}

/// The lines of one app's part of the plan, below its header: changes and
/// waiting entries in address order, warnings, what is not shown. Empty
/// when nothing changes, waits or warns in that app.
pub(crate) fn app_lines(plan: &Plan, owner: Owner, part: &Part, o: Options) -> Vec<String> {
    let mut out = Vec::new();
    let Part {
        changes,
        warnings,
        waiting,
    } = part;
    let hidden = match owner {
        (Table::Apps, app) => plan.hidden.get(app).cloned().unwrap_or_default(),
        _ => crate::plan::Hidden::default(),
    };
    if changes.is_empty() && warnings.is_empty() && waiting.is_empty() {
        return out;
    }
    // Waiting entries among the changes, in address order.
    let mut lines: Vec<(&crate::plan::Address, String)> =
        changes.iter().map(|c| (&c.address, line(c, o))).collect();
    lines.extend(
        waiting
            .iter()
            .map(|w| (&w.address, waiting_line(w, o.color))),
    );
    lines.sort_by(|a, b| a.0.cmp(b.0));
    out.extend(lines.into_iter().map(|(_, l)| l));
    for w in warnings {
        out.push(format!(
            "  {}: {}",
            Style::new()
                .yellow()
                .bold()
                .force_styling(o.color)
                .apply_to("warning"),
            printable_lines(w)
        ));
    }
    let mut quiet = Vec::new();
    if hidden.unchanged > 0 {
        quiet.push(format!("{} unchanged", hidden.unchanged));
    }
    if hidden.owned > 0 {
        quiet.push(format!("{} owned by add-ons", hidden.owned));
    }
    if hidden.ignored > 0 {
        quiet.push(format!("{} ignored", hidden.ignored));
    }
    if !quiet.is_empty() {
        out.push(
            Style::new()
                .dim()
                .force_styling(o.color)
                .apply_to(format!("      ({} not shown)", quiet.join(", ")))
                .to_string(),
        );
    }
    out
}

/// The plan as text. `names` maps app keys to Heroku app names.
pub fn text(plan: &Plan, names: &BTreeMap<String, String>, o: Options) -> String {
    let mut out = Vec::new();
    let env = plan.env.as_deref().unwrap_or("the base files");
    if !plan.matches() {
        out.push(format!("heroin plans these changes to {env}:"));
    }
    for (owner, part) in apps(plan) {
        let lines = app_lines(plan, owner, &part, o);
        if lines.is_empty() {
            continue;
        }
        let (head, name) = heading(owner, names);
        let name = match name.as_str() {
            "" => String::new(),
            n => format!(" ({})", printable(n)),
        };
        out.push(String::new());
        out.push(
            Style::new()
                .bold()
                .force_styling(o.color)
                .apply_to(format!("  # {head}{name}"))
                .to_string(),
        );
        out.extend(lines);
    }
    if !plan.matches() {
        out.push(String::new());
    }
    out.push(
        Style::new()
            .bold()
            .force_styling(o.color)
            .apply_to(summary(plan))
            .to_string(),
    );
    out.extend(cost_lines(plan));
    out.join("\n")
}

/// The cost lines under the summary, when the plan changes something and
/// its cost was read.
pub(crate) fn cost_lines(plan: &Plan) -> Vec<String> {
    match &plan.cost {
        // Nothing priced (no formation nor add-on managed): no line.
        Some(c) if !plan.matches() && !c.apps.is_empty() => cost::lines(c),
        _ => Vec::new(),
    }
}

fn json_value(t: &Option<Text>) -> Value {
    match t {
        Some(Text::Secret(s)) if s.is_partly_shown() => json!(s.to_string()),
        None | Some(Text::Secret(_)) => Value::Null,
        Some(Text::Plain(v)) | Some(Text::Deferred(v)) => json!(v),
    }
}

/// The plan as JSON (`schemas/plan.schema.json`): secret values are `null`
/// with `"sensitive": true`, always; a URL with secret parts (a drain) is
/// there with those parts masked.
pub fn json(plan: &Plan) -> Value {
    let (add, change, destroy) = plan.counts();
    let changes: Vec<Value> = plan
        .changes
        .iter()
        .map(|c| {
            let sensitive = [&c.before, &c.after]
                .iter()
                .any(|t| t.as_ref().is_some_and(Text::is_secret));
            json!({
                "table": c.address.table,
                "app": c.address.app,
                "section": c.address.section,
                "key": c.address.key,
                "action": c.action,
                "before": json_value(&c.before),
                "after": json_value(&c.after),
                "sensitive": sensitive,
                "why": c.why,
                "destroys": c.destroys.as_ref().map(ToString::to_string),
                "also_attached": also_attached(c),
            })
        })
        .collect();
    let warnings: Vec<Value> = plan
        .warnings
        .iter()
        .map(|(a, m)| json!({"table": a.table, "app": a.app, "section": a.section, "key": a.key, "message": m}))
        .collect();
    let waiting: Vec<Value> = plan
        .waiting
        .iter()
        .map(|w| {
            json!({
                "table": w.address.table,
                "app": w.address.app,
                "section": w.address.section,
                "key": w.address.key,
                "after": w.after,
                "waits_for": w.waits_for,
            })
        })
        .collect();
    json!({
        "format_version": "1",
        "env": plan.env,
        "changes": changes,
        "warnings": warnings,
        "waiting": waiting,
        "hidden": plan.hidden,
        "cost": plan.cost.as_ref().map(cost::json),
        "summary": {
            "add": add,
            "change": change,
            "destroy": destroy,
            "impossible": plan.changes.iter().filter(|c| c.action == Action::Impossible).count(),
            "waiting": plan.waiting.len(),
        },
    })
}

/// The other apps a change detaches an add-on from, for `--json`: what
/// `destroys` says of them, as data.
fn also_attached(c: &Change) -> Vec<Value> {
    let others = c.destroys.iter().flat_map(|d| &d.also_attached);
    others
        .map(|o| json!({"app": o.app, "attachment": o.attachment}))
        .collect()
}
