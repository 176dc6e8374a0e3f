//! `heroin history` lines up with `heroku releases`: each tag records the
//! release each app was left at, a rollback (`apply --ref`) names the tag it
//! went back to, `--app KEY` keeps the applies that changed that app, and
//! `heroin history ENV N` shows one in full. Real git repositories, against
//! heroku-sim.

mod common;
use common::{repo, sim};

use heroku_sim::core::Options;
use heroku_sim::server::Running;
use repo::{commit, repo_of, run};
use serde_json::Value;

const BASE: &str = "[apps.web]\nname = \"hist-web-${HEROIN_ENV}\"\n\n[apps.web.config_vars]\nWEB_CONCURRENCY = \"2\"\n\n[apps.worker]\nname = \"hist-worker-${HEROIN_ENV}\"\n\n[apps.worker.config_vars]\nQUEUES = \"default\"\n";

/// The newest release's version of `app`, as Heroku numbers it.
fn newest(running: &Running, app: &str) -> u64 {
    let releases = sim::client(running, "sim-token")
        .list(&format!("/apps/{app}/releases"))
        .unwrap();
    releases
        .iter()
        .filter_map(|r| r["version"].as_u64())
        .max()
        .unwrap()
}

fn ok(running: &Running, dir: &std::path::Path, args: &[&str]) -> String {
    let (code, out, err) = run(running, dir, args);
    assert_eq!(code, Some(0), "{args:?}: {out}{err}");
    out
}

#[test]
fn history_shows_releases_rollbacks_one_app_and_one_apply_in_full() {
    let running = sim::sim(Options::default());
    let dir = repo_of(&[("heroin.toml", BASE), ("heroin.staging.toml", "")]);
    let p = dir.path();
    ok(&running, p, &["apply", "staging", "--yes"]);
    let (web1, worker1) = (
        newest(&running, "hist-web-staging"),
        newest(&running, "hist-worker-staging"),
    );
    std::fs::write(
        p.join("heroin.staging.toml"),
        "[apps.web.config_vars]\nWEB_CONCURRENCY = \"3\"\n",
    )
    .unwrap();
    commit(p, "three");
    ok(&running, p, &["apply", "staging", "--yes"]);
    let web2 = newest(&running, "hist-web-staging");
    assert!(web2 > web1);
    // Back to the first apply's files.
    ok(
        &running,
        p,
        &["apply", "staging", "--yes", "--ref", "heroin/staging/1"],
    );
    let web3 = newest(&running, "hist-web-staging");
    assert!(web3 > web2);

    let text = ok(&running, p, &["history", "staging"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].ends_with(&format!(
            "web v{web3}, worker v{worker1}  (rollback to heroin/staging/1)"
        )),
        "{text}"
    );
    assert!(
        lines[1].ends_with(&format!("web v{web2}, worker v{worker1}")),
        "{text}"
    );
    assert!(
        lines[2].ends_with(&format!("web v{web1}, worker v{worker1}")),
        "{text}"
    );

    let json: Value =
        serde_json::from_str(&ok(&running, p, &["--json", "history", "staging"])).unwrap();
    assert_eq!(json[0]["rollback_to"], "heroin/staging/1");
    assert_eq!(json[1]["rollback_to"], Value::Null);
    assert_eq!(json[0]["releases"][0]["name"], "hist-web-staging");
    assert_eq!(json[0]["releases"][0]["version"], web3);
    assert_eq!(json[1]["changed"], serde_json::json!(["web"]));

    // Only the first apply changed the worker.
    let worker = ok(&running, p, &["history", "staging", "--app", "worker"]);
    assert_eq!(worker.lines().count(), 1, "{worker}");
    assert!(worker.starts_with("#1 "), "{worker}");
    let web = ok(&running, p, &["history", "staging", "--app", "web"]);
    assert_eq!(web.lines().count(), 3, "{web}");
    // A key no apply changed is said so, with the closest one that did.
    let (code, out, err) = run(&running, p, &["history", "staging", "--app", "wokrer"]);
    assert_eq!((code, out.as_str()), (Some(0), ""), "{err}");
    assert!(
        err.contains("no apply to staging changed the app wokrer (did you mean `worker`?)"),
        "{err}"
    );

    // One apply in full.
    let full = ok(&running, p, &["history", "staging", "2"]);
    assert!(full.starts_with("heroin/staging/2  "), "{full}");
    assert!(full.contains("Applied by Dev <dev@example.com>"), "{full}");
    assert!(
        full.contains(&format!(
            "Releases   web (hist-web-staging) v{web2}, worker (hist-worker-staging) v{worker1}"
        )),
        "{full}"
    );
    assert!(
        full.contains("  ~ config_vars.WEB_CONCURRENCY: \"2\" -> \"3\""),
        "{full}"
    );
    assert!(!full.contains("Record: "), "{full}");
    let one: Value =
        serde_json::from_str(&ok(&running, p, &["--json", "history", "staging", "3"])).unwrap();
    assert!(
        one["message"]
            .as_str()
            .unwrap()
            .contains("Rollback to heroin/staging/1"),
        "{one}"
    );
    let (code, _, err) = run(&running, p, &["history", "staging", "9"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("heroin/staging/9: no such apply in this repository"),
        "{err}"
    );
}
