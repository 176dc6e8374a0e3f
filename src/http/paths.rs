//! Where each Heroku resource lives: every Platform API path heroin sends,
//! written once, each variable segment percent-encoded by [`segment`].
//!
//! The request builders (`apply`), the readers (`live::read`), the checks
//! after an ambiguous write (`apply::execute`) and the account-wide listing
//! of `export` all take their paths from here, so that a name with a `/` or
//! a drain URL can never change which resource a request reaches. This module
//! only builds strings: it sends nothing and knows nothing of plans.

/// Every app the token sees (`GET`), or a personal app (`POST`).
pub const APPS: &str = "/apps";
/// A team app (`POST`).
pub const TEAM_APPS: &str = "/teams/apps";
/// Every add-on the token sees.
pub const ADDONS: &str = "/addons";
/// Every attachment the token sees, or a new one (`POST`).
pub const ATTACHMENTS: &str = "/addon-attachments";
/// Every pipeline the token sees, or a new one (`POST`).
pub const PIPELINES: &str = "/pipelines";
/// A new coupling of an app to a pipeline (`POST`).
pub const COUPLINGS: &str = "/pipeline-couplings";
/// The teams the account belongs to.
pub const TEAMS: &str = "/teams";
/// Heroku's add-on catalogue.
pub const ADDON_SERVICES: &str = "/addon-services";
/// Heroku's dyno sizes, with their prices.
pub const DYNO_SIZES: &str = "/dyno-sizes";

/// Percent-encodes a path segment (an app name, a drain URL, an email):
/// the inverse of [`crate::secret::url::decode`], which also masks secrets
/// in what it encodes.
pub use crate::secret::url::encode as segment;

/// `/apps/{app}`.
pub fn app(app: &str) -> String {
    format!("{APPS}/{}", segment(app))
}

/// `/apps/{app}/{what}`: a resource of the app (`what` is fixed text).
fn of_app(app_name: &str, what: &str) -> String {
    format!("{}/{what}", app(app_name))
}

/// `/apps/{app}/acm`.
pub fn acm(app: &str) -> String {
    of_app(app, "acm")
}

/// `/apps/{app}/addons`.
pub fn app_addons(app: &str) -> String {
    of_app(app, "addons")
}

/// `/apps/{app}/addons/{addon}` (a name, an id or `app::ATTACHMENT`).
pub fn app_addon(app: &str, addon: &str) -> String {
    format!("{}/{}", app_addons(app), segment(addon))
}

/// `/apps/{app}/addon-attachments`.
pub fn app_attachments(app: &str) -> String {
    of_app(app, "addon-attachments")
}

/// `/apps/{app}/addon-attachments/{name}`.
pub fn app_attachment(app: &str, name: &str) -> String {
    format!("{}/{}", app_attachments(app), segment(name))
}

/// `/addons/{addon}` (an id, a name or `app::ATTACHMENT`).
pub fn addon(addon: &str) -> String {
    format!("{ADDONS}/{}", segment(addon))
}

/// `/addons/{id}/addon-attachments`: everywhere the add-on is attached.
pub fn addon_attachments(id: &str) -> String {
    format!("{}/addon-attachments", addon(id))
}

/// `/addon-attachments/{id}`.
pub fn attachment(id: &str) -> String {
    format!("{ATTACHMENTS}/{}", segment(id))
}

/// `/apps/{app}/config-vars`.
pub fn config_vars(app: &str) -> String {
    of_app(app, "config-vars")
}

/// `/apps/{app}/releases`.
pub fn releases(app: &str) -> String {
    of_app(app, "releases")
}

/// `/apps/{app}/formation`.
pub fn formation(app: &str) -> String {
    of_app(app, "formation")
}

/// `/apps/{app}/features`.
pub fn features(app: &str) -> String {
    of_app(app, "features")
}

/// `/apps/{app}/features/{feature}`.
pub fn feature(app: &str, feature: &str) -> String {
    format!("{}/{}", features(app), segment(feature))
}

/// `/apps/{app}/buildpack-installations`.
pub fn buildpacks(app: &str) -> String {
    of_app(app, "buildpack-installations")
}

/// `/apps/{app}/domains`.
pub fn domains(app: &str) -> String {
    of_app(app, "domains")
}

/// `/apps/{app}/domains/{hostname}`.
pub fn domain(app: &str, hostname: &str) -> String {
    format!("{}/{}", domains(app), segment(hostname))
}

/// `/apps/{app}/log-drains`.
pub fn drains(app: &str) -> String {
    of_app(app, "log-drains")
}

/// `/apps/{app}/log-drains/{id or url}`.
pub fn drain(app: &str, id: &str) -> String {
    format!("{}/{}", drains(app), segment(id))
}

/// A personal app's collaborators (`/apps/{app}/collaborators`), or a team
/// app's (`/teams/apps/{app}/collaborators`, which lists permissions).
pub fn collaborators(app: &str, team: bool) -> String {
    match team {
        true => format!("{TEAM_APPS}/{}/collaborators", segment(app)),
        false => of_app(app, "collaborators"),
    }
}

/// One collaborator, as [`collaborators`].
pub fn collaborator(app: &str, email: &str, team: bool) -> String {
    format!("{}/{}", collaborators(app, team), segment(email))
}

/// `/apps/{app}/pipeline-couplings`: the app's coupling.
pub fn app_coupling(app: &str) -> String {
    of_app(app, "pipeline-couplings")
}

/// `/pipeline-couplings/{id}`.
pub fn coupling(id: &str) -> String {
    format!("{COUPLINGS}/{}", segment(id))
}

/// `/pipelines/{name or id}`.
pub fn pipeline(pipeline: &str) -> String {
    format!("{PIPELINES}/{}", segment(pipeline))
}

/// `/addon-services/{service}`.
pub fn addon_service(service: &str) -> String {
    format!("{ADDON_SERVICES}/{}", segment(service))
}

/// `/addon-services/{service}/plans`.
pub fn addon_service_plans(service: &str) -> String {
    format!("{}/plans", addon_service(service))
}

/// `/apps/{app}/webhooks`.
pub fn webhooks(app: &str) -> String {
    of_app(app, "webhooks")
}

/// `/apps/{app}/webhooks/{id}`.
pub fn webhook(app: &str, id: &str) -> String {
    format!("{}/{}", webhooks(app), segment(id))
}

/// A new telemetry drain (`POST`), owned by an app.
pub const TELEMETRY_DRAINS: &str = "/telemetry-drains";

/// `/apps/{app}/telemetry-drains`.
pub fn app_telemetry_drains(app: &str) -> String {
    of_app(app, "telemetry-drains")
}

/// `/telemetry-drains/{id}`.
pub fn telemetry_drain(id: &str) -> String {
    format!("{TELEMETRY_DRAINS}/{}", segment(id))
}

/// `/apps/{app}/sni-endpoints`.
pub fn sni_endpoints(app: &str) -> String {
    of_app(app, "sni-endpoints")
}

/// `/apps/{app}/sni-endpoints/{name}` (a name or an id).
pub fn sni_endpoint(app: &str, name: &str) -> String {
    format!("{}/{}", sni_endpoints(app), segment(name))
}

/// The account heroin runs as.
pub const ACCOUNT: &str = "/account";

/// `/pipelines/{id}/stage/{stage}/config-vars`: a stage's config vars
/// (`review`, `test`).
pub fn stage_config_vars(pipeline_id: &str, stage: &str) -> String {
    format!(
        "{}/stage/{}/config-vars",
        pipeline(pipeline_id),
        segment(stage)
    )
}

/// `/pipelines/{id}/review-app-config`.
pub fn review_app_config(pipeline_id: &str) -> String {
    format!("{}/review-app-config", pipeline(pipeline_id))
}

/// `/teams/{team}`.
pub fn team(team: &str) -> String {
    format!("{TEAMS}/{}", segment(team))
}

/// `/teams/{team}/members`.
pub fn team_members(team_name: &str) -> String {
    format!("{}/members", team(team_name))
}

/// `/teams/{team}/members/{email}`.
pub fn team_member(team: &str, email: &str) -> String {
    format!("{}/{}", team_members(team), segment(email))
}

/// `/teams/{team}/features`.
pub fn team_features(team_name: &str) -> String {
    format!("{}/features", team(team_name))
}

/// Every space the token sees.
pub const SPACES: &str = "/spaces";

/// `/spaces/{space}/inbound-ruleset`: the space's current ruleset (`GET`),
/// or a new one (`PUT`).
pub fn inbound_ruleset(space: &str) -> String {
    format!("{SPACES}/{}/inbound-ruleset", segment(space))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variable_segment_is_encoded() {
        assert_eq!(
            drain("acme", "https://u:pw@h.example/x"),
            "/apps/acme/log-drains/https%3A%2F%2Fu%3Apw@h.example%2Fx"
        );
        assert_eq!(app("a/b"), "/apps/a%2Fb");
        assert_eq!(
            app_addon("acme", "other::DATABASE"),
            "/apps/acme/addons/other%3A%3ADATABASE"
        );
        assert_eq!(
            collaborator("acme", "a@b.example", true),
            "/teams/apps/acme/collaborators/a@b.example"
        );
        assert_eq!(config_vars("acme"), "/apps/acme/config-vars");
    }
}
