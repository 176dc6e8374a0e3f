//! Problems found in the files: what is wrong, where, and how to fix it.
//!
//! A [`Problem`] names the file, line and column, the value's path in the
//! document (`apps.web.config_vars.STRIPE_KEY`) and an optional hint. Problems
//! are plain data; `ui` decides how to show them (one line each, or with a source
//! snippet on a terminal). Nothing here prints.

use crate::render::printable::{printable, printable_lines};
use std::fmt;
use std::sync::Arc;

/// Where a value was written: the file as the user named it, the 1-based line and
/// column (in characters), and the byte range for source snippets.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// The file, as shown to the user (`heroin.prod.toml`, `deploy/heroin.toml`).
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// Byte range of the value in the file, when known (files are bounded
    /// far below 4 GiB; the narrow offsets keep the origins of large files
    /// small, as every key and value has one).
    pub span: Option<(u32, u32)>,
}

impl Origin {
    /// The origin of a whole file (its first character), for problems that
    /// concern the file itself.
    pub fn file_start(file: &Arc<str>) -> Origin {
        Origin {
            file: file.clone(),
            line: 1,
            column: 1,
            span: None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", printable(&self.file), self.line, self.column)
    }
}

/// How bad a problem is: it is told by where the problem is kept (a list of
/// errors or of warnings), and `ui` shows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The files cannot be used as they are.
    #[default]
    Error,
    /// The files work, but probably not as meant (`heroin validate` still
    /// exits 0).
    Warning,
}

impl Severity {
    /// The word messages start with.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem in the files.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Problem {
    /// Where it is. `None` only for problems with no file (an empty directory).
    pub at: Option<Origin>,
    /// The value's dotted path in the merged document, or empty for a whole file.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
}

impl Problem {
    /// A problem at `at`, about the value at `path`.
    pub fn new(at: &Origin, path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            at: Some(at.clone()),
            path: path.into(),
            message: message.into(),
            hint: None,
        }
    }

    /// A problem that belongs to no file.
    pub fn nowhere(message: impl Into<String>) -> Problem {
        Problem {
            at: None,
            path: String::new(),
            message: message.into(),
            hint: None,
        }
    }

    /// The same problem with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }

    /// The message with its path in front: `apps.web.name: ...`.
    ///
    /// Control and bidi characters (a value quoted from the files may hold
    /// them) are escaped: the headline reaches a terminal.
    pub fn headline(&self) -> String {
        let text = if self.path.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", self.path, self.message)
        };
        printable_lines(&text).into_owned()
    }
}

impl fmt::Display for Problem {
    /// `file:line:col: error: path: message`, the hint not included.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some(at) => write!(f, "{at}: error: {}", self.headline()),
            None => write!(f, "error: {}", self.headline()),
        }
    }
}

/// Sorts problems by place and drops exact repeats (the base's problems show up
/// once per environment that merges it), and ends each hint with the section
/// of the docs that explains its field ([`link_hints`]).
pub fn tidy(problems: &mut Vec<Problem>) {
    problems.sort();
    problems.dedup();
    link_hints(problems);
}

/// Ends each hint with the section that explains the problem's field (when
/// the hint names no section yet). Problems without a hint are left alone:
/// a link is added to a fix, not instead of one.
pub fn link_hints(problems: &mut [Problem]) {
    for p in problems {
        let Some(hint) = &p.hint else { continue };
        if hint.contains("docs/") {
            continue;
        }
        if let Some(section) = crate::docs::field(&p.path) {
            p.hint = Some(format!("{hint} (see {section})"));
        }
    }
}

/// The closest of `candidates` to `word`, when it is close enough to suggest.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// A "did you mean" hint for `word` among `candidates`, when one is close.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let keys = ["region", "stack", "team", "config_vars"];
        assert_eq!(closest("regoin", keys), Some("region"));
        assert_eq!(closest("config_var", keys), Some("config_vars"));
        assert_eq!(closest("zzz", keys), None);
    }

    #[test]
    fn display_names_file_line_column() {
        let at = Origin {
            file: "heroin.prod.toml".into(),
            line: 12,
            column: 9,
            span: None,
        };
        let p = Problem::new(
            &at,
            "apps.web.config_vars.STRIPE_KEY",
            "$STRIPE_KEY is not set",
        );
        assert_eq!(
            p.to_string(),
            "heroin.prod.toml:12:9: error: apps.web.config_vars.STRIPE_KEY: $STRIPE_KEY is not set"
        );
    }
}
