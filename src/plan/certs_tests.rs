//! Planning certificates on a hand-built `Live`, with certificates made
//! here: the same certificate is unchanged, a new one for the same names is
//! a renewal in place, another is created, what the files lack is removed,
//! and domains follow their endpoint. No key in the plan's debug output.

use std::collections::BTreeMap;

use super::certs::{CertStep, EndpointRef};
use crate::cert::parse_chain;
use crate::config::{Files, load_with_files};
use crate::live::certs::LiveSniEndpoint;
use crate::live::{Live, LiveApp};
use crate::plan::{Action, Step, plan};

fn cert(name: &str) -> (String, String) {
    let key = rcgen::KeyPair::generate().unwrap();
    let params = rcgen::CertificateParams::new(vec![name.to_string()]).unwrap();
    (params.self_signed(&key).unwrap().pem(), key.serialize_pem())
}

const FILES: &str = r#"[apps.web]
name = "web-prod"
[apps.web.sni_endpoints.www]
certificate_chain = { file = "www.pem" }
private_key = { file = "www.key" }
domains = ["www.example.com"]
[apps.web.sni_endpoints.api]
certificate_chain = { file = "api.pem" }
private_key = { file = "api.key" }
domains = ["api.example.com"]
"#;

fn planned(files: &Files, have: Vec<LiveSniEndpoint>) -> crate::plan::Plan {
    let env = crate::plan::test_support::prod_env(FILES);
    let config = load_with_files(&env, Some(&BTreeMap::new()), files)
        .0
        .unwrap();
    let app = LiveApp {
        name: "web-prod".into(),
        sni_endpoints: Some(have),
        ..LiveApp::default()
    };
    let live = Live {
        apps: [("web".to_string(), Some(app))].into(),
        ..Live::default()
    };
    plan(&config, &live)
}

#[test]
fn endpoints_match_by_certificate_renew_in_place_and_carry_their_domains() {
    let (www, www_key) = cert("www.example.com");
    let (www_old, _) = cert("www.example.com");
    let (api, api_key) = cert("api.example.com");
    let (gone, _) = cert("old.example.com");
    let files: Files = [
        ("www.pem", &www),
        ("www.key", &www_key),
        ("api.pem", &api),
        ("api.key", &api_key),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), Ok(v.clone())))
    .collect();
    let endpoint = |name: &str, chain: &str, domains: &[&str]| LiveSniEndpoint {
        name: name.into(),
        id: format!("id-{name}"),
        cert: parse_chain(chain).unwrap(),
        domains: domains.iter().map(|d| d.to_string()).collect(),
    };
    let p = planned(
        &files,
        vec![
            endpoint("tokyo-1", &www_old, &["www.example.com"]),
            endpoint("osaka-2", &gone, &["old.example.com"]),
        ],
    );
    let actions: Vec<(String, Action)> = p
        .changes
        .iter()
        .map(|c| (c.address.key.clone().unwrap(), c.action))
        .collect();
    assert_eq!(
        actions,
        [
            ("api".to_string(), Action::Create),
            ("osaka-2".to_string(), Action::Delete),
            ("www".to_string(), Action::Update),
        ]
    );
    let www_change = &p.changes[2];
    assert!(
        www_change
            .why
            .as_deref()
            .unwrap()
            .contains("updated in place")
    );
    let steps: Vec<&CertStep> = p
        .steps
        .iter()
        .filter_map(|s| match &s.step {
            Step::Cert(c) => Some(c),
            _ => None,
        })
        .collect();
    assert!(
        steps
            .iter()
            .any(|s| matches!(s, CertStep::Update { endpoint, .. } if endpoint == "tokyo-1"))
    );
    let api_fp = parse_chain(&api).unwrap().fingerprint;
    assert!(steps.iter().any(|s| matches!(s, CertStep::Use { hostname, endpoint: Some(EndpointRef::Created(fp)), .. } if hostname == "api.example.com" && *fp == api_fp)));
    assert!(
        matches!(steps.last(), Some(CertStep::Remove { endpoint, .. }) if endpoint == "osaka-2")
    );
    let debug = format!("{p:?}");
    for line in www_key
        .lines()
        .chain(api_key.lines())
        .filter(|l| !l.starts_with("-----"))
    {
        assert!(!debug.contains(line), "a key in the plan");
    }

    // Once applied, nothing changes.
    let p = planned(
        &files,
        vec![
            endpoint("tokyo-1", &www, &["www.example.com"]),
            endpoint("kyoto-3", &api, &["api.example.com"]),
        ],
    );
    assert!(
        p.changes.is_empty() && p.steps.is_empty(),
        "{:?}",
        p.changes
    );
}
