//! Log drain URLs that carry secrets, end to end: masked in the plan (text
//! and JSON, both sides of a change), labelled by host, removed by id, never
//! in `-v`, a tag message or `heroin history`, nor in a server's message that
//! repeats them. A real git repository and heroku-sim over HTTP.

mod common;
use common::{repo, sim};

use std::path::Path;

use common::root;
use heroku_sim::core::Options;
use heroku_sim::server::Running;
use serde_json::json;
use sim::{client, logged, sim, sim_logging, with_options};

/// The Datadog key Heroku has now, and the one the files want.
const OLD_DD: &str = "00aa11bb22cc33dd44ee55ff66778899";
const NEW_DD: &str = "99887766ff55ee44dd33cc22bb11aa00";
/// A token from the environment that does not look like a key.
const SHORT: &str = "tok-abc";
/// Every secret of these tests.
const SECRETS: &[&str] = &[
    OLD_DD,
    NEW_DD,
    SHORT,
    "old-pass-1234",
    "plain-query-key",
    "sim-token",
];

const FILES: &str = r#"[apps.web]
name = "drn-web-${HEROIN_ENV}"
log_drains = [
  "https://http-intake.logs.datadoghq.com/v1/input/${DD_API_KEY}?ddsource=heroku",
  "syslog+tls://logs.example.net:6514",
  "https://logs.example.org/ingest?api_key=plain-query-key&tag=web",
  "https://in.example.io/bulk/${SHORT_TOKEN}/tag/heroku",
]
"#;

/// Heroku's app with three drains: an old Datadog key, one with a password
/// the files no longer have, and one the files keep.
fn seed(running: &Running) {
    let c = client(running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "drn-web-prod"}))
        .unwrap();
    for url in [
        format!("https://http-intake.logs.datadoghq.com/v1/input/{OLD_DD}?ddsource=heroku"),
        "https://user:old-pass-1234@logs.example.com/x".to_string(),
        "syslog+tls://logs.example.net:6514".to_string(),
    ] {
        c.write(
            "POST",
            "/apps/drn-web-prod/log-drains",
            &json!({"url": url}),
        )
        .unwrap();
    }
}

fn run(running: &Running, dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    repo::run_with(
        running,
        dir,
        &[("DD_API_KEY", NEW_DD), ("SHORT_TOKEN", SHORT)],
        args,
    )
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows {secret}:\n{text}");
    }
}

#[test]
fn drains_are_masked_on_both_sides_and_labelled_by_host() {
    let running = sim(Options::default());
    seed(&running);
    let dir = repo::repo_of(&[("heroin.toml", FILES), ("heroin.prod.toml", "")]);
    let (code, out, err) = run(&running, dir.path(), &["diff", "prod", "--color", "never"]);
    assert_eq!(code, Some(0), "{err}");
    assert_no_secret("the plan", &format!("{out}{err}"));
    insta::assert_snapshot!(out, @r#"
    heroin plans these changes to prod:

      # apps.web (drn-web-prod)
    -/+ log_drains.http-intake.logs.datadoghq.com: "https://http-intake.logs.datadoghq.com/v1/input/(sensitive)?ddsource=heroku" -> "https://http-intake.logs.datadoghq.com/v1/input/(sensitive)?ddsource=heroku"  # must be replaced
          Heroku cannot change a drain's URL: the new drain is added, then the old one removed
      + log_drains.in.example.io: "https://in.example.io/bulk/(sensitive)/tag/heroku"
      - log_drains.logs.example.com: "https://user:(sensitive)@logs.example.com/x"
          not in the files
      + log_drains.logs.example.org: "https://logs.example.org/ingest?api_key=(sensitive)&tag=web"
          (1 unchanged not shown)

    Plan: 3 to add, 0 to change, 2 to destroy.
    "#);

    let (code, out, err) = run(&running, dir.path(), &["diff", "prod", "--json"]);
    assert_eq!(code, Some(0), "{err}");
    assert_no_secret("the JSON plan", &format!("{out}{err}"));
    let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/plan.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&plan)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{out}");
    let removed = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "logs.example.com")
        .unwrap();
    assert_eq!(
        removed["before"],
        "https://user:(sensitive)@logs.example.com/x"
    );
    assert_eq!(removed["sensitive"], true);
}

#[test]
fn apply_removes_drains_by_id_and_no_secret_reaches_trace_tag_or_history() {
    let log = tempfile::NamedTempFile::new().unwrap();
    let running = sim_logging(Options::default(), Some(log.path()));
    seed(&running);
    let dir = repo::repo_of(&[("heroin.toml", FILES), ("heroin.prod.toml", "")]);
    let (code, out, err) = run(&running, dir.path(), &["-v", "apply", "prod", "--yes"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert_no_secret("apply -v", &format!("{out}{err}"));
    assert!(
        err.contains("Tagged heroin/prod/1") || out.contains("heroin/prod/1"),
        "{out}\n{err}"
    );

    // Drains are deleted by id: no URL (and no password) in a path.
    let deletes: Vec<String> = logged(log.path())
        .into_iter()
        .filter(|r| r.starts_with("DELETE /apps/drn-web-prod/log-drains/"))
        .collect();
    assert_eq!(deletes.len(), 2, "{deletes:?}");
    for d in &deletes {
        let id = d.rsplit('/').next().unwrap();
        assert!(
            id.len() == 36 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'),
            "{d}"
        );
    }

    let git = git2::Repository::open(dir.path()).unwrap();
    let tag = git
        .find_reference("refs/tags/heroin/prod/1")
        .unwrap()
        .peel_to_tag()
        .unwrap();
    let message = tag.message().unwrap().unwrap();
    assert!(
        message.contains("https://user:(sensitive)@logs.example.com/x"),
        "{message}"
    );
    assert_no_secret("the tag message", message);
    for args in [&["history", "prod"][..], &["history", "prod", "--json"][..]] {
        let (code, out, err) = run(&running, dir.path(), args);
        assert_eq!(code, Some(0), "{err}");
        assert!(
            out.contains("Plan: 3 to add, 0 to change, 2 to destroy."),
            "{out}"
        );
        assert_no_secret("history", &format!("{out}{err}"));
    }

    // It converges.
    let (code, out, err) = run(
        &running,
        dir.path(),
        &["diff", "prod", "--detailed-exitcode"],
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
}

#[test]
fn a_server_repeating_the_token_or_a_secret_has_them_masked() {
    let seeded = sim(Options::default());
    seed(&seeded);
    let running = with_options(
        &seeded,
        Options {
            echo_writes: true,
            ..Options::default()
        },
    );
    let files = r#"[apps.web]
name = "drn-web-${HEROIN_ENV}"
log_drains = ["https://http-intake.logs.datadoghq.com/v1/input/${DD_API_KEY}?ddsource=heroku"]
config_vars = { SESSION = "s-${SHORT_TOKEN}" }
"#;
    let dir = repo::repo_of(&[("heroin.toml", files), ("heroin.prod.toml", "")]);
    let (code, out, err) = run(&running, dir.path(), &["-v", "apply", "prod", "--yes"]);
    assert_eq!(code, Some(1), "{out}\n{err}");
    // The message is there, with what it repeated masked.
    assert!(
        err.contains("422 invalid_params: Invalid request /apps/drn-web-prod/config-vars with Bearer (sensitive): {\"SESSION\":\"(sensitive)\"}"),
        "{err}"
    );
    assert_no_secret("a refused apply", &format!("{out}{err}"));
}
