//! `--state FILE` under load and under stops: seeding 200 apps through the
//! HTTP server (the time is printed, never asserted), a clean stop (SIGTERM)
//! that keeps every answered change and exits 0, and a kill -9 in the middle
//! of writes that leaves a file that loads; a seed file written by hand.

mod process;

use std::time::{Duration, Instant};

use heroku_sim::server::load_state;
use process::{http, start};

/// Creates app `name` with two config vars and a custom domain: three
/// changes, each answered before the next is sent.
fn seed_app(port: u16, name: &str) {
    let body = format!(r#"{{"name":"{name}"}}"#);
    assert_eq!(http(port, "POST", "/apps", Some(&body)).0, 201);
    let path = format!("/apps/{name}/config-vars");
    let vars = r#"{"RAILS_ENV":"production","WEB_CONCURRENCY":"2"}"#;
    assert_eq!(http(port, "PATCH", &path, Some(vars)).0, 200);
    let path = format!("/apps/{name}/domains");
    let domain = format!(r#"{{"hostname":"www.{name}.example.com","sni_endpoint":null}}"#);
    assert_eq!(http(port, "POST", &path, Some(&domain)).0, 201);
}

#[test]
fn seeding_200_apps_then_a_clean_stop_keeps_every_answered_change() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("state.json");
    let path = file.to_str().unwrap();
    let mut s = start(&["--state", path]);
    let started = Instant::now();
    for n in 0..200 {
        seed_app(s.port, &format!("seeded-{n}"));
    }
    let elapsed = started.elapsed();
    eprintln!("seeded 200 apps (600 changes) through --state in {elapsed:?}");
    // The last change, answered just before the stop, is in the file too.
    let last = r#"{"LAST":"answered"}"#;
    assert_eq!(
        http(s.port, "PATCH", "/apps/seeded-199/config-vars", Some(last)).0,
        200
    );
    let status = s.stop();
    assert_eq!(status.code(), Some(0), "a clean stop exits 0: {status:?}");
    let state = load_state(&file, 0).unwrap().expect("the state file");
    assert_eq!(state.apps.len(), 200);
    let app = state.apps.iter().find(|a| a.name == "seeded-199").unwrap();
    assert_eq!(app.config.get("LAST").map(String::as_str), Some("answered"));
    assert_eq!(
        state.domains.iter().filter(|d| d.kind == "custom").count(),
        200
    );
    let others: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != "state.json")
        .collect();
    assert!(others.is_empty(), "files left beside the state: {others:?}");
    // A restart serves what was saved.
    let s = start(&["--state", path]);
    let (status, _, body) = http(s.port, "GET", "/apps/seeded-199/config-vars", None);
    assert_eq!(status, 200);
    assert!(body.contains(r#""LAST":"answered""#), "{body}");
}

#[test]
fn a_kill_in_the_middle_of_writes_leaves_a_state_that_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("state.json");
    let path = file.to_str().unwrap().to_string();
    // Several rounds, killed at different moments of the writing.
    for round in 0..4u64 {
        let mut s = start(&["--state", &path]);
        let port = s.port;
        let writer = std::thread::spawn(move || {
            let mut n = 0;
            // Writes until the server is gone.
            while std::panic::catch_unwind(|| {
                seed_app(port, &format!("round{round}-{n}"));
            })
            .is_ok()
            {
                n += 1;
            }
            n
        });
        std::thread::sleep(Duration::from_millis(250 + 70 * round));
        s.child.kill().unwrap();
        s.child.wait().unwrap();
        let written = writer.join().unwrap();
        assert!(written > 0, "round {round}: no writes before the kill");
        let state = load_state(&file, 0)
            .unwrap_or_else(|e| panic!("round {round}: {e}"))
            .expect("a state file after a kill");
        assert!(!state.apps.is_empty(), "round {round}: no apps saved");
    }
    // And the simulator starts from it.
    let s = start(&["--state", &path]);
    let (status, _, body) = http(s.port, "GET", "/apps", None);
    assert!(matches!(status, 200 | 206), "{status}: {body}");
}

#[test]
fn a_seed_file_gives_only_the_keys_it_names_and_a_misspelt_key_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("seed.json");
    std::fs::write(&file, r#"{"teams": ["umbrella"], "fir_apps": ["umb-fir"]}"#).unwrap();
    let s = start(&["--state", file.to_str().unwrap()]);
    let (status, _, body) = http(s.port, "GET", "/teams", None);
    assert_eq!(status, 200);
    assert!(body.contains(r#""name":"umbrella""#), "{body}");
    let app = r#"{"name":"umb-fir","team":"umbrella"}"#;
    let (status, _, body) = http(s.port, "POST", "/teams/apps", Some(app));
    assert_eq!(status, 201, "{body}");
    let (_, _, body) = http(s.port, "GET", "/apps/umb-fir", None);
    assert!(body.contains(r#""name":"fir"}"#), "{body}");
    drop(s);
    // A key no state has would be dropped silently: refused at start.
    std::fs::write(&file, r#"{"team": ["umbrella"]}"#).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_heroku-sim"))
        .args(["--state", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("unknown key `team`"), "{said}");
}
