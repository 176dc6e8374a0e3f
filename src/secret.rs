//! Secret values, the resolved text of a string in the files, and the rules
//! that say what is secret.
//!
//! A value that took any part of itself from the process environment is secret,
//! and so is one whose shape says so: a name like `API_KEY`, a URL with a
//! password, a drain URL with a key in it ([`url`]). [`Secret`] holds such a
//! value; its `Debug` and `Display` print a mask (or, for a URL, the URL with
//! its secret parts masked), so a secret cannot leak through a log line, an
//! error message or a `{:?}`. The only way to the value is [`Secret::expose`],
//! which is easy to search for. [`redact`] takes known secret values out of
//! text that came from elsewhere (a server's message). Pure.

pub mod keyed;
pub mod url;

use std::fmt;

/// What every output shows in place of a secret value.
pub const MASK: &str = "(sensitive)";

/// A secret value. `Debug` and `Display` never show it.
#[derive(Clone)]
pub struct Secret {
    value: String,
    /// The pieces of the value that came from the process environment (or
    /// were found secret in a URL): secret on their own too.
    parts: Vec<String>,
    /// What to show instead of [`MASK`]: the value with its secret parts
    /// masked (a URL), when only parts of it are secret.
    shown: Option<String>,
}

impl Secret {
    /// Wraps a value that must never be printed.
    pub fn new(value: impl Into<String>) -> Self {
        Secret {
            value: value.into(),
            parts: Vec::new(),
            shown: None,
        }
    }

    /// A value built from pieces, of which `parts` came from the process
    /// environment.
    pub fn with_parts(value: impl Into<String>, parts: Vec<String>) -> Self {
        Secret {
            parts,
            ..Secret::new(value)
        }
    }

    /// The value itself, for the request that sends it and nothing else.
    pub fn expose(&self) -> &str {
        &self.value
    }

    /// The pieces known to be secret on their own (the whole value is, too).
    pub fn parts(&self) -> &[String] {
        &self.parts
    }

    /// Every string that must not be printed: the value and its parts.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.value.as_str()).chain(self.parts.iter().map(String::as_str))
    }

    /// Whether it prints as a partly masked value instead of [`MASK`].
    pub fn is_partly_shown(&self) -> bool {
        self.shown.is_some()
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Secret {}

impl std::hash::Hash for Secret {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl PartialOrd for Secret {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Secret {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

/// A secret serializes as it prints: masked (a URL with its secret parts
/// masked), so that no serialized structure can hold its value.
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({self})")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.shown.as_deref().unwrap_or(MASK))
    }
}

/// The resolved value of a string in the files, after interpolation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Text {
    /// Written in the files, or built only from `HEROIN_ENV` and defaults.
    Plain(String),
    /// Took some part of itself from the process environment, or is secret
    /// by its shape (a drain URL with a key in it).
    Secret(Secret),
    /// Depends on variables that are not known in this run (`heroin validate`
    /// works offline and never reads the process environment). Holds the
    /// template as written, which is not secret.
    Deferred(String),
}

impl Text {
    /// The value when it is known, secret or not.
    pub fn known(&self) -> Option<&str> {
        match self {
            Text::Plain(s) => Some(s),
            Text::Secret(s) => Some(s.expose()),
            Text::Deferred(_) => None,
        }
    }

    /// Whether the value came (partly) from the process environment.
    pub fn is_secret(&self) -> bool {
        matches!(self, Text::Secret(_))
    }
}

impl fmt::Display for Text {
    /// Plain values as they are, secrets masked, deferred ones as their template.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Text::Plain(s) | Text::Deferred(s) => f.write_str(s),
            Text::Secret(s) => fmt::Display::fmt(s, f),
        }
    }
}

/// The variables heroin reads for its own credentials: the token
/// (`HEROKU_API_KEY`) and where the token is sent (`HEROKU_HOST`; see
/// `http::endpoint`, whose tests hold this list to what it reads). A file must
/// never interpolate them: that would write the operator's token, or the API
/// it trusts, into an app.
pub const OWN_VARS: &[&str] = &["HEROKU_API_KEY", "HEROKU_HOST"];

/// Whether a config var's name (or a URL's query parameter) says it holds a
/// secret.
pub fn looks_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    [
        "KEY",
        "SECRET",
        "TOKEN",
        "PASSWORD",
        "PASSWD",
        "PASSPHRASE",
        "CREDENTIALS",
        "PRIVATE",
    ]
    .iter()
    .any(|w| upper.contains(w))
        // Short words only as a whole part of the name (`SMTP_PASS`, not
        // `PASSENGER_MAX_POOL_SIZE`).
        || upper
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|part| ["PASS", "PWD", "AUTH", "SIG", "DSN", "PEM"].contains(&part))
}

/// Whether a URL's query parameter `name` says its value is secret: a
/// secret-looking name, or one of the short words signatures and passwords
/// go by (`sig`, `auth`, `pwd`, `passwd`).
pub fn looks_secret_param(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    looks_secret(name)
        || ["SIG", "AUTH", "PWD", "PASSWD"]
            .iter()
            .any(|w| upper.contains(w))
}

/// Whether a value is a URL with a password in it (`postgres://u:p@host`).
pub fn has_url_password(value: &str) -> bool {
    ::url::Url::parse(value).is_ok_and(|u| u.password().is_some())
}

/// The shortest run of letters and digits that [`looks_like_key`] takes for
/// a key (a UUID's last group has 12).
pub const KEY_RUN: usize = 12;

/// Whether a piece of a URL (a path segment, a query value) looks like a key
/// or token: at least 16 characters, holding a run of at least [`KEY_RUN`]
/// ASCII letters and digits that mixes both. Words and numbers (`v1`,
/// `production-logs`, `2024`) do not; API keys, UUIDs and base64 tokens do.
pub fn looks_like_key(value: &str) -> bool {
    value.chars().count() >= 16
        && value
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|run| {
                run.len() >= KEY_RUN
                    && run.bytes().any(|b| b.is_ascii_digit())
                    && run.bytes().any(|b| b.is_ascii_alphabetic())
            })
}

/// Known secret values shorter than this are not searched for in text: they
/// would mask common letters of a message, and are no secret worth it.
pub const MIN_REDACTED: usize = 4;

/// `text` (something a server said) with every one of `secrets` in it,
/// as it is or percent-encoded, replaced by [`MASK`]. Longer values first,
/// so a secret that holds another is masked whole.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut forms: Vec<String> = secrets
        .iter()
        .filter(|s| s.chars().count() >= MIN_REDACTED)
        .flat_map(|s| {
            [
                s.to_string(),
                url::encode(s),
                ::url::form_urlencoded::byte_serialize(s.as_bytes()).collect(),
            ]
        })
        .collect();
    forms.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    forms.dedup();
    let mut out = text.to_string();
    for form in forms {
        if out.contains(&form) {
            out = out.replace(&form, MASK);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_prints_its_value() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s}"), MASK);
        assert!(!format!("{s:?}").contains("hunter2"));
        let t = Text::Secret(s);
        assert!(!format!("{t} {t:?}").contains("hunter2"));
        assert_eq!(t.known(), Some("hunter2"));
    }

    #[test]
    fn secret_looking_names_and_urls() {
        assert!(looks_secret("STRIPE_API_KEY"));
        assert!(looks_secret("session_secret"));
        assert!(looks_secret("DB_PASSWORD"));
        for name in [
            "SMTP_PASS",
            "DB_PASSWD",
            "GITHUB_AUTH",
            "SENTRY_DSN",
            "PRIVATE_PEM",
            "API_PWD",
            "SESSION_SIG",
        ] {
            assert!(looks_secret(name), "{name}");
        }
        assert!(!looks_secret("PASSENGER_MAX_POOL_SIZE"));
        assert!(!looks_secret("AUTHOR_NAME"));
        assert!(!looks_secret("RAILS_ENV"));
        assert!(looks_secret_param("api_key") && looks_secret_param("sig"));
        assert!(!looks_secret_param("ddsource"));
        assert!(has_url_password("postgres://user:pw@host:5432/db"));
        assert!(has_url_password("redis://:p@h:1"));
        assert!(!has_url_password("https://example.com/a@b"));
        assert!(!has_url_password("https://user@example.com/"));
        assert!(!has_url_password("not a url"));
        assert!(looks_like_key("0123456789abcdef0123456789abcdef"));
        assert!(looks_like_key("3f2a1b4c-9d8e-4f7a-b6c5-1a2b3c4d5e6f"));
        assert!(looks_like_key("ZaVnC4dhaV3Hq9xK2mPw"));
        assert!(!looks_like_key("production-logs-2024"));
        assert!(!looks_like_key("v1"));
        assert!(!looks_like_key("abcdefghijklmnopqrstuvwxyz"));
    }

    #[test]
    fn redaction_masks_every_known_value_and_its_encodings() {
        let said = "Url https://u:p%40ss-word@h/x is invalid for tok-123456 (tok-123456)";
        let out = redact(said, &["tok-123456", "p@ss-word", "k"]);
        assert_eq!(
            out,
            "Url https://u:(sensitive)@h/x is invalid for (sensitive) ((sensitive))"
        );
        assert_eq!(
            redact("k is fine", &["k"]),
            "k is fine",
            "too short to search for"
        );
        assert_eq!(
            redact("abcdef abcd", &["abcd", "abcdef"]),
            "(sensitive) (sensitive)"
        );
    }
}
