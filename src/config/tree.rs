//! The format-neutral document tree that TOML and YAML files are read into.
//!
//! Every node and every key carries its [`Origin`], so the merge, interpolation
//! and checks can all point back at file:line:column. The tree knows nothing of
//! heroin's schema; `convert` gives it meaning. Nothing here reads files.

use crate::diag::Origin;

/// A value in a file, with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts.
    pub at: Origin,
}

/// A key of a table, with where it was written, and its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Where the key was written (errors about the key itself point here).
    pub key_at: Origin,
    /// The value under the key.
    pub node: Node,
}

/// A table: keys in sorted order, so everything downstream is deterministic.
pub use super::table::Table;

/// The values both formats share. YAML's `null` is kept so that it can be
/// reported where it was written.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A string (interpolated after the merge).
    Str(String),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// YAML's null (an empty value).
    Null,
    /// An array, in order.
    Array(Vec<Node>),
    /// A table (TOML) or mapping (YAML).
    Table(Table),
}

impl Value {
    /// The name of the value's type as the error messages say it.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Bool(_) => "a boolean",
            Value::Null => "an empty value (null)",
            Value::Array(_) => "an array",
            Value::Table(_) => "a table",
        }
    }
}

/// Turns byte offsets of one text into 1-based lines and character columns.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The 1-based (line, column) of a byte offset; columns count characters.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (to_u32(line + 1), to_u32(column + 1))
    }

    /// The byte offset of a 1-based (line, column), columns in characters.
    pub fn offset(&self, line: u32, column: u32) -> usize {
        let Some(&start) = self.starts.get((line as usize).saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        rest.char_indices()
            .nth((column as usize).saturating_sub(1))
            .map_or(self.text.len(), |(i, _)| start + i)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let idx = LineIndex::new("a = 1\nné = \"x\"\n");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(6), (2, 1));
        // "é" is two bytes but one column.
        assert_eq!(idx.position(10), (2, 4));
        assert_eq!(idx.offset(2, 4), 10);
    }
}
