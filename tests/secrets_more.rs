//! The secrets of webhooks (`secret`, `authorization`), telemetry drains
//! (header values), certificates (the private key) and pipeline stages
//! (secret-looking config vars) appear in no output of any command that
//! plans, applies or shows them (text, JSON, Markdown, `-v`), in no saved
//! plan, in no tag nor history, and in no error when Heroku refuses a key
//! that is not its certificate's. One app holds them all, applied against
//! heroku-sim, and converges.

mod common;
use common::{repo, sim};

use heroku_sim::core::Options;
use serde_json::json;
use sim::{client, sim};

const HOOK_SECRET: &str = "whsec-MARKER-5a1f";
const HOOK_TOKEN: &str = "bearer-MARKER-77c0";
const OTEL_KEY: &str = "otel-MARKER-e93b";
const STAGE_TOKEN: &str = "stage-MARKER-0d4e";

const FILES: &str = r#"[apps.web]
name = "sec-web-${HEROIN_ENV}"
domains = ["www.example.com"]
pipeline = { name = "sec-shop", stage = "production" }

[[apps.web.webhooks]]
url = "https://hooks.example.com/deploys"
include = ["api:release"]
level = "notify"
secret = "${HOOK_SECRET}"
authorization = "Bearer ${HOOK_TOKEN}"

[[apps.web.telemetry_drains]]
signals = ["traces"]
exporter = { type = "otlphttp", endpoint = "https://otel.example.com", headers = { x-api-key = "${OTEL_KEY}" } }

[apps.web.sni_endpoints.www]
certificate_chain = "${WWW_CHAIN}"
private_key = "${WWW_KEY}"
domains = ["www.example.com"]

[pipelines.sec-shop.stages.review.config_vars]
API_TOKEN = "${STAGE_TOKEN}"
"#;

/// A self-signed certificate for `name` and its key, as PEM.
fn cert(name: &str) -> (String, String) {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(vec![name.to_string()]).unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    (params.self_signed(&key).unwrap().pem(), key.serialize_pem())
}

/// What must never be shown: the markers and each long line of the keys.
fn secrets(keys: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = [HOOK_SECRET, HOOK_TOKEN, OTEL_KEY, STAGE_TOKEN]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for key in keys {
        let lines = key
            .lines()
            .filter(|l| !l.starts_with("-----") && l.len() > 20);
        all.extend(lines.map(str::to_string));
    }
    all
}

fn assert_clean(what: &str, text: &str, secrets: &[String]) {
    for s in secrets {
        assert!(!text.contains(s.as_str()), "{what} shows {s}:\n{text}");
    }
}

#[test]
fn write_only_and_file_secrets_appear_in_no_output_plan_tag_or_error() {
    let running = sim(Options {
        fir_apps: vec!["sec-web-prod".into()],
        ..Options::default()
    });
    client(&running, "sim-token")
        .write("POST", "/apps", &json!({"name": "sec-web-prod"}))
        .unwrap();
    let (chain, key) = cert("www.example.com");
    let (_, other_key) = cert("www.example.com");
    let secrets = secrets(&[&key, &other_key]);
    let dir = repo::repo_of(&[("heroin.toml", FILES), ("heroin.prod.toml", "")]);
    let vars = |key: &str| {
        vec![
            ("HOOK_SECRET", HOOK_SECRET.to_string()),
            ("HOOK_TOKEN", HOOK_TOKEN.to_string()),
            ("OTEL_KEY", OTEL_KEY.to_string()),
            ("STAGE_TOKEN", STAGE_TOKEN.to_string()),
            ("WWW_CHAIN", chain.clone()),
            ("WWW_KEY", key.to_string()),
        ]
    };
    let run = |key: &str, args: &[&str]| {
        let vars = vars(key);
        let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (code, out, err) = repo::run_with(&running, dir.path(), &vars, args);
        assert_clean(&args.join(" "), &format!("{out}{err}"), &secrets);
        (code, out, err)
    };
    // A key that is not the certificate's: Heroku's refusal names no key.
    let (code, out, err) = run(&other_key, &["apply", "prod", "--yes", "-v"]);
    assert_ne!(code, Some(0), "{out}\n{err}");
    assert!(err.contains("Private key does not match"), "{err}");

    let saved = dir.path().join("plan.json");
    let saved_arg = saved.to_str().unwrap();
    for args in [
        &["diff", "prod", "--color", "never"][..],
        &["diff", "prod", "--json"],
        &["diff", "prod", "--format", "markdown"],
        &["diff", "prod", "-v", "--out", saved_arg],
    ] {
        let (code, out, err) = run(&key, args);
        assert_eq!(code, Some(0), "{out}\n{err}");
    }
    let plan = std::fs::read_to_string(&saved).unwrap();
    assert_clean("the saved plan", &plan, &secrets);
    std::fs::remove_file(&saved).ok();
    let (code, out, err) = run(&key, &["diff", "prod", "--out", saved_arg]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    let (code, out, err) = run(&key, &["apply", "prod", "--plan", saved_arg, "--yes", "-v"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    std::fs::remove_file(&saved).ok();
    for args in [
        &["diff", "prod", "--detailed-exitcode"][..],
        &["show", "prod"],
        &["history", "prod"],
    ] {
        let (code, out, err) = run(&key, args);
        assert_eq!(code, Some(0), "{args:?}\n{out}\n{err}");
    }
    let git = git2::Repository::open(dir.path()).unwrap();
    let mut tags = 0;
    git.tag_foreach(|id, _| {
        let tag = git.find_tag(id).unwrap();
        let message = String::from_utf8_lossy(tag.message_bytes().unwrap_or_default());
        assert_clean("a tag", &message, &secrets);
        tags += 1;
        true
    })
    .unwrap();
    assert!(tags >= 1, "the apply was tagged");
    // What heroku-sim holds proves the secrets did reach Heroku.
    let sim = running.shared.sim.lock().unwrap();
    let stages = &sim.state.tables.stage_vars;
    assert!(
        stages
            .iter()
            .any(|s| s.vars.get("API_TOKEN").map(String::as_str) == Some(STAGE_TOKEN))
    );
}
