//! Saved plans in hostile hands, against heroku-sim: a file edited after
//! heroin wrote it (its steps, its destructive changes, its age, its host,
//! its environment, each with every fingerprint kept), a truncated file, a
//! plan of another environment and one made against another host. Each is
//! refused before any write, with exit 1 and a message that says what is
//! wrong; the file's secret hashes are keyed, never a bare hash of the value;
//! and what apply sends is the saved steps, in the file's order.

mod common;
use common::{repo, sim};

use std::path::Path;

use common::saved::{
    BASE, SESSION, add_database, apply_plan, config_var, database_to_destroy, heroin, plan_out,
    planned, redis_files, saved_file, seed, state,
};
use heroku_sim::core::Options;
use heroku_sim::server::Running;
use serde_json::{Value, json};

/// `apply staging --plan FILE --yes` after `edit` changed the file: refused,
/// exit 1, nothing written; its stderr.
fn refused_after(
    running: &Running,
    dir: &Path,
    out: &Path,
    edit: impl FnOnce(&mut Value),
) -> String {
    let mut file = saved_file(out);
    edit(&mut file);
    std::fs::write(out, serde_json::to_string_pretty(&file).unwrap()).unwrap();
    refused(
        running,
        dir,
        &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"],
    )
}

/// heroin with `args`: refused, exit 1, nothing written on Heroku; its stderr.
fn refused(running: &Running, dir: &Path, args: &[&str]) -> String {
    let before = state(running);
    let (code, stdout, err) = heroin(running, dir, SESSION, args);
    assert_eq!(code, Some(1), "{args:?}: {stdout}{err}");
    assert_eq!(before, state(running), "{args:?} wrote to Heroku: {err}");
    assert!(!err.contains("Applied ["), "{err}");
    assert!(err.contains("hint: "), "{err}");
    err
}

/// An edit of a saved plan's JSON.
type Edit = Box<dyn FnOnce(&mut Value)>;

const EDITED: &str = "is not as heroin wrote it: what it holds no longer matches its seal";

#[test]
fn a_file_edited_after_heroin_wrote_it_is_refused_whatever_was_edited() {
    let (running, dir, out) = planned();
    let p = dir.path();
    let pristine = std::fs::read_to_string(&out).unwrap();
    let edits: Vec<(&str, Edit)> = vec![
        // Another value sent, every fingerprint and hash kept.
        (
            "a step",
            Box::new(|f| {
                let step = &mut f["steps"][0]["step"];
                let text = step.to_string().replace("\"3\"", "\"30\"");
                assert_ne!(text, step.to_string(), "{step}");
                *step = serde_json::from_str(&text).unwrap();
            }),
        ),
        (
            "steps reordered",
            Box::new(|f| f["steps"].as_array_mut().unwrap().reverse()),
        ),
        (
            "a step dropped",
            Box::new(|f| {
                f["steps"].as_array_mut().unwrap().pop();
            }),
        ),
        (
            "made younger",
            Box::new(|f| f["created_at"] = json!(f["created_at"].as_i64().unwrap() + 1)),
        ),
        (
            "the host",
            Box::new(|f| f["api_host"] = json!("api.heroku.com")),
        ),
        (
            "the text",
            Box::new(|f| f["text"] = json!("nothing to see")),
        ),
        (
            "a fact",
            Box::new(|f| {
                f["live"]["web"]["sections"]["config_vars"]["PLAIN"] = json!({"value": "other"})
            }),
        ),
    ];
    let path = out.to_str().unwrap();
    for (what, edit) in edits {
        std::fs::write(&out, &pristine).unwrap();
        let err = refused_after(&running, p, &out, edit);
        assert!(err.contains(EDITED), "{what}: {err}");
        assert!(err.contains("hint: plan again"), "{what}: {err}");
        // show-plan shows it, and says it is not as heroin wrote it.
        let (code, _, err) = heroin(&running, p, SESSION, &["show-plan", path]);
        assert_eq!(code, Some(0), "{what}: {err}");
        assert!(err.contains("(NOT as heroin wrote it)"), "{what}: {err}");
        assert!(
            err.contains(&format!(
                "warning: {path}: the file is not as heroin wrote it"
            )),
            "{what}: {err}"
        );
    }
    // As heroin wrote it, it is shown sealed (unchecked without the key),
    // and it applies.
    std::fs::write(&out, &pristine).unwrap();
    let (_, _, err) = heroin(&running, p, SESSION, &["show-plan", path]);
    assert!(err.contains("(sealed, as heroin wrote it)"), "{err}");
    assert!(!err.contains("warning"), "{err}");
    let (_, _, err) = repo::run_with(
        &running,
        p,
        &[("HEROKU_API_KEY", ""), ("HOME", "/nonexistent")],
        &["show-plan", path],
    );
    assert!(err.contains("(its seal not checked"), "{err}");
    let (code, _, err) = apply_plan(&running, p, &out, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        config_var(&running, "WEB_CONCURRENCY").as_deref(),
        Some("3")
    );
}

#[test]
fn a_file_that_drops_its_destructive_change_is_refused_even_with_allow_data_loss() {
    let running = sim::sim(Options::default());
    seed(&running);
    let (_, dir) = database_to_destroy(&running);
    let out = plan_out(&running, dir.path());
    assert_eq!(saved_file(&out)["destructive"].as_array().unwrap().len(), 1);
    let apply = [
        "apply",
        "staging",
        "--plan",
        out.to_str().unwrap(),
        "--yes",
        "--allow-data-loss",
    ];
    let mut file = saved_file(&out);
    file["destructive"] = json!([]);
    std::fs::write(&out, file.to_string()).unwrap();
    let err = refused(&running, dir.path(), &apply);
    assert!(err.contains(EDITED), "{err}");
    assert_eq!(
        state(&running)["addons"].as_array().unwrap().len(),
        1,
        "the database is still there"
    );
}

#[test]
fn a_destructive_change_the_plan_did_not_hold_is_never_performed() {
    let running = sim::sim(Options::default());
    seed(&running);
    let dir = redis_files();
    let out = plan_out(&running, dir.path());
    assert_eq!(saved_file(&out)["destructive"], json!([]));
    // Someone adds a database the files do not name: planned again, apply
    // would destroy it.
    let db = add_database(&running);
    let path = out.to_str().unwrap();
    let err = refused(
        &running,
        dir.path(),
        &[
            "apply",
            "staging",
            "--plan",
            path,
            "--yes",
            "--allow-data-loss",
        ],
    );
    assert!(
        err.contains(&format!(
            "addons.{db} on shop-web-staging appeared on Heroku since the plan"
        )),
        "{err}"
    );
    assert!(
        state(&running)["addons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["name"] == db.as_str())
    );
}

#[test]
fn a_plan_of_another_format_is_named_so() {
    let (running, dir, out) = planned();
    let err = refused_after(&running, dir.path(), &out, |f| {
        f["format_version"] = json!("1")
    });
    assert!(
        err.contains("the file is of format 1, this heroin reads format 2"),
        "{err}"
    );
}

#[test]
fn a_truncated_file_another_environment_and_another_host_are_refused() {
    let running = sim::sim(Options::default());
    seed(&running);
    let dir = repo::repo_of(&[
        ("heroin.toml", BASE),
        (
            "heroin.staging.toml",
            "[apps.web.config_vars]\nWEB_CONCURRENCY = \"3\"\n",
        ),
        ("heroin.prod.toml", ""),
    ]);
    let (p, out) = (dir.path(), plan_out(&running, dir.path()));
    let path = out.to_str().unwrap();
    let pristine = std::fs::read_to_string(&out).unwrap();

    // Truncated: half of it, then all but its last byte.
    for cut in [pristine.len() / 2, pristine.trim_end().len() - 1] {
        std::fs::write(&out, &pristine[..cut]).unwrap();
        let err = refused(&running, p, &["apply", "staging", "--plan", path, "--yes"]);
        assert!(err.contains(&format!("{path}: not a saved plan")), "{err}");
        let (code, _, err) = heroin(&running, p, SESSION, &["show-plan", path]);
        assert_eq!(code, Some(1), "{err}");
    }
    std::fs::write(&out, &pristine).unwrap();
    // A device that never ends is read no further than the bound.
    #[cfg(unix)]
    {
        let err = refused(
            &running,
            p,
            &["apply", "staging", "--plan", "/dev/zero", "--yes"],
        );
        assert!(
            err.contains("/dev/zero: it is larger than 33554432 bytes"),
            "{err}"
        );
    }

    // A plan of staging given to prod, as it is and edited to say prod.
    let err = refused(&running, p, &["apply", "prod", "--plan", path, "--yes"]);
    assert!(
        err.contains(&format!("{path} is a plan of staging, not of prod")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "hint: apply it as `heroin apply staging --plan {path}`"
        )),
        "{err}"
    );
    let mut file = saved_file(&out);
    file["env"] = json!("prod");
    std::fs::write(&out, file.to_string()).unwrap();
    let err = refused(&running, p, &["apply", "prod", "--plan", path, "--yes"]);
    assert!(err.contains(EDITED), "{err}");
    std::fs::write(&out, &pristine).unwrap();

    // Made against another host (the same simulator, named otherwise).
    let other = running.url.replace("127.0.0.1", "localhost");
    let (code, _, err) = heroin(
        &running,
        p,
        SESSION,
        &["diff", "staging", "--out", path, "--api-url", &other],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(saved_file(&out)["api_host"], "localhost");
    let err = refused(&running, p, &["apply", "staging", "--plan", path, "--yes"]);
    assert!(
        err.contains("the API host: the plan was made with localhost, this is 127.0.0.1"),
        "{err}"
    );
}

/// The hex of the bare SHA-256 of `value`.
fn sha256(value: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, value.as_bytes());
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_secret_hash_is_keyed_by_the_token_or_the_plan_key_never_bare() {
    let (running, dir, out) = planned();
    let p = dir.path();
    let text = std::fs::read_to_string(&out).unwrap();
    let hashes = |text: &str| -> Vec<String> {
        text.match_indices("hmac-sha256:")
            .map(|(i, _)| text[i..i + 76].to_string())
            .collect()
    };
    let by_token = hashes(&text);
    assert!(!by_token.is_empty(), "{text}");
    for value in [
        SESSION,
        common::saved::HOLDER,
        common::saved::DRAIN,
        "sim-token",
    ] {
        assert!(
            !text.contains(&sha256(value)),
            "the bare hash of {value} is in the file"
        );
        assert!(!text.contains(value), "{value} is in the file");
    }
    assert_eq!(saved_file(&out)["key"]["origin"], "token");

    // One value in two places: on Heroku and in the files, two hashes, so
    // the file does not tell that the two secrets are the same.
    common::saved::set_var(&running, "HOLDER", SESSION);
    let same = p.parent().unwrap().join("same.plan.json");
    let (code, _, err) = repo::run_with(
        &running,
        p,
        &[
            ("SESSION_SECRET", "one-new-value-8812"),
            ("HOLDER", "one-new-value-8812"),
            ("DRAIN_PASSWORD", common::saved::DRAIN),
        ],
        &["diff", "staging", "--out", same.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{err}");
    let file = saved_file(&same);
    let vars = &file["live"]["web"]["sections"]["config_vars"];
    assert!(vars["HOLDER"]["hmac"].is_string(), "{vars}");
    assert_ne!(vars["HOLDER"], vars["SESSION_SECRET"], "{vars}");
    let after = |key: &str| {
        file["hashed"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["address"]["key"] == key)
            .map(|h| h["after"].clone())
            .unwrap()
    };
    assert!(after("HOLDER").is_string());
    assert_ne!(after("HOLDER"), after("SESSION_SECRET"));

    // Under HEROIN_PLAN_KEY, every hash is another; applied without it, the
    // plan is refused as one of another key.
    let keyed = p.parent().unwrap().join("keyed.plan.json");
    let vars = [
        common::saved::vars(SESSION),
        vec![("HEROIN_PLAN_KEY", "ci-plan-key-0193")],
    ]
    .concat();
    let (code, _, err) = repo::run_with(
        &running,
        p,
        &vars,
        &["diff", "staging", "--out", keyed.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{err}");
    let text = std::fs::read_to_string(&keyed).unwrap();
    assert!(!text.contains("ci-plan-key-0193"));
    assert_eq!(saved_file(&keyed)["key"]["origin"], "plan_key");
    let by_key = hashes(&text);
    assert!(by_key.iter().all(|h| !by_token.contains(h)), "{by_key:?}");
    let err = refused(
        &running,
        p,
        &[
            "apply",
            "staging",
            "--plan",
            keyed.to_str().unwrap(),
            "--yes",
        ],
    );
    assert!(
        err.contains("hashed with a key from HEROIN_PLAN_KEY that is not this run's"),
        "{err}"
    );
    let (code, _, err) = repo::run_with(
        &running,
        p,
        &vars,
        &[
            "apply",
            "staging",
            "--plan",
            keyed.to_str().unwrap(),
            "--yes",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn apply_sends_the_saved_steps_in_the_order_of_the_file() {
    let (running, dir, out) = planned();
    let file = saved_file(&out);
    let saved: Vec<String> = file["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["does"].as_str().unwrap().to_string())
        .collect();
    assert!(saved.len() >= 2, "{saved:?}");
    let (code, _, err) = apply_plan(&running, dir.path(), &out, &["--concurrency", "1"]);
    assert_eq!(code, Some(0), "{err}");
    let applied: Vec<String> = err
        .lines()
        .filter_map(|l| l.trim().strip_prefix("Applied ["))
        .map(|l| l.split_once("] ").unwrap().1.to_string())
        .collect();
    assert_eq!(applied, saved, "{err}");
}
