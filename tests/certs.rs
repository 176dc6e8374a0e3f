//! Certificates (SNI endpoints) end to end against heroku-sim, with
//! certificates generated here (rcgen): from files and from variables,
//! shown by subject, expiry and fingerprint, the private key never in any
//! output; domains pointed at their endpoint; a renewal is an update in
//! place; apply converges; export writes placeholders that plan no change;
//! heroku-sim refuses a key that is not the certificate's.

mod common;
use common::{repo, sim};

use heroku_sim::core::Options;
use heroku_sim::server::Running;
use serde_json::json;
use sim::{client, sim};

/// A self-signed certificate for `names` and its key, as PEM.
fn cert(names: &[&str]) -> (String, String) {
    let key = rcgen::KeyPair::generate().unwrap();
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let mut params = rcgen::CertificateParams::new(names.clone()).unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, names[0].clone());
    let cert = params.self_signed(&key).unwrap();
    (cert.pem(), key.serialize_pem())
}

/// The base64 lines of a PEM key: what must never be printed.
fn key_lines(key: &str) -> Vec<String> {
    key.lines()
        .filter(|l| !l.starts_with("-----") && l.len() > 20)
        .map(str::to_string)
        .collect()
}

const FILES: &str = r#"[apps.web]
name = "crt-web-${HEROIN_ENV}"
domains = ["www.example.com", "api.example.com"]

[apps.web.sni_endpoints.www]
certificate_chain = { file = "certs/www.pem" }
private_key = { file = "certs/www.key" }
domains = ["www.example.com"]

[apps.web.sni_endpoints.api]
certificate_chain = "${API_CHAIN}"
private_key = "${API_KEY}"
domains = ["api.example.com"]
"#;

fn seed(running: &Running) {
    let c = client(running, "sim-token");
    c.write("POST", "/apps", &json!({"name": "crt-web-prod"}))
        .unwrap();
}

fn assert_no_key(what: &str, text: &str, keys: &[&str]) {
    for key in keys {
        for line in key_lines(key) {
            assert!(!text.contains(&line), "{what} shows a private key:\n{text}");
        }
    }
}

#[test]
fn certificates_converge_renew_in_place_and_never_show_a_key() {
    let running = sim(Options::default());
    seed(&running);
    let (www, www_key) = cert(&["www.example.com"]);
    let (api, api_key) = cert(&["api.example.com"]);
    let dir = repo::repo_of(&[
        ("heroin.toml", FILES),
        ("heroin.prod.toml", ""),
        ("certs/www.pem", &www),
        ("certs/www.key", &www_key),
    ]);
    let vars = [("API_CHAIN", api.as_str()), ("API_KEY", api_key.as_str())];
    let run = |args: &[&str]| repo::run_with(&running, dir.path(), &vars, args);
    let keys = [www_key.as_str(), api_key.as_str()];
    let (code, out, err) = run(&["diff", "prod", "--color", "never"]);
    assert_eq!(code, Some(0), "{err}");
    assert_no_key("the plan", &format!("{out}{err}"), &keys);
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"SHA-256 [0-9A-F:]{95}", "SHA-256 [fingerprint]");
    settings.bind(|| {
        insta::assert_snapshot!(out, @r#"
        heroin plans these changes to prod:

          # apps.web (crt-web-prod)
          + domains.api.example.com: "api.example.com"
          + domains.www.example.com: "www.example.com"
          + sni_endpoints.api: "CN=api.example.com, expires 4096-01-01 00:00 UTC, SHA-256 [fingerprint]; used by api.example.com"
          + sni_endpoints.www: "CN=www.example.com, expires 4096-01-01 00:00 UTC, SHA-256 [fingerprint]; used by www.example.com"

        Plan: 4 to add, 0 to change, 0 to destroy.
        "#);
    });
    // `show` names the certificate and masks the key, even with --show-secrets.
    let (code, out, err) = run(&["show", "prod", "--show-secrets"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("\"CN=www.example.com, expires 4096-01-01 00:00 UTC, SHA-256 "),
        "{out}"
    );
    assert!(out.contains("private_key = (sensitive)"), "{out}");
    assert_no_key("show", &format!("{out}{err}"), &keys);
    for args in [
        &["diff", "prod", "--json"][..],
        &["diff", "prod", "--format", "markdown"][..],
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, Some(0), "{err}");
        assert_no_key("a plan", &format!("{out}{err}"), &keys);
    }
    let (code, out, err) = run(&["-v", "apply", "prod", "--yes"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert_no_key("apply -v", &format!("{out}{err}"), &keys);
    {
        let sim = running.shared.sim.lock().unwrap();
        assert_eq!(sim.state.sni_endpoints.len(), 2);
        let www_ep = sim
            .state
            .sni_endpoints
            .iter()
            .find(|e| e.chain == www)
            .unwrap();
        let domain = sim
            .state
            .domains
            .iter()
            .find(|d| d.hostname == "www.example.com")
            .unwrap();
        assert_eq!(domain.sni_endpoint.as_deref(), Some(www_ep.name.as_str()));
    }
    let (code, out, err) = run(&["diff", "prod", "--detailed-exitcode"]);
    assert_eq!(code, Some(0), "{out}\n{err}");

    // A renewal: a new certificate and key for the same name.
    let (www2, www2_key) = cert(&["www.example.com"]);
    std::fs::write(dir.path().join("certs/www.pem"), &www2).unwrap();
    std::fs::write(dir.path().join("certs/www.key"), &www2_key).unwrap();
    repo::commit(dir.path(), "renew www");
    let keys = [www_key.as_str(), api_key.as_str(), www2_key.as_str()];
    let (code, out, err) = run(&["diff", "prod", "--color", "never"]);
    assert_eq!(code, Some(0), "{err}");
    assert_no_key("the renewal plan", &format!("{out}{err}"), &keys);
    assert!(out.contains("~ sni_endpoints.www:"), "{out}");
    assert!(
        out.contains("a new certificate for the same names: endpoint"),
        "{out}"
    );
    assert!(
        out.contains("Plan: 0 to add, 1 to change, 0 to destroy."),
        "{out}"
    );
    let (code, out, err) = run(&["apply", "prod", "--yes"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    {
        let sim = running.shared.sim.lock().unwrap();
        assert_eq!(sim.state.sni_endpoints.len(), 2, "updated in place");
        assert!(sim.state.sni_endpoints.iter().any(|e| e.chain == www2));
    }
    let (code, out, err) = run(&["diff", "prod", "--detailed-exitcode"]);
    assert_eq!(code, Some(0), "{out}\n{err}");
    let git = git2::Repository::open(dir.path()).unwrap();
    for n in [1, 2] {
        let tag = git
            .find_reference(&format!("refs/tags/heroin/prod/{n}"))
            .unwrap()
            .peel_to_tag()
            .unwrap();
        assert_no_key("a tag", tag.message().unwrap().unwrap(), &keys);
    }

    // Export: the chain and the key as placeholders; set, they plan nothing.
    let (code, out, err) = run(&["export", "crt-web-prod", "--key", "web"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("private_key = \"${SNI_1_PRIVATE_KEY}\""),
        "{out}"
    );
    assert_no_key("export", &format!("{out}{err}"), &keys);
    let exported = repo::repo_of(&[("heroin.toml", &out), ("heroin.prod.toml", "")]);
    let sim_state = running.shared.sim.lock().unwrap().state.clone();
    let mut ends: Vec<_> = sim_state.sni_endpoints.clone();
    ends.sort_by(|a, b| a.name.cmp(&b.name));
    let (first, second) = (&ends[0], &ends[1]);
    let key_of = |chain: &str| {
        if chain == www2 {
            www2_key.clone()
        } else {
            api_key.clone()
        }
    };
    let export_vars = [
        ("SNI_1_CERTIFICATE_CHAIN", first.chain.clone()),
        ("SNI_1_PRIVATE_KEY", key_of(&first.chain)),
        ("SNI_2_CERTIFICATE_CHAIN", second.chain.clone()),
        ("SNI_2_PRIVATE_KEY", key_of(&second.chain)),
    ];
    let export_vars: Vec<(&str, &str)> =
        export_vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (code, out, err) = repo::run_with(
        &running,
        exported.path(),
        &export_vars,
        &["diff", "prod", "--detailed-exitcode"],
    );
    assert_eq!(code, Some(0), "{out}\n{err}");
}

#[test]
fn bad_certificates_are_errors_at_their_place_and_heroku_refuses_a_foreign_key() {
    let running = sim(Options::default());
    seed(&running);
    let (www, www_key) = cert(&["www.example.com"]);
    let (_, other_key) = cert(&["www.example.com"]);
    let files = r#"[apps.web]
name = "crt-web-prod"
[apps.web.sni_endpoints.www]
certificate_chain = { file = "certs/www.key" }
private_key = { file = "../outside.key" }
domains = ["shop.example.com"]
[apps.web.sni_endpoints.api]
certificate_chain = { file = "certs/missing.pem" }
private_key = { file = "certs/www.key" }
"#;
    let dir = repo::repo_of(&[
        ("heroin.toml", files),
        ("heroin.prod.toml", ""),
        ("certs/www.key", &www_key),
    ]);
    let (code, out, err) = repo::run_with(&running, dir.path(), &[], &["validate"]);
    let all = format!("{out}{err}");
    assert_eq!(code, Some(1), "{all}");
    assert!(all.contains("apps.web.sni_endpoints.www.certificate_chain: the certificate chain starts with a `PRIVATE KEY` block, not a `CERTIFICATE`"), "{all}");
    assert!(
        all.contains("must be a path inside the configuration directory"),
        "{all}"
    );
    assert!(all.contains("cannot read certs/missing.pem"), "{all}");
    assert_no_key("validate", &all, &[www_key.as_str()]);
    // diff refuses the same, before reading Heroku.
    let (code, out, err) = repo::run_with(&running, dir.path(), &[], &["diff", "prod"]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert_no_key("diff", &format!("{out}{err}"), &[www_key.as_str()]);

    let c = client(&running, "sim-token");
    let refused = c
        .write(
            "POST",
            "/apps/crt-web-prod/sni-endpoints",
            &json!({"certificate_chain": www, "private_key": other_key}),
        )
        .unwrap_err();
    assert_eq!(refused.status(), Some(422));
    assert!(refused.to_string().contains("does not match"), "{refused}");
    assert_no_key("the refusal", &refused.to_string(), &[other_key.as_str()]);
    let malformed = c
        .write(
            "POST",
            "/apps/crt-web-prod/sni-endpoints",
            &json!({"certificate_chain": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "private_key": www_key}),
        )
        .unwrap_err();
    assert_eq!(malformed.status(), Some(422));
}
