//! One section of one live app, decoded on the thread that read it.
//!
//! Heroku's answers are JSON trees several times the size of what heroin
//! keeps of them. Decoded where they arrive, the raw answers of a whole
//! account are never all held at once (at a thousand apps of two hundred
//! config vars each they were the largest thing in memory). Pure: an answer
//! in, a [`Found`] or a description of its wrong shape out; `read` adds the
//! request to the error and puts the value on the app.

use std::collections::BTreeMap;

use serde_json::Value;

use super::certs::{LiveSniEndpoint, sni_endpoints_from};
use super::shape::Shape;
use super::telemetry::{LiveTelemetryDrain, telemetry_drains_from};
use super::webhooks::{LiveWebhook, webhooks_from};
use super::{
    LiveApp, LiveCollaborator, LiveCoupling, LiveDrain, LiveFormation, buildpacks_from,
    collaborators_from, config_vars_from, coupling_from, domains_from, drains_from, features_from,
    formation_from,
};
use crate::section::Section;

/// What one section's answer says, in heroin's terms.
pub(super) enum Found {
    ConfigVars(BTreeMap<String, String>),
    Formation(BTreeMap<String, LiveFormation>),
    Features(BTreeMap<String, bool>),
    Buildpacks(Vec<String>),
    Domains(Vec<String>),
    Drains(Vec<LiveDrain>),
    Collaborators(Vec<LiveCollaborator>),
    Pipeline(Option<LiveCoupling>),
    Webhooks(Vec<LiveWebhook>),
    TelemetryDrains(Vec<LiveTelemetryDrain>),
    SniEndpoints(Vec<LiveSniEndpoint>),
    /// A section that is not read per app.
    Nothing,
}

/// Decodes the `answer` to `section`'s request (`None`: nothing there);
/// `pipelines` is the account's list, which names a coupling's pipeline.
pub(super) fn decode(
    section: Section,
    answer: Option<Value>,
    pipelines: &[Value],
) -> Result<Found, Shape> {
    // Lists come from `Client::list`, which checked they are lists.
    let items = match &answer {
        Some(Value::Array(items)) => items.as_slice(),
        _ => &[],
    };
    Ok(match section {
        Section::ConfigVars => {
            Found::ConfigVars(config_vars_from(answer.as_ref().unwrap_or(&Value::Null))?)
        }
        Section::Formation => Found::Formation(formation_from(items)?),
        Section::Features => Found::Features(features_from(items)?),
        Section::Buildpacks => Found::Buildpacks(buildpacks_from(items)?),
        Section::Domains => Found::Domains(domains_from(items)?),
        Section::LogDrains => Found::Drains(drains_from(items)?),
        Section::Collaborators => Found::Collaborators(collaborators_from(items)?),
        Section::Pipeline => Found::Pipeline(
            answer
                .as_ref()
                .map(|c| coupling_from(c, pipelines))
                .transpose()?,
        ),
        Section::Webhooks => Found::Webhooks(webhooks_from(items)?),
        Section::TelemetryDrains => Found::TelemetryDrains(telemetry_drains_from(items)?),
        Section::SniEndpoints => {
            let list = |k: &str| answer.as_ref().and_then(|a| a[k].as_array());
            let (endpoints, domains) = (list("endpoints"), list("domains"));
            Found::SniEndpoints(sni_endpoints_from(
                endpoints.map_or(&[][..], Vec::as_slice),
                domains.map_or(&[][..], Vec::as_slice),
            )?)
        }
        _ => Found::Nothing,
    })
}

impl Found {
    /// Puts the section on `app`.
    pub(super) fn put(self, app: &mut LiveApp) {
        match self {
            Found::ConfigVars(v) => app.config_vars = Some(v),
            Found::Formation(v) => app.formation = Some(v),
            Found::Features(v) => app.features = Some(v),
            Found::Buildpacks(v) => app.buildpacks = Some(v),
            Found::Domains(v) => app.domains = Some(v),
            Found::Drains(v) => app.drains = Some(v),
            Found::Collaborators(v) => app.collaborators = Some(v),
            Found::Pipeline(v) => app.pipeline = Some(v),
            Found::Webhooks(v) => app.webhooks = Some(v),
            Found::TelemetryDrains(v) => app.telemetry_drains = Some(v),
            Found::SniEndpoints(v) => app.sni_endpoints = Some(v),
            Found::Nothing => {}
        }
    }
}
