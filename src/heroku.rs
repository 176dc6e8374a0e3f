//! Facts about Heroku that heroin's offline checks need.
//!
//! Each list says where it comes from. They change rarely; when Heroku adds a
//! dyno size, this is the one place to add it. Pure data and predicates.

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

/// Heroku's app name rule (schema `app.name`: `^[a-z][a-z0-9-]{1,28}[a-z0-9]$`):
/// lowercase letters, digits and dashes, starting with a letter, not ending
/// with a dash, 3 to 30 characters.
pub fn is_app_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    (3..=30).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && bytes[bytes.len() - 1] != b'-'
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// Heroku's pipeline name rule (`^[a-z][a-z0-9-]{2,29}$`).
pub fn is_pipeline_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    (3..=30).contains(&bytes.len())
        && bytes[0].is_ascii_lowercase()
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// Heroku's process type rule (schema `formation.type`: `^[-\w]{1,128}$`).
pub fn is_process_type(kind: &str) -> bool {
    (1..=128).contains(&kind.len())
        && kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Heroku's config var name rule (`^\w+$`).
pub fn is_config_var_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `glob` is a glob of config var names: name characters plus `*`
/// (any run) and `?` (one character).
pub fn is_config_var_glob(glob: &str) -> bool {
    !glob.is_empty()
        && glob
            .chars()
            .all(|c| c == '*' || c == '?' || c.is_ascii_alphanumeric() || c == '_')
}

/// An attachment name as Heroku takes it: an upper-case letter, then upper-case
/// letters, digits and `_` (it becomes the prefix of config var names).
pub fn is_attachment_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The config var names an attachment named `attachment` of an add-on of
/// `service` owns on its app. Every add-on sets `<NAME>_URL`; some set more
/// (their providers' documented variables, re-prefixed with the attachment
/// name, as Heroku does).
pub fn attachment_vars(service: &str, attachment: &str) -> Vec<String> {
    let suffixes: &[&str] = match service {
        "heroku-redis" => &["_URL", "_TLS_URL"],
        "papertrail" => &["_API_TOKEN"],
        "sendgrid" => &["_API_KEY", "_USERNAME", "_PASSWORD"],
        "scheduler" => &[],
        _ => &["_URL"],
    };
    suffixes
        .iter()
        .map(|s| format!("{attachment}{s}"))
        .collect()
}

/// Whether `hostname` is a domain name Heroku would take as a custom domain:
/// letters, digits and dashes in dot-separated labels of 1 to 63 characters,
/// at least two labels, 253 characters at most, optionally one leading `*.`
/// wildcard. Upper case is refused so that comparisons stay exact.
pub fn is_domain(hostname: &str) -> bool {
    let name = hostname.strip_prefix("*.").unwrap_or(hostname);
    let labels: Vec<&str> = name.split('.').collect();
    name.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// Why a log drain URL would be refused, or `None` when it looks right.
pub fn drain_url_problem(url: &str) -> Option<String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Some("is not a URL (expected scheme://host...)".into());
    };
    if !DRAIN_SCHEMES.contains(&scheme) {
        return Some(format!(
            "uses scheme `{scheme}`; Heroku takes {}",
            DRAIN_SCHEMES.join(", ")
        ));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => (h, Some(p)),
        _ => (host_port, None),
    };
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Some("has no host".into());
    }
    if let Some(port) = port
        && port.parse::<u16>().map_or(true, |p| p == 0)
    {
        return Some(format!("has an invalid port `{port}`"));
    }
    if scheme.starts_with("syslog") && port.is_none() {
        return Some("needs a port for syslog (for example :6514)".into());
    }
    None
}

/// Whether `email` looks like an email address (one `@`, a dotted domain, no
/// spaces): enough to catch typos without refusing real addresses.
pub fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
}

/// Services whose add-ons hold data: removing or replacing one loses it.
pub const DATA_SERVICES: &[&str] = &[
    "heroku-postgresql",
    "heroku-redis",
    "heroku-kafka",
    "heroku-data-for-redis",
];

/// The tier of a Heroku Postgres plan (`essential` of `essential-0`), for
/// the plans whose tier is known: the essential tier (and its retired names
/// `mini` and `basic`), and the standard, premium, private and shield tiers
/// (Dev Center, "Heroku Postgres Plans").
fn postgres_tier(plan: &str) -> Option<&'static str> {
    let family = plan.split('-').next()?;
    match family {
        "essential" | "mini" | "basic" => Some("essential"),
        "standard" => Some("standard"),
        "premium" => Some("premium"),
        "private" => Some("private"),
        "shield" => Some("shield"),
        _ => None,
    }
}

/// Why Heroku refuses to change an add-on from plan `from` to `to` in place,
/// when a known rule refuses exactly these two plans: Heroku Postgres moves
/// between the essential tier and the others (standard, premium, private,
/// shield) only by copying the data into a new database (Dev Center,
/// "Changing the Plan or Infrastructure of a Heroku Postgres Database").
/// `None` when no rule is known to refuse them (a plan of an unknown tier
/// included): the reason given is never a guess.
pub fn plan_change_refused(from: &str, to: &str) -> Option<String> {
    let (service, a) = from.split_once(':')?;
    let (other, b) = to.split_once(':')?;
    if service != other || service != "heroku-postgresql" {
        return None;
    }
    let (ta, tb) = (postgres_tier(a)?, postgres_tier(b)?);
    ((ta == "essential") != (tb == "essential")).then(|| {
        format!(
            "{service} plans change in place only within the essential tier or among the others, and {a} is in the {ta} tier, {b} in the {tb} tier (moving across needs a new database and a copy of the data)"
        )
    })
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
