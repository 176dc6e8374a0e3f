//! `heroin validate` on every fixture, as a user or pre-commit runs it.

mod common;

use common::{dirs, fixture, heroin, name};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn every_example_and_valid_fixture_validates() {
    for dir in dirs("examples").into_iter().chain(dirs("valid")) {
        let out = heroin()
            .arg("-C")
            .arg(&dir)
            .arg("validate")
            .output()
            .unwrap();
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(0), "{}:\n{text}", name(&dir));
        assert!(text.starts_with("ok: "), "{}:\n{text}", name(&dir));
    }
}

#[test]
fn every_invalid_fixture_prints_exactly_its_expected_errors() {
    for group in ["syntax", "schema", "semantic"] {
        for dir in dirs(&format!("invalid/{group}")) {
            let expected = std::fs::read_to_string(dir.join("expected.txt"))
                .unwrap_or_else(|_| panic!("{} has no expected.txt", name(&dir)));
            let out = heroin().current_dir(&dir).arg("validate").output().unwrap();
            assert_eq!(stdout(&out), expected, "{}", name(&dir));
            assert_eq!(out.status.code(), Some(1), "{}", name(&dir));
            assert!(
                out.stderr.is_empty(),
                "{}: {}",
                name(&dir),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

/// `file:line:col: error: ` (or `warning: `) with a numeric line and column.
fn names_a_place(line: &str) -> bool {
    let Some((place, _)) = line
        .split_once(": error: ")
        .or_else(|| line.split_once(": warning: "))
    else {
        return false;
    };
    let mut parts = place.rsplitn(3, ':');
    let (col, line_no, file) = (parts.next(), parts.next(), parts.next());
    let number =
        |s: Option<&str>| s.is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()));
    number(col) && number(line_no) && file.is_some_and(|f| f.starts_with("heroin."))
}

#[test]
fn every_error_names_file_line_and_column() {
    let mut seen = 0;
    for group in ["syntax", "schema", "semantic"] {
        for dir in dirs(&format!("invalid/{group}")) {
            let out = heroin().current_dir(&dir).arg("validate").output().unwrap();
            let text = stdout(&out);
            let lines: Vec<&str> = text.lines().collect();
            // Every line but the hints and the closing summary is an error
            // (or a warning).
            for line in &lines[..lines.len() - 1] {
                if line.starts_with("  hint: ") {
                    continue;
                }
                assert!(names_a_place(line), "{}: {line}", name(&dir));
                seen += 1;
            }
        }
    }
    assert!(seen > 50, "only {seen} errors seen");
}

#[test]
fn validate_reads_no_environment_variable_and_needs_no_token() {
    // The examples use ${...} secrets; validate must pass without any of them.
    let out = heroin()
        .arg("-C")
        .arg(fixture("valid/interpolation"))
        .arg("validate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // A variable set in the environment changes nothing offline.
    let with_var = heroin()
        .env("API_TOKEN", "$5 is not valid syntax but must not be read")
        .arg("-C")
        .arg(fixture("valid/interpolation"))
        .arg("validate")
        .output()
        .unwrap();
    assert_eq!(stdout(&with_var), stdout(&out));
}

#[test]
fn files_select_the_environments_they_take_part_in() {
    let root = fixture("examples");
    let run = |files: &[&str]| {
        let out = heroin()
            .current_dir(&root)
            .arg("validate")
            .args(files)
            .output()
            .unwrap();
        (out.status.code(), stdout(&out))
    };
    let (code, text) = run(&["rack-app/heroin.staging.toml"]);
    assert_eq!(code, Some(0));
    assert!(
        text.contains("1 environment (rack-app: staging), 2 files"),
        "{text}"
    );

    let (code, text) = run(&["rack-app/heroin.toml"]);
    assert_eq!(code, Some(0));
    assert!(
        text.contains("2 environments (rack-app: prod, staging), 3 files"),
        "{text}"
    );

    let (code, text) = run(&["irc-bot/heroin.prod.yaml", "rack-app/heroin.prod.toml"]);
    assert_eq!(code, Some(0));
    assert!(text.contains("(irc-bot: prod; rack-app: prod)"), "{text}");

    let (code, text) = run(&["irc-bot/README.md"]);
    assert_eq!(code, Some(1));
    assert!(
        text.contains("irc-bot/README.md:1:1: error: is not a heroin file"),
        "{text}"
    );

    let (code, text) = run(&["rack-app/heroin.missing.toml"]);
    assert_eq!(code, Some(1));
    assert!(text.contains("no such file"), "{text}");
}

#[test]
fn file_arguments_are_relative_to_the_configuration_directory() {
    let out = heroin()
        .arg("-C")
        .arg(fixture("examples/rack-app"))
        .args(["validate", "heroin.prod.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("1 environment"), "{}", stdout(&out));
}

#[test]
fn an_overlay_without_a_base_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("heroin.prod.toml"), "").unwrap();
    let out = heroin()
        .current_dir(dir.path())
        .args(["validate", "heroin.prod.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("no heroin.toml"), "{}", stdout(&out));
}

#[test]
fn json_output_lists_every_problem() {
    let dir = fixture("invalid/semantic/addons");
    let out = heroin()
        .current_dir(&dir)
        .args(["validate", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], false);
    let problems = report["problems"].as_array().unwrap();
    let text = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let errors = text.lines().filter(|l| l.contains(": error: ")).count();
    assert_eq!(problems.len(), errors);
    let first = &problems[0];
    assert_eq!(first["file"], "heroin.toml");
    assert_eq!(first["line"], 4);
    assert_eq!(first["column"], 1);
    assert_eq!(first["path"], "apps.web.config_vars.DATABASE_URL");
    assert!(first["hint"].as_str().unwrap().contains("attachment"));

    let ok = heroin()
        .arg("-C")
        .arg(fixture("examples/irc-bot"))
        .args(["validate", "--json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(report["environments"].as_array().unwrap().len(), 2);
}

#[test]
fn a_terminal_gets_source_snippets() {
    let dir = fixture("invalid/semantic/formation");
    let bin = assert_cmd::cargo::cargo_bin("heroin");
    let cmd = format!(
        "{} -C {} validate --color never",
        bin.display(),
        dir.display()
    );
    let mut session = rexpect::spawn(&cmd, Some(10_000)).unwrap();
    session.exp_string("formation/heroin.toml:4:30").unwrap();
    session
        .exp_string("web = { quantity = 1, size = \"standard-3x\" }")
        .unwrap();
    session.exp_string("^^^^^^^^^^^^^").unwrap();
    session
        .exp_string("help: did you mean `standard-2x`?")
        .unwrap();
    session.exp_eof().unwrap();
}
