//! Heroku's size limits and characters it cannot store, checked before any
//! request so that apply never fails half-way on them. Pure.
//!
//! The numbers are Heroku's own, from Dev Center:
//! - "Configuration and Config Vars" (devcenter.heroku.com/articles/config-vars):
//!   "Config var data (the combination of all keys and values) cannot exceed
//!   32kb for each app."
//! - "Limits" (devcenter.heroku.com/articles/limits): "You can have up to 5
//!   log drains on any given Cedar-generation app", and "A single app can have
//!   up to 1,000 custom domains assigned to it."
//!
//! NUL characters: a config var becomes a process environment variable, a C
//! string, which cannot hold one; URLs and host names cannot either.
//!
//! Values that are still deferred (offline, `heroin validate`) are not
//! counted: the config var total is checked again when the variables are
//! known, before `diff` and `apply` plan anything. Add-ons' own config vars
//! (`DATABASE_URL`) count towards Heroku's total too, and are not known here.

use crate::config::model::{App, LText};
use crate::diag::Problem;

/// The most bytes of config var names and values one app may hold.
pub const CONFIG_BYTES: usize = 32 * 1024;
/// The most log drains one app may have.
pub const LOG_DRAINS: usize = 5;
/// The most custom domains one app may have.
pub const DOMAINS: usize = 1000;

pub(super) fn limits(app: &App, out: &mut Vec<Problem>) {
    let path = |field: &str| format!("apps.{}.{field}", app.key);
    let mut total = 0usize;
    let mut largest: Option<(&str, usize, &crate::diag::Origin)> = None;
    for (name, var) in app.config_vars.iter().flatten() {
        // Built only for a problem: this loop runs for every config var.
        let at = || format!("{}.{name}", path("config_vars"));
        if name.contains('\0') {
            out.push(nul(&var.key_at, &at(), "a config var name"));
        }
        if let Some(value) = var.value.value.known() {
            if value.contains('\0') {
                out.push(nul(&var.value.at, &at(), "a config var value"));
            }
            let size = name.len() + value.len();
            total = total.saturating_add(size);
            if largest.is_none_or(|(_, s, _)| size > s) {
                largest = Some((name, size, &var.key_at));
            }
        }
    }
    if total > CONFIG_BYTES
        && let Some((name, size, at)) = largest
    {
        out.push(
            Problem::new(
                at,
                path("config_vars"),
                format!(
                    "the config vars of apps.{} hold {total} bytes (names and values); Heroku accepts at most {CONFIG_BYTES} per app",
                    app.key
                ),
            )
            .with_hint(format!(
                "the largest is {name} ({size} bytes); keep large data in a file or an add-on, not in config vars"
            )),
        );
    }
    list(
        app.log_drains.as_deref(),
        &path("log_drains"),
        LOG_DRAINS,
        "log drains",
        out,
    );
    list(
        app.domains.as_deref(),
        &path("domains"),
        DOMAINS,
        "custom domains",
        out,
    );
    list(
        app.buildpacks.as_deref(),
        &path("buildpacks"),
        usize::MAX,
        "buildpacks",
        out,
    );
}

/// NUL characters in a list's entries, and more entries than Heroku allows.
fn list(items: Option<&[LText]>, path: &str, most: usize, what: &str, out: &mut Vec<Problem>) {
    let items = items.unwrap_or_default();
    for (i, item) in items.iter().enumerate() {
        if item.value.known().is_some_and(|v| v.contains('\0')) {
            out.push(nul(&item.at, &format!("{path}[{i}]"), "an entry"));
        }
    }
    if items.len() > most {
        out.push(
            Problem::new(
                &items[most].at,
                path,
                format!(
                    "{} {what}; Heroku allows at most {most} per app",
                    items.len()
                ),
            )
            .with_hint(format!("remove {} of them", items.len() - most)),
        );
    }
}

fn nul(at: &crate::diag::Origin, path: &str, what: &str) -> Problem {
    Problem::new(at, path, format!("{what} holds a NUL character (\\0)")).with_hint(
        "Heroku cannot store NUL characters: remove it (a `\\u0000` escape in the file?)",
    )
}
