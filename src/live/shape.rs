//! Checks that Heroku's JSON has the shape the decoders rely on: a field
//! that must be a string is one, a list entry is an object. What is wrong is
//! said as a phrase (`item 2: \`name\` is null, not a string`), which the
//! reader turns into an error naming the request; a value itself is never
//! quoted (it could be large, or a secret).
//!
//! Pure.

use serde_json::Value;

use crate::http::kind;

/// What is wrong with a response, as a phrase.
pub type Shape = String;

/// The value at `path` (`["region", "name"]`), `Null` when absent.
fn at<'v>(v: &'v Value, path: &[&str]) -> &'v Value {
    path.iter().fold(v, |v, k| &v[*k])
}

/// How messages name the value at `path`: `` `region.name` ``, or `it`
/// for the entry itself.
fn dotted(path: &[&str]) -> String {
    if path.is_empty() {
        "it".into()
    } else {
        format!("`{}`", path.join("."))
    }
}

/// The string at `path`, which must be one.
pub fn string(v: &Value, path: &[&str]) -> Result<String, Shape> {
    match at(v, path) {
        Value::String(s) => Ok(s.clone()),
        other => Err(format!("{} is {}, not a string", dotted(path), kind(other))),
    }
}

/// The string at `path`, or `None` when it is absent or null.
pub fn optional_string(v: &Value, path: &[&str]) -> Result<Option<String>, Shape> {
    match at(v, path) {
        Value::Null => Ok(None),
        _ => string(v, path).map(Some),
    }
}

/// The boolean at `path`; `false` when absent or null.
pub fn flag(v: &Value, path: &[&str]) -> Result<bool, Shape> {
    match at(v, path) {
        Value::Null => Ok(false),
        Value::Bool(b) => Ok(*b),
        other => Err(format!(
            "{} is {}, not a boolean",
            dotted(path),
            kind(other)
        )),
    }
}

/// The whole number at `path`, which must be one.
pub fn integer(v: &Value, path: &[&str]) -> Result<i64, Shape> {
    match at(v, path) {
        Value::Number(n) if n.is_i64() => Ok(n.as_i64().unwrap_or_default()),
        other => Err(format!(
            "{} is {}, not a whole number",
            dotted(path),
            kind(other)
        )),
    }
}

/// The list at `path`; empty when absent or null.
pub fn list<'v>(v: &'v Value, path: &[&str]) -> Result<&'v [Value], Shape> {
    match at(v, path) {
        Value::Null => Ok(&[]),
        Value::Array(items) => Ok(items),
        other => Err(format!("{} is {}, not a list", dotted(path), kind(other))),
    }
}

/// `f` over every entry of `items`, an error naming the first bad entry
/// (counted from 1).
pub fn each<T>(
    items: &[Value],
    mut f: impl FnMut(&Value) -> Result<T, Shape>,
) -> Result<Vec<T>, Shape> {
    items
        .iter()
        .enumerate()
        .map(|(i, v)| f(v).map_err(|e| format!("item {}: {e}", i + 1)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn what_is_wrong_is_named_without_the_value() {
        let v = json!({"name": 5, "region": {"name": "eu"}, "on": "yes", "n": 1.5});
        assert_eq!(string(&v, &["region", "name"]).unwrap(), "eu");
        assert_eq!(
            string(&v, &["name"]).unwrap_err(),
            "`name` is a number, not a string"
        );
        assert_eq!(
            string(&v, &["id"]).unwrap_err(),
            "`id` is null, not a string"
        );
        assert_eq!(optional_string(&v, &["team", "name"]).unwrap(), None);
        assert!(flag(&v, &["on"]).is_err());
        assert!(integer(&v, &["n"]).is_err());
        let items = [json!({"name": "a"}), json!({"name": null})];
        assert_eq!(
            each(&items, |i| string(i, &["name"])).unwrap_err(),
            "item 2: `name` is null, not a string"
        );
    }
}
