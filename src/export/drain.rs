//! The secret parts of a drain URL as `${NAME}` placeholders, for export.
//!
//! Which parts are secret is [`crate::secret::url`]'s rule. Each part gets a
//! variable named after the drain's number and the part's place
//! (`LOG_DRAIN_1_PASSWORD`, `LOG_DRAIN_1_KEY`, `LOG_DRAIN_1_API_KEY` for the
//! query parameter `api_key`). The result is checked by interpolating it
//! back: when the parts do not give Heroku's URL again byte for byte (a URL
//! the parser writes differently), the whole URL becomes one variable. Pure.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::interpolate::{Vars, interpolate};
use crate::secret::url::{Part, Place, rewrite};

/// A variable to set: name, what it holds, and the text it must hold.
struct Var {
    name: String,
    what: String,
    raw: String,
}

/// A name as part of a variable name: `api_key` -> `API_KEY`.
pub(super) fn upper(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Drain number `n`'s URL as the file writes it (a literal `$` as `$$`), and
/// the variables its placeholders name, with what each holds; `taken` are
/// names the document already uses for something else. The variables'
/// names start with `prefix` (`LOG_DRAIN_1`, or `WEB_LOG_DRAIN_1` when
/// named after the app key).
pub fn placeholders(
    n: usize,
    prefix: &str,
    url: &str,
    taken: &BTreeSet<&str>,
) -> (String, Vec<(String, String)>) {
    let escape = |t: &str| t.replace('$', "$$");
    let mut vars: Vec<Var> = Vec::new();
    let mut secret = |p: Part| {
        let (base, what) = match p.place {
            Place::User => ("USER".to_string(), "the user name".to_string()),
            Place::Password => ("PASSWORD".into(), "the password".into()),
            Place::Segment => ("KEY".into(), "a key in its path".into()),
            Place::Query("") => ("QUERY".into(), "a key in its query".into()),
            Place::Query(name) => (upper(name), format!("the query parameter `{name}`")),
            Place::Fragment => ("FRAGMENT".into(), "its fragment".into()),
        };
        let mut name = format!("{prefix}_{base}");
        let mut k = 2;
        while vars.iter().any(|v| v.name == name) || taken.contains(name.as_str()) {
            name = format!("{prefix}_{base}_{k}");
            k += 1;
        }
        vars.push(Var {
            name: name.clone(),
            what: format!("log drain {n}: {what}"),
            raw: p.raw.to_string(),
        });
        format!("${{{name}}}")
    };
    let Some((text, hidden)) = rewrite(url, &[], &mut secret, &escape) else {
        return (escape(url), Vec::new());
    };
    if hidden.is_empty() {
        return (escape(url), Vec::new());
    }
    let process: BTreeMap<String, String> = vars
        .iter()
        .map(|v| (v.name.clone(), v.raw.clone()))
        .collect();
    let vars_in = Vars {
        env_name: None,
        process: Some(&process),
    };
    let back = interpolate(&text, vars_in).ok();
    if back.as_ref().and_then(|t| t.known()) == Some(url) {
        let listed = vars.into_iter().map(|v| (v.name, v.what)).collect();
        return (text, listed);
    }
    let whole = format!("{prefix}_URL");
    let what = format!("log drain {n} (a URL with a secret)");
    (format!("${{{whole}}}"), vec![(whole, what)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_parts_become_placeholders_and_the_rest_stays() {
        let none = BTreeSet::new();
        let (text, vars) = placeholders(
            1,
            "LOG_DRAIN_1",
            "https://http-intake.logs.datadoghq.com/v1/input/0123456789abcdef0123456789abcdef?ddsource=heroku",
            &none,
        );
        assert_eq!(
            text,
            "https://http-intake.logs.datadoghq.com/v1/input/${LOG_DRAIN_1_KEY}?ddsource=heroku"
        );
        assert_eq!(vars[0].0, "LOG_DRAIN_1_KEY");
        let (text, vars) = placeholders(
            2,
            "LOG_DRAIN_2",
            "https://u:p$w@h.example/x?api_key=k1&sig=s2",
            &none,
        );
        assert_eq!(
            text,
            "https://u:${LOG_DRAIN_2_PASSWORD}@h.example/x?api_key=${LOG_DRAIN_2_API_KEY}&sig=${LOG_DRAIN_2_SIG}"
        );
        assert_eq!(vars.len(), 3);
        let (text, vars) = placeholders(
            3,
            "LOG_DRAIN_3",
            "syslog+tls://logs.example.net:6514",
            &none,
        );
        assert_eq!(
            (text.as_str(), vars.len()),
            ("syslog+tls://logs.example.net:6514", 0)
        );
        // The parser writes this one differently (default port): one variable.
        let (text, vars) = placeholders(4, "LOG_DRAIN_4", "https://u:pw@H.example:443/x", &none);
        assert_eq!(text, "${LOG_DRAIN_4_URL}");
        assert_eq!(vars[0].0, "LOG_DRAIN_4_URL");
        // A config var of that name reads its own variable.
        let taken = BTreeSet::from(["LOG_DRAIN_5_PASSWORD"]);
        let (text, _) = placeholders(5, "LOG_DRAIN_5", "https://u:pw@h.example/x", &taken);
        assert_eq!(text, "https://u:${LOG_DRAIN_5_PASSWORD_2}@h.example/x");
    }
}
