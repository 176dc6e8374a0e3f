//! The rules of Heroku's names, from its API schema and Dev Center: app
//! and pipeline names, process types, config var names and globs,
//! attachment names, domains, log drain URLs and emails. Pure predicates;
//! the checks in `config::check` say where a name breaks them.

use super::DRAIN_SCHEMES;

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
