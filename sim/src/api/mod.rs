//! The Platform API's resources: the route table and what the handlers share.
//!
//! Each submodule serves one group of endpoints and owns the JSON shape of its
//! resources (`view` functions that emit every field the official schema
//! documents). Handlers take a [`Cx`] (state, account, time, body) and return
//! a [`Reply`] or an [`ApiError`]; they never see HTTP.

mod access;
mod addons;
mod apps;
mod attachments;
mod certs;
mod config;
mod directory;
mod domains;
mod drains;
mod features;
mod formation;
mod lifecycle;
mod lookups;
mod pipelines;
mod releases;
mod services;
mod spaces;
mod stage_settings;
mod team_members;
mod telemetry;
mod transfers;
mod webhooks;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::catalog;
use crate::ids::timestamp;
use crate::protocol::{ApiError, ApiResult, percent_decode};
use crate::state::{Account, AddonState, Release, State};

/// What a handler works with.
pub struct Cx<'a> {
    /// The state, to read and change.
    pub state: &'a mut State,
    /// Who is asking.
    pub account: &'a Account,
    /// The accepted tokens, each an account (who an app can be given to).
    pub accounts: &'a [String],
    /// Now, in ms since the Unix epoch.
    pub now: u64,
    /// The request body (an empty object when none was sent).
    pub body: Value,
    /// How long new add-ons stay provisioning.
    pub provision_ms: u64,
    /// Services whose plan changes are refused.
    pub refuse_plan_changes: &'a [String],
    /// Failures injected into add-on creation, provisioning and attachment.
    pub addon_faults: &'a crate::addon_faults::AddonFaults,
    /// The caller's rate-limit bucket level.
    pub rate_remaining: u32,
    /// The query string's parameters (`eq[name]=...`).
    pub query: BTreeMap<String, String>,
    /// What `Accept-Expansion` asks to expand (`plan`, `addon_service`).
    pub expand: Vec<String>,
}

impl Cx<'_> {
    /// A new UUID.
    pub fn uuid(&mut self) -> String {
        self.state.rng.uuid()
    }

    /// A string field of the body.
    pub fn str(&self, key: &str) -> Option<String> {
        self.body
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    /// A required field of the body, as an identity (string or `{id}`/`{name}`).
    pub fn required(&self, key: &str) -> Result<String, ApiError> {
        self.body
            .get(key)
            .and_then(crate::protocol::ident)
            .ok_or_else(|| ApiError::invalid(format!("Require params: {key}.")))
    }

    /// An optional identity field of the body.
    pub fn ident(&self, key: &str) -> Option<String> {
        self.body.get(key).and_then(crate::protocol::ident)
    }

    /// The index of the app named or identified `ident`, if the caller may see it.
    pub fn app(&self, ident: &str) -> Result<usize, ApiError> {
        let i = self
            .state
            .apps
            .iter()
            .position(|a| a.id == ident || a.name == ident)
            .ok_or_else(|| ApiError::not_found("app", "Couldn't find that app."))?;
        let app = &self.state.apps[i];
        let visible = app.owner_id == self.account.id
            || app.team.is_some()
            || self
                .state
                .collaborators
                .iter()
                .any(|c| c.app_id == app.id && c.email == self.account.email);
        if visible {
            Ok(i)
        } else {
            Err(ApiError::forbidden(format!(
                "You do not have access to the app {}.",
                app.name
            )))
        }
    }

    /// Creates a release of the app with `description` and returns its id.
    pub fn release(&mut self, app: usize, description: String) -> String {
        let user = (self.account.id.as_str(), self.account.email.as_str());
        lifecycle::cut_release(self.state, app, description, user, self.now)
    }
}

/// Releases `source`'s slug and config vars on app `target` (a promotion);
/// returns the new release's id.
pub fn releases_for_promotion(
    cx: &mut Cx,
    target: usize,
    source: &Release,
    description: String,
) -> String {
    let id = cx.release(target, description);
    let slug = source.slug_id.clone();
    let types = slug
        .as_ref()
        .and_then(|s| cx.state.slugs.iter().find(|x| x.id == *s))
        .map(|s| s.process_types.clone())
        .unwrap_or_default();
    if let Some(r) = cx.state.releases.iter_mut().find(|r| r.id == id) {
        r.slug_id = slug;
    }
    formation::sync(cx, target, &types);
    id
}

/// The account a token stands for.
pub fn account_for(token: &str) -> Account {
    Account {
        id: catalog::stable_id(&format!("account:{token}")),
        email: format!("{token}@example.com"),
    }
}

/// The app's newest release.
pub fn current_release<'s>(state: &'s State, app_id: &str) -> Option<&'s Release> {
    state
        .releases
        .iter()
        .filter(|r| r.app_id == app_id)
        .max_by_key(|r| r.version)
}

pub use lifecycle::settle;

/// Adds the declared Private Spaces the state does not have yet.
pub fn declare_spaces(state: &mut State, spaces: &[String]) {
    spaces::declare(state, spaces, 0);
}

/// The config vars an app's add-on attachments own, with their values when
/// the add-on's vars are set (`None` while it first provisions).
pub fn attachment_vars(state: &State, app_id: &str) -> BTreeMap<String, Option<String>> {
    let mut vars = BTreeMap::new();
    for att in state.attachments.iter().filter(|a| a.app_id == app_id) {
        let Some(addon) = state.addons.iter().find(|a| a.id == att.addon_id) else {
            continue;
        };
        let Some(service) = catalog::service(&addon.service) else {
            continue;
        };
        for suffix in service.vars {
            let value = (addon.state == AddonState::Provisioned || addon.vars_set)
                .then(|| addon.values.get(*suffix).cloned())
                .flatten();
            vars.insert(format!("{}_{suffix}", att.name), value);
        }
    }
    vars
}

/// `{"id", "name"}` of an app.
pub fn app_ref(state: &State, app_id: &str) -> Value {
    let name = state
        .apps
        .iter()
        .find(|a| a.id == app_id)
        .map(|a| a.name.clone());
    serde_json::json!({"id": app_id, "name": name})
}

/// A timestamp field.
pub fn ts(ms: u64) -> Value {
    Value::String(timestamp(ms))
}

/// Dispatches a request to its handler.
pub fn route(cx: &mut Cx, method: &str, path: &str) -> ApiResult {
    let segments: Vec<String> = path
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect();
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    match (method, s.as_slice()) {
        ("GET", ["account"]) => lookups::account(cx),
        ("GET", ["users", u]) => lookups::user(cx, u),
        ("GET", ["account", "rate-limits"]) => lookups::rate_limits(cx),
        ("GET", ["regions"]) => lookups::regions(),
        ("GET", ["regions", r]) => lookups::region(r),
        ("GET", ["stacks"]) => lookups::stacks(),
        ("GET", ["stacks", st]) => lookups::stack(st),
        ("GET", ["dyno-sizes"]) => lookups::dyno_sizes(&cx.state.repriced),
        ("GET", ["dyno-sizes", d]) => lookups::dyno_size(d, &cx.state.repriced),
        ("GET", ["apps", a, "available-dyno-sizes"]) => cx
            .app(a)
            .and_then(|_| lookups::dyno_sizes(&cx.state.repriced)),
        ("GET", ["teams"]) => lookups::teams(cx),
        ("GET", ["teams", "permissions"]) => access::permissions(),
        ("GET", ["teams", t]) => lookups::team(cx, t),
        ("GET", ["teams", t, "features"]) => directory::team_features(cx, t),
        ("GET", ["teams", t, "features", f]) => directory::team_feature(cx, t, f),
        ("GET", ["teams", t, "members"]) => team_members::list(cx, t),
        ("PUT" | "POST" | "PATCH", ["teams", t, "members"]) => team_members::set(cx, t),
        ("DELETE", ["teams", t, "members", m]) => team_members::remove(cx, t, m),
        ("GET", ["spaces"]) => spaces::list(cx),
        ("GET", ["spaces", sp]) => spaces::info(cx, sp),
        ("GET", ["spaces", sp, "inbound-ruleset"]) => spaces::ruleset(cx, sp),
        ("PUT", ["spaces", sp, "inbound-ruleset"]) => spaces::set_ruleset(cx, sp),
        ("GET", ["spaces", sp, "inbound-rulesets"]) => spaces::rulesets(cx, sp),
        ("GET", ["spaces", sp, "inbound-rulesets", r]) => spaces::ruleset_info(cx, sp, r),
        ("GET", ["account", "features"]) => directory::account_features(cx),
        ("GET", ["account", "features", f]) => directory::account_feature(cx, f),
        ("PATCH", ["account", "features", f]) => directory::update_account_feature(cx, f),
        ("GET", ["apps", a, "available-stacks"]) => directory::available_stacks(cx, a),
        ("GET", ["addon-services", sv, "region-capabilities"]) => {
            directory::region_capabilities(sv)
        }

        ("GET", ["apps"]) => apps::list(cx),
        ("GET", ["users", _, "apps"]) => apps::list_personal(cx),
        ("POST", ["apps"]) => apps::create(cx, None),
        ("GET", ["apps", a]) => apps::info(cx, a),
        ("PATCH", ["apps", a]) => apps::update(cx, a),
        ("DELETE", ["apps", a]) => apps::destroy(cx, a),
        ("POST" | "PATCH", ["apps", a, "acm"]) => apps::acm(cx, a, true),
        ("DELETE", ["apps", a, "acm"]) => apps::acm(cx, a, false),
        ("POST", ["teams", "apps"]) => apps::create_team(cx),
        ("GET", ["teams", "apps", a]) => apps::team_info(cx, a),
        ("POST", ["filters", "apps"]) => apps::filter(cx),
        ("PATCH", ["teams", "apps", a]) => apps::team_update(cx, a),
        ("GET", ["teams", t, "apps"]) => apps::team_list(cx, t),

        ("GET", ["apps", a, "config-vars"]) => config::info(cx, a),
        ("PATCH", ["apps", a, "config-vars"]) => config::update(cx, a),
        ("GET", ["apps", a, "releases", r, "config-vars"]) => config::at_release(cx, a, r),

        ("GET", ["addon-services"]) => services::services(),
        ("GET", ["addon-services", sv]) => services::service(sv),
        ("GET", ["addon-services", sv, "plans"]) => services::plans(sv, &cx.state.repriced),
        ("GET", ["addon-services", sv, "plans", p]) => {
            let repriced = &cx.state.repriced;
            services::plan_info(&format!("{sv}:{p}"), repriced)
                .or_else(|_| services::plan_info(p, repriced))
        }
        ("GET", ["plans", p]) => services::plan_info(p, &cx.state.repriced),
        ("GET", ["addons"]) => addons::list_all(cx),
        ("GET", ["addons", ad]) => addons::info_global(cx, ad),
        ("GET", ["apps", a, "addons"]) => addons::list(cx, a),
        ("POST", ["apps", a, "addons"]) => addons::create(cx, a),
        ("GET", ["apps", a, "addons", ad]) => addons::info(cx, a, ad),
        ("PATCH", ["apps", a, "addons", ad]) => addons::update(cx, a, ad),
        ("DELETE", ["apps", a, "addons", ad]) => addons::destroy(cx, a, ad),
        ("GET", ["addons", ad, "addon-attachments"]) => attachments::attachments_of_addon(cx, ad),
        ("GET", ["addon-attachments"]) => attachments::attachments_all(cx),
        ("GET", ["addon-attachments", id]) => attachments::attachment_info(cx, None, id),
        ("GET", ["apps", a, "addon-attachments"]) => attachments::attachments_of_app(cx, a),
        ("GET", ["apps", a, "addon-attachments", id]) => {
            attachments::attachment_info(cx, Some(a), id)
        }
        ("POST", ["addon-attachments"]) => attachments::attach(cx),
        ("DELETE", ["addon-attachments", id]) => attachments::detach(cx, id),
        ("POST", ["actions", "addons", "resolve"]) => addons::resolve(cx),
        ("POST", ["actions", "addon-attachments", "resolve"]) => {
            attachments::resolve_attachment(cx)
        }

        ("POST", ["apps", a, "slugs"]) => releases::create_slug(cx, a),
        ("GET", ["apps", a, "slugs", sl]) => releases::slug_info(cx, a, sl),
        ("GET", ["apps", a, "releases"]) => releases::list(cx, a),
        ("GET", ["apps", a, "releases", r]) => releases::info(cx, a, r),
        ("POST", ["apps", a, "releases"]) => releases::create(cx, a),

        ("GET", ["apps", a, "formation"]) => formation::list(cx, a),
        ("PATCH", ["apps", a, "formation"]) => formation::batch(cx, a),
        ("GET", ["apps", a, "formation", f]) => formation::info(cx, a, f),
        ("PATCH", ["apps", a, "formation", f]) => formation::update(cx, a, f),
        ("GET", ["apps", a, "dynos"]) => formation::dynos(cx, a),
        ("DELETE", ["apps", a, "dynos"]) => formation::restart(cx, a),
        ("GET", ["apps", a, "dynos", dy]) => formation::dyno_info(cx, a, dy),
        ("DELETE", ["apps", a, "dynos", dy]) => formation::dyno_action(cx, a, dy),
        ("POST", ["apps", a, "dynos", dy, "actions", "stop"]) => formation::dyno_action(cx, a, dy),

        ("GET", ["apps", a, "collaborators"]) => access::list(cx, a),
        ("POST", ["apps", a, "collaborators"]) => access::create(cx, a, false),
        ("GET", ["apps", a, "collaborators", c]) => access::info(cx, a, c),
        ("DELETE", ["apps", a, "collaborators", c]) => access::destroy(cx, a, c),
        ("GET", ["teams", "apps", a, "collaborators"]) => access::list(cx, a),
        ("POST", ["teams", "apps", a, "collaborators"]) => access::create(cx, a, true),
        ("GET", ["teams", "apps", a, "collaborators", c]) => access::info(cx, a, c),
        ("PATCH", ["teams", "apps", a, "collaborators", c]) => access::update(cx, a, c),
        ("DELETE", ["teams", "apps", a, "collaborators", c]) => access::destroy(cx, a, c),

        ("GET", ["apps", a, "features"]) => features::list(cx, a),
        ("GET", ["apps", a, "features", f]) => features::info(cx, a, f),
        ("PATCH", ["apps", a, "features", f]) => features::update(cx, a, f),

        ("GET", ["apps", a, "log-drains"]) => drains::list(cx, a),
        ("POST", ["apps", a, "log-drains"]) => drains::create(cx, a),
        ("GET", ["apps", a, "log-drains", d]) => drains::info(cx, a, d),
        ("DELETE", ["apps", a, "log-drains", d]) => drains::destroy(cx, a, d),
        ("GET", ["addons", ad, "log-drains"]) => drains::of_addon(cx, ad),

        ("GET", ["apps", a, "domains"]) => domains::list(cx, a),
        ("GET", ["apps", a, "sni-endpoints"]) => certs::list(cx, a),
        ("POST", ["apps", a, "sni-endpoints"]) => certs::create(cx, a),
        ("GET", ["apps", a, "sni-endpoints", e]) => certs::info(cx, a, e),
        ("PATCH", ["apps", a, "sni-endpoints", e]) => certs::update(cx, a, e),
        ("DELETE", ["apps", a, "sni-endpoints", e]) => certs::destroy(cx, a, e),
        ("POST", ["apps", a, "domains"]) => domains::create(cx, a),
        ("GET", ["apps", a, "domains", d]) => domains::info(cx, a, d),
        ("PATCH", ["apps", a, "domains", d]) => domains::update(cx, a, d),
        ("DELETE", ["apps", a, "domains", d]) => domains::destroy(cx, a, d),

        ("GET", ["apps", a, "webhooks"]) => webhooks::list(cx, a),
        ("POST", ["apps", a, "webhooks"]) => webhooks::create(cx, a),
        ("GET", ["apps", a, "webhooks", w]) => webhooks::info(cx, a, w),
        ("PATCH", ["apps", a, "webhooks", w]) => webhooks::update(cx, a, w),
        ("DELETE", ["apps", a, "webhooks", w]) => webhooks::destroy(cx, a, w),

        ("POST", ["telemetry-drains"]) => telemetry::create(cx),
        ("GET", ["apps", a, "telemetry-drains"]) => telemetry::list(cx, a),
        ("GET", ["telemetry-drains", d]) => telemetry::info(cx, d),
        ("PATCH", ["telemetry-drains", d]) => telemetry::update(cx, d),
        ("DELETE", ["telemetry-drains", d]) => telemetry::destroy(cx, d),

        ("GET", ["apps", a, "buildpack-installations"]) => config::buildpacks(cx, a),
        ("PUT", ["apps", a, "buildpack-installations"]) => config::set_buildpacks(cx, a),

        ("GET", ["pipelines"]) => pipelines::list(cx),
        ("POST", ["pipelines"]) => pipelines::create(cx),
        ("GET", ["pipelines", p]) => pipelines::info(cx, p),
        ("PATCH", ["pipelines", p]) => pipelines::update(cx, p),
        ("DELETE", ["pipelines", p]) => pipelines::destroy(cx, p),
        ("GET", ["pipelines", p, "pipeline-couplings"]) => pipelines::couplings_of(cx, p),
        ("GET", ["pipelines", p, "stage", st, "config-vars"]) => stage_settings::vars(cx, p, st),
        ("PATCH", ["pipelines", p, "stage", st, "config-vars"]) => {
            stage_settings::set_vars(cx, p, st)
        }
        ("GET", ["pipelines", p, "review-app-config"]) => stage_settings::review(cx, p),
        ("POST", ["pipelines", p, "review-app-config"]) => stage_settings::enable(cx, p),
        ("PATCH", ["pipelines", p, "review-app-config"]) => stage_settings::update(cx, p),
        ("DELETE", ["pipelines", p, "review-app-config"]) => stage_settings::disable(cx, p),
        ("GET", ["pipeline-couplings"] | ["users", _, "pipeline-couplings"]) => {
            pipelines::couplings(cx)
        }
        ("POST", ["pipeline-couplings"]) => pipelines::couple(cx),
        ("GET", ["pipeline-couplings", c]) => pipelines::coupling_info(cx, c),
        ("PATCH", ["pipeline-couplings", c]) => pipelines::coupling_update(cx, c),
        ("DELETE", ["pipeline-couplings", c]) => pipelines::uncouple(cx, c),
        ("GET", ["apps", a, "pipeline-couplings"]) => pipelines::coupling_of_app(cx, a),
        ("POST", ["pipeline-promotions"]) => pipelines::promote(cx),
        ("GET", ["pipeline-promotions", pr]) => pipelines::promotion_info(cx, pr),
        ("GET", ["pipeline-promotions", pr, "promotion-targets"]) => {
            pipelines::promotion_targets(cx, pr)
        }

        _ => Err(ApiError::not_found(
            "route",
            "The requested API endpoint was not found. Are you using the right HTTP verb (i.e. `GET` vs. `POST`), and did you specify your intent via the `Accept` header?",
        )),
    }
}
