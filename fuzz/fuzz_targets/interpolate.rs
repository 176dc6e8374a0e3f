//! One template interpolated offline, with an environment name, and with a
//! process environment: a value, a deferred template, or errors; never a panic.
#![no_main]

use std::collections::BTreeMap;

use heroin::config::interpolate::{Vars, interpolate, variables};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|template: &str| {
    let process: BTreeMap<String, String> = [("A", "a"), ("SECRET", "s3cret"), ("EMPTY", "")]
        .map(|(k, v)| (k.into(), v.into()))
        .into();
    let _ = variables(template);
    let _ = interpolate(
        template,
        Vars {
            env_name: None,
            process: None,
        },
    );
    let _ = interpolate(
        template,
        Vars {
            env_name: Some("prod"),
            process: None,
        },
    );
    let _ = interpolate(
        template,
        Vars {
            env_name: Some("prod"),
            process: Some(&process),
        },
    );
});
