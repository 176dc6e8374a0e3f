//! Steps: one API call each, as data, in dependency order.
//!
//! A step names what Heroku receives, by Heroku's own field names; no
//! closures, no I/O. [`Step::order`] is the phase that orders a plan: apps
//! first, then add-ons (detach and destroy of what the files drop before
//! create; a replacement creates its new add-on under a temporary attachment
//! name, then moves the real name to it and only then destroys the old one;
//! attach last, once the add-ons it shares exist), config vars (one PATCH per app: one release), buildpacks,
//! formation, features, domains, drains, collaborators, pipeline couplings, webhooks and telemetry drains, certificates.

use std::collections::BTreeMap;

use crate::secret::Text;

/// Which add-on a step acts on. Heroku takes either form wherever it takes
/// an add-on; [`AddonRef::heroku`] writes it, only where a request is built.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AddonRef {
    /// By its global name (`postgresql-curved-12345`).
    Name(String),
    /// By one of its attachment names on an app: Heroku's `app::ATTACHMENT`.
    Attachment {
        /// The app.
        app: String,
        /// The attachment name on it.
        attachment: String,
    },
}

impl AddonRef {
    /// The add-on attached to `app` as `attachment`.
    pub fn attached(app: &str, attachment: &str) -> AddonRef {
        AddonRef::Attachment {
            app: app.to_string(),
            attachment: attachment.to_string(),
        }
    }

    /// The form Heroku takes in a path or a body.
    pub fn heroku(&self) -> String {
        self.to_string()
    }
}

impl std::fmt::Display for AddonRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AddonRef::Name(name) => f.write_str(name),
            AddonRef::Attachment { app, attachment } => write!(f, "{app}::{attachment}"),
        }
    }
}

/// One formation change of a process type.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FormationUpdate {
    /// Process type.
    pub kind: String,
    /// New quantity, if it changes.
    pub quantity: Option<i64>,
    /// New dyno size, if it changes.
    pub size: Option<String>,
}

/// One API call.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// `POST /apps` (or `/teams/apps`).
    CreateApp {
        /// App name.
        name: String,
        /// Region.
        region: Option<String>,
        /// Stack.
        stack: Option<String>,
        /// Team, for team apps.
        team: Option<String>,
        /// Private Space (a team app's).
        space: Option<String>,
    },
    /// `PATCH /apps/{app}`.
    UpdateApp {
        /// App name.
        app: String,
        /// Maintenance mode.
        maintenance: Option<bool>,
        /// Build stack.
        build_stack: Option<String>,
    },
    /// `POST` or `DELETE /apps/{app}/acm`.
    SetAcm {
        /// App name.
        app: String,
        /// On or off.
        enabled: bool,
    },
    /// `DELETE /addon-attachments/{id}` of the app's attachment `attachment`.
    Detach {
        /// App name.
        app: String,
        /// Attachment name.
        attachment: String,
    },
    /// `DELETE /apps/{app}/addons/{addon}`.
    DestroyAddon {
        /// The billing app's name.
        app: String,
        /// The add-on (by its global name).
        addon: AddonRef,
        /// It is attached to other apps too: sent with `force`, which
        /// detaches it from them. Carried out only once the person agreed.
        shared: bool,
    },
    /// `POST /apps/{app}/addons`.
    CreateAddon {
        /// App name.
        app: String,
        /// `service:plan`.
        addon_plan: String,
        /// Attachment name.
        attachment: String,
        /// Provisioning options.
        config: BTreeMap<String, Text>,
    },
    /// `PATCH /apps/{app}/addons/{addon}` with a new plan.
    ChangePlan {
        /// App name.
        app: String,
        /// The add-on (by its attachment on `app`).
        addon: AddonRef,
        /// New `service:plan`.
        addon_plan: String,
    },
    /// `POST /addon-attachments`.
    Attach {
        /// The app to attach to.
        app: String,
        /// The add-on (by its name, or its attachment on its billing app).
        addon: AddonRef,
        /// The attachment name on `app`.
        attachment: String,
    },
    /// `POST /addon-attachments` with `confirm`: gives the attachment name
    /// `attachment` on `app` to `addon`, taking it from the add-on that has
    /// it (the step of a replacement that switches the app over).
    MoveAttachment {
        /// The app whose attachment name moves.
        app: String,
        /// The add-on that gets it.
        addon: AddonRef,
        /// The attachment name (`DATABASE`).
        attachment: String,
    },
    /// `DELETE /apps/{app}/addons/{addon}` of a replaced add-on, once its
    /// attachment name has moved to its replacement.
    DestroyReplaced {
        /// The billing app's name.
        app: String,
        /// The old add-on (by its global name).
        addon: AddonRef,
        /// The attachment name it had, now its replacement's.
        attachment: String,
        /// It is attached to other apps too (see [`Step::DestroyAddon`]).
        shared: bool,
    },
    /// `DELETE /addon-attachments/{id}` of the temporary attachment name a
    /// replacement was created under, once it has the real one.
    DetachTemporary {
        /// App name.
        app: String,
        /// The temporary attachment name.
        attachment: String,
    },
    /// `PATCH /apps/{app}/config-vars`: every change of the app at once.
    PatchConfig {
        /// App name.
        app: String,
        /// Vars to set.
        set: BTreeMap<String, Text>,
        /// Vars to remove (sent as `null`).
        unset: Vec<String>,
    },
    /// `PUT /apps/{app}/buildpack-installations`.
    SetBuildpacks {
        /// App name.
        app: String,
        /// The whole ordered list.
        buildpacks: Vec<String>,
    },
    /// `PATCH /apps/{app}/formation`: every change of the app at once.
    Scale {
        /// App name.
        app: String,
        /// The changes.
        updates: Vec<FormationUpdate>,
    },
    /// `PATCH /apps/{app}/features/{feature}`.
    SetFeature {
        /// App name.
        app: String,
        /// Feature name.
        feature: String,
        /// On or off.
        enabled: bool,
    },
    /// `POST /apps/{app}/domains`.
    AddDomain {
        /// App name.
        app: String,
        /// Hostname.
        hostname: String,
    },
    /// `DELETE /apps/{app}/domains/{hostname}`.
    RemoveDomain {
        /// App name.
        app: String,
        /// Hostname.
        hostname: String,
    },
    /// `POST /apps/{app}/log-drains`.
    AddDrain {
        /// App name.
        app: String,
        /// URL (it may hold a secret).
        url: Text,
    },
    /// `DELETE /apps/{app}/log-drains/{id}`: by id, since the URL may hold a
    /// secret and a path is printed.
    RemoveDrain {
        /// App name.
        app: String,
        /// The drain's id.
        id: String,
    },
    /// `POST /apps/{app}/collaborators` (or `/teams/apps/...` with permissions).
    AddCollaborator {
        /// App name.
        app: String,
        /// Email.
        email: String,
        /// Permissions, for team apps.
        permissions: Option<Vec<String>>,
    },
    /// `PATCH /teams/apps/{app}/collaborators/{email}`.
    SetPermissions {
        /// App name.
        app: String,
        /// Email.
        email: String,
        /// Permissions.
        permissions: Vec<String>,
    },
    /// `DELETE /apps/{app}/collaborators/{email}`.
    RemoveCollaborator {
        /// App name.
        app: String,
        /// Email.
        email: String,
    },
    /// `POST /pipelines`.
    CreatePipeline {
        /// Pipeline name.
        name: String,
    },
    /// `POST /pipeline-couplings`.
    Couple {
        /// App name.
        app: String,
        /// Pipeline name (its id is looked up when applying).
        pipeline: String,
        /// Stage.
        stage: String,
    },
    /// `PATCH /pipeline-couplings/{id}`.
    SetStage {
        /// App name.
        app: String,
        /// The coupling's id.
        coupling: String,
        /// Stage.
        stage: String,
    },
    /// `DELETE /pipeline-couplings/{id}`.
    Uncouple {
        /// App name.
        app: String,
        /// The coupling's id.
        coupling: String,
    },
    /// An app webhook's create, update or removal.
    Webhook(super::webhooks::WebhookStep),
    /// A telemetry drain's create, update or removal.
    Telemetry(super::telemetry::TelemetryStep),
    /// An SNI endpoint's create, renewal or removal, or a domain's endpoint.
    Cert(super::certs::CertStep),
    /// A pipeline's stage config vars or review-app configuration.
    Pipeline(super::pipelines::PipelineStep),
    /// A team member's role or removal.
    Team(super::tables::TeamStep),
    /// A Private Space's inbound ruleset.
    Space(super::tables::SpaceStep),
}

impl Step {
    /// The values the step sends that may be secret (config var values,
    /// add-on options, a drain URL).
    pub fn texts(&self) -> Vec<&Text> {
        match self {
            Step::PatchConfig { set, .. } => set.values().collect(),
            Step::CreateAddon { config, .. } => config.values().collect(),
            Step::AddDrain { url, .. } => vec![url],
            Step::Webhook(w) => w.texts(),
            Step::Telemetry(t) => t.texts(),
            Step::Cert(c) => c.texts(),
            Step::Pipeline(p) => p.texts(),
            _ => Vec::new(),
        }
    }

    /// The phase that orders a plan's steps (lower first; a stable sort keeps
    /// the apps' order within a phase).
    pub fn order(&self) -> u8 {
        match self {
            Step::CreateApp { .. } => 0,
            Step::UpdateApp { .. } | Step::SetAcm { .. } | Step::CreatePipeline { .. } => 1,
            // A team app's collaborator must be a member of its team first;
            // an app's new space must let its traffic in.
            Step::Team(_) | Step::Space(_) => 1,
            Step::Detach { .. } => 2,
            Step::DestroyAddon { .. } => 3,
            Step::CreateAddon { .. } | Step::ChangePlan { .. } => 4,
            // A replacement's steps after its create keep the order they
            // were planned in: park the old add-on, move the name, destroy
            // the old one, drop the temporary name.
            Step::Attach { .. }
            | Step::MoveAttachment { .. }
            | Step::DestroyReplaced { .. }
            | Step::DetachTemporary { .. } => 5,
            Step::PatchConfig { .. } => 6,
            Step::SetBuildpacks { .. } => 7,
            Step::Scale { .. } => 8,
            Step::SetFeature { .. } => 9,
            Step::AddDomain { .. } | Step::RemoveDomain { .. } => 10,
            Step::AddDrain { .. } | Step::RemoveDrain { .. } => 11,
            Step::AddCollaborator { .. }
            | Step::SetPermissions { .. }
            | Step::RemoveCollaborator { .. } => 12,
            // After the pipeline is created (with its first coupling).
            Step::Couple { .. }
            | Step::SetStage { .. }
            | Step::Uncouple { .. }
            | Step::Pipeline(_) => 13,
            Step::Webhook(_) | Step::Telemetry(_) => 14,
            // After domains: a domain is pointed at its certificate once it
            // exists.
            Step::Cert(_) => 15,
        }
    }
}
