//! What Heroku has: the live state of the environment's apps, typed.
//!
//! [`read`] fetches it (the only part that talks to Heroku); everything else
//! here turns Heroku's JSON into the model and is pure. A section is `None`
//! when the files do not manage it: it was never read. Entries heroin never
//! touches are kept apart or left out here: the default `*.herokuapp.com`
//! domain, add-on drains, the app owner and team pseudo-users, and config vars
//! owned by add-on attachments (listed in `owned_vars`). The add-on catalogue
//! of the services the files name comes along ([`Catalogue`]), so that every
//! plan can be checked before anything is planned for it.

pub mod read;

use std::collections::BTreeMap;

use serde_json::Value;

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

fn str_at(v: &Value, path: &[&str]) -> String {
    path.iter()
        .fold(v, |v, k| &v[*k])
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// An app from `GET /apps`.
pub fn app_from(v: &Value) -> LiveApp {
    LiveApp {
        id: str_at(v, &["id"]),
        name: str_at(v, &["name"]),
        region: str_at(v, &["region", "name"]),
        stack: str_at(v, &["build_stack", "name"]),
        team: v["team"]["name"].as_str().map(str::to_string),
        maintenance: v["maintenance"].as_bool().unwrap_or(false),
        acm: v["acm"].as_bool().unwrap_or(false),
        ..LiveApp::default()
    }
}

/// The add-ons attached to `app_id`, from the account-wide lists of add-ons
/// and attachments, and the config vars their attachments own.
pub fn addons_of(
    app_id: &str,
    addons: &[Value],
    attachments: &[Value],
) -> (Vec<LiveAddon>, BTreeMap<String, String>) {
    let mut out: Vec<LiveAddon> = Vec::new();
    let mut owned = BTreeMap::new();
    for att in attachments
        .iter()
        .filter(|a| a["app"]["id"].as_str() == Some(app_id))
    {
        let addon_id = str_at(att, &["addon", "id"]);
        let name = str_at(att, &["name"]);
        let Some(addon) = addons.iter().find(|a| a["id"].as_str() == Some(&addon_id)) else {
            continue;
        };
        // The add-on lists the vars of all its attachments; this one owns
        // those with its name as prefix.
        for var in addon["config_vars"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if var.starts_with(&format!("{name}_")) {
                owned.insert(var.to_string(), name.clone());
            }
        }
        match out.iter_mut().find(|a| a.id == addon_id) {
            Some(a) => a.attachments.push(name),
            None => out.push(LiveAddon {
                id: addon_id,
                name: str_at(addon, &["name"]),
                service: str_at(addon, &["addon_service", "name"]),
                plan: str_at(addon, &["plan", "name"]),
                billing_app: str_at(addon, &["app", "name"]),
                attachments: vec![name],
                state: AddonState::from(str_at(addon, &["state"]).as_str()),
            }),
        }
    }
    for a in &mut out {
        a.attachments.sort();
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    (out, owned)
}

/// Formation from `GET /apps/{app}/formation`.
pub fn formation_from(list: &[Value]) -> BTreeMap<String, LiveFormation> {
    list.iter()
        .map(|f| {
            let size = f["dyno_size"]["name"]
                .as_str()
                .or_else(|| f["size"].as_str())
                .unwrap_or_default();
            (
                str_at(f, &["type"]),
                LiveFormation {
                    quantity: f["quantity"].as_i64().unwrap_or(0),
                    size: size.to_string(),
                },
            )
        })
        .collect()
}

/// Feature states from `GET /apps/{app}/features`.
pub fn features_from(list: &[Value]) -> BTreeMap<String, bool> {
    list.iter()
        .map(|f| {
            (
                str_at(f, &["name"]),
                f["enabled"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

/// Buildpack names in order, from `GET /apps/{app}/buildpack-installations`.
/// The name is compared first: the URL may be Heroku's `urn:` form.
pub fn buildpacks_from(list: &[Value]) -> Vec<String> {
    let mut items: Vec<&Value> = list.iter().collect();
    items.sort_by_key(|b| b["ordinal"].as_i64().unwrap_or(0));
    items
        .iter()
        .map(|b| {
            b["buildpack"]["name"]
                .as_str()
                .or_else(|| b["buildpack"]["url"].as_str())
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

/// Custom domains from `GET /apps/{app}/domains` (the default one left out).
pub fn domains_from(list: &[Value]) -> Vec<String> {
    let mut d: Vec<String> = list
        .iter()
        .filter(|d| d["kind"].as_str() != Some("heroku"))
        .map(|d| str_at(d, &["hostname"]))
        .collect();
    d.sort();
    d
}

/// App drains from `GET /apps/{app}/log-drains` (add-on drains left out),
/// sorted by URL.
pub fn drains_from(list: &[Value]) -> Vec<LiveDrain> {
    let mut d: Vec<LiveDrain> = list
        .iter()
        .filter(|d| d["addon"].is_null())
        .map(|d| LiveDrain {
            url: str_at(d, &["url"]),
            id: str_at(d, &["id"]),
        })
        .collect();
    d.sort();
    d
}

/// Collaborators, without the owner and team pseudo-users.
pub fn collaborators_from(list: &[Value]) -> Vec<LiveCollaborator> {
    let mut c: Vec<LiveCollaborator> = list
        .iter()
        .filter(|c| c["role"].as_str() != Some("owner"))
        .filter(|c| !str_at(c, &["user", "email"]).ends_with("@herokumanager.com"))
        .map(|c| {
            let mut permissions: Vec<String> = c["permissions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p["name"].as_str().map(str::to_string))
                .collect();
            permissions.sort();
            LiveCollaborator {
                email: str_at(c, &["user", "email"]),
                permissions,
            }
        })
        .collect();
    c.sort_by(|a, b| a.email.cmp(&b.email));
    c
}

/// The coupling from `GET /apps/{app}/pipeline-couplings`, named through the
/// account's pipelines.
pub fn coupling_from(coupling: &Value, pipelines: &[Value]) -> LiveCoupling {
    let pipeline_id = str_at(coupling, &["pipeline", "id"]);
    let pipeline = pipelines
        .iter()
        .find(|p| p["id"].as_str() == Some(&pipeline_id))
        .map(|p| str_at(p, &["name"]))
        .unwrap_or_default();
    LiveCoupling {
        id: str_at(coupling, &["id"]),
        pipeline_id,
        pipeline,
        stage: str_at(coupling, &["stage"]),
    }
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
        assert_eq!(drains_from(&drains), [app_drain]);
        let domains = [
            json!({"hostname": "app.herokuapp.com", "kind": "heroku"}),
            json!({"hostname": "www.example.com", "kind": "custom"}),
        ];
        assert_eq!(domains_from(&domains), ["www.example.com"]);
        let collaborators = [
            json!({"role": "owner", "user": {"email": "me@example.com"}, "permissions": []}),
            json!({"role": "admin", "user": {"email": "acme@herokumanager.com"}, "permissions": []}),
            json!({"role": null, "user": {"email": "dev@example.com"}, "permissions": [{"name": "view"}]}),
        ];
        let c = collaborators_from(&collaborators);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].email, "dev@example.com");
        let bps = [
            json!({"ordinal": 1, "buildpack": {"url": "https://x", "name": "https://x"}}),
            json!({"ordinal": 0, "buildpack": {"url": "urn:buildpack:heroku/ruby", "name": "heroku/ruby"}}),
        ];
        assert_eq!(buildpacks_from(&bps), ["heroku/ruby", "https://x"]);
    }
}
