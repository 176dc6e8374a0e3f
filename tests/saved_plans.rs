//! Saved plans against heroku-sim: `heroin diff ENV --out FILE` and `heroin
//! apply ENV --plan FILE` in real git repositories, applied when nothing
//! moved and refused, before any write, when the files, a secret value, the
//! app on Heroku, the host or the plan's age did; `heroin show-plan`; and no
//! secret value or token in the file.

mod common;
use common::{repo, sim};

use std::path::Path;

use common::saved::{
    DRAIN, HOLDER, SESSION, config_var, database_to_destroy, files, heroin, plan_out, planned,
    reseal, saved_file, seed, set_var, state, vars,
};
use heroku_sim::core::Options;
use heroku_sim::server::Running;
use repo::commit;
use serde_json::{Value, json};

#[test]
fn a_saved_plan_is_applied_exactly_when_nothing_moved() {
    let (running, dir, out) = planned();
    let (code, shown, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["show-plan", out.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{err}");
    let (_, diffed, _) = heroin(&running, dir.path(), SESSION, &["diff", "staging"]);
    assert_eq!(shown, diffed, "show-plan prints the plan as diff does");
    let colored = |args: &[&str]| {
        heroin(
            &running,
            dir.path(),
            SESSION,
            &[&["--color", "always"], args].concat(),
        )
        .1
    };
    let shown_in_color = colored(&["show-plan", out.to_str().unwrap()]);
    assert!(shown_in_color.contains("\u{1b}["), "{shown_in_color}");
    assert_eq!(shown_in_color, colored(&["diff", "staging"]));
    assert!(err.contains("Saved plan of staging, made "), "{err}");
    let (_, json_shown, _) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["--json", "show-plan", out.to_str().unwrap()],
    );
    let (_, json_diffed, _) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["--json", "diff", "staging"],
    );
    assert_eq!(json_shown, json_diffed);

    let (code, stdout, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"],
    );
    assert_eq!(code, Some(0), "{stdout}{err}");
    assert!(
        err.contains("Applied [1/2]") && err.contains("Applied [2/2]"),
        "{err}"
    );
    assert!(err.contains("Tagged heroin/staging/1"), "{err}");
    assert_eq!(
        config_var(&running, "WEB_CONCURRENCY").as_deref(),
        Some("3")
    );
    let (code, stdout, _) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["diff", "staging", "--detailed-exitcode"],
    );
    assert_eq!(code, Some(0), "{stdout}");

    // Applied once: applying it again is refused, since Heroku moved.
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("config_vars.WEB_CONCURRENCY on shop-web-staging changed on Heroku since the plan: \"2\" -> \"3\""),
        "{err}"
    );
}

#[test]
fn a_change_on_heroku_since_the_plan_is_refused_before_any_write() {
    let (running, dir, out) = planned();
    set_var(&running, "WEB_CONCURRENCY", "4");
    set_var(&running, "SESSION_SECRET", "rotated-by-hand-9912");
    let before = state(&running);
    let (code, stdout, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"],
    );
    assert_eq!(code, Some(1), "{stdout}{err}");
    assert!(
        err.contains("config_vars.WEB_CONCURRENCY on shop-web-staging changed on Heroku since the plan: \"2\" -> \"4\""),
        "{err}"
    );
    assert!(
        err.contains("config_vars.SESSION_SECRET on shop-web-staging changed on Heroku since the plan: (sensitive) -> (sensitive)"),
        "{err}"
    );
    assert!(err.contains("nothing was changed"), "{err}");
    assert!(
        err.contains("hint: plan again (`heroin diff staging --out "),
        "{err}"
    );
    assert!(
        !err.contains("rotated-by-hand") && !err.contains(SESSION),
        "{err}"
    );
    assert_eq!(before, state(&running), "nothing was written");
}

#[test]
fn changed_files_secrets_hosts_and_old_plans_are_refused() {
    let (running, dir, out) = planned();
    let apply = ["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"];

    // A secret value of the environment is not the one planned with.
    let (code, _, err) = heroin(&running, dir.path(), "another-session-4410", &apply);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("apps.web.config_vars.SESSION_SECRET"), "{err}");
    assert!(
        !err.contains("another-session") && !err.contains(SESSION),
        "{err}"
    );

    // Another host.
    let (code, _, err) = repo::run_with(
        &running,
        dir.path(),
        &vars(SESSION),
        &[
            "apply",
            "staging",
            "--plan",
            out.to_str().unwrap(),
            "--yes",
            "--api-url",
            &running.url.replace("127.0.0.1", "localhost"),
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("the API host: the plan was made with 127.0.0.1, this is localhost"),
        "{err}"
    );

    // Too old: made two days ago (sealed so by the token's key).
    reseal(&out, |s| s.created_at -= 2 * 86_400);
    let (code, _, err) = heroin(&running, dir.path(), SESSION, &apply);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("the plan is 2d 0h old, more than the 1d 0h a saved plan may be (--max-age or HEROIN_PLAN_MAX_AGE)"),
        "{err}"
    );
    // The limit is the flag's, else HEROIN_PLAN_MAX_AGE's.
    let with_age = |age: &str, extra: &[&str]| {
        repo::run_with(
            &running,
            dir.path(),
            &[vars(SESSION), vec![("HEROIN_PLAN_MAX_AGE", age)]].concat(),
            &[&apply[..], extra].concat(),
        )
    };
    let (code, _, err) = with_age("3d", &["--max-age", "1h"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("more than the 1h 0m a saved plan may be"),
        "{err}"
    );
    let (code, _, err) = with_age("a week", &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("HEROIN_PLAN_MAX_AGE: `a week` is not an age"),
        "{err}"
    );
    let (code, _, err) = with_age("3d", &[]);
    assert_eq!(code, Some(0), "{err}");

    // The files changed after the plan.
    let out = plan_out_after_reset(&running, dir.path());
    std::fs::write(
        dir.path().join("heroin.staging.toml"),
        "[apps.web.config_vars]\nWEB_CONCURRENCY = \"5\"\n",
    )
    .unwrap();
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("uncommitted changes"), "{err}");
    commit(dir.path(), "five");
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("the files changed since the plan: it was made from commit"),
        "{err}"
    );
    assert_eq!(
        config_var(&running, "WEB_CONCURRENCY").as_deref(),
        Some("2")
    );

    // Arguments a saved plan rules out.
    for extra in [
        &["--ref", "HEAD"][..],
        &["--allow-dirty"],
        &["--app", "web"],
    ] {
        let args = [
            &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"][..],
            extra,
        ]
        .concat();
        let (code, _, err) = heroin(&running, dir.path(), SESSION, &args);
        assert_eq!(code, Some(2), "{extra:?}: {err}");
    }
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["apply", "prod", "--plan", out.to_str().unwrap(), "--yes"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("is a plan of staging, not of prod"), "{err}");
}

/// WEB_CONCURRENCY back at 2 on Heroku, and a new plan.
fn plan_out_after_reset(running: &Running, dir: &Path) -> std::path::PathBuf {
    set_var(running, "WEB_CONCURRENCY", "2");
    plan_out(running, dir)
}

#[test]
fn a_saved_plan_holds_no_secret_value_and_no_token() {
    let running = sim::sim(Options::default());
    seed(&running);
    let dir = files();
    // Every secret changes, so that the plan sends each of them.
    let out = dir.path().parent().unwrap().join("leak.plan.json");
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        "a-new-session-secret-6672",
        &["diff", "staging", "--out", out.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    for secret in [
        "a-new-session-secret-6672",
        SESSION,
        HOLDER,
        DRAIN,
        "sim-token",
    ] {
        assert!(
            !text.contains(secret),
            "{secret} is in the saved plan:\n{text}"
        );
    }
    let file = saved_file(&out);
    assert!(text.contains("hmac-sha256:"), "{text}");
    assert_eq!(file["api_host"], "127.0.0.1");
    // The commit and the tree of the files it was made from, and heroin's
    // version.
    let git = git2::Repository::open(dir.path()).unwrap();
    let head = git.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(file["files"]["commit"], head.id().to_string().as_str());
    assert_eq!(file["files"]["tree"], head.tree_id().to_string().as_str());
    assert_eq!(file["heroin_version"], env!("CARGO_PKG_VERSION"));
    assert!(
        file["steps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| !s["secrets"].as_array().unwrap().is_empty())
    );
    // It is what its schema says.
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("schemas/saved-plan.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&file)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // Its plan is what `diff --json` prints, and so what that schema says.
    let errors = common::plan_schema_errors(&file["plan"]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(file["format_version"], "2");
    // A file without its seal, or of another format, is not what the schema says.
    for (field, value) in [("seal", Value::Null), ("format_version", json!("1"))] {
        let mut other = file.clone();
        other[field] = value;
        assert!(!validator.is_valid(&other), "{field}");
    }
    // Applied, it converges.
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        "a-new-session-secret-6672",
        &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        config_var(&running, "SESSION_SECRET").as_deref(),
        Some("a-new-session-secret-6672")
    );
}

#[test]
fn a_saved_plan_keeps_the_consent_rules_and_records_what_it_destroys() {
    let running = sim::sim(Options::default());
    seed(&running);
    let (db, dir) = database_to_destroy(&running);
    let out = plan_out(&running, dir.path());
    let file = saved_file(&out);
    let destructive = file["destructive"].as_array().unwrap();
    assert_eq!(destructive.len(), 1, "{file}");
    assert_eq!(destructive[0]["address"]["key"], db_key(&file).as_str());
    assert_eq!(destructive[0]["action"], "delete");
    assert!(
        destructive[0]["destroys"].as_str().unwrap().contains(&db),
        "{file}"
    );
    assert_eq!(destructive[0]["loses_data"], true);
    // What it destroys reads as diff said it.
    let (_, shown, _) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["show-plan", out.to_str().unwrap()],
    );
    let (_, diffed, _) = heroin(&running, dir.path(), SESSION, &["diff", "staging"]);
    assert!(
        shown.contains(&format!(
            "destroys {db} (heroku-postgresql:essential-0) and all its data"
        )),
        "{shown}"
    );
    assert_eq!(shown, diffed);
    let apply = ["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"];
    let (code, _, err) = heroin(&running, dir.path(), SESSION, &apply);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(&format!("the plan loses data: destroys {db}")),
        "{err}"
    );
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &[&apply[..], &["--allow-data-loss"]].concat(),
    );
    assert_eq!(code, Some(0), "{err}");
    let state = running.shared.sim.lock().unwrap().state.clone();
    assert!(
        !state.addons.iter().any(|a| a.name == db),
        "{db} was destroyed"
    );
}

/// The key of the add-on the saved plan destroys, as the plan names it.
fn db_key(file: &Value) -> String {
    file["plan"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["action"] == "delete")
        .map(|c| c["key"].as_str().unwrap().to_string())
        .unwrap()
}

#[test]
fn a_file_that_is_not_a_saved_plan_is_refused_and_what_a_file_says_is_escaped() {
    let running = sim::sim(Options::default());
    seed(&running);
    let dir = files();
    let bad = dir.path().parent().unwrap().join("bad.plan.json");
    for text in [
        "",
        "{}",
        "[1, 2]",
        "{\"format_version\": 7}",
        "\u{0}\u{1b}[2J",
    ] {
        std::fs::write(&bad, text).unwrap();
        for args in [
            &["show-plan", bad.to_str().unwrap()][..],
            &["apply", "staging", "--plan", bad.to_str().unwrap(), "--yes"],
        ] {
            let (code, _, err) = heroin(&running, dir.path(), SESSION, args);
            assert_eq!(code, Some(1), "{text:?} {args:?}: {err}");
            assert!(err.contains("not a saved plan"), "{err}");
            assert!(!err.contains('\u{1b}'), "{err:?}");
        }
    }
    // A file edited to say something else: shown escaped, never applied.
    let out = plan_out(&running, dir.path());
    let mut edited = saved_file(&out);
    edited["env"] = json!("staging");
    edited["files"]["commit"] = json!("\u{1b}[31mé\u{202e}ab");
    edited["plan"]["changes"][0]["after"] = json!("\u{1b}]0;title\u{7}");
    std::fs::write(&out, edited.to_string()).unwrap();
    let (code, shown, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["show-plan", out.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        !shown.contains('\u{1b}') && !err.contains('\u{1b}'),
        "{shown:?}{err:?}"
    );
    assert!(!err.contains('\u{202e}'), "{err:?}");
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["apply", "staging", "--plan", out.to_str().unwrap(), "--yes"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        config_var(&running, "WEB_CONCURRENCY").as_deref(),
        Some("2")
    );
}

#[test]
fn a_commit_that_leaves_the_configuration_directory_as_it_was_applies_the_plan() {
    let running = sim::sim(Options::default());
    seed(&running);
    let staging = "[apps.web.config_vars]\nWEB_CONCURRENCY = \"3\"\n";
    let dir = repo::repo_of(&[
        ("infra/heroin.toml", common::saved::BASE),
        ("infra/heroin.staging.toml", staging),
        ("README.md", "the shop\n"),
    ]);
    let infra = dir.path().join("infra");
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("plan.json");
    let path = out.to_str().unwrap();
    let (code, _, err) = heroin(
        &running,
        &infra,
        SESSION,
        &["diff", "staging", "--out", path],
    );
    assert_eq!(code, Some(0), "{err}");
    // A merge that changes only what is outside the directory: another
    // commit, the same tree of the directory.
    std::fs::write(dir.path().join("README.md"), "the shop, merged\n").unwrap();
    commit(dir.path(), "merge");
    let git = git2::Repository::open(dir.path()).unwrap();
    let head = git.head().unwrap().peel_to_commit().unwrap();
    let file = saved_file(&out);
    assert_ne!(file["files"]["commit"], head.id().to_string().as_str());
    let tree = head.tree().unwrap().get_name("infra").unwrap().id();
    assert_eq!(file["files"]["tree"], tree.to_string().as_str());
    let (code, _, err) = heroin(
        &running,
        &infra,
        SESSION,
        &["apply", "staging", "--plan", path, "--yes"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        config_var(&running, "WEB_CONCURRENCY").as_deref(),
        Some("3")
    );
}

#[test]
fn a_plan_of_some_apps_applies_to_those_only_and_is_saved_from_committed_files() {
    let running = sim::sim(Options::default());
    let c = sim::client(&running, "sim-token");
    for app in ["two-web-staging", "two-worker-staging"] {
        c.write("POST", "/apps", &json!({ "name": app })).unwrap();
    }
    let base = "[apps.web]\nname = \"two-web-${HEROIN_ENV}\"\n\n[apps.web.config_vars]\nA = \"1\"\n\n[apps.worker]\nname = \"two-worker-${HEROIN_ENV}\"\n\n[apps.worker.config_vars]\nB = \"2\"\n";
    let dir = repo::repo_of(&[("heroin.toml", base), ("heroin.staging.toml", "")]);
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("plan.json");
    let path = out.to_str().unwrap();

    // Uncommitted files are never saved.
    std::fs::write(dir.path().join("heroin.staging.toml"), "# soon\n").unwrap();
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["diff", "staging", "--out", path],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("uncommitted changes in the configuration directory"),
        "{err}"
    );
    assert!(!out.exists());
    commit(dir.path(), "soon");

    let (code, _, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["diff", "staging", "--app", "web", "--out", path],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(saved_file(&out)["apps"], json!(["web"]));
    let (code, _, err) = heroin(
        &running,
        dir.path(),
        SESSION,
        &["apply", "staging", "--plan", path, "--yes"],
    );
    assert_eq!(code, Some(0), "{err}");
    let vars = |app: &str| c.get(&format!("/apps/{app}/config-vars")).unwrap();
    assert_eq!(vars("two-web-staging")["A"], "1");
    assert_eq!(
        vars("two-worker-staging")["B"],
        Value::Null,
        "the worker was not in the plan"
    );
}
