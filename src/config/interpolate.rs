//! `$VAR` interpolation of string values, after the merge.
//!
//! | written             | means                                                   |
//! | ------------------- | ------------------------------------------------------- |
//! | `$NAME`, `${NAME}`  | the variable; an error when it is not set               |
//! | `${NAME:-default}`  | the variable, or `default` when it is unset or empty    |
//! | `${NAME:?message}`  | the variable; an error saying `message` when unset/empty |
//! | `$$`                | a literal `$`                                           |
//! | `$` + anything else | an error: write `$$` for a literal `$`                  |
//!
//! `NAME` is a letter or `_` followed by letters, digits and `_`. A default is
//! literal text: it cannot hold `}` or another `$`. `HEROIN_ENV` is always the
//! environment's name, whatever the process environment says.
//!
//! A value that took any part of itself from the process environment is
//! [`Text::Secret`]. A default or `HEROIN_ENV` does not make a value secret.
//! Offline (for `heroin validate`) the process environment is never read: a
//! value that needs it is [`Text::Deferred`], its syntax checked all the same.
//! Pure: the variables are handed in.

use std::collections::BTreeMap;

use crate::secret::{Secret, Text};

/// The variable heroin always defines: the environment's name.
pub const HEROIN_ENV: &str = "HEROIN_ENV";

/// The name to give, in the files, a value of app `app_key` that is called
/// `name` in the app but must not be read from the variable of that name (one
/// heroin reads for itself): `webhooks`, `HEROKU_API_KEY` ->
/// `WEBHOOKS_HEROKU_API_KEY`.
pub fn app_variable(app_key: &str, name: &str) -> String {
    let prefix: String = app_key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}_{name}")
}

/// The variables a string may use.
#[derive(Clone, Copy, Debug)]
pub struct Vars<'a> {
    /// The environment's name (`HEROIN_ENV`); `None` when validating a base
    /// file that no overlay completes.
    pub env_name: Option<&'a str>,
    /// The process environment, or `None` offline.
    pub process: Option<&'a BTreeMap<String, String>>,
}

/// One piece of a template.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'t> {
    Literal(&'t str),
    Dollar,
    Var { name: &'t str, op: Op<'t> },
}

#[derive(Debug, PartialEq, Eq)]
enum Op<'t> {
    Plain,
    Default(&'t str),
    Required(&'t str),
}

const LITERAL_HINT: &str = "write $$ for a literal $";

/// Resolves `template`. Errors are complete sentences, all of them at once.
pub fn interpolate(template: &str, vars: Vars) -> Result<Text, Vec<String>> {
    // Most values name no variable: they are their own text.
    if !template.contains('$') {
        return Ok(Text::Plain(template.to_string()));
    }
    let pieces = split(template).map_err(|e| vec![e])?;
    let mut out = String::new();
    let mut secret = false;
    let mut parts = Vec::new();
    let mut deferred = false;
    let mut errors = Vec::new();
    for piece in &pieces {
        match piece {
            Piece::Literal(s) => out.push_str(s),
            Piece::Dollar => out.push('$'),
            Piece::Var { name, op } => match lookup(name, vars) {
                Lookup::Deferred => deferred = true,
                Lookup::Known {
                    value,
                    from_process,
                } => {
                    let empty = value.is_empty();
                    match op {
                        Op::Default(default) if empty => out.push_str(default),
                        Op::Required(message) if empty => {
                            errors.push(format!("${name} is empty: {message}"));
                        }
                        _ => {
                            out.push_str(value);
                            if from_process {
                                secret = true;
                                parts.push(value.to_string());
                            }
                        }
                    }
                }
                Lookup::Unset => match op {
                    Op::Default(default) => out.push_str(default),
                    Op::Required(message) => errors.push(format!("${name} is not set: {message}")),
                    Op::Plain => errors.push(format!("${name} is not set")),
                },
            },
        }
    }
    if !errors.is_empty() {
        Err(errors)
    } else if deferred {
        Ok(Text::Deferred(template.to_string()))
    } else if secret {
        Ok(Text::Secret(Secret::with_parts(out, parts)))
    } else {
        Ok(Text::Plain(out))
    }
}

/// The names of the variables a template uses, in order (for `${NAME}`
/// placeholders and for listing what an environment needs).
pub fn variables(template: &str) -> Vec<&str> {
    split(template)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| match p {
            Piece::Var { name, .. } => Some(name),
            _ => None,
        })
        .collect()
}

enum Lookup<'a> {
    Known { value: &'a str, from_process: bool },
    Unset,
    Deferred,
}

fn lookup<'a>(name: &str, vars: Vars<'a>) -> Lookup<'a> {
    if name == HEROIN_ENV {
        return match vars.env_name {
            Some(env) => Lookup::Known {
                value: env,
                from_process: false,
            },
            None => Lookup::Deferred,
        };
    }
    match vars.process {
        None => Lookup::Deferred,
        Some(process) => match process.get(name) {
            Some(value) => Lookup::Known {
                value,
                from_process: true,
            },
            None => Lookup::Unset,
        },
    }
}

fn split(template: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('$') {
        if i > 0 {
            pieces.push(Piece::Literal(&rest[..i]));
        }
        let after = &rest[i + 1..];
        let (piece, consumed) = if after.starts_with('$') {
            (Piece::Dollar, 1)
        } else if let Some(braced) = after.strip_prefix('{') {
            braced_var(braced)?
        } else {
            let len = name_len(after);
            if len == 0 {
                return Err(bare_dollar(after));
            }
            (
                Piece::Var {
                    name: &after[..len],
                    op: Op::Plain,
                },
                len,
            )
        };
        pieces.push(piece);
        rest = &after[consumed..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    Ok(pieces)
}

/// Parses what follows `${`; returns the piece and the bytes consumed after `$`.
fn braced_var(braced: &str) -> Result<(Piece<'_>, usize), String> {
    let close = braced
        .find('}')
        .ok_or_else(|| format!("`${{{braced}` is missing its closing `}}`"))?;
    let inner = &braced[..close];
    let len = name_len(inner);
    let name = &inner[..len];
    if name.is_empty() {
        return Err(format!(
            "`${{{inner}}}` does not start with a variable name (a letter or _, then letters, digits, _)"
        ));
    }
    let op = match &inner[len..] {
        "" => Op::Plain,
        modifier => {
            if let Some(default) = modifier.strip_prefix(":-") {
                if default.contains('$') {
                    return Err(format!(
                        "`${{{inner}}}`: a default is literal text and cannot use `$`"
                    ));
                }
                Op::Default(default)
            } else if let Some(message) = modifier.strip_prefix(":?") {
                Op::Required(message)
            } else {
                return Err(format!(
                    "`${{{inner}}}`: after the name, only `:-default` or `:?message` may follow"
                ));
            }
        }
    };
    Ok((Piece::Var { name, op }, 1 + close + 1))
}

fn bare_dollar(after: &str) -> String {
    match after.chars().next() {
        None => format!("a `$` at the end of the value does not start a variable; {LITERAL_HINT}"),
        Some(c) => format!("`${c}` does not start a variable; {LITERAL_HINT}"),
    }
}

fn name_len(s: &str) -> usize {
    let mut chars = s.char_indices();
    match chars.next() {
        Some((_, c)) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return 0,
    }
    chars
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
        .map_or(s.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn online<'a>(process: &'a BTreeMap<String, String>) -> Vars<'a> {
        Vars {
            env_name: Some("prod"),
            process: Some(process),
        }
    }

    #[test]
    fn every_form_resolves() {
        let p = env(&[("A", "x"), ("EMPTY", "")]);
        let v = online(&p);
        let known = |t: &str| interpolate(t, v).unwrap().known().unwrap().to_string();
        assert_eq!(known("$A"), "x");
        assert_eq!(known("${A}y"), "xy");
        assert_eq!(known("$A-$A"), "x-x");
        assert_eq!(known("${B:-dflt}"), "dflt");
        assert_eq!(known("${EMPTY:-dflt}"), "dflt");
        assert_eq!(known("${A:-dflt}"), "x");
        assert_eq!(known("${A:?needed}"), "x");
        assert_eq!(known("cost: $$5"), "cost: $5");
        assert_eq!(known("$$A"), "$A");
        assert_eq!(known("app-${HEROIN_ENV}"), "app-prod");
        assert_eq!(known("no dollars"), "no dollars");
        assert_eq!(known(""), "");
    }

    #[test]
    fn values_from_the_process_environment_are_secret() {
        let p = env(&[("A", "x"), ("HEROIN_ENV", "ignored")]);
        let v = online(&p);
        assert!(interpolate("${A}", v).unwrap().is_secret());
        let Text::Secret(s) = interpolate("pre-$A-post-${HEROIN_ENV}", v).unwrap() else {
            panic!("secret")
        };
        assert_eq!(
            s.parts(),
            ["x"],
            "the pieces from the environment are known"
        );
        assert!(!interpolate("${B:-d}", v).unwrap().is_secret());
        // HEROIN_ENV is heroin's, not the process's.
        let t = interpolate("$HEROIN_ENV", v).unwrap();
        assert_eq!(t, Text::Plain("prod".into()));
    }

    #[test]
    fn missing_variables_are_all_reported() {
        let p = env(&[]);
        let errs = interpolate("$A and ${B} and ${C:?set C to the key}", online(&p)).unwrap_err();
        assert_eq!(
            errs,
            [
                "$A is not set",
                "$B is not set",
                "$C is not set: set C to the key"
            ]
        );
        let p = env(&[("C", "")]);
        let errs = interpolate("${C:?needed}", online(&p)).unwrap_err();
        assert_eq!(errs, ["$C is empty: needed"]);
    }

    #[test]
    fn a_dollar_followed_by_anything_else_is_an_error() {
        let p = env(&[]);
        for bad in [
            "$5", "a $ b", "end$", "${", "${A", "${}", "${1A}", "${A-x}", "${A:=x}", "${A:-$B}",
        ] {
            let errs = interpolate(bad, online(&p)).unwrap_err();
            assert_eq!(errs.len(), 1, "{bad}: {errs:?}");
        }
        let errs = interpolate("$5", online(&p)).unwrap_err();
        assert!(errs[0].contains("$$"), "{errs:?}");
    }

    #[test]
    fn offline_defers_what_needs_the_process_environment() {
        let v = Vars {
            env_name: Some("staging"),
            process: None,
        };
        assert_eq!(
            interpolate("x-$HEROIN_ENV", v).unwrap(),
            Text::Plain("x-staging".into())
        );
        assert_eq!(
            interpolate("${KEY}", v).unwrap(),
            Text::Deferred("${KEY}".into())
        );
        assert_eq!(
            interpolate("${K:-d}", v).unwrap(),
            Text::Deferred("${K:-d}".into())
        );
        // Syntax is still checked offline.
        assert!(interpolate("$5", v).is_err());
    }

    #[test]
    fn variables_are_listed_in_order() {
        assert_eq!(
            variables("$A-${B:-x}-$$C-${HEROIN_ENV}"),
            ["A", "B", "HEROIN_ENV"]
        );
    }
}
