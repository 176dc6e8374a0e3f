//! The live state a plan depended on, reduced to what the planner used: one
//! fact per entry (`config_vars.WEB_CONCURRENCY` -> `"2"`, `formation.web`
//! -> `"1 x basic"`), by app key and section, for a saved plan and for the
//! checks apply makes before it writes and between steps.
//!
//! A value that may be secret (its name or shape says so, the files give it
//! from the environment, a drain's or webhook's URL, a telemetry drain's
//! headers) is kept only as a keyed hash ([`crate::secret::keyed`]): apply
//! can tell that it changed, and no one can tell what it is. Entries the
//! plan never looks at are left out: config vars owned by add-ons or matched
//! by `ignore_config_vars`, features and process types the files do not
//! list. [`moved`] says, entry by entry, what is no longer as it was. Pure.

use std::collections::BTreeMap;

use crate::config::model::{App, Config};
use crate::live::{Live, LiveApp};
use crate::render::printable::printable;
use crate::secret::keyed::Key;
use crate::secret::{MASK, has_url_password, looks_like_key, looks_secret};
use crate::section::Section;

/// One entry as Heroku had it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    /// A value that is not secret, as it was.
    Value(String),
    /// The keyed hash of a value that may be secret.
    Hmac(String),
}

impl std::fmt::Display for Fact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fact::Value(v) => {
                f.write_str(&printable(&serde_json::Value::from(v.as_str()).to_string()))
            }
            Fact::Hmac(_) => f.write_str(MASK),
        }
    }
}

/// What the plan read of one app.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AppFacts {
    /// The app's name on Heroku.
    pub name: String,
    /// Whether Heroku had the app.
    pub exists: bool,
    /// Per section read (its name in the files): entry -> fact.
    pub sections: BTreeMap<String, BTreeMap<String, Fact>>,
}

/// What the plan read, by app key.
pub type Facts = BTreeMap<String, AppFacts>;

/// The facts of `live` that the plan of `desired` depended on.
pub fn facts(desired: &Config, live: &Live, key: &Key) -> Facts {
    facts_of(desired, live, key, None)
}

/// [`facts`] of the apps `only` names (`None`: every app): the check of one
/// app between steps costs that app, not the whole configuration.
pub fn facts_of(
    desired: &Config,
    live: &Live,
    key: &Key,
    only: Option<&[(String, String)]>,
) -> Facts {
    let chosen: Box<dyn Iterator<Item = (&String, &App)>> = match only {
        None => Box::new(desired.apps.iter()),
        Some(only) => Box::new(
            apps_in(only)
                .into_iter()
                .filter_map(|app| desired.apps.get_key_value(app)),
        ),
    };
    chosen
        .map(|(app_key, app)| {
            let name = app.name.value.known().unwrap_or_default().to_string();
            let found = live.apps.get(app_key).and_then(Option::as_ref);
            let facts = match found {
                None => AppFacts {
                    name,
                    exists: false,
                    sections: BTreeMap::new(),
                },
                Some(l) => AppFacts {
                    name: l.name.clone(),
                    exists: true,
                    sections: of_app(app, l, key),
                },
            };
            (app_key.clone(), facts)
        })
        .collect()
}

/// The apps of `(app, section)` pairs, each once.
fn apps_in(only: &[(String, String)]) -> std::collections::BTreeSet<&str> {
    only.iter().map(|(app, _)| app.as_str()).collect()
}

type Entries = BTreeMap<String, Fact>;

fn value(v: impl Into<String>) -> Fact {
    Fact::Value(v.into())
}

fn of_app(app: &App, l: &LiveApp, key: &Key) -> BTreeMap<String, Entries> {
    let mut out = BTreeMap::new();
    let mut put = |section: Section, entries: Entries| {
        out.insert(section.name().to_string(), entries);
    };
    // Where a hashed value is: its app, section and entry.
    let place = |section: &str, entry: &str| format!("{}:{section}.{entry}", l.name);
    let mut general = Entries::new();
    general.insert("id".into(), value(&l.id));
    general.insert("region".into(), value(&l.region));
    general.insert("stack".into(), value(&l.stack));
    general.insert("team".into(), value(l.team.clone().unwrap_or_default()));
    general.insert("maintenance".into(), value(l.maintenance.to_string()));
    general.insert("acm".into(), value(l.acm.to_string()));
    put(Section::App, general);
    if app.addons.is_some() || app.config_vars.is_some() {
        let addons = l.addons.iter().map(|a| {
            let elsewhere: Vec<String> = a.elsewhere.iter().map(ToString::to_string).collect();
            let fact = format!(
                "{} ({}) as {}; billed to {}; elsewhere: {}",
                a.addon_plan,
                a.state,
                a.attachments.join(", "),
                a.billing_app,
                elsewhere.join(", ")
            );
            (a.name.clone(), value(fact))
        });
        put(Section::Addons, addons.collect());
    }
    if let Some(vars) = &l.config_vars {
        let desired = app.config_vars.as_ref();
        let entries = vars
            .iter()
            .filter(|(name, _)| !l.owned_vars.contains_key(*name) && !app.ignores(name))
            .map(|(name, v)| {
                let from_env = desired
                    .and_then(|d| d.get(name))
                    .is_some_and(|d| d.value.value.is_secret());
                let secret =
                    from_env || looks_secret(name) || has_url_password(v) || looks_like_key(v);
                let fact = if secret {
                    Fact::Hmac(key.hash_at(&format!("{}:config_vars.{name}", l.name), v))
                } else {
                    value(v)
                };
                (name.clone(), fact)
            });
        put(Section::ConfigVars, entries.collect());
    }
    if let (Some(live), Some(listed)) = (&l.formation, &app.formation) {
        let entries = live
            .iter()
            .filter(|(kind, _)| listed.contains_key(*kind))
            .map(|(kind, f)| (kind.clone(), value(format!("{} x {}", f.quantity, f.size))));
        put(Section::Formation, entries.collect());
    }
    if let (Some(live), Some(listed)) = (&l.features, &app.features) {
        let entries = live
            .iter()
            .filter(|(name, _)| listed.contains_key(*name))
            .map(|(name, on)| (name.clone(), value(if *on { "on" } else { "off" })));
        put(Section::Features, entries.collect());
    }
    if let Some(packs) = &l.buildpacks {
        put(
            Section::Buildpacks,
            [(String::new(), value(packs.join(", ")))].into(),
        );
    }
    if let Some(domains) = &l.domains {
        put(
            Section::Domains,
            domains
                .iter()
                .map(|d| (d.clone(), value("present")))
                .collect(),
        );
    }
    if let Some(drains) = &l.drains {
        let entries = drains.iter().map(|d| {
            (
                d.id.clone(),
                Fact::Hmac(key.hash_at(&place("log_drains", &d.id), &d.url)),
            )
        });
        put(Section::LogDrains, entries.collect());
    }
    if let Some(people) = &l.collaborators {
        let entries = people
            .iter()
            .map(|c| (c.email.clone(), value(c.permissions.join(", "))));
        put(Section::Collaborators, entries.collect());
    }
    if let Some(coupling) = &l.pipeline {
        let fact = coupling.as_ref().map_or_else(
            || "none".to_string(),
            |c| format!("{} ({})", c.pipeline, c.stage),
        );
        put(Section::Pipeline, [(String::new(), value(fact))].into());
    }
    if let Some(hooks) = &l.webhooks {
        let entries = hooks.iter().map(|w| {
            let all = format!("{}\n{}\n{}", w.url, w.include.join(","), w.level);
            (
                w.id.clone(),
                Fact::Hmac(key.hash_at(&place("webhooks", &w.id), &all)),
            )
        });
        put(Section::Webhooks, entries.collect());
    }
    if let Some(drains) = &l.telemetry_drains {
        let entries = drains.iter().map(|d| {
            let headers: Vec<String> = d.headers.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let all = format!(
                "{}\n{}\n{}\n{}",
                d.endpoint,
                d.exporter_type,
                d.signals.join(","),
                headers.join("\n")
            );
            (
                d.id.clone(),
                Fact::Hmac(key.hash_at(&place("telemetry_drains", &d.id), &all)),
            )
        });
        put(Section::TelemetryDrains, entries.collect());
    }
    if let Some(endpoints) = &l.sni_endpoints {
        let entries = endpoints.iter().map(|e| {
            let fact = format!(
                "SHA-256 {}; domains: {}",
                e.cert.fingerprint,
                e.domains.join(", ")
            );
            (e.name.clone(), value(fact))
        });
        put(Section::SniEndpoints, entries.collect());
    }
    out
}

/// One entry that is no longer as the plan saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moved {
    /// The app's name on Heroku.
    pub app: String,
    /// `section.entry`, or `app` for the app itself.
    pub entry: String,
    /// As the plan saw it (`None`: not there).
    pub before: Option<Fact>,
    /// As it is now (`None`: gone).
    pub after: Option<Fact>,
}

impl std::fmt::Display for Moved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (app, entry) = (printable(&self.app), printable(&self.entry));
        if self.entry == "app" {
            let what = if self.after.is_some() {
                "created"
            } else {
                "deleted"
            };
            return write!(f, "app {app} was {what} on Heroku since the plan");
        }
        match (&self.before, &self.after) {
            (Some(b), Some(a)) => {
                write!(
                    f,
                    "{entry} on {app} changed on Heroku since the plan: {b} -> {a}"
                )
            }
            (None, Some(a)) => write!(f, "{entry} on {app} appeared on Heroku since the plan: {a}"),
            (Some(b), None) => {
                write!(
                    f,
                    "{entry} on {app} was removed on Heroku since the plan (it was {b})"
                )
            }
            (None, None) => write!(f, "{entry} on {app} changed on Heroku since the plan"),
        }
    }
}

/// What differs between `planned` and `now`, for the apps and sections of
/// `planned` that `only` keeps (all with `None`): `(app key, section name)`.
pub fn moved(planned: &Facts, now: &Facts, only: Option<&[(String, String)]>) -> Vec<Moved> {
    let mut out = Vec::new();
    let keep = |app: &str, section: &str| {
        only.is_none_or(|o| o.iter().any(|(a, s)| a == app && s == section))
    };
    let empty = AppFacts::default();
    // Only the apps named, when some are: the others were not read again.
    let chosen: Box<dyn Iterator<Item = (&String, &AppFacts)>> = match only {
        None => Box::new(planned.iter()),
        Some(only) => Box::new(
            apps_in(only)
                .into_iter()
                .filter_map(|app| planned.get_key_value(app)),
        ),
    };
    for (key, was) in chosen {
        let is = now.get(key).unwrap_or(&empty);
        let app_kept = only.is_none_or(|o| o.iter().any(|(a, _)| a == key));
        if was.exists != is.exists {
            if app_kept {
                out.push(Moved {
                    app: was.name.clone(),
                    entry: "app".into(),
                    before: was.exists.then(|| value("exists")),
                    after: is.exists.then(|| value("exists")),
                });
            }
            continue;
        }
        for (section, entries) in &was.sections {
            if !keep(key, section) {
                continue;
            }
            let none = Entries::new();
            let current = is.sections.get(section).unwrap_or(&none);
            let names: std::collections::BTreeSet<&String> =
                entries.keys().chain(current.keys()).collect();
            for name in names {
                let (b, a) = (entries.get(name), current.get(name));
                if b != a {
                    let entry = if name.is_empty() {
                        section.clone()
                    } else {
                        format!("{section}.{name}")
                    };
                    out.push(Moved {
                        app: was.name.clone(),
                        entry,
                        before: b.cloned(),
                        after: a.cloned(),
                    });
                }
            }
        }
    }
    out
}
