//! A value of the files with where it was written. A leaf of `config`, so
//! that the model and the sections kept in files of their own share it
//! without importing each other.

use crate::diag::Origin;
use crate::secret::Text;

/// A value with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written (after the merge: the layer that won).
    pub at: Origin,
}

/// A resolved string with its origin.
pub type LText = Located<Text>;
