//! App webhooks end to end against heroku-sim: created, updated in place by
//! id and removed; the secret and authorization (write-only on Heroku) sent
//! but never shown (plan text, JSON, `-v`, tag, history); an unchanged
//! webhook with a secret is an honest warning, never "no change"; apply
//! converges; export writes them; Heroku's https rule refuses the rest.

mod common;
use common::{repo, sim};

use heroku_sim::core::Options;
use heroku_sim::server::Running;
use serde_json::json;
use sim::{client, logged, sim, sim_logging};

const SECRET: &str = "whsec-0123456789abcdef";
const TOKEN: &str = "hook-bearer-token-42";
const VARS: &[(&str, &str)] = &[("HOOK_SECRET", SECRET), ("HOOK_TOKEN", TOKEN)];

const FILES: &str = r#"[apps.web]
name = "whk-web-${HEROIN_ENV}"

[[apps.web.webhooks]]
url = "https://hooks.example.com/deploys"
include = ["api:release", "api:build"]
level = "notify"
secret = "${HOOK_SECRET}"

[[apps.web.webhooks]]
url = "https://ops.example.com/heroku"
include = ["api:formation"]
level = "sync"
authorization = "Bearer ${HOOK_TOKEN}"
"#;

/// Heroku's app with a webhook the files update and one they drop.
fn seed(running: &Running) {
    let c = client(running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "whk-web-prod"}))
        .unwrap();
    for (url, include) in [
        ("https://hooks.example.com/deploys", "api:release"),
        ("https://old.example.com/hook", "api:app"),
    ] {
        c.write(
            "POST",
            "/apps/whk-web-prod/webhooks",
            &json!({"url": url, "include": [include], "level": "notify"}),
        )
        .unwrap();
    }
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in [SECRET, TOKEN, "sim-token"] {
        assert!(!text.contains(secret), "{what} shows {secret}:\n{text}");
    }
}

#[test]
fn webhooks_are_planned_applied_by_id_converge_and_never_show_their_secrets() {
    let log = tempfile::NamedTempFile::new().unwrap();
    let running = sim_logging(Options::default(), Some(log.path()));
    seed(&running);
    let dir = repo::repo_of(&[("heroin.toml", FILES), ("heroin.prod.toml", "")]);
    let run = |args: &[&str]| repo::run_with(&running, dir.path(), VARS, args);
    let (code, out, err) = run(&["diff", "prod", "--color", "never"]);
    assert_eq!(code, Some(0), "{err}");
    assert_no_secret("the plan", &format!("{out}{err}"));
    insta::assert_snapshot!(out, @r#"
    heroin plans these changes to prod:

      # apps.web (whk-web-prod)
      ~ webhooks.https://hooks.example.com/deploys: "notify: api:release" -> "notify: api:build, api:release"
      - webhooks.https://old.example.com/hook: "notify: api:app"
          not in the files
      + webhooks.https://ops.example.com/heroku: "sync: api:formation"

    Plan: 1 to add, 1 to change, 1 to destroy.
    "#);
    let (code, out, _) = run(&["diff", "prod", "--json"]);
    assert_eq!(code, Some(0));
    assert_no_secret("the JSON plan", &out);
    let (code, out, _) = run(&["diff", "prod", "--format", "markdown"]);
    assert_eq!(code, Some(0));
    assert_no_secret("the markdown plan", &out);

    let (code, out, err) = run(&["-v", "apply", "prod", "--yes"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert_no_secret("apply -v", &format!("{out}{err}"));
    // Updated and removed by id, never by URL.
    let by_id: Vec<String> = logged(log.path())
        .into_iter()
        .filter(|r| {
            r.starts_with("PATCH /apps/whk-web-prod/webhooks/")
                || r.starts_with("DELETE /apps/whk-web-prod/webhooks/")
        })
        .collect();
    assert_eq!(by_id.len(), 2, "{by_id:?}");
    // Heroku got the secret and the authorization.
    {
        let sim = running.shared.sim.lock().unwrap();
        let hooks = &sim.state.webhooks;
        assert_eq!(hooks.len(), 2);
        let deploys = hooks.iter().find(|h| h.url.contains("deploys")).unwrap();
        assert_eq!(deploys.secret.as_deref(), Some(SECRET));
        let ops = hooks.iter().find(|h| h.url.contains("ops")).unwrap();
        assert_eq!(
            ops.authorization.as_deref(),
            Some(format!("Bearer {TOKEN}").as_str())
        );
    }
    let git = git2::Repository::open(dir.path()).unwrap();
    let tag = git
        .find_reference("refs/tags/heroin/prod/1")
        .unwrap()
        .peel_to_tag()
        .unwrap();
    assert_no_secret("the tag", tag.message().unwrap().unwrap());
    let (_, out, err) = run(&["history", "prod"]);
    assert_no_secret("history", &format!("{out}{err}"));

    // It converges, and the write-only values are said to be unknowable.
    let (code, out, err) = run(&["diff", "prod", "--detailed-exitcode", "--color", "never"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    let all = format!("{out}{err}");
    assert!(all.contains("No changes."), "{all}");
    assert!(
        all.contains("the secret of webhook https://hooks.example.com/deploys cannot be read back from Heroku; heroin cannot tell whether it changed"),
        "{all}"
    );
    assert!(
        all.contains(
            "the authorization of webhook https://ops.example.com/heroku cannot be read back"
        ),
        "{all}"
    );
    assert_no_secret("the converged plan", &all);

    // Export writes them (without what Heroku never answers), and the
    // exported file plans no change.
    let (code, out, err) = run(&["export", "whk-web-prod", "--key", "web"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("url = \"https://ops.example.com/heroku\""),
        "{out}"
    );
    assert!(
        err.contains("without `secret` and `authorization`"),
        "{err}"
    );
    assert_no_secret("export", &format!("{out}{err}"));
    let exported = repo::repo_of(&[("heroin.toml", &out), ("heroin.prod.toml", "")]);
    let (code, out, err) = repo::run_with(
        &running,
        exported.path(),
        &[],
        &["diff", "prod", "--detailed-exitcode"],
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
}

#[test]
fn a_webhook_url_heroku_refuses_is_an_error_at_its_place() {
    let running = sim(Options::default());
    let files = r#"[apps.web]
name = "whk-bad-prod"
[[apps.web.webhooks]]
url = "http://hooks.example.com/plain"
include = ["api:release", "api:relase"]
level = "often"
"#;
    let dir = repo::repo_of(&[("heroin.toml", files), ("heroin.prod.toml", "")]);
    let (code, out, err) = repo::run_with(&running, dir.path(), &[], &["validate"]);
    let err = format!("{out}{err}");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "heroin.toml:4:7: error: apps.web.webhooks[0].url: the webhook URL must use https"
        ),
        "{err}"
    );
    assert!(err.contains("did you mean `api:release`?"), "{err}");
    assert!(err.contains("`often` is not a webhook level"), "{err}");
    // And heroku-sim refuses a plain-http URL as Heroku does.
    let c = client(&running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "whk-bad-prod"}))
        .unwrap();
    let refused = c
        .write(
            "POST",
            "/apps/whk-bad-prod/webhooks",
            &json!({"url": "http://hooks.example.com/plain", "include": ["api:release"], "level": "notify"}),
        )
        .unwrap_err();
    assert_eq!(refused.status(), Some(422), "{refused}");
}
