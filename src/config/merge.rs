//! Merging an overlay onto the base, and the overlay's `unset` list.
//!
//! Tables merge key by key, recursively; scalars and arrays in the overlay
//! replace the base's, keeping the overlay's origin. `unset` removes inherited
//! entries *before* the overlay is merged, so an overlay can replace a whole
//! table: `unset = ["apps.web.formation"]` plus a new `[apps.web.formation]`.
//! Pure: trees in, tree and problems out.

use super::tree::{Entry, Node, Value};
use crate::diag::{Origin, Problem};

/// The key under which an overlay lists the paths it removes.
pub const UNSET: &str = "unset";

/// Merges `overlay` onto `base` and returns the result.
pub fn merge(base: Node, overlay: Node) -> Node {
    match (base.value, overlay.value) {
        (Value::Table(into), Value::Table(from)) => {
            let merged = into.union(from, |old, entry| Entry {
                key_at: entry.key_at,
                node: merge(old.node, entry.node),
            });
            Node {
                value: Value::Table(merged),
                at: overlay.at,
            }
        }
        (_, value) => Node {
            value,
            at: overlay.at,
        },
    }
}

/// The well-formed paths of an `unset` list, and the problems of the others.
pub type Unset = (Vec<(Vec<String>, Origin)>, Vec<Problem>);

/// Takes the `unset` list out of an overlay's root table: the paths that are
/// well formed, and a problem for each that is not (or for a list that is not
/// an array of strings).
pub fn take_unset(overlay: &mut Node) -> Unset {
    let Value::Table(root) = &mut overlay.value else {
        return (Vec::new(), Vec::new());
    };
    let Some(entry) = root.remove(UNSET) else {
        return (Vec::new(), Vec::new());
    };
    let Value::Array(items) = entry.node.value else {
        return (
            Vec::new(),
            vec![Problem::new(
                &entry.node.at,
                UNSET,
                format!(
                    "must be an array of dotted paths, not {}",
                    entry.node.value.kind()
                ),
            )],
        );
    };
    let mut paths = Vec::new();
    let mut problems = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let path = format!("{UNSET}[{i}]");
        match &item.value {
            Value::Str(s) => match split_path(s) {
                Ok(segments) => paths.push((segments, item.at)),
                Err(why) => problems.push(Problem::new(&item.at, path, why)),
            },
            other => problems.push(Problem::new(
                &item.at,
                path,
                format!("must be a dotted path string, not {}", other.kind()),
            )),
        }
    }
    (paths, problems)
}

/// Takes out every `unset` list below the root of a TOML overlay: in TOML a
/// key written after a `[table]` header belongs to that table, so an `unset`
/// placed below `[apps.web]` is `apps.web.unset`, silently not the overlay's
/// list. Each is a problem saying where it must go. Only arrays count: a
/// config var may well be named `unset`, but its value is never an array.
pub fn take_misplaced_unset(overlay: &mut Node) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Value::Table(root) = &mut overlay.value {
        for (key, entry) in root.iter_mut() {
            misplaced(&mut entry.node, key, &mut problems);
        }
    }
    problems
}

fn misplaced(node: &mut Node, path: &str, problems: &mut Vec<Problem>) {
    let Value::Table(table) = &mut node.value else {
        return;
    };
    if let Some(entry) = table.remove_entry(UNSET) {
        match entry.1.node.value {
            Value::Array(_) => problems.push(
                Problem::new(
                    &entry.1.key_at,
                    format!("{path}.{UNSET}"),
                    format!("`unset` must come before the first table: written after [{path}], it belongs to that table"),
                )
                .with_hint("move the `unset = [...]` line to the top of the file, above the first [table] header"),
            ),
            _ => {
                table.insert(entry.0, entry.1);
            }
        }
    }
    for (key, entry) in table.iter_mut() {
        misplaced(&mut entry.node, &format!("{path}.{key}"), problems);
    }
}

/// Removes each path from `base`. A path the base does not define is a problem
/// (it catches typos).
pub fn apply_unset(base: &mut Node, paths: &[(Vec<String>, Origin)]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (segments, at) in paths {
        if !remove_path(base, segments) {
            problems.push(
                Problem::new(
                    at,
                    UNSET,
                    format!("`{}` is not defined by the base", segments.join(".")),
                )
                .with_hint("unset removes what the base file defines; check the spelling"),
            );
        }
    }
    problems
}

fn remove_path(node: &mut Node, segments: &[String]) -> bool {
    let Value::Table(table) = &mut node.value else {
        return false;
    };
    match segments {
        [] => false,
        [last] => table.remove(last).is_some(),
        [first, rest @ ..] => table
            .get_mut(first)
            .is_some_and(|entry| remove_path(&mut entry.node, rest)),
    }
}

/// Splits `apps.web.config_vars.DEBUG` into its segments. A segment holding a
/// dot is written in double quotes: `apps.web.features."a.b"`.
pub fn split_path(path: &str) -> Result<Vec<String>, String> {
    let mut segments = Vec::new();
    let mut rest = path;
    loop {
        let (segment, after) = if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted
                .find('"')
                .ok_or_else(|| format!("`{path}` has an unclosed quote"))?;
            (&quoted[..end], &quoted[end + 1..])
        } else {
            let end = rest.find('.').unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        };
        if segment.is_empty() {
            return Err(format!("`{path}` has an empty segment"));
        }
        segments.push(segment.to_string());
        match after.strip_prefix('.') {
            Some(next) => rest = next,
            None if after.is_empty() => return Ok(segments),
            None => return Err(format!("`{path}` is not a dotted path")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse::{Format, parse};
    use std::sync::Arc;

    fn toml(name: &str, text: &str) -> Node {
        let file: Arc<str> = name.into();
        parse(&file, text, Format::Toml).unwrap()
    }

    fn get<'a>(node: &'a Node, path: &str) -> Option<&'a Node> {
        path.split('.').try_fold(node, |n, k| match &n.value {
            Value::Table(t) => t.get(k).map(|e| &e.node),
            _ => None,
        })
    }

    #[test]
    fn tables_merge_and_scalars_and_arrays_replace() {
        let base = toml(
            "heroin.toml",
            "[apps.web]\nname = \"a\"\nbuildpacks = [\"x\", \"y\"]\n[apps.web.config_vars]\nA = \"1\"\nB = \"2\"\n",
        );
        let overlay = toml(
            "heroin.prod.toml",
            "[apps.web]\nbuildpacks = [\"z\"]\n[apps.web.config_vars]\nB = \"3\"\n",
        );
        let merged = merge(base, overlay);
        assert_eq!(
            get(&merged, "apps.web.name").unwrap().value,
            Value::Str("a".into())
        );
        let b = get(&merged, "apps.web.config_vars.B").unwrap();
        assert_eq!(b.value, Value::Str("3".into()));
        assert_eq!(&*b.at.file, "heroin.prod.toml");
        assert_eq!(
            get(&merged, "apps.web.config_vars.A")
                .unwrap()
                .at
                .file
                .as_ref(),
            "heroin.toml"
        );
        let Value::Array(bps) = &get(&merged, "apps.web.buildpacks").unwrap().value else {
            panic!()
        };
        assert_eq!(bps.len(), 1);
    }

    #[test]
    fn unset_removes_inherited_entries_and_catches_typos() {
        let mut base = toml(
            "heroin.toml",
            "[apps.web]\nname = \"a\"\n[apps.web.config_vars]\nDEBUG = \"1\"\n[apps.worker]\nname = \"w\"\n",
        );
        let mut overlay = toml(
            "heroin.prod.toml",
            "unset = [\"apps.web.config_vars.DEBUG\", \"apps.worker\", \"apps.web.config_vars.DEBGU\"]\n",
        );
        let (paths, bad) = take_unset(&mut overlay);
        assert!(bad.is_empty());
        let problems = apply_unset(&mut base, &paths);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("DEBGU"));
        assert_eq!(problems[0].at.as_ref().unwrap().line, 1);
        let merged = merge(base, overlay);
        assert!(get(&merged, "apps.web.config_vars.DEBUG").is_none());
        assert!(get(&merged, "apps.web.config_vars").is_some());
        assert!(get(&merged, "apps.worker").is_none());
        assert!(get(&merged, "unset").is_none());
    }

    #[test]
    fn unset_then_redefine_replaces_a_table() {
        let mut base = toml("heroin.toml", "[apps.web.formation]\nweb = 2\nworker = 1\n");
        let mut overlay = toml(
            "heroin.prod.toml",
            "unset = [\"apps.web.formation\"]\n[apps.web.formation]\nweb = 5\n",
        );
        let (paths, bad) = take_unset(&mut overlay);
        assert!(bad.is_empty());
        assert!(apply_unset(&mut base, &paths).is_empty());
        let merged = merge(base, overlay);
        assert!(get(&merged, "apps.web.formation.worker").is_none());
        assert_eq!(
            get(&merged, "apps.web.formation.web").unwrap().value,
            Value::Int(5)
        );
    }

    #[test]
    fn paths_split_on_dots_with_quotes_for_dotted_keys() {
        assert_eq!(split_path("a.b.c").unwrap(), ["a", "b", "c"]);
        assert_eq!(split_path("a.\"b.c\".d").unwrap(), ["a", "b.c", "d"]);
        assert!(split_path("a..b").is_err());
        assert!(split_path("a.\"b").is_err());
        assert!(split_path("").is_err());
    }

    #[test]
    fn unset_after_a_table_is_named_as_misplaced() {
        let mut overlay = toml(
            "heroin.prod.toml",
            "[apps.web]\nmaintenance = true\nunset = [\"apps.web.config_vars.A\"]\n[apps.web.config_vars]\nunset = \"a var\"\n",
        );
        let problems = take_misplaced_unset(&mut overlay);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0]
                .message
                .contains("`unset` must come before the first table"),
            "{problems:?}"
        );
        assert_eq!(problems[0].at.as_ref().unwrap().line, 3);
        assert!(get(&overlay, "apps.web.unset").is_none());
        assert!(
            get(&overlay, "apps.web.config_vars.unset").is_some(),
            "a config var named unset is one"
        );
    }

    #[test]
    fn unset_must_be_a_list_of_strings() {
        let mut overlay = toml("heroin.prod.toml", "unset = \"apps.web\"\n");
        assert_eq!(take_unset(&mut overlay).1.len(), 1);
        let mut overlay = toml("heroin.prod.toml", "unset = [1, \"apps.web\", \"a..b\"]\n");
        let (paths, bad) = take_unset(&mut overlay);
        assert_eq!((paths.len(), bad.len()), (1, 2));
    }
}
