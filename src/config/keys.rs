//! The keys an app's table may hold, in the order the reference gives them.
//! A leaf (it imports nothing), so that the documentation links and the
//! reader of the files share the list without importing each other.

/// The keys an app's table may hold.
pub const APP_KEYS: &[&str] = &[
    "name",
    "region",
    "stack",
    "team",
    "space",
    "maintenance",
    "acm",
    "buildpacks",
    "domains",
    "log_drains",
    "collaborators",
    "ignore_config_vars",
    "config_vars",
    "addons",
    "formation",
    "features",
    "pipeline",
    "webhooks",
    "telemetry_drains",
    "sni_endpoints",
];
