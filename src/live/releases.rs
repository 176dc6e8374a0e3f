//! The newest release of each app, as `heroku releases` numbers it: what a
//! tag records after an apply, so that `heroin history` lines up with
//! Heroku's releases. One request an app (the newest only), all on the
//! bounded pool of reads.

use std::collections::BTreeMap;

use super::pool::parallel;
use crate::http::{Client, paths};

/// For each app of `names` (key -> Heroku name) whose releases could be
/// read, the version of its newest release, by key. An app whose releases
/// cannot be read is left out.
pub fn newest(
    client: &Client,
    names: &BTreeMap<String, String>,
    threads: usize,
) -> BTreeMap<String, u64> {
    let apps: Vec<(&String, &String)> = names.iter().collect();
    let versions = parallel(&apps, threads, |(_, name)| {
        let newest = client
            .page(&paths::releases(name), "version ..; max=1, order=desc")
            .ok()?;
        newest.first()?["version"].as_u64()
    });
    apps.into_iter()
        .zip(versions)
        .filter_map(|((key, _), version)| Some((key.clone(), version?)))
        .collect()
}
