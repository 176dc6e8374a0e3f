//! What the list sections share: the known values of a list in the files,
//! and the difference of two sets (to add, to remove, how many are the same).

use std::collections::BTreeSet;

/// The values of `list` known at plan time.
pub(crate) fn known(list: &[crate::config::model::LText]) -> Vec<String> {
    list.iter()
        .filter_map(|t| t.value.known().map(str::to_string))
        .collect()
}

/// A set section: entries to add, and entries to remove "not in the files".
pub(crate) fn set_diff(desired: &[String], live: &[String]) -> (Vec<String>, Vec<String>, usize) {
    let desired_set: BTreeSet<&String> = desired.iter().collect();
    let live_set: BTreeSet<&String> = live.iter().collect();
    let add = desired_set
        .difference(&live_set)
        .map(|s| s.to_string())
        .collect();
    let remove = live_set
        .difference(&desired_set)
        .map(|s| s.to_string())
        .collect();
    (add, remove, desired_set.intersection(&live_set).count())
}
