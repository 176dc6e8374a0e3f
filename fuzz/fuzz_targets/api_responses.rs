//! Any bytes as the body of every response heroin decodes from Heroku: each
//! decoder returns a value (or an error), never a panic.
#![no_main]

use heroin::live;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let list: Vec<Value> = match &body {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    };
    let _ = live::app_from(&body);
    let _ = live::addons_of("01234567-89ab-cdef-0123-456789abcdef", &list, &list);
    let _ = live::formation_from(&list);
    let _ = live::features_from(&list);
    let _ = live::buildpacks_from(&list);
    let _ = live::domains_from(&list);
    let _ = live::drains_from(&list);
    let _ = live::collaborators_from(&list);
    let _ = live::coupling_from(&body, &list);
});
