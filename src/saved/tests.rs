//! Saved plans on hand-built `Live`: the same inputs save the same plan;
//! each thing that moves is named; a secret is never in the file.

use std::collections::BTreeMap;

use super::{Bounds, FilesAt, Made, compare, save};
use crate::config::{Environment, Source, load, parse::Format};
use crate::live::{Live, LiveApp};
use crate::plan::plan;
use crate::secret::Secret;
use crate::secret::keyed::Key;

const FILES: &str = "[apps.web]\nname = \"web-prod\"\n\n[apps.web.config_vars]\nWEB_CONCURRENCY = \"3\"\nAPI_TOKEN = \"${API_TOKEN}\"\n";

fn live(concurrency: &str, token: &str) -> Live {
    let vars = [
        ("WEB_CONCURRENCY".to_string(), concurrency.to_string()),
        ("API_TOKEN".to_string(), token.to_string()),
    ];
    let app = LiveApp {
        id: "app-1".into(),
        name: "web-prod".into(),
        config_vars: Some(vars.into()),
        ..LiveApp::default()
    };
    Live {
        apps: [("web".to_string(), Some(app))].into(),
        ..Live::default()
    }
}

/// The saved plan of the files with API_TOKEN=`token` against `live`, at `at`.
fn saved(token: &str, live: &Live, at: i64, tree: &str) -> super::Saved {
    let env = Environment {
        name: Some("prod".into()),
        base: Source {
            name: "heroin.toml".into(),
            text: FILES.into(),
            format: Format::Toml,
        },
        overlay: None,
    };
    let process = BTreeMap::from([("API_TOKEN".to_string(), token.to_string())]);
    let config = load(&env, Some(&process)).unwrap();
    let planned = plan(&config, live);
    let made = Made {
        env: "prod",
        apps: &[],
        at,
        api_host: "api.heroku.com",
    };
    let files = FilesAt {
        commit: "c0ffee".into(),
        tree: tree.into(),
    };
    save((&config, live, &planned), made, files, &key())
}

/// The key the plans of these tests are made with.
fn key() -> Key {
    Key::new(None, &Secret::new("tok"))
}

const BOUNDS: Bounds = Bounds {
    now: 1_000,
    max_age: 86_400,
};

#[test]
fn nothing_moved_is_nothing_to_say() {
    let live = live("2", "old-token-value-1");
    let a = saved("new-token-value-2", &live, 900, "t1");
    let b = saved("new-token-value-2", &live, 1_000, "t1");
    assert_eq!(compare(&a, &b, BOUNDS, &key()), Vec::<String>::new());
    let text = serde_json::to_string(&a).unwrap();
    assert!(
        !text.contains("old-token-value-1") && !text.contains("new-token-value-2"),
        "{text}"
    );
    assert!(!text.contains("\"tok\""));
}

#[test]
fn what_moved_is_said_entry_by_entry() {
    let a = saved(
        "new-token-value-2",
        &live("2", "old-token-value-1"),
        900,
        "t1",
    );
    let on_heroku = saved(
        "new-token-value-2",
        &live("4", "rotated-value-3"),
        1_000,
        "t1",
    );
    assert_eq!(
        compare(&a, &on_heroku, BOUNDS, &key()),
        [
            "config_vars.API_TOKEN on web-prod changed on Heroku since the plan: (sensitive) -> (sensitive)",
            "config_vars.WEB_CONCURRENCY on web-prod changed on Heroku since the plan: \"2\" -> \"4\"",
        ]
    );
    let live = live("2", "old-token-value-1");
    let secret = saved("another-token-4", &live, 1_000, "t1");
    let said = compare(&a, &secret, BOUNDS, &key());
    assert_eq!(
        said[0],
        "apps.web.config_vars.API_TOKEN: the secret value is not the one the plan was made with (sensitive)"
    );
    assert!(
        said[1].contains("a variable of the environment"),
        "{said:?}"
    );
    let files = saved("new-token-value-2", &live, 1_000, "t2");
    assert!(compare(&a, &files, BOUNDS, &key())[0].starts_with("the files changed since the plan"));
    let old = Bounds {
        now: 900 + 2 * 86_400 + 3_600,
        max_age: 86_400,
    };
    assert_eq!(
        compare(
            &a,
            &saved("new-token-value-2", &live, 1_000, "t1"),
            old,
            &key()
        ),
        [
            "the plan is 2d 1h old, more than the 1d 0h a saved plan may be (--max-age or HEROIN_PLAN_MAX_AGE)"
        ]
    );
}

#[test]
fn a_file_edited_after_it_was_saved_is_said_alone() {
    let live = live("2", "old-token-value-1");
    let a = saved("new-token-value-2", &live, 900, "t1");
    let b = saved("new-token-value-2", &live, 1_000, "t1");
    assert_eq!(a.seal, a.seal_of(&key()));
    assert!(a.seal.starts_with(crate::secret::keyed::PREFIX));
    let edits: [fn(&mut super::Saved); 6] = [
        |s| s.steps[0].step = serde_json::json!({"config_vars": {"WEB_CONCURRENCY": "30"}}),
        |s| s.steps.clear(),
        |s| {
            s.destructive.push(super::Destructive {
                address: s.steps[0].change.clone(),
                action: "delete".into(),
                destroys: None,
                loses_data: false,
                addon: None,
            })
        },
        |s| s.created_at += 1,
        |s| s.text.push('!'),
        |s| s.seal = key().hash("anything"),
    ];
    for edit in edits {
        let mut edited = a.clone();
        edit(&mut edited);
        assert_eq!(
            compare(&edited, &b, BOUNDS, &key()),
            [super::compare::EDITED]
        );
    }
    // Sealed again under a key that is not this run's: edited, or of
    // another key when it says so.
    let other = Key::new(Some("another"), &Secret::new("tok"));
    let mut forged = a.clone();
    forged.steps.clear();
    forged.seal = forged.seal_of(&other);
    assert_eq!(
        compare(&forged, &b, BOUNDS, &key()),
        [super::compare::EDITED]
    );
    forged.key.check = other.check();
    forged.seal = forged.seal_of(&other);
    let said = compare(&forged, &b, BOUNDS, &key());
    assert!(
        said.iter().any(|l| l.contains("key from the Heroku token")),
        "{said:?}"
    );
}

#[test]
fn a_plan_made_again_is_compared_field_for_field() {
    let live = live("2", "old-token-value-1");
    let a = saved("new-token-value-2", &live, 900, "t1");
    let mut b = saved("new-token-value-2", &live, 1_000, "t1");
    b.files.commit = "a-merge".into();
    assert_eq!(compare(&a, &b, BOUNDS, &key()), Vec::<String>::new());
    // What no other check looks at is still compared.
    b.names.insert("ghost".into(), "ghost-prod".into());
    let said = compare(&a, &b, BOUNDS, &key());
    assert_eq!(
        said,
        ["the plan made again is not the saved one: its app names differ"]
    );
}

#[test]
fn ages_are_read_with_their_unit() {
    use super::parse_age;
    assert_eq!(parse_age("90"), Ok(90));
    assert_eq!(parse_age("30m"), Ok(1_800));
    assert_eq!(parse_age("2d"), Ok(172_800));
    assert!(parse_age("1w").is_err() && parse_age("-1h").is_err() && parse_age("").is_err());
    assert!(parse_age("99999999999999999d").is_err());
}
