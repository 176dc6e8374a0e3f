//! What Heroku has: the live state of the environment's apps, typed.
//!
//! [`read`] fetches it (the only part that talks to Heroku); everything else
//! here turns Heroku's JSON into the model and is pure. A section is `None`
//! when the files do not manage it: it was never read. Entries heroin never
//! touches are kept apart or left out here: the default `*.herokuapp.com`
//! domain, add-on drains, the app owner and team pseudo-users, and config vars
//! owned by add-on attachments (listed in `owned_vars`). The add-on catalogue
//! of the services the files name comes along ([`Catalogue`]), so that every
//! plan can be checked before anything is planned for it. A response of
//! another shape than Heroku's is an error (see [`shape`]), never read as
//! "nothing there": an app list that does not parse must not plan to create
//! every app.

pub mod certs;
pub mod read;
pub mod shape;
pub mod telemetry;
pub mod webhooks;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::http::kind;
use crate::render::printable::printable;
use shape::{Shape, each, flag, integer, list as list_at, optional_string, string};

/// The live state of the environment's apps, by app key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Live {
    /// Each app of the files; `None` when Heroku has no app of that name.
    pub apps: BTreeMap<String, Option<LiveApp>>,
    /// The account's pipelines by name (read when an app manages a pipeline).
    pub pipelines: BTreeMap<String, String>,
    /// Heroku's add-on catalogue for the services the files name.
    pub catalogue: Catalogue,
}

/// What Heroku offers of the add-on services the files name (read once per
/// service and run), to check every plan before anything is planned for it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalogue {
    /// By service name: its plans (`service:plan`), or `None` when Heroku
    /// has no such service. A service missing here was not read.
    pub plans: BTreeMap<String, Option<Vec<String>>>,
    /// Every service Heroku offers: read only when one the files name is
    /// unknown, to suggest the closest.
    pub services: Vec<String>,
    /// The teams the account belongs to: read (`GET /teams`) only when an
    /// app to be created names a team, so that a typo in it is an error
    /// before anything is created.
    pub teams: Option<Vec<String>>,
}

impl Catalogue {
    /// Whether Heroku is known not to offer `plan` (`service:plan`): its
    /// service was read and has no such plan, or does not exist.
    pub fn refuses(&self, plan: &str) -> bool {
        let service = plan.split(':').next().unwrap_or_default();
        match self.plans.get(service) {
            Some(Some(plans)) => !plans.iter().any(|p| p == plan),
            Some(None) => true,
            None => false,
        }
    }
}

/// One app as Heroku has it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiveApp {
    /// Heroku's id.
    pub id: String,
    /// The app name.
    pub name: String,
    /// Region name.
    pub region: String,
    /// Build stack name (the stack of the next build).
    pub stack: String,
    /// Team name, for team apps.
    pub team: Option<String>,
    /// Maintenance mode.
    pub maintenance: bool,
    /// Automated Certificate Management.
    pub acm: bool,
    /// Config vars, add-on vars included (see `owned_vars`).
    pub config_vars: Option<BTreeMap<String, String>>,
    /// Config vars owned by add-on attachments: name -> attachment name.
    pub owned_vars: BTreeMap<String, String>,
    /// Add-ons attached to the app (billed here or elsewhere).
    pub addons: Vec<LiveAddon>,
    /// Formation by process type.
    pub formation: Option<BTreeMap<String, LiveFormation>>,
    /// Feature states by name.
    pub features: Option<BTreeMap<String, bool>>,
    /// Buildpack names, in order.
    pub buildpacks: Option<Vec<String>>,
    /// Custom domains (never the default one).
    pub domains: Option<Vec<String>>,
    /// Log drains (never the drains of add-ons).
    pub drains: Option<Vec<LiveDrain>>,
    /// Collaborators (never the owner nor team pseudo-users).
    pub collaborators: Option<Vec<LiveCollaborator>>,
    /// The pipeline coupling: `Some(None)` when the app is in no pipeline.
    pub pipeline: Option<Option<LiveCoupling>>,
    /// App webhooks.
    pub webhooks: Option<Vec<webhooks::LiveWebhook>>,
    /// Telemetry drains (Fir-generation apps).
    pub telemetry_drains: Option<Vec<telemetry::LiveTelemetryDrain>>,
    /// SNI endpoints (certificates).
    pub sni_endpoints: Option<Vec<certs::LiveSniEndpoint>>,
    /// The platform generation (`cedar`, `fir`), when Heroku says.
    pub generation: Option<String>,
}

/// A log drain: removed by its id, since its URL may hold a secret.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct LiveDrain {
    /// The URL.
    pub url: String,
    /// Heroku's id.
    pub id: String,
}

/// An add-on attached to an app.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiveAddon {
    /// Heroku's id.
    pub id: String,
    /// Global name (`postgresql-curved-12345`).
    pub name: String,
    /// Service (`heroku-postgresql`).
    pub service: String,
    /// Plan, `service:plan`.
    pub plan: String,
    /// The app that pays for it.
    pub billing_app: String,
    /// Its attachment names on this app.
    pub attachments: Vec<String>,
    /// Where Heroku is with it.
    pub state: AddonState,
    /// Its attachments on other apps (the billing app's included when it is
    /// another): destroying it detaches them too, which needs its own yes.
    pub elsewhere: Vec<Elsewhere>,
}

/// An attachment of an add-on on another app than the one read.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Elsewhere {
    /// The app's name.
    pub app: String,
    /// The attachment name on it.
    pub attachment: String,
}

impl std::fmt::Display for Elsewhere {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} as {}", self.app, self.attachment)
    }
}

/// Where Heroku is with an add-on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddonState {
    /// Being provisioned: not ready yet.
    Provisioning,
    /// Ready.
    Provisioned,
    /// Its provisioning failed, or it is gone: it never held data.
    Deprovisioned,
    /// A state heroin does not know, as Heroku named it.
    Other(String),
}

impl Default for AddonState {
    /// A state not said.
    fn default() -> AddonState {
        AddonState::Other(String::new())
    }
}

impl From<&str> for AddonState {
    fn from(s: &str) -> AddonState {
        match s {
            "provisioning" => AddonState::Provisioning,
            "provisioned" => AddonState::Provisioned,
            "deprovisioned" => AddonState::Deprovisioned,
            other => AddonState::Other(other.to_string()),
        }
    }
}

impl std::fmt::Display for AddonState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AddonState::Provisioning => "provisioning",
            AddonState::Provisioned => "provisioned",
            AddonState::Deprovisioned => "deprovisioned",
            AddonState::Other(s) => s,
        })
    }
}

/// One process type's formation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveFormation {
    /// Dyno count.
    pub quantity: i64,
    /// Dyno size name.
    pub size: String,
}

/// A collaborator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveCollaborator {
    /// Email.
    pub email: String,
    /// Team-app permission names, sorted.
    pub permissions: Vec<String>,
}

/// An app's pipeline coupling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveCoupling {
    /// The coupling's id.
    pub id: String,
    /// The pipeline's id.
    pub pipeline_id: String,
    /// The pipeline's name.
    pub pipeline: String,
    /// Stage.
    pub stage: String,
}

/// An app from `GET /apps`.
pub fn app_from(v: &Value) -> Result<LiveApp, Shape> {
    Ok(LiveApp {
        id: string(v, &["id"])?,
        name: string(v, &["name"])?,
        region: string(v, &["region", "name"])?,
        stack: string(v, &["build_stack", "name"])?,
        team: optional_string(v, &["team", "name"])?,
        maintenance: flag(v, &["maintenance"])?,
        acm: flag(v, &["acm"])?,
        generation: optional_string(v, &["generation", "name"])?,
        ..LiveApp::default()
    })
}

/// An app's add-ons, and the config vars their attachments own (name ->
/// attachment name).
pub type AppAddons = (Vec<LiveAddon>, BTreeMap<String, String>);

/// The add-ons attached to `app_id`, from the account-wide lists of add-ons
/// and attachments, and the config vars their attachments own. A bad entry
/// comes with the path of the list it is in.
pub fn addons_of(
    app_id: &str,
    addons: &[Value],
    attachments: &[Value],
) -> Result<AppAddons, (&'static str, Shape)> {
    let mut out: Vec<LiveAddon> = Vec::new();
    let mut owned = BTreeMap::new();
    let in_attachments = |e: Shape| ("/addon-attachments", e);
    let in_addons = |e: Shape| ("/addons", e);
    let apps = each(attachments, |a| string(a, &["app", "id"])).map_err(in_attachments)?;
    for att in attachments
        .iter()
        .zip(&apps)
        .filter(|(_, app)| *app == app_id)
        .map(|(a, _)| a)
    {
        let addon_id = string(att, &["addon", "id"]).map_err(in_attachments)?;
        let name = string(att, &["name"]).map_err(in_attachments)?;
        let Some(addon) = addons.iter().find(|a| a["id"].as_str() == Some(&addon_id)) else {
            continue;
        };
        // The add-on lists the vars of all its attachments; this one owns
        // those with its name as prefix.
        let vars = each(list_at(addon, &["config_vars"]).map_err(in_addons)?, |v| {
            string(v, &[])
        })
        .map_err(|e| in_addons(format!("`config_vars`, {e}")))?;
        for var in vars {
            if var.starts_with(&format!("{name}_")) {
                owned.insert(var, name.clone());
            }
        }
        match out.iter_mut().find(|a| a.id == addon_id) {
            Some(a) => a.attachments.push(name),
            None => out.push(LiveAddon {
                id: addon_id,
                name: string(addon, &["name"]).map_err(in_addons)?,
                service: string(addon, &["addon_service", "name"]).map_err(in_addons)?,
                plan: string(addon, &["plan", "name"]).map_err(in_addons)?,
                billing_app: string(addon, &["app", "name"]).map_err(in_addons)?,
                attachments: vec![name],
                state: AddonState::from(string(addon, &["state"]).map_err(in_addons)?.as_str()),
                elsewhere: Vec::new(),
            }),
        }
    }
    // The account-wide list holds the add-on's attachments on every app.
    for att in attachments
        .iter()
        .zip(&apps)
        .filter(|(_, app)| *app != app_id)
        .map(|(a, _)| a)
    {
        let addon_id = string(att, &["addon", "id"]).map_err(in_attachments)?;
        if let Some(a) = out.iter_mut().find(|a| a.id == addon_id) {
            a.elsewhere.push(Elsewhere {
                app: string(att, &["app", "name"]).map_err(in_attachments)?,
                attachment: string(att, &["name"]).map_err(in_attachments)?,
            });
        }
    }
    for a in &mut out {
        a.attachments.sort();
        a.elsewhere.sort();
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((out, owned))
}

/// Config vars from `GET /apps/{app}/config-vars`: an object of strings.
pub fn config_vars_from(v: &Value) -> Result<BTreeMap<String, String>, Shape> {
    let Value::Object(map) = v else {
        return Err(format!(
            "an object of config vars was expected, not {}",
            kind(v)
        ));
    };
    map.iter()
        .map(|(k, v)| match v {
            Value::String(s) => Ok((k.clone(), s.clone())),
            other => Err(format!(
                "config var `{}` is {}, not a string",
                printable(k),
                kind(other)
            )),
        })
        .collect()
}

/// Formation from `GET /apps/{app}/formation`.
pub fn formation_from(list: &[Value]) -> Result<BTreeMap<String, LiveFormation>, Shape> {
    Ok(each(list, |f| {
        let size = match optional_string(f, &["dyno_size", "name"])? {
            Some(size) => size,
            None => string(f, &["size"])?,
        };
        let formation = LiveFormation {
            quantity: integer(f, &["quantity"])?,
            size,
        };
        Ok((string(f, &["type"])?, formation))
    })?
    .into_iter()
    .collect())
}

/// Feature states from `GET /apps/{app}/features`.
pub fn features_from(list: &[Value]) -> Result<BTreeMap<String, bool>, Shape> {
    Ok(each(list, |f| {
        Ok((string(f, &["name"])?, flag(f, &["enabled"])?))
    })?
    .into_iter()
    .collect())
}

/// Buildpack names in order, from `GET /apps/{app}/buildpack-installations`.
/// The name is compared first: the URL may be Heroku's `urn:` form.
pub fn buildpacks_from(list: &[Value]) -> Result<Vec<String>, Shape> {
    let mut items = each(list, |b| {
        let name = match optional_string(b, &["buildpack", "name"])? {
            Some(name) => name,
            None => string(b, &["buildpack", "url"])?,
        };
        Ok((integer(b, &["ordinal"])?, name))
    })?;
    items.sort_by_key(|(ordinal, _)| *ordinal);
    Ok(items.into_iter().map(|(_, name)| name).collect())
}

/// Custom domains from `GET /apps/{app}/domains` (the default one left out).
pub fn domains_from(list: &[Value]) -> Result<Vec<String>, Shape> {
    let all = each(list, |d| {
        Ok((optional_string(d, &["kind"])?, string(d, &["hostname"])?))
    })?;
    let mut d: Vec<String> = all
        .into_iter()
        .filter(|(kind, _)| kind.as_deref() != Some("heroku"))
        .map(|(_, hostname)| hostname)
        .collect();
    d.sort();
    Ok(d)
}

/// App drains from `GET /apps/{app}/log-drains` (add-on drains left out),
/// sorted by URL.
pub fn drains_from(list: &[Value]) -> Result<Vec<LiveDrain>, Shape> {
    let all = each(list, |d| {
        let drain = LiveDrain {
            url: string(d, &["url"])?,
            id: string(d, &["id"])?,
        };
        Ok((d["addon"].is_null(), drain))
    })?;
    let mut d: Vec<LiveDrain> = all
        .into_iter()
        .filter(|(own, _)| *own)
        .map(|(_, drain)| drain)
        .collect();
    d.sort();
    Ok(d)
}

/// Collaborators, without the owner and team pseudo-users.
pub fn collaborators_from(list: &[Value]) -> Result<Vec<LiveCollaborator>, Shape> {
    let all = each(list, |c| {
        let mut permissions = each(list_at(c, &["permissions"])?, |p| string(p, &["name"]))
            .map_err(|e| format!("`permissions`, {e}"))?;
        permissions.sort();
        let owner = optional_string(c, &["role"])?.as_deref() == Some("owner");
        let collaborator = LiveCollaborator {
            email: string(c, &["user", "email"])?,
            permissions,
        };
        Ok((owner, collaborator))
    })?;
    let mut c: Vec<LiveCollaborator> = all
        .into_iter()
        .filter(|(owner, c)| !owner && !c.email.ends_with("@herokumanager.com"))
        .map(|(_, c)| c)
        .collect();
    c.sort_by(|a, b| a.email.cmp(&b.email));
    Ok(c)
}

/// The account's pipelines by name, from `GET /pipelines`.
pub fn pipelines_from(list: &[Value]) -> Result<BTreeMap<String, String>, Shape> {
    Ok(
        each(list, |p| Ok((string(p, &["name"])?, string(p, &["id"])?)))?
            .into_iter()
            .collect(),
    )
}

/// The coupling from `GET /apps/{app}/pipeline-couplings`, named through the
/// account's pipelines.
pub fn coupling_from(coupling: &Value, pipelines: &[Value]) -> Result<LiveCoupling, Shape> {
    let pipeline_id = string(coupling, &["pipeline", "id"])?;
    let pipeline = pipelines
        .iter()
        .find(|p| p["id"].as_str() == Some(&pipeline_id))
        .and_then(|p| p["name"].as_str())
        .unwrap_or_default()
        .to_string();
    Ok(LiveCoupling {
        id: string(coupling, &["id"])?,
        pipeline_id,
        pipeline,
        stage: string(coupling, &["stage"])?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn entries_heroin_never_touches_are_left_out() {
        let drains = [
            json!({"id": "d-1", "url": "syslog://a.example:1", "addon": null}),
            json!({"id": "d-2", "url": "syslog+tls://papertrail:2", "addon": {"id": "x"}}),
        ];
        let app_drain = LiveDrain {
            url: "syslog://a.example:1".into(),
            id: "d-1".into(),
        };
        assert_eq!(drains_from(&drains).unwrap(), [app_drain]);
        let domains = [
            json!({"hostname": "app.herokuapp.com", "kind": "heroku"}),
            json!({"hostname": "www.example.com", "kind": "custom"}),
        ];
        assert_eq!(domains_from(&domains).unwrap(), ["www.example.com"]);
        let collaborators = [
            json!({"role": "owner", "user": {"email": "me@example.com"}, "permissions": []}),
            json!({"role": "admin", "user": {"email": "acme@herokumanager.com"}, "permissions": []}),
            json!({"role": null, "user": {"email": "dev@example.com"}, "permissions": [{"name": "view"}]}),
        ];
        let c = collaborators_from(&collaborators).unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].email, "dev@example.com");
        let bps = [
            json!({"ordinal": 1, "buildpack": {"url": "https://x", "name": "https://x"}}),
            json!({"ordinal": 0, "buildpack": {"url": "urn:buildpack:heroku/ruby", "name": "heroku/ruby"}}),
        ];
        assert_eq!(buildpacks_from(&bps).unwrap(), ["heroku/ruby", "https://x"]);
    }
}
