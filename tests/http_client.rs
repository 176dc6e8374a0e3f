//! heroin's HTTP client against heroku-sim over real HTTP: pagination to the
//! end, retries of reads through injected failures and rate limits, clear
//! errors for a rejected token and an unreachable host.

mod common;
use common::sim;

use heroin::http::{Client, Endpoint, HttpError, RetryPolicy};
use heroin::secret::Secret;
use heroku_sim::core::Options;
use serde_json::json;
use sim::{client, sim};

#[test]
fn lists_follow_pagination_to_the_end() {
    let running = sim(Options {
        page_size: Some(2),
        ..Options::default()
    });
    let c = client(&running, "sim-token");
    for i in 0..5 {
        c.write("POST", "/apps", &json!({"name": format!("paged-{i}")}))
            .unwrap();
    }
    // Pages of two: the client follows Next-Range through all three.
    assert_eq!(c.list("/apps").unwrap().len(), 5);
    let mut names: Vec<String> = c
        .list("/apps")
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 5);
}

#[test]
fn reads_are_retried_through_injected_failures() {
    let running = sim(Options {
        fail_rate: 0.5,
        seed: 3,
        ..Options::default()
    });
    let c = client(&running, "sim-token");
    for _ in 0..20 {
        assert_eq!(c.get("/account").unwrap()["email"], "sim-token@example.com");
    }
    let running = sim(Options {
        fail_rate: 1.0,
        ..Options::default()
    });
    let c = client(&running, "sim-token");
    match c.get("/account") {
        Err(HttpError::Api {
            status: 503, id, ..
        }) => assert_eq!(id, "service_unavailable"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_empty_rate_limit_bucket_is_waited_out() {
    let running = sim(Options {
        rate_limit: 1,
        ..Options::default()
    });
    let c = Client::new(
        Endpoint {
            base: running.url.clone(),
            host: "127.0.0.1".into(),
        },
        Secret::new("sim-token"),
        RetryPolicy {
            tries: 6,
            base: std::time::Duration::from_millis(400),
            max: std::time::Duration::from_secs(2),
        },
        None,
    );
    // Heroku refills 1.25 tokens a second: the second read waits for one.
    c.get("/account").unwrap();
    c.get("/account").unwrap();
}

#[test]
fn a_rejected_token_and_an_unreachable_host_are_clear_errors() {
    let running = sim(Options::default());
    let c = client(&running, "wrong-token");
    let e = c.get("/account").unwrap_err();
    assert!(matches!(e, HttpError::Api { status: 401, .. }), "{e}");
    assert_eq!(
        e.to_string(),
        "GET /account: 401 unauthorized: Invalid credentials provided."
    );
    assert!(!e.to_string().contains("wrong-token"));

    let c = Client::new(
        Endpoint {
            base: "http://127.0.0.1:1".into(),
            host: "127.0.0.1".into(),
        },
        Secret::new("sim-token"),
        RetryPolicy {
            tries: 2,
            base: std::time::Duration::from_millis(1),
            max: std::time::Duration::from_millis(2),
        },
        None,
    );
    let e = c.get("/account").unwrap_err();
    assert!(matches!(e, HttpError::Transport { tries: 2, .. }), "{e}");
    assert!(
        e.to_string()
            .starts_with("GET http://127.0.0.1:1/account: "),
        "the URL heroin used: {e}"
    );
}

#[test]
fn writes_report_heroku_s_error() {
    let running = sim(Options::default());
    let c = client(&running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "taken-name"}))
        .unwrap();
    let e = c
        .write("POST", "/apps", &json!({"name": "taken-name"}))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "POST /apps: 422 invalid_params: Name taken-name is already taken"
    );
    assert_eq!(c.get_optional("/apps/nope").unwrap(), None);
}

#[test]
fn what_a_server_repeats_is_masked_in_errors_and_paths() {
    let running = sim(Options {
        echo_writes: true,
        ..Options::default()
    });
    let c = client(&running, "sim-token");
    c.know([Secret::new("hunter2-secret")]);
    let e = c
        .write(
            "DELETE",
            "/apps/a/log-drains/https%3A%2F%2Fu%3Apw-in-path%40logs.example.net%2Fx",
            &json!({"value": "hunter2-secret"}),
        )
        .unwrap_err();
    let HttpError::Api { path, message, .. } = &e else {
        panic!("{e}")
    };
    assert_eq!(
        path,
        "/apps/a/log-drains/https://u:(sensitive)@logs.example.net/x"
    );
    assert!(message.contains("Bearer (sensitive)"), "{message}");
    let said = e.to_string();
    for secret in ["sim-token", "hunter2-secret"] {
        assert!(!said.contains(secret), "{said}");
    }
}
