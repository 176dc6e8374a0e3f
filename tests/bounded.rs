//! Input that would take the machine's memory or time is refused with a clear
//! error: configuration files that are devices or too large, for every
//! command that reads them.

mod common;

use std::time::Duration;

use common::heroin;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `validate`, `show` and `diff` on `dir`, each within a few seconds: none
/// may hang or take gigabytes on what it reads.
fn every_command(dir: &std::path::Path) -> Vec<(&'static str, std::process::Output)> {
    [
        ("validate", vec!["validate"]),
        ("show", vec!["show", "staging"]),
        ("diff", vec!["diff", "staging"]),
    ]
    .into_iter()
    .map(|(name, args)| {
        let out = heroin()
            .current_dir(dir)
            .args(&args)
            // Nothing may be reached: the files are refused first.
            .env("HEROKU_API_KEY", "t")
            .env("HEROKU_HOST", "http://127.0.0.1:9")
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        (name, out)
    })
    .collect()
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_device_is_refused() {
    for device in ["/dev/zero", "/dev/urandom"] {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(device, dir.path().join("heroin.toml")).unwrap();
        std::fs::write(dir.path().join("heroin.staging.toml"), "").unwrap();
        for (command, out) in every_command(dir.path()) {
            let text = format!("{}{}", stdout(&out), stderr(&out));
            assert_eq!(out.status.code(), Some(1), "{command} on {device}: {text}");
            assert!(
                text.contains("heroin.toml is not a regular file"),
                "{command} on {device}: {text}"
            );
        }
    }
}

#[test]
fn a_file_over_the_bound_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // A comment line repeated past 8 MiB: valid TOML, far too large.
    let line = format!("# {}\n", "x".repeat(1022));
    std::fs::write(dir.path().join("heroin.toml"), line.repeat(8 * 1024 + 1)).unwrap();
    std::fs::write(dir.path().join("heroin.staging.toml"), "").unwrap();
    for (command, out) in every_command(dir.path()) {
        let text = format!("{}{}", stdout(&out), stderr(&out));
        assert_eq!(out.status.code(), Some(1), "{command}: {text}");
        assert!(
            text.contains("heroin.toml is larger than 8388608 bytes"),
            "{command}: {text}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_regular_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("real.toml"),
        "[apps.web]\nname = \"web-app\"\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path().join("real.toml"), dir.path().join("heroin.toml"))
        .unwrap();
    std::fs::write(dir.path().join("heroin.staging.toml"), "").unwrap();
    let out = heroin()
        .current_dir(dir.path())
        .arg("validate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn config_vars_over_herokus_limit_are_refused_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("heroin.toml"),
        "[apps.web]\nname = \"web-app\"\n[apps.web.config_vars]\nBLOB = \"${BLOB}\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("heroin.staging.toml"), "").unwrap();
    let secret = "s".repeat(40_000);
    let out = heroin()
        .current_dir(dir.path())
        .args(["diff", "staging"])
        .env("BLOB", &secret)
        .env("HEROKU_API_KEY", "t")
        // Closed: a request would be a connection error, not this message.
        .env("HEROKU_HOST", "http://127.0.0.1:9")
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("the config vars of apps.web hold 40004 bytes"),
        "{text}"
    );
    assert!(
        !text.contains(&secret[..100]),
        "the value is printed: {text}"
    );
}
