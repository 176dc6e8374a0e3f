//! Heroku's rules heroin knows before it applies anything, against heroku-sim
//! over HTTP: dyno tiers that Heroku does not mix, permissions that exist only
//! on team apps, formation that waits for a release, and what apply says when
//! Heroku refuses a change by its rules.

mod common;
use common::sim;

use std::collections::BTreeMap;
use std::path::Path;

use common::{heroin, root};
use heroin::apply::execute::{Wait, execute};
use heroin::config::files;
use heroin::http::Client;
use heroin::live::read::{Scope, read};
use heroin::plan::{Action, Change, Plan, Section, plan};
use heroku_sim::core::Options;
use heroku_sim::server::Running;
use serde_json::{Value, json};
use sim::{client, sim};

/// A directory holding `files` (name -> text).
fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Plans the `prod` environment of `base` against what `c` can see.
fn plan_prod(c: &Client, base: &str) -> Plan {
    let dir = dir_with(&[("heroin.toml", base), ("heroin.prod.toml", "")]);
    let layout = files::discover(dir.path()).unwrap();
    let config =
        heroin::config::load(&layout.environment("prod").unwrap(), Some(&BTreeMap::new())).unwrap();
    plan(&config, &read(c, &Scope::of(&config), 4).unwrap())
}

fn find<'p>(p: &'p Plan, section: Section, key: &str) -> Option<&'p Change> {
    p.changes
        .iter()
        .find(|c| c.address.section == section && c.address.key.as_deref() == Some(key))
}

/// `heroin ARGS` in `dir` against `running`: (exit code, stdout, stderr).
fn run(running: &Running, dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = heroin()
        .env("HEROKU_HOST", &running.url)
        .env("HEROKU_API_KEY", "sim-token")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// An app whose current release declares `web` and `worker`: Heroku gives
/// them one `web` dyno and no `worker`, both `basic`.
fn seed_web_and_worker(c: &Client, app: &str) {
    c.write("POST", "/apps", &json!({"name": app})).unwrap();
    let slug = c
        .write(
            "POST",
            &format!("/apps/{app}/slugs"),
            &json!({"process_types": {"web": "puma", "worker": "sidekiq"}}),
        )
        .unwrap();
    c.write(
        "POST",
        &format!("/apps/{app}/releases"),
        &json!({"slug": slug["id"]}),
    )
    .unwrap();
}

const WEB_STANDARD: &str = "[apps.web]\nname = \"tiers-web-${HEROIN_ENV}\"\n[apps.web.formation]\nweb = { quantity = 1, size = \"standard-1x\" }\n";

#[test]
fn an_unlisted_process_type_at_quantity_zero_follows_the_tier_in_the_same_update() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    seed_web_and_worker(&c, "tiers-web-prod");
    let p = plan_prod(&c, WEB_STANDARD);
    let worker = find(&p, Section::Formation, "worker").expect("worker is changed too");
    assert_eq!(worker.action, Action::Update);
    assert_eq!(
        (
            worker.before.as_ref().unwrap().to_string(),
            worker.after.as_ref().unwrap().to_string()
        ),
        ("basic".to_string(), "standard-1x".to_string())
    );
    assert_eq!(
        worker.why.as_deref(),
        Some("quantity 0; Heroku does not mix dyno tiers")
    );
    let scales: Vec<_> = p
        .steps
        .iter()
        .map(|s| &s.step)
        .filter(|s| matches!(s, heroin::plan::Step::Scale { .. }))
        .collect();
    assert_eq!(scales.len(), 1, "one formation update: {scales:?}");
    execute(&c, &p.step_list(), Wait::default(), &mut |_, _| {})
        .expect("Heroku accepts the update");
    let again = plan_prod(&c, WEB_STANDARD);
    assert!(again.is_empty(), "{:#?}", again.changes);
    let formation = c.list("/apps/tiers-web-prod/formation").unwrap();
    let sizes: Vec<(&str, &str, i64)> = formation
        .iter()
        .map(|f| {
            (
                f["type"].as_str().unwrap(),
                f["dyno_size"]["name"].as_str().unwrap(),
                f["quantity"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        sizes,
        [("web", "standard-1X", 1), ("worker", "standard-1X", 0)]
    );
}

#[test]
fn an_unlisted_process_type_that_runs_makes_the_change_impossible_at_diff() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    seed_web_and_worker(&c, "tiers-web-prod");
    c.write(
        "PATCH",
        "/apps/tiers-web-prod/formation/worker",
        &json!({"quantity": 1}),
    )
    .unwrap();
    let p = plan_prod(&c, WEB_STANDARD);
    let worker = find(&p, Section::Formation, "worker").expect("worker is reported");
    assert_eq!(worker.action, Action::Impossible);
    let why = worker.why.as_deref().unwrap();
    assert!(why.contains("Heroku does not mix"), "{why}");
    assert!(
        why.contains("list `worker` under formation with a professional size"),
        "{why}"
    );
    let dir = dir_with(&[("heroin.toml", WEB_STANDARD), ("heroin.prod.toml", "")]);
    let (code, out, err) = run(&running, dir.path(), &["diff", "prod"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("  ! formation.worker: \"1 x basic\"\n      worker runs 1 x basic"),
        "{out}"
    );
    assert!(out.contains("1 impossible"), "{out}");
    let (code, _, err) = run(
        &running,
        dir.path(),
        &["apply", "prod", "--yes", "--allow-dirty"],
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("cannot be carried out"), "{err}");
    let formation = c.list("/apps/tiers-web-prod/formation").unwrap();
    assert!(
        formation.iter().all(|f| f["dyno_size"]["name"] == "basic"),
        "nothing was changed: {formation:?}"
    );
}

#[test]
fn a_refusal_by_heroku_s_rules_is_not_answered_with_run_apply_again() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "someone-else"}))
        .unwrap();
    c.write(
        "POST",
        "/apps/someone-else/domains",
        &json!({"hostname": "www.taken.example", "sni_endpoint": null}),
    )
    .unwrap();
    let dir = dir_with(&[
        (
            "heroin.toml",
            "[apps.web]\nname = \"refused-web-${HEROIN_ENV}\"\ndomains = [\"www.taken.example\"]\n",
        ),
        ("heroin.prod.toml", ""),
    ]);
    let (code, _, err) = run(
        &running,
        dir.path(),
        &["apply", "prod", "--yes", "--no-tag", "--allow-dirty"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("422"), "{err}");
    assert!(!err.contains("again: it plans"), "{err}");
    assert!(
        err.contains("change apps.web.domains.www.taken.example in the files"),
        "{err}"
    );
}

#[test]
fn permissions_on_a_personal_app_are_impossible_at_plan_time() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "solo-web-prod"}))
        .unwrap();
    let base = "[apps.web]\nname = \"solo-web-${HEROIN_ENV}\"\ncollaborators = [\"plain@example.com\", { email = \"ops@example.com\", permissions = [\"view\", \"deploy\"] }]\n";
    let p = plan_prod(&c, base);
    let ops = find(&p, Section::Collaborators, "ops@example.com").unwrap();
    assert_eq!(ops.action, Action::Impossible);
    let why = ops.why.as_deref().unwrap();
    assert!(
        why.contains("permissions exist only on team apps") && why.contains("solo-web-prod"),
        "{why}"
    );
    assert!(why.contains("remove `permissions`"), "{why}");
    assert_eq!(
        find(&p, Section::Collaborators, "plain@example.com")
            .unwrap()
            .action,
        Action::Create
    );
    // An app heroin would create without a team is personal too.
    let p = plan_prod(&c, &base.replace("solo-web", "new-web"));
    let ops = find(&p, Section::Collaborators, "ops@example.com").unwrap();
    assert_eq!(ops.action, Action::Impossible);
    assert!(
        ops.why
            .as_deref()
            .unwrap()
            .contains("new-web-prod is to be created as a personal app"),
        "{:?}",
        ops.why
    );
    // A team app takes them; the files that say no team get a warning.
    c.write(
        "POST",
        "/teams/apps",
        &json!({"name": "crew-web-prod", "team": "acme"}),
    )
    .unwrap();
    let p = plan_prod(&c, &base.replace("solo-web", "crew-web"));
    assert!(!p.has_impossible(), "{:#?}", p.changes);
    assert!(
        p.warnings
            .iter()
            .any(|(a, m)| a.section == Section::Collaborators && m.contains("team = \"acme\"")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn validate_warns_of_permissions_on_an_app_the_files_call_personal() {
    let dir = dir_with(&[(
        "heroin.toml",
        "[apps.web]\nname = \"solo-web\"\ncollaborators = [{ email = \"ops@example.com\", permissions = [\"view\", \"deploy\"] }]\n",
    )]);
    let out = heroin()
        .current_dir(dir.path())
        .arg("validate")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning, not an error: {text}"
    );
    assert!(
        text.contains("heroin.toml:3:62: warning: apps.web.collaborators[0].permissions: permissions exist only on team apps"),
        "{text}"
    );
    assert!(text.contains("1 warning"), "{text}");
    let out = heroin()
        .current_dir(dir.path())
        .args(["--json", "validate"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(
        report["warnings"][0]["path"],
        "apps.web.collaborators[0].permissions"
    );
    // With a team, nothing to say.
    std::fs::write(
        dir.path().join("heroin.toml"),
        "[apps.web]\nname = \"crew-web\"\nteam = \"acme\"\ncollaborators = [{ email = \"ops@example.com\", permissions = [\"view\", \"deploy\"] }]\n",
    )
    .unwrap();
    let out = heroin()
        .current_dir(dir.path())
        .arg("validate")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("warning"), "{text}");
}

#[test]
fn formation_for_an_undeclared_process_type_waits_in_text_and_json() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "wait-web-prod"}))
        .unwrap();
    let dir = dir_with(&[
        (
            "heroin.toml",
            "[apps.web]\nname = \"wait-web-${HEROIN_ENV}\"\n[apps.web.formation]\nweb = { quantity = 2, size = \"standard-1x\" }\n",
        ),
        ("heroin.prod.toml", ""),
    ]);
    let (code, out, err) = run(&running, dir.path(), &["diff", "prod"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("formation.web: 2 x standard-1x, waits for a release that declares web"),
        "{out}"
    );
    assert!(
        out.ends_with("Plan: 0 to add, 0 to change, 0 to destroy, 1 waiting.\n"),
        "{out}"
    );
    assert!(!out.contains("No changes"), "{out}");
    let (code, out, _) = run(&running, dir.path(), &["--json", "diff", "prod"]);
    assert_eq!(code, Some(0));
    let plan: Value = serde_json::from_str(&out).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/plan.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&plan)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(plan["summary"]["waiting"], 1);
    assert_eq!(
        plan["waiting"],
        json!([{
            "app": "web",
            "section": "formation",
            "key": "web",
            "after": "2 x standard-1x",
            "table": "apps",
            "waits_for": "a release that declares web",
        }])
    );
    assert_eq!(plan["changes"], json!([]));
}
