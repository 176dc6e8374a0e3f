//! Add-on replacements against heroku-sim over HTTP: the new add-on is
//! created first, the attachment name moved to it, and the old one destroyed
//! last, so that a failure injected at any step before the destroy leaves the
//! app with its add-on, still attached, and the report says so; run again,
//! every replacement converges.

mod common;
use common::{shop, sim};

use heroku_sim::core::Options;
use serde_json::json;
use shop::{attached_as, run, seed, write_files};
use sim::{client, logged, sim, sim_logging};

/// Seeds shop-prod, asks for a Postgres plan Heroku changes only by
/// replacement, and applies it under `faults`: the run fails, the old
/// database is still there and still attached as DATABASE, and the report
/// says so. Applied again without the faults, it converges.
fn replacement_interrupted_by(faults: heroku_sim::core::AddonFaults, failing: &str) {
    interrupted(faults, failing, false)
}

/// As [`replacement_interrupted_by`]; `reused`: the new add-on was ready
/// when the run stopped, and the next run takes it up instead of another.
fn interrupted(faults: heroku_sim::core::AddonFaults, failing: &str, reused: bool) {
    let seeded = sim(Options::default());
    let old = seed(&seeded);
    let files =
        write_files("[apps.web.addons.postgres]\nplan = \"heroku-postgresql:standard-0\"\n");
    let (code, out, _) = run(&seeded, files.path(), &["diff", "prod"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("-/+ addons.postgres"), "{out}");

    let faulty = sim::with_options(
        &seeded,
        Options {
            addon_faults: faults,
            provision_ms: 20,
            ..Options::default()
        },
    );
    let (code, out, err) = run(
        &faulty,
        files.path(),
        &[
            "apply",
            "prod",
            "--yes",
            "--allow-data-loss",
            "--allow-dirty",
        ],
    );
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(err.contains(failing), "{failing}:\n{err}");
    assert!(
        err.contains(&format!(
            "{old} is still there and still attached to shop-prod as DATABASE: nothing was destroyed"
        )),
        "{err}"
    );
    assert!(err.contains("not attempted: destroy "), "{err}");
    assert_eq!(
        attached_as(&faulty, "DATABASE").as_deref(),
        Some(old.as_str()),
        "the old database keeps DATABASE"
    );
    {
        let state = faulty.shared.sim.lock().unwrap().state.clone();
        let db = state.addons.iter().find(|a| a.name == old).unwrap();
        assert_eq!(db.plan, "essential-0", "untouched");
        let app = state.apps.iter().find(|a| a.name == "shop-prod").unwrap();
        let vars = heroku_sim::api::attachment_vars(&state, &app.id);
        assert!(
            matches!(vars.get("DATABASE_URL"), Some(Some(url)) if url == &db.values["URL"]),
            "DATABASE_URL is still the old database's: {vars:?}"
        );
    }

    let pending = attached_as(&faulty, "DATABASE_HEROIN_NEW");
    assert!(
        pending.is_some() || !reused,
        "the new one is ready, still under its temporary name"
    );

    // Again, without the faults: the replacement finishes and converges.
    let healthy = sim::with_options(&faulty, Options::default());
    let (_, out, _) = run(&healthy, files.path(), &["diff", "prod"]);
    assert_eq!(
        out.contains("left by an interrupted replacement of addons.postgres"),
        pending.is_some() && !reused,
        "a failed new add-on is removed, a ready one taken up:\n{out}"
    );
    let (code, out, err) = run(
        &healthy,
        files.path(),
        &[
            "apply",
            "prod",
            "--yes",
            "--allow-data-loss",
            "--allow-dirty",
        ],
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
    let (code, out, _) = run(
        &healthy,
        files.path(),
        &["diff", "prod", "--detailed-exitcode"],
    );
    assert_eq!(code, Some(0), "{out}");
    let state = healthy.shared.sim.lock().unwrap().state.clone();
    let plans: Vec<&str> = state.addons.iter().map(|a| a.plan.as_str()).collect();
    assert_eq!(
        plans,
        ["standard-0"],
        "the old one is gone, the new one stays"
    );
    let names: Vec<&str> = state.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["DATABASE"], "no temporary name is left");
    if reused {
        assert_eq!(attached_as(&healthy, "DATABASE"), pending, "taken up again");
    }
}

#[test]
fn a_replacement_whose_create_fails_leaves_the_old_add_on_attached() {
    replacement_interrupted_by(
        heroku_sim::core::AddonFaults {
            refuse_create: vec!["heroku-postgresql".into()],
            ..Default::default()
        },
        "could not provision the add-on",
    );
}

#[test]
fn a_replacement_whose_provisioning_fails_leaves_the_old_add_on_attached() {
    replacement_interrupted_by(
        heroku_sim::core::AddonFaults {
            fail_provisioning: vec!["heroku-postgresql".into()],
            ..Default::default()
        },
        "is deprovisioned after",
    );
}

#[test]
fn a_replacement_whose_attachment_move_fails_leaves_the_old_add_on_attached() {
    interrupted(
        heroku_sim::core::AddonFaults {
            refuse_attach: vec!["DATABASE".into()],
            ..Default::default()
        },
        "Could not attach",
        true,
    );
}

#[test]
fn a_replacement_whose_parking_attachment_fails_leaves_the_old_add_on_attached() {
    interrupted(
        heroku_sim::core::AddonFaults {
            refuse_attach: vec!["DATABASE_HEROIN_OLD".into()],
            ..Default::default()
        },
        "Could not attach",
        true,
    );
}

#[test]
fn a_replacement_whose_destroy_fails_says_the_old_add_on_is_left() {
    let seeded = sim(Options::default());
    let old = seed(&seeded);
    let files =
        write_files("[apps.web.addons.postgres]\nplan = \"heroku-postgresql:standard-0\"\n");
    let faulty = sim::with_options(
        &seeded,
        Options {
            addon_faults: heroku_sim::core::AddonFaults {
                refuse_destroy: vec!["heroku-postgresql".into()],
                ..Default::default()
            },
            ..Options::default()
        },
    );
    let (code, out, err) = run(
        &faulty,
        files.path(),
        &[
            "apply",
            "prod",
            "--yes",
            "--allow-data-loss",
            "--allow-dirty",
        ],
    );
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(
        err.contains(&format!(
            "DATABASE on shop-prod is its replacement's now; {old} is still there, not destroyed"
        )),
        "{err}"
    );
    let new = attached_as(&faulty, "DATABASE").unwrap();
    assert_ne!(new, old, "the app has the new database");
    // Again: the old one is destroyed (asked for as data loss), and the
    // temporary name dropped.
    let healthy = sim::with_options(&faulty, Options::default());
    let (code, out, err) = run(
        &healthy,
        files.path(),
        &["apply", "prod", "--yes", "--allow-dirty"],
    );
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(err.contains("the plan loses data: destroys"), "{err}");
    let (code, out, err) = run(
        &healthy,
        files.path(),
        &[
            "apply",
            "prod",
            "--yes",
            "--allow-data-loss",
            "--allow-dirty",
        ],
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
    let state = healthy.shared.sim.lock().unwrap().state.clone();
    let names: Vec<&str> = state.addons.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, [new.as_str()]);
    let names: Vec<&str> = state.attachments.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["DATABASE"]);
}

#[test]
fn a_temporary_attachment_left_behind_is_removed() {
    let running = sim(Options::default());
    let db = seed(&running);
    client(&running, "sim-token")
        .write(
            "POST",
            "/addon-attachments",
            &json!({"addon": db, "app": "shop-prod", "name": "DATABASE_HEROIN_NEW"}),
        )
        .unwrap();
    let files = write_files("");
    let (code, out, _) = run(&running, files.path(), &["diff", "prod"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains(
            "an interrupted replacement left the temporary attachment DATABASE_HEROIN_NEW"
        ),
        "{out}"
    );
    let (code, out, err) = run(
        &running,
        files.path(),
        &["apply", "prod", "--yes", "--allow-dirty"],
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert_eq!(attached_as(&running, "DATABASE"), Some(db));
    assert_eq!(attached_as(&running, "DATABASE_HEROIN_NEW"), None);
    let (code, out, _) = run(
        &running,
        files.path(),
        &["diff", "prod", "--detailed-exitcode"],
    );
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn a_plan_change_refused_while_applying_is_replaced_new_add_on_first() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let running = sim_logging(
        Options {
            refuse_plan_changes: vec!["heroku-redis".into()],
            ..Options::default()
        },
        Some(&log),
    );
    seed(&running);
    let redis = client(&running, "sim-token")
        .write(
            "POST",
            "/apps/shop-prod/addons",
            &json!({"plan": "heroku-redis:mini", "attachment": {"name": "REDIS"}}),
        )
        .unwrap();
    let redis = redis["name"].as_str().unwrap().to_string();
    let files = write_files("[apps.web.addons.redis]\nplan = \"heroku-redis:premium-0\"\n");
    let bin = assert_cmd::cargo::cargo_bin("heroin");
    let cmd = format!(
        "env HEROKU_HOST={} HEROKU_API_KEY=sim-token NO_COLOR=1 {} -C {} apply prod --allow-dirty",
        running.url,
        bin.display(),
        files.path().display()
    );
    let mut p = rexpect::spawn(&cmd, Some(30_000)).unwrap();
    p.exp_string("Apply this plan to prod?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Replace it instead?").unwrap();
    p.send("y\r").unwrap();
    p.flush().unwrap();
    p.exp_string("to destroy it and its data").unwrap();
    p.send_line(&redis).unwrap();
    p.flush().unwrap();
    p.exp_eof().unwrap();
    let requests = logged(&log);
    let at = |wanted: &str| requests.iter().position(|r| r == wanted).unwrap();
    let created = requests
        .iter()
        .rposition(|r| r == "POST /apps/shop-prod/addons")
        .unwrap();
    let moved = requests
        .iter()
        .rposition(|r| r == "POST /addon-attachments")
        .unwrap();
    let destroyed = at(&format!("DELETE /apps/shop-prod/addons/{redis}"));
    assert!(created < moved && moved < destroyed, "{requests:#?}");
    let state = running.shared.sim.lock().unwrap().state.clone();
    let plans: Vec<&str> = state
        .addons
        .iter()
        .filter(|a| a.service == "heroku-redis")
        .map(|a| a.plan.as_str())
        .collect();
    assert_eq!(plans, ["premium-0"]);
    assert!(attached_as(&running, "REDIS").is_some());
    assert_eq!(attached_as(&running, "REDIS_HEROIN_NEW"), None);
}

#[test]
fn a_shared_add_on_gives_way_to_the_app_s_own_without_a_gap() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let running = sim_logging(Options::default(), Some(&log));
    let c = client(&running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "hub-prod"}))
        .unwrap();
    c.write("POST", "/apps", &json!({"name": "shop-prod"}))
        .unwrap();
    let hub = c
        .write(
            "POST",
            "/apps/hub-prod/addons",
            &json!({"plan": "heroku-postgresql:essential-0", "attachment": {"name": "DATABASE"}}),
        )
        .unwrap();
    let hub = hub["name"].as_str().unwrap().to_string();
    c.write(
        "POST",
        "/addon-attachments",
        &json!({"addon": hub, "app": "shop-prod", "name": "DATABASE"}),
    )
    .unwrap();
    let files = write_files("");
    let (code, out, _) = run(&running, files.path(), &["diff", "prod"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains(&format!(
            "DATABASE is now {hub} from hub-prod; the files provision the app's own"
        )),
        "{out}"
    );
    assert!(!out.contains("destroys"), "{out}");
    let seeded = logged(&log).len();
    let (code, out, err) = run(
        &running,
        files.path(),
        &["apply", "prod", "--yes", "--allow-dirty"],
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
    // The app's own database exists before the shared one's name is taken.
    let requests = &logged(&log)[seeded..];
    let created = requests
        .iter()
        .position(|r| r == "POST /apps/shop-prod/addons")
        .unwrap();
    let moved = requests
        .iter()
        .position(|r| r == "POST /addon-attachments")
        .unwrap();
    let detached = requests
        .iter()
        .position(|r| r.starts_with("DELETE /addon-attachments/"))
        .unwrap();
    assert!(created < moved && moved < detached, "{requests:#?}");
    let own = attached_as(&running, "DATABASE").unwrap();
    assert_ne!(own, hub);
    let state = running.shared.sim.lock().unwrap().state.clone();
    assert_eq!(state.addons.len(), 2, "the hub keeps its database");
    let mut names: Vec<&str> = state.attachments.iter().map(|a| a.name.as_str()).collect();
    names.sort();
    assert_eq!(
        names,
        ["DATABASE", "DATABASE"],
        "one on each app, nothing temporary"
    );
    let (code, out, _) = run(
        &running,
        files.path(),
        &["diff", "prod", "--detailed-exitcode"],
    );
    assert_eq!(code, Some(0), "{out}");
}
