//! A config var as the files hold it, and the reader of a `config_vars`
//! table: an app's and a pipeline stage's are read alike. A leaf: the model
//! and the readers of both tables use it, it uses neither. Pure.

use std::collections::BTreeMap;

use super::located::LText;
use super::read::{Reader, join};
use super::tree::Node;
use crate::diag::Origin;

/// A config var: its value, and where its name was written.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigVar {
    /// Where the name (the key) was written.
    pub key_at: Origin,
    /// The value (integers and booleans as strings).
    pub value: LText,
}

/// Reads a `config_vars` table at `path`: each entry's value as text
/// (integers and booleans written as strings), with where its name was.
pub(super) fn config_vars(
    reader: &mut Reader,
    node: &Node,
    path: &str,
) -> Option<BTreeMap<String, ConfigVar>> {
    let table = reader.table(node, path)?;
    // Collected, not inserted one by one: a map built from sorted entries
    // fills its nodes, one grown by insertion leaves them half empty, and
    // an app may hold hundreds of vars.
    let vars = table
        .iter()
        .filter_map(|(name, entry)| {
            let value = reader.scalar_text_lazy(&entry.node, || join(path, name))?;
            let var = ConfigVar {
                key_at: entry.key_at.clone(),
                value,
            };
            Some((name.clone(), var))
        })
        .collect();
    Some(vars)
}
