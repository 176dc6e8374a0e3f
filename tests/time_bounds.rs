//! heroin against a server that stalls (accepts and never answers) or
//! trickles (a byte a second): every command ends within its deadline with
//! an error naming the URL, and a timeout is tried again at most once.

mod common;
use common::hostile;

use std::process::Stdio;
use std::time::{Duration, Instant};

use heroin::http::{Cause, Client, Endpoint, HttpError, RetryPolicy, Timeouts};
use heroin::secret::Secret;
use hostile::{Reply, config_dir, serve};

/// Runs `heroin diff test` against `url` with `extra` arguments and
/// environment; kills it, failing, if it is not done in `bound`.
fn diff_bounded(
    url: &str,
    args: &[&str],
    env: &[(&str, &str)],
    bound: Duration,
) -> (Duration, i32, String) {
    let dir = config_dir();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("heroin"));
    cmd.env_clear()
        .env("NO_COLOR", "1")
        .env("HEROKU_HOST", url)
        .env("HEROKU_API_KEY", "the-token")
        .envs(env.iter().copied())
        .arg("-C")
        .arg(dir.path())
        .args(["diff", "test"])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = cmd.spawn().unwrap();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            return (started.elapsed(), status.code().unwrap_or(-1), err);
        }
        if started.elapsed() > bound {
            let _ = child.kill();
            let _ = child.wait();
            panic!("heroin diff still running after {bound:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_stalled_server_ends_the_command_by_its_deadline() {
    let server = serve(|_| Reply::Stall);
    let (took, code, err) = diff_bounded(
        &server.url,
        &[],
        &[("HEROIN_TIMEOUT", "1.5")],
        Duration::from_secs(8),
    );
    assert_eq!(code, 1, "{err}");
    assert!(took < Duration::from_secs(4), "{took:?}");
    assert!(
        err.contains(&format!(
            "error: GET {}/apps: timed out: the command's deadline of 1.5 s has passed",
            server.url
        )),
        "{err}"
    );
    assert!(err.contains("hint: Heroku did not answer in time"), "{err}");
    assert!(err.contains("--timeout SECONDS"), "{err}");
}

#[test]
fn a_trickling_server_ends_the_command_by_its_deadline() {
    let server = serve(|_| Reply::Trickle);
    let (took, code, err) = diff_bounded(
        &server.url,
        &["--timeout", "2"],
        &[],
        Duration::from_secs(8),
    );
    assert_eq!(code, 1, "{err}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(
        err.contains(&format!("error: GET {}/apps: timed out", server.url)),
        "{err}"
    );
    assert!(err.contains("hint: Heroku did not answer in time"), "{err}");
}

#[test]
fn a_bad_timeout_is_a_usage_error() {
    let server = serve(|_| Reply::Stall);
    let (_, code, err) = diff_bounded(
        &server.url,
        &[],
        &[("HEROIN_TIMEOUT", "soon")],
        Duration::from_secs(8),
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("HEROIN_TIMEOUT: `soon` is not a number of seconds above 0"),
        "{err}"
    );
    assert!(server.lines().is_empty());
}

#[test]
fn a_server_that_stops_sending_is_tried_twice_not_six_times() {
    let server = serve(|_| Reply::Stall);
    let c = Client::new(
        Endpoint {
            base: server.url.clone(),
            host: "127.0.0.1".into(),
        },
        Secret::new("t"),
        RetryPolicy {
            tries: 6,
            base: Duration::from_millis(5),
            max: Duration::from_millis(10),
        },
        None,
    )
    .with_timeouts(Timeouts {
        deadline: Duration::from_secs(20),
        idle: Duration::from_millis(300),
    });
    let started = Instant::now();
    let e = c.get("/account").unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    match &e {
        HttpError::Transport {
            cause,
            tries,
            reason,
            ..
        } => {
            assert_eq!((*cause, *tries), (Cause::Timeout, 2), "{e}");
            assert_eq!(reason, "timed out: no data for 0.3 s");
        }
        other => panic!("{other}"),
    }
    assert_eq!(server.lines(), ["GET /account", "GET /account"]);
}

#[test]
fn a_rate_limit_that_never_refills_ends_the_command_by_its_deadline() {
    let server = serve(|_| {
        let body = r#"{"id": "rate_limit", "message": "Your account reached the API rate limit"}"#;
        Reply::Answer(429, vec![], body.into())
    });
    let (took, code, err) = diff_bounded(
        &server.url,
        &["--timeout", "2"],
        &[],
        Duration::from_secs(8),
    );
    assert_eq!(code, 1, "{err}");
    assert!(took < Duration::from_secs(4), "{took:?}");
    assert!(
        err.contains("Waiting Heroku's rate limit is used up: all requests pause"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "error: GET {}/apps: timed out: Heroku's rate limit (429) did not allow this request within the command's deadline of 2 s",
            server.url
        )),
        "{err}"
    );
    // The first requests go at once (the apps and the two account-wide
    // add-on lists); after their 429s, one request a refill (0.8 s) for all
    // of them together, not one per thread or per backoff step.
    let asked = server.lines().len();
    assert!((4..=5).contains(&asked), "{asked} requests");
}
