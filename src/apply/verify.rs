//! What an apply leaves to be done: the changes a fresh plan still holds
//! after applying, split into those the user declined and those that still
//! differ. Only an empty result lets the apply be tagged.

use std::collections::BTreeSet;

use crate::plan::{Address, Plan};

/// `apps.web.config_vars.DEBUG`: a change's place in the files.
pub fn address(a: &Address) -> String {
    format!(
        "apps.{}.{}{}",
        a.app,
        a.section.name(),
        a.key.as_ref().map(|k| format!(".{k}")).unwrap_or_default()
    )
}

/// What still differs after applying, `None` when nothing does:
/// `1 change declined (apps.web.config_vars.STRAY); 1 still differs (...)`.
pub fn left_over(after: &Plan, declined: &BTreeSet<Address>) -> Option<String> {
    let (skipped, differ): (Vec<&Address>, Vec<&Address>) = after
        .changes
        .iter()
        .map(|c| &c.address)
        .partition(|a| declined.contains(*a));
    let list = |v: &[&Address]| v.iter().map(|a| address(a)).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if !skipped.is_empty() {
        let n = skipped.len();
        parts.push(format!(
            "{n} change{} declined ({})",
            if n == 1 { "" } else { "s" },
            list(&skipped)
        ));
    }
    if !differ.is_empty() {
        let n = differ.len();
        parts.push(format!(
            "{n} still differ{} after applying ({})",
            if n == 1 { "s" } else { "" },
            list(&differ)
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}
