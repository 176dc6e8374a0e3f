//! Typed reading of tree nodes: the helpers `convert` builds the model with.
//!
//! Each helper reads one node as the type a field needs, interpolates strings,
//! and records a [`Problem`] (with the node's origin and the field's path) when
//! the node is of another type. They return `None` after recording a problem,
//! so that conversion goes on and every problem is reported at once.

use super::interpolate::{Vars, app_variable, interpolate, variables};
use super::located::{LText, Located};
use super::tree::{Node, Table, Value};
use crate::diag::{Problem, did_you_mean};
use crate::secret::{OWN_VARS, Text};

/// The reading context: the variables for interpolation and the problems found.
pub struct Reader<'v> {
    /// Variables for interpolation.
    pub vars: Vars<'v>,
    /// Problems found so far.
    pub problems: Vec<Problem>,
    /// The files the configuration refers to, read before loading.
    pub files: &'v super::Files,
}

impl<'v> Reader<'v> {
    /// A reader with no problems yet.
    pub fn new(vars: Vars<'v>, files: &'v super::Files) -> Self {
        Reader {
            vars,
            problems: Vec::new(),
            files,
        }
    }

    /// Records a problem.
    pub fn problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    fn wrong_type(&mut self, node: &Node, path: &str, wanted: &str) {
        let problem = Problem::new(
            &node.at,
            path,
            format!("must be {wanted}, not {}", node.value.kind()),
        );
        let problem = match (&node.value, wanted) {
            (Value::Null, _) => problem.with_hint("remove the key, or give it a value"),
            (Value::Int(_) | Value::Float(_) | Value::Bool(_), "a string") => {
                problem.with_hint("put the value in quotes")
            }
            _ => problem,
        };
        self.problems.push(problem);
    }

    /// Reports the keys of `table` that are not in `known`, with a "did you mean".
    pub fn unknown_keys(&mut self, table: &Table, path: &str, known: &[&str]) {
        for (key, entry) in table {
            if !known.contains(&key.as_str()) {
                let mut problem = Problem::new(&entry.key_at, join(path, key), "unknown key");
                if let Some(hint) = did_you_mean(key, known.iter().copied()) {
                    problem = problem.with_hint(hint);
                } else {
                    problem = problem.with_hint(format!("known keys here: {}", known.join(", ")));
                }
                self.problems.push(problem);
            }
        }
    }

    /// The node as a table.
    pub fn table<'n>(&mut self, node: &'n Node, path: &str) -> Option<&'n Table> {
        match &node.value {
            Value::Table(t) => Some(t),
            _ => {
                self.wrong_type(node, path, "a table");
                None
            }
        }
    }

    /// The node as an array.
    pub fn array<'n>(&mut self, node: &'n Node, path: &str) -> Option<&'n [Node]> {
        match &node.value {
            Value::Array(a) => Some(a),
            _ => {
                self.wrong_type(node, path, "an array");
                None
            }
        }
    }

    /// The node as a boolean.
    pub fn boolean(&mut self, node: &Node, path: &str) -> Option<Located<bool>> {
        match node.value {
            Value::Bool(b) => Some(Located {
                value: b,
                at: node.at.clone(),
            }),
            _ => {
                self.wrong_type(node, path, "a boolean (true or false)");
                None
            }
        }
    }

    /// The node as an integer.
    pub fn integer(&mut self, node: &Node, path: &str) -> Option<Located<i64>> {
        match node.value {
            Value::Int(n) => Some(Located {
                value: n,
                at: node.at.clone(),
            }),
            _ => {
                self.wrong_type(node, path, "an integer");
                None
            }
        }
    }

    /// The node as a string, interpolated.
    pub fn text(&mut self, node: &Node, path: &str) -> Option<LText> {
        match &node.value {
            Value::Str(s) => self.interpolated(s, node, path),
            _ => {
                self.wrong_type(node, path, "a string");
                None
            }
        }
    }

    /// A string, integer or boolean as text (config vars and add-on options:
    /// Heroku stores them all as strings).
    pub fn scalar_text(&mut self, node: &Node, path: &str) -> Option<LText> {
        let plain = |s: String| {
            Some(Located {
                value: Text::Plain(s),
                at: node.at.clone(),
            })
        };
        match &node.value {
            Value::Str(s) => self.interpolated(s, node, path),
            Value::Int(n) => plain(n.to_string()),
            Value::Bool(b) => plain(b.to_string()),
            Value::Float(_) => {
                self.problems.push(
                    Problem::new(
                        &node.at,
                        path,
                        "must be a string, integer or boolean, not a number with a fraction",
                    )
                    .with_hint("put the value in quotes, exactly as the app should see it"),
                );
                None
            }
            _ => {
                self.wrong_type(node, path, "a string, integer or boolean");
                None
            }
        }
    }

    /// [`Reader::scalar_text`] with the path made only when it is needed:
    /// for the entries of large tables, where most values are plain text.
    pub fn scalar_text_lazy(
        &mut self,
        node: &Node,
        path: impl FnOnce() -> String,
    ) -> Option<LText> {
        match &node.value {
            Value::Str(s) if !s.contains('$') => Some(Located {
                value: Text::Plain(s.clone()),
                at: node.at.clone(),
            }),
            _ => self.scalar_text(node, &path()),
        }
    }

    /// The node as an array of strings, each interpolated.
    pub fn text_list(&mut self, node: &Node, path: &str) -> Option<Vec<LText>> {
        let items = self.array(node, path)?;
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if let Some(t) = self.text(item, &format!("{path}[{i}]")) {
                out.push(t);
            }
        }
        Some(out)
    }

    fn interpolated(&mut self, template: &str, node: &Node, path: &str) -> Option<LText> {
        self.own_vars(template, node, path);
        match interpolate(template, self.vars) {
            Ok(value) => Some(Located {
                value,
                at: node.at.clone(),
            }),
            Err(errors) => {
                for message in errors {
                    let mut problem = Problem::new(&node.at, path, message.clone());
                    let section = crate::docs::link(crate::docs::CONFIGURATION, "Interpolation");
                    problem = problem.with_hint(if message.ends_with("is not set") {
                        format!("export it before running heroin, or give a default: ${{NAME:-default}} (see {section})")
                    } else {
                        format!("see {section}")
                    });
                    self.problems.push(problem);
                }
                None
            }
        }
    }
}

impl Reader<'_> {
    /// Refuses a template that uses a variable heroin reads for its own
    /// credentials: it would write the operator's token into an app.
    fn own_vars(&mut self, template: &str, node: &Node, path: &str) {
        if !template.contains('$') {
            return;
        }
        let app = path.strip_prefix("apps.").and_then(|p| p.split('.').next());
        for name in variables(template) {
            if !OWN_VARS.contains(&name) {
                continue;
            }
            let other = app_variable(app.unwrap_or("app"), name);
            self.problems.push(
                Problem::new(
                    &node.at,
                    path,
                    format!(
                        "${name} is one of the variables heroin reads for its own credentials: interpolating it would write the operator's token (or API location) into the app"
                    ),
                )
                .with_hint(format!(
                    "read the app's value from another variable, such as ${{{other}}}"
                )),
            );
        }
    }
}

/// `path.key`, or `key` at the root. A key that is not a plain name is quoted
/// (`apps."web.app"`), as `unset` paths write it.
pub fn join(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let key = if plain {
        key.to_string()
    } else {
        format!("\"{key}\"")
    };
    if path.is_empty() {
        key
    } else {
        format!("{path}.{key}")
    }
}
