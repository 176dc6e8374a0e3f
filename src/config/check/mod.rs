//! Checks what Heroku would refuse, or what is surely a mistake, in a resolved
//! [`Config`]: the rules the JSON Schema cannot express.
//!
//! Values that are deferred (offline, they need the process environment) are
//! skipped: only what is known without the environment is judged. Messages
//! show values through [`Text`](crate::secret::Text)'s `Display`, so a secret is never printed.
//! Pure: config in, problems out.

mod addons;
mod catalogue;
mod certs;
mod limits;
mod rules;
mod telemetry;
mod webhooks;

pub use catalogue::{catalogue, teams};

use std::collections::{BTreeMap, BTreeSet};

use super::model::{App, Config, LText};
use super::read::join;
use crate::diag::{Problem, did_you_mean};
use crate::heroku;

/// What is probably a mistake but works, in `config` (problems that are
/// warnings: `heroin validate` reports them and still exits 0).
pub fn warnings(config: &Config) -> Vec<Problem> {
    let mut warnings = Vec::new();
    for app in config.apps.values() {
        rules::personal_permissions(app, &mut warnings);
    }
    warnings
}

/// Every problem in `config`.
pub fn check(config: &Config) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut names: BTreeMap<&str, &App> = BTreeMap::new();
    for app in config.apps.values() {
        check_app(config, app, &mut problems);
        if let Some(name) = app.name.value.known() {
            if let Some(first) = names.get(name) {
                problems.push(
                    Problem::new(
                        &app.name.at,
                        format!("apps.{}.name", app.key),
                        format!("`{name}` is also the name of apps.{}", first.key),
                    )
                    .with_hint("every app of an environment needs its own Heroku name"),
                );
            } else {
                names.insert(name, app);
            }
        }
    }
    for p in config.pipelines.values() {
        crate::config::pipelines::check(p, &mut problems);
    }
    for t in config.teams.values() {
        crate::config::teams::check(t, &mut problems);
    }
    for s in config.spaces.values() {
        crate::config::spaces::check(s, &mut problems);
    }
    problems
}

fn check_app(config: &Config, app: &App, out: &mut Vec<Problem>) {
    let path = |field: &str| format!("apps.{}.{field}", app.key);
    if let Some(name) = app.name.value.known()
        && !heroku::is_app_name(name)
    {
        out.push(Problem::new(&app.name.at, path("name"), format!("`{name}` is not a valid Heroku app name"))
            .with_hint("3 to 30 lowercase letters, digits and dashes, starting with a letter and not ending with a dash"));
    }
    unique(app.buildpacks.as_deref(), &path("buildpacks"), out);
    domains(app, &path("domains"), out);
    drains(app, &path("log_drains"), out);
    collaborators(app, &path("collaborators"), out);
    for (i, glob) in app.ignore_config_vars.iter().enumerate() {
        if let Some(g) = glob.value.known()
            && !heroku::is_config_var_glob(g)
        {
            out.push(
                Problem::new(
                    &glob.at,
                    format!("{}[{i}]", path("ignore_config_vars")),
                    format!("`{g}` is not a config var glob"),
                )
                .with_hint("use letters, digits, `_`, and `*` or `?` as wildcards"),
            );
        }
    }
    addons::addons(config, app, out);
    addons::config_vars(config, app, out);
    formation(app, &path("formation"), out);
    rules::dyno_tiers(app, &path("formation"), out);
    limits::limits(app, out);
    webhooks::check(app, out);
    telemetry::check(app, out);
    certs::check(app, out);
    if let Some(p) = &app.pipeline {
        if let Some(name) = p.name.value.known()
            && !heroku::is_pipeline_name(name)
        {
            out.push(
                Problem::new(
                    &p.name.at,
                    path("pipeline.name"),
                    format!("`{name}` is not a valid pipeline name"),
                )
                .with_hint("3 to 30 lowercase letters, digits and dashes, starting with a letter"),
            );
        }
        one_of(
            &p.stage,
            heroku::PIPELINE_STAGES,
            &path("pipeline.stage"),
            "pipeline stage",
            out,
        );
    }
}

fn one_of(value: &LText, allowed: &[&str], path: &str, what: &str, out: &mut Vec<Problem>) {
    let Some(v) = value.value.known() else { return };
    if !allowed.contains(&v) {
        let hint = did_you_mean(v, allowed.iter().copied())
            .unwrap_or_else(|| format!("one of: {}", allowed.join(", ")));
        out.push(Problem::new(&value.at, path, format!("`{v}` is not a {what}")).with_hint(hint));
    }
}

/// Reports repeated entries of a list.
fn unique(items: Option<&[LText]>, path: &str, out: &mut Vec<Problem>) {
    let mut seen = BTreeSet::new();
    for (i, item) in items.unwrap_or_default().iter().enumerate() {
        if let Some(v) = item.value.known()
            && !seen.insert(v)
        {
            out.push(Problem::new(
                &item.at,
                format!("{path}[{i}]"),
                format!("`{}` is listed twice", item.value),
            ));
        }
    }
}

fn domains(app: &App, path: &str, out: &mut Vec<Problem>) {
    unique(app.domains.as_deref(), path, out);
    for (i, d) in app.domains.iter().flatten().enumerate() {
        let Some(host) = d.value.known() else {
            continue;
        };
        let here = format!("{path}[{i}]");
        if host.ends_with(".herokuapp.com") {
            out.push(
                Problem::new(
                    &d.at,
                    here,
                    format!("`{host}` is the app's default domain, which Heroku manages"),
                )
                .with_hint("list only custom domains"),
            );
        } else if !heroku::is_domain(host) {
            let hint = if host.chars().any(|c| c.is_ascii_uppercase()) {
                "write domain names in lower case"
            } else {
                "a hostname such as www.example.com or *.example.com, without scheme or path"
            };
            out.push(
                Problem::new(&d.at, here, format!("`{}` is not a domain name", d.value))
                    .with_hint(hint),
            );
        }
    }
}

fn drains(app: &App, path: &str, out: &mut Vec<Problem>) {
    unique(app.log_drains.as_deref(), path, out);
    for (i, d) in app.log_drains.iter().flatten().enumerate() {
        let Some(url) = d.value.known() else { continue };
        if let Some(why) = heroku::drain_url_problem(url) {
            out.push(Problem::new(&d.at, format!("{path}[{i}]"), format!("the drain URL {why}"))
                .with_hint("for example syslog+tls://logs.example.net:6514 or https://logs.example.net/ingest"));
        }
    }
}

fn collaborators(app: &App, path: &str, out: &mut Vec<Problem>) {
    let mut seen = BTreeSet::new();
    for (i, c) in app.collaborators.iter().flatten().enumerate() {
        let here = format!("{path}[{i}]");
        if let Some(email) = c.email.value.known() {
            if !heroku::is_email(email) {
                out.push(Problem::new(
                    &c.email.at,
                    &here,
                    format!("`{}` is not an email address", c.email.value),
                ));
            } else if !seen.insert(email.to_ascii_lowercase()) {
                out.push(Problem::new(
                    &c.email.at,
                    &here,
                    format!("`{}` is listed twice", c.email.value),
                ));
            }
        }
        let Some(perms) = &c.permissions else {
            continue;
        };
        for (j, p) in perms.iter().enumerate() {
            one_of(
                p,
                heroku::PERMISSIONS,
                &format!("{here}.permissions[{j}]"),
                "permission",
                out,
            );
        }
        let names: Vec<&str> = perms.iter().filter_map(|p| p.value.known()).collect();
        if names.len() == perms.len() && !names.contains(&"view") {
            let at = perms.first().map_or(&c.email.at, |p| &p.at);
            out.push(
                Problem::new(
                    at,
                    format!("{here}.permissions"),
                    "must include `view`, which Heroku always grants",
                )
                .with_hint("add \"view\" to the list"),
            );
        }
    }
}

fn formation(app: &App, path: &str, out: &mut Vec<Problem>) {
    for (kind, f) in app.formation.iter().flatten() {
        let here = join(path, kind);
        if !heroku::is_process_type(kind) {
            out.push(
                Problem::new(&f.at, &here, format!("`{kind}` is not a process type name"))
                    .with_hint("letters, digits, `_` and `-`, as in the Procfile"),
            );
        }
        if let Some(q) = &f.quantity
            && q.value < 0
        {
            out.push(Problem::new(
                &q.at,
                format!("{here}.quantity"),
                format!("quantity {} is negative", q.value),
            ));
        }
        if let Some(size) = &f.size
            && let Some(s) = size.value.known()
            && !heroku::is_dyno_size(s)
        {
            let hint = did_you_mean(&s.to_ascii_lowercase(), heroku::DYNO_SIZES.iter().copied())
                .unwrap_or_else(|| {
                    "sizes: eco, basic, standard-1x, standard-2x, performance-m, performance-l, ..."
                        .into()
                });
            out.push(
                Problem::new(
                    &size.at,
                    format!("{here}.size"),
                    format!("`{s}` is not a dyno size"),
                )
                .with_hint(hint),
            );
        }
    }
}
