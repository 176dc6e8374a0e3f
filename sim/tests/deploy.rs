//! `heroku-sim deploy` against a running simulator: the slug with its
//! process types and the release, after which the formation can be scaled;
//! an unknown app is refused with Heroku's message.

mod process;

use std::process::Command;

use process::{http, start};

fn deploy(url: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_heroku-sim"))
        .arg("deploy")
        .args(["--api", url])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_deploy_makes_a_slug_and_a_release_whose_formation_scales() {
    let s = start(&[]);
    let url = format!("http://127.0.0.1:{}", s.port);
    assert_eq!(
        http(s.port, "POST", "/apps", Some(r#"{"name":"acme-web"}"#)).0,
        201
    );
    // Before a release declares web, there is nothing to scale.
    let scale = r#"{"updates":[{"type":"web","quantity":2}]}"#;
    assert_eq!(
        http(s.port, "PATCH", "/apps/acme-web/formation", Some(scale)).0,
        404
    );
    let (code, out, err) = deploy(
        &url,
        &["acme-web", "web=bin/web -p $PORT", "worker=bin/worker"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out.trim(),
        "Released v2 on acme-web with process types web, worker"
    );
    let (status, _, releases) = http(s.port, "GET", "/apps/acme-web/releases", None);
    assert_eq!(status, 200);
    assert!(releases.contains(r#""description":"Deploy""#), "{releases}");
    let (_, _, formation) = http(s.port, "GET", "/apps/acme-web/formation", None);
    assert!(
        formation.contains(r#""command":"bin/web -p $PORT""#)
            && formation.contains(r#""type":"worker""#),
        "{formation}"
    );
    let (status, _, body) = http(s.port, "PATCH", "/apps/acme-web/formation", Some(scale));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""quantity":2"#), "{body}");
}

#[test]
fn a_deploy_names_its_commit_and_is_refused_for_an_unknown_app() {
    let s = start(&[]);
    let url = format!("http://127.0.0.1:{}", s.port);
    assert_eq!(
        http(s.port, "POST", "/apps", Some(r#"{"name":"acme-web"}"#)).0,
        201
    );
    let (code, _, err) = deploy(
        &url,
        &["--commit", "0123456789abcdef", "acme-web", "web=bin/web"],
    );
    assert_eq!(code, Some(0), "{err}");
    let (_, _, releases) = http(s.port, "GET", "/apps/acme-web/releases", None);
    assert!(
        releases.contains(r#""description":"Deploy 01234567""#),
        "{releases}"
    );
    let (code, _, err) = deploy(&url, &["no-such-app", "web=bin/web"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("Couldn't find that app."), "{err}");
    let (code, _, err) = deploy(&url, &["acme-web", "web"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("expected TYPE=COMMAND"), "{err}");
}
