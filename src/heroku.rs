//! Facts about Heroku that heroin's offline checks need.
//!
//! Each list says where it comes from. They change rarely; when Heroku adds a
//! dyno size, this is the one place to add it. Pure data and predicates:
//! dyno sizes and tiers here, the rules of Heroku's names (apps, config
//! vars, attachments, domains, drain URLs, emails) in `names`, and what
//! Heroku does with add-ons (the config vars an attachment owns, the
//! services that hold data, refused plan changes) in `addons`.

mod addons;
mod names;

pub use addons::{DATA_SERVICES, attachment_vars, plan_change_refused};
pub use names::{
    drain_url_problem, is_app_name, is_attachment_name, is_config_var_glob, is_config_var_name,
    is_domain, is_email, is_pipeline_name, is_process_type,
};

/// Dyno sizes Heroku offers today, compared case-insensitively (the API itself
/// does: `standard-1X` and `Standard-1X` are one size). Cedar-generation sizes
/// from Heroku's dyno types (Eco to Shield), and Fir-generation sizes as the
/// official CLI lists them (`dyno-1c-0.5gb`, ...). Retired sizes (`free`,
/// `hobby`, `1X`, `2X`, `PX`) are absent on purpose: Heroku refuses them.
pub const DYNO_SIZES: &[&str] = &[
    "eco",
    "basic",
    "standard-1x",
    "standard-2x",
    "performance-m",
    "performance-l",
    "performance-l-ram",
    "performance-xl",
    "performance-2xl",
    "private-s",
    "private-m",
    "private-l",
    "private-memory-l",
    "private-memory-xl",
    "private-memory-2xl",
    "shield-s",
    "shield-m",
    "shield-l",
    "shield-memory-l",
    "shield-memory-xl",
    "shield-memory-2xl",
    "dyno-1c-0.5gb",
    "dyno-2c-1gb",
    "dyno-1c-4gb",
    "dyno-2c-8gb",
    "dyno-4c-16gb",
    "dyno-8c-32gb",
    "dyno-16c-64gb",
    "dyno-2c-4gb",
    "dyno-4c-8gb",
    "dyno-8c-16gb",
    "dyno-16c-32gb",
    "dyno-32c-64gb",
    "dyno-1c-8gb",
    "dyno-2c-16gb",
    "dyno-4c-32gb",
    "dyno-8c-64gb",
    "dyno-16c-128gb",
];

/// The two dyno tiers Heroku does not mix in one app: it refuses a formation
/// with both with 422 "Cannot use the following dyno types in the same app"
/// (Heroku Dev Center, "Dyno Types"; observed answer in
/// `sim/schema/API-NOTES.md`, formation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DynoTier {
    /// Eco and Basic.
    EcoBasic,
    /// Every other size: Standard, Performance, Private, Shield, Fir.
    Professional,
}

impl DynoTier {
    /// The tier as messages name it.
    pub fn name(self) -> &'static str {
        match self {
            DynoTier::EcoBasic => "Eco/Basic",
            DynoTier::Professional => "professional",
        }
    }
}

/// The tier of a current dyno size (case-insensitive); `None` for a size
/// Heroku does not offer.
pub fn dyno_tier(size: &str) -> Option<DynoTier> {
    let size = size.to_ascii_lowercase();
    match size.as_str() {
        "eco" | "basic" => Some(DynoTier::EcoBasic),
        s if DYNO_SIZES.contains(&s) => Some(DynoTier::Professional),
        _ => None,
    }
}

/// The smallest of `sizes` in [`DYNO_SIZES`] order (which runs from small to
/// large within each generation), in lower case; `None` when none is a
/// current size.
pub fn smallest_size<'a>(sizes: impl IntoIterator<Item = &'a str>) -> Option<String> {
    sizes
        .into_iter()
        .map(str::to_ascii_lowercase)
        .filter_map(|s| Some((DYNO_SIZES.iter().position(|d| *d == s)?, s)))
        .min()
        .map(|(_, s)| s)
}

/// Team-app permission names (Heroku Dev Center, "Heroku Teams" access).
pub const PERMISSIONS: &[&str] = &["view", "deploy", "operate", "manage"];

/// Pipeline stages heroin manages.
pub const PIPELINE_STAGES: &[&str] = &["review", "development", "staging", "production"];

/// Log drain URL schemes Heroku accepts.
pub const DRAIN_SCHEMES: &[&str] = &["syslog", "syslog+tls", "https", "http"];

/// Whether `size` is a current dyno size (case-insensitive).
pub fn is_dyno_size(size: &str) -> bool {
    DYNO_SIZES.contains(&size.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_names_follow_the_schema_pattern() {
        for ok in [
            "abc",
            "acme-web-prod",
            "a1-b2",
            "a23456789012345678901234567890",
        ] {
            assert!(is_app_name(ok), "{ok}");
        }
        for bad in [
            "ab",
            "Acme",
            "1abc",
            "acme_web",
            "acme-",
            "a234567890123456789012345678901",
        ] {
            assert!(!is_app_name(bad), "{bad}");
        }
    }

    #[test]
    fn sizes_compare_case_insensitively() {
        assert!(is_dyno_size("Standard-1X"));
        assert!(is_dyno_size("performance-l"));
        assert!(!is_dyno_size("hobby"));
        assert!(!is_dyno_size("standard-3x"));
    }

    #[test]
    fn tiers_split_eco_and_basic_from_the_rest() {
        assert_eq!(dyno_tier("Basic"), Some(DynoTier::EcoBasic));
        assert_eq!(dyno_tier("eco"), Some(DynoTier::EcoBasic));
        assert_eq!(dyno_tier("standard-1X"), Some(DynoTier::Professional));
        assert_eq!(dyno_tier("private-s"), Some(DynoTier::Professional));
        assert_eq!(dyno_tier("dyno-1c-0.5gb"), Some(DynoTier::Professional));
        assert_eq!(dyno_tier("hobby"), None);
        assert_eq!(
            smallest_size(["performance-m", "Standard-2X"]).as_deref(),
            Some("standard-2x")
        );
        assert_eq!(smallest_size(["hobby"]), None);
    }

    #[test]
    fn domains_and_drains() {
        assert!(is_domain("www.acme.example"));
        assert!(is_domain("*.acme.example"));
        assert!(!is_domain("acme"));
        assert!(!is_domain("WWW.acme.example"));
        assert!(!is_domain("www..acme.example"));
        assert!(!is_domain("-a.example"));
        assert_eq!(
            drain_url_problem("syslog+tls://logs.example.net:6514"),
            None
        );
        assert_eq!(
            drain_url_problem("https://user:key@logs.example.net/ingest"),
            None
        );
        assert!(drain_url_problem("ftp://x.example").is_some());
        assert!(drain_url_problem("syslog://logs.example.net").is_some());
        assert!(drain_url_problem("https://:80/").is_some());
        assert!(drain_url_problem("logs.example.net").is_some());
        assert!(drain_url_problem("https://logs.example.net:99999/").is_some());
    }

    #[test]
    fn a_plan_change_is_refused_only_by_a_rule_true_for_both_plans() {
        let why = plan_change_refused(
            "heroku-postgresql:essential-0",
            "heroku-postgresql:standard-0",
        )
        .unwrap();
        assert!(
            why.contains("essential-0 is in the essential tier"),
            "{why}"
        );
        assert!(why.contains("standard-0 in the standard tier"), "{why}");
        assert!(
            why.starts_with(
                "heroku-postgresql plans change in place only within the essential tier"
            ),
            "{why}"
        );
        assert!(
            plan_change_refused(
                "heroku-postgresql:premium-0",
                "heroku-postgresql:essential-1"
            )
            .is_some()
        );
        for (from, to) in [
            // Not a plan of a known tier: nothing is known to refuse it.
            ("heroku-postgresql:essential-0", "heroku-postgresql:mega-9"),
            (
                "heroku-postgresql:essential-0",
                "heroku-postgresql:essential-2",
            ),
            (
                "heroku-postgresql:standard-0",
                "heroku-postgresql:premium-0",
            ),
            ("heroku-redis:mini", "heroku-redis:premium-0"),
            ("heroku-postgresql:essential-0", "heroku-redis:premium-0"),
        ] {
            assert_eq!(plan_change_refused(from, to), None, "{from} -> {to}");
        }
    }

    #[test]
    fn emails_and_names() {
        assert!(is_email("dev@acme.example"));
        assert!(!is_email("dev.acme.example"));
        assert!(!is_email("dev@acme"));
        assert!(!is_email("a b@acme.example"));
        assert!(is_process_type("web"));
        assert!(is_process_type("worker_2"));
        assert!(!is_process_type("web.1"));
        assert!(is_attachment_name("DATABASE"));
        assert!(!is_attachment_name("database"));
        assert_eq!(
            attachment_vars("heroku-postgresql", "DATABASE"),
            ["DATABASE_URL"]
        );
        assert_eq!(
            attachment_vars("heroku-redis", "CACHE"),
            ["CACHE_URL", "CACHE_TLS_URL"]
        );
    }
}
