//! heroin against a hostile or broken server (a tiny hand-written one on
//! 127.0.0.1): answers of the wrong shape and bodies that do not parse are
//! errors naming the request, never a plan; redirects are not followed.

mod common;
use common::hostile;

use common::heroin;
use hostile::{Hostile, Reply, Seen, config_dir, normal, serve};

/// `heroin diff test` against `server`: exit code, stdout, stderr.
fn diff(server: &Hostile) -> (Option<i32>, String, String) {
    let dir = config_dir();
    let out = heroin()
        .env("HEROKU_HOST", &server.url)
        .env("HEROKU_API_KEY", "the-token")
        .arg("-C")
        .arg(dir.path())
        .args(["diff", "test"])
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn path(seen: &Seen) -> &str {
    let p = seen.line.split(' ').nth(1).unwrap_or("");
    p.split('?').next().unwrap_or(p)
}

#[test]
fn answers_of_the_wrong_shape_are_errors_naming_the_request() {
    for (bad_path, body, said) in [
        (
            "/apps",
            r#"[1, null, "x"]"#,
            "GET /apps: the response is not what Heroku sends: item 1 of the list is a number, not an object",
        ),
        (
            "/apps",
            r#"[{"id": "x", "name": 7, "region": {"name": "us"}, "build_stack": {"name": "heroku-24"}}]"#,
            "GET /apps: the response is not what Heroku sends: item 1: `name` is a number, not a string",
        ),
        (
            "/apps",
            r#"[{"name": "hostile-web", "region": {"name": "us"}, "build_stack": {"name": "heroku-24"}}]"#,
            "GET /apps: the response is not what Heroku sends: item 1: `id` is null, not a string",
        ),
        (
            "/apps",
            r#"{"apps": []}"#,
            "GET /apps: the response is not what Heroku sends: a list was expected, not an object",
        ),
        (
            "/apps/hostile-web/config-vars",
            r#"{"A": 1}"#,
            "GET /apps/hostile-web/config-vars: the response is not what Heroku sends: config var `A` is a number, not a string",
        ),
        (
            "/apps/hostile-web/config-vars",
            r#"["A"]"#,
            "GET /apps/hostile-web/config-vars: the response is not what Heroku sends: an object of config vars was expected, not a list",
        ),
        (
            "/apps/hostile-web/formation",
            r#"[{"quantity": 1, "size": "basic"}]"#,
            "GET /apps/hostile-web/formation: the response is not what Heroku sends: item 1: `type` is null, not a string",
        ),
        (
            "/addon-attachments",
            r#"[{"app": {"id": 3}}]"#,
            "GET /addon-attachments: the response is not what Heroku sends: item 1: `app.id` is a number, not a string",
        ),
    ] {
        let server = serve(move |seen| {
            if path(seen) == bad_path {
                Reply::Json(body.into())
            } else {
                normal(path(seen))
            }
        });
        let (code, out, err) = diff(&server);
        assert_eq!(code, Some(1), "{body}: {out}{err}");
        assert!(err.contains(said), "{body}: {err}");
        assert!(
            !out.contains("Plan:") && !out.contains("+ app"),
            "{body}: {out}"
        );
    }
}

#[test]
fn a_body_that_does_not_parse_is_an_error_at_once() {
    let server = serve(|seen| match path(seen) {
        "/apps" => Reply::Json("[{\"id\": ".into()),
        p => normal(p),
    });
    let (code, out, err) = diff(&server);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        err.contains("error: GET /apps: the response is not valid JSON: "),
        "{err}"
    );
    let asked = server
        .lines()
        .iter()
        .filter(|l| l.starts_with("GET /apps"))
        .count();
    assert_eq!(asked, 1, "not retried: {:?}", server.lines());
}

#[test]
fn redirects_are_not_followed() {
    let elsewhere = serve(|seen| normal(path(seen)));
    let target = elsewhere.url.clone();
    for location in [
        format!("{target}/apps"),
        "https://api.heroku.com/apps".into(),
    ] {
        let server = serve(move |_| {
            Reply::Answer(302, vec![format!("Location: {location}")], String::new())
        });
        let (code, out, err) = diff(&server);
        assert_eq!(code, Some(1), "{out}{err}");
        assert!(
            err.contains("GET /apps: 302 redirect: not followed"),
            "{err}"
        );
    }
    let seen = elsewhere.seen.lock().unwrap();
    assert!(seen.is_empty(), "the other port got {seen:?}");
    assert!(seen.iter().all(|s| {
        s.headers
            .iter()
            .all(|h| !h.to_ascii_lowercase().starts_with("authorization"))
    }));
}

/// What in `text` could drive a terminal: ESC, BEL, a C1 control, a bidi
/// override or isolate.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| {
            matches!(c, '\u{7}' | '\u{1b}' | '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

const EVIL: &str = "EVIL\u{1b}[2J\u{9b}31m\u{202e}txt.exe";

#[test]
fn terminal_controls_from_a_server_are_escaped() {
    // A config var whose name holds controls: it appears in the plan.
    let server = serve(|seen| match path(seen) {
        "/apps/hostile-web/config-vars" => {
            Reply::Json(serde_json::json!({ EVIL: "v\u{202e}\u{1b}[31m", "A": "1" }).to_string())
        }
        p => normal(p),
    });
    let (code, out, err) = diff(&server);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.contains("config_vars.EVIL\\u{1b}[2J\\u{9b}31m\\u{202e}txt.exe"),
        "{out}"
    );
    assert_eq!(raw_controls(&out), Vec::<char>::new(), "{out}");
    assert_eq!(raw_controls(&err), Vec::<char>::new(), "{err}");

    // An error whose id and message hold them.
    let server = serve(|_| {
        let body = serde_json::json!({
            "id": "forbidden\u{1b}[31m\u{9b}",
            "message": "no \u{202e}gnp.exe \u{1b}]0;pwned\u{7}",
        });
        Reply::Answer(403, vec![], body.to_string())
    });
    let (code, out, err) = diff(&server);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        err.contains(
            "GET /apps: 403 forbidden\\u{1b}[31m\\u{9b}: no \\u{202e}gnp.exe \\u{1b}]0;pwned\\u{7}"
        ),
        "{err}"
    );
    assert_eq!(raw_controls(&err), Vec::<char>::new(), "{err}");
}

#[test]
fn terminal_controls_from_the_files_are_escaped_in_messages() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("heroin.toml"),
        "[apps.web]\nname = \"web\\u202e\\u001b[2J\"\nregion = \"eu\\u009b\\u202e\"\n",
    )
    .unwrap();
    let out = heroin()
        .arg("-C")
        .arg(dir.path())
        .arg("validate")
        .output()
        .unwrap();
    // validate reports on stdout.
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("`web\\u{202e}\\u{1b}[2J` is not a valid"),
        "{said}"
    );
    assert_eq!(raw_controls(&said), Vec::<char>::new(), "{said}");
}
