//! The `heroku-sim` binary over real HTTP: its first line, the state file
//! (saved after changes, loaded at start, a corrupt one refused), concurrent
//! requests, latency, and 127.0.0.1 only.

mod process;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use process::{http, start};

#[test]
fn it_prints_its_address_and_serves_the_api() {
    let s = start(&["--port", "0"]);
    let (status, head, body) = http(s.port, "POST", "/apps", Some(r#"{"name":"acme-web"}"#));
    assert_eq!(status, 201, "{body}");
    assert!(
        head.to_ascii_lowercase()
            .contains("ratelimit-remaining: 4499"),
        "{head}"
    );
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{head}"
    );
    let (status, _, body) = http(s.port, "GET", "/apps/acme-web", None);
    assert_eq!(status, 200);
    assert!(body.contains(r#""name":"acme-web""#));
}

#[test]
fn the_state_file_survives_a_restart_and_a_corrupt_one_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let state = dir.join("state.json");
    let path = state.to_str().unwrap();
    {
        let mut s = start(&["--state", path]);
        assert_eq!(
            http(s.port, "POST", "/apps", Some(r#"{"name":"kept-app"}"#)).0,
            201
        );
        assert_eq!(
            http(
                s.port,
                "PATCH",
                "/apps/kept-app/config-vars",
                Some(r#"{"A":"1"}"#)
            )
            .0,
            200
        );
        assert!(s.stop().success());
    }
    assert!(state.exists());
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != "state.json")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    {
        let s = start(&["--state", path]);
        let (status, _, body) = http(s.port, "GET", "/apps/kept-app/config-vars", None);
        assert_eq!((status, body.as_str()), (200, r#"{"A":"1"}"#));
        // New ids continue the sequence instead of repeating it.
        let (_, _, other) = http(s.port, "POST", "/apps", Some(r#"{"name":"second-app"}"#));
        assert!(!other.is_empty());
    }
    std::fs::write(&state, "{ not json").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_heroku-sim"))
        .args(["--state", path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("is not a heroku-sim state"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&state).unwrap(),
        "{ not json",
        "a corrupt file is never overwritten"
    );
}

#[test]
fn concurrent_requests_overlap_under_latency() {
    let s = start(&["--latency-ms", "200"]);
    let port = s.port;
    let started = Instant::now();
    let threads: Vec<_> = (0..8)
        .map(|_| std::thread::spawn(move || http(port, "GET", "/account", None).0))
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), 200);
    }
    // Eight requests of 200 ms each, served one at a time, would take 1.6 s.
    assert!(
        started.elapsed() < Duration::from_millis(1_200),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn bad_options_are_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_heroku-sim"))
        .args(["--fail-rate", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(env!("CARGO_BIN_EXE_heroku-sim"))
        .args(["--bogus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn teams_are_declared_on_the_command_line() {
    let s = start(&["--team", "acme", "--team", "umbrella"]);
    let (status, _, body) = http(s.port, "GET", "/teams", None);
    assert_eq!(status, 200);
    assert!(
        body.contains("\"acme\"") && body.contains("\"umbrella\""),
        "{body}"
    );
    let app = r#"{"name":"acme-web","team":"acme"}"#;
    assert_eq!(http(s.port, "POST", "/teams/apps", Some(app)).0, 201);
    let stray = r#"{"name":"stray-web","team":"initech"}"#;
    assert_eq!(http(s.port, "POST", "/teams/apps", Some(stray)).0, 404);
}

#[test]
fn not_modified_has_an_etag_and_no_body() {
    let s = start(&[]);
    let (status, head, _) = http(s.port, "GET", "/regions/eu", None);
    assert_eq!(status, 200);
    let tag = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .starts_with("etag:")
                .then(|| l[5..].trim().to_string())
        })
        .expect("an ETag header");
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    write!(
        stream,
        "GET /regions/eu HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/vnd.heroku+json; version=3\r\nAuthorization: Bearer sim-token\r\nIf-None-Match: {tag}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 304"), "{head}");
    assert_eq!(body, "");
}
