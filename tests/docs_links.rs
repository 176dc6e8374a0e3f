//! Hints link to the section of docs/ that explains the fix: every link a
//! hint carries names a heading that exists (GitHub's anchors), the problems
//! of the invalid fixtures link to their fields, and heroin's own errors (no
//! token, no heroin.toml, an unknown environment, plain HTTP) to
//! docs/errors.md.

mod common;

use std::collections::BTreeSet;

use common::{dirs, fixture, heroin, root};

/// The anchors of a Markdown file's headings (outside code blocks).
fn anchors(file: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut fenced = false;
    let mut out = BTreeSet::new();
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            out.insert(heroin::docs::anchor(line.trim_start_matches('#').trim()));
        }
    }
    out
}

/// Every `docs/FILE.md#anchor` in `text`.
fn links(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("docs/") {
        let tail = &rest[i..];
        let end = tail
            .find(|c: char| c.is_whitespace() || c == ')')
            .unwrap_or(tail.len());
        let link = &tail[..end];
        if let Some((file, anchor)) = link.split_once('#') {
            out.push((file.to_string(), anchor.to_string()));
        }
        rest = &tail[end..];
    }
    out
}

fn check(text: &str) -> usize {
    let found = links(text);
    for (file, anchor) in &found {
        assert!(
            anchors(file).contains(anchor),
            "{file} has no section #{anchor}:\n{text}"
        );
    }
    found.len()
}

#[test]
fn the_problems_of_the_files_link_to_their_fields() {
    let mut linked = 0;
    for group in ["syntax", "schema", "semantic"] {
        for dir in dirs(&format!("invalid/{group}")) {
            let out = heroin().current_dir(&dir).arg("validate").output().unwrap();
            linked += check(&String::from_utf8_lossy(&out.stdout));
        }
    }
    assert!(linked > 20, "only {linked} links");
}

#[test]
fn a_missing_variable_links_to_interpolation() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("heroin.toml"),
        "[apps.web]\nname = \"a-web\"\n[apps.web.config_vars]\nKEY = \"${KEY}\"\n",
    )
    .unwrap();
    std::fs::write(tmp.path().join("heroin.prod.toml"), "").unwrap();
    let out = heroin()
        .arg("-C")
        .arg(tmp.path())
        .args(["show", "prod"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("(see docs/configuration.md#interpolation)"),
        "{err}"
    );
    check(&err);
}

#[test]
fn heroin_s_own_errors_link_to_docs_errors_md() {
    let example = fixture("examples/rack-app");
    // (arguments, environment, the link the hint must carry)
    type Case<'a> = (Vec<String>, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        (
            vec!["diff".into(), "staging".into()],
            vec![
                ("HEROKU_HOST", "http://127.0.0.1:9"),
                ("HOME", "/nonexistent"),
                ("PAYMENTS_API_KEY", "k"),
            ],
            "docs/errors.md#no-api-token",
        ),
        (
            vec!["diff".into(), "staging".into()],
            vec![
                ("HEROKU_HOST", "http://api.example.com"),
                ("HEROKU_API_KEY", "t"),
                ("PAYMENTS_API_KEY", "k"),
            ],
            "docs/errors.md#plain-http-is-refused",
        ),
        (
            vec!["diff".into(), "staging".into()],
            vec![
                ("HEROKU_HOST", "http://127.0.0.1:9"),
                ("HEROKU_API_KEY", "t"),
                ("PAYMENTS_API_KEY", "k"),
            ],
            "docs/errors.md#heroku-cannot-be-reached",
        ),
        (
            vec!["diff".into(), "stagign".into()],
            vec![],
            "docs/errors.md#unknown-environment",
        ),
    ];
    for (args, env, link) in cases {
        let out = heroin()
            .arg("-C")
            .arg(&example)
            .args(&args)
            .envs(env)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(link), "{args:?}: {err}");
        check(&err);
    }
    let empty = tempfile::tempdir().unwrap();
    let out = heroin()
        .arg("-C")
        .arg(empty.path())
        .arg("envs")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("docs/errors.md#no-herointoml-here"), "{err}");
    check(&err);
}
