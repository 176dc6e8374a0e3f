//! Secret values and the resolved text of a string in the files.
//!
//! A value that took any part of itself from the process environment is secret.
//! [`Secret`] holds such a value; its `Debug` and `Display` print a mask, so a
//! secret cannot leak through a log line, an error message or a `{:?}`. The only
//! way to the value is [`Secret::expose`], which is easy to search for.

use std::fmt;

/// What every output shows in place of a secret value.
pub const MASK: &str = "(sensitive)";

/// A secret value. `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value that must never be printed.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself, for the request that sends it and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({MASK})")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

/// The resolved value of a string in the files, after interpolation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Text {
    /// Written in the files, or built only from `HEROIN_ENV` and defaults.
    Plain(String),
    /// Took some part of itself from the process environment.
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
}
