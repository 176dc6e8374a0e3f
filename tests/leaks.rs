//! The token and the secrets go nowhere they should not: every command and
//! every error path is run with a marker token and marker secrets, and every
//! output (stdout, stderr, a pseudo-terminal's screen), every file under the
//! temporary directory, every object in the repository's `.git` (tag
//! messages through `git cat-file` too) and the simulator's request log are
//! searched for them. The token appears nowhere (the simulator receives it in
//! the `Authorization` header, which its log does not hold: heroku-sim
//! accepts only this token, so every answered request proves it was sent;
//! its answers name the account after the token, so the log's answers are
//! not searched for it);
//! secrets appear only under `show --show-secrets`, and in the request
//! bodies that carry them to Heroku, never in a request's path or query.

mod common;
use common::sim;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use heroku_sim::core::Options;
use heroku_sim::server::Running;

const TOKEN: &str = "tok-MARKER-7f3a9";
/// A config var's value, then the value it changes to, then the drain's key.
const SECRETS: [&str; 3] = ["sec-MARKER-c41d", "sec-MARKER-9b0e", "sec-MARKER-d27a"];

const BASE: &str = r#"[apps.web]
name = "leak-web-${HEROIN_ENV}"
domains = ["www.leak.example"]
log_drains = ["https://user:${DRAIN_KEY}@logs.example.net/v1/heroku"]

[apps.web.config_vars]
API_KEY = "${API_KEY}"
PLAIN = "visible"

[apps.web.addons.database]
plan = "heroku-postgresql:essential-0"
"#;

/// Every output of the run, by what produced it.
#[derive(Default)]
struct Outputs {
    /// (what, text, whether secrets may appear in it)
    seen: Vec<(String, String, bool)>,
}

impl Outputs {
    fn add(&mut self, what: &str, text: String, secrets_allowed: bool) {
        self.seen.push((what.to_string(), text, secrets_allowed));
    }

    fn check(&self) {
        // The token as a Basic header carries it (`user:token` in base64):
        // past its first group, the encoding depends only on the length of
        // what comes before, modulo 3; one form for each.
        let encoded = [TOKEN, &format!(":{TOKEN}"), &format!("x:{TOKEN}")].map(base64);
        for (what, text, secrets_allowed) in &self.seen {
            assert!(!text.contains(TOKEN), "the token in {what}:\n{text}");
            for e in &encoded {
                assert!(
                    !text.contains(&e[4..e.len() - 4]),
                    "the token, in base64, in {what}:\n{text}"
                );
            }
            if !secrets_allowed {
                for s in SECRETS {
                    assert!(!text.contains(s), "secret {s} in {what}:\n{text}");
                }
            }
        }
    }
}

/// Standard base64 with padding.
fn base64(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn base64_is_the_standard_one() {
    assert_eq!(base64(":sim-token"), "OnNpbS10b2tlbg==");
    assert_eq!(base64("abc"), "YWJj");
}

/// One heroin process: the marker token, the marker secrets.
struct Run<'a> {
    url: &'a str,
    dir: &'a Path,
    vars: BTreeMap<&'static str, &'static str>,
}

impl Run<'_> {
    fn new<'a>(url: &'a str, dir: &'a Path) -> Run<'a> {
        let vars = [
            ("HEROKU_API_KEY", TOKEN),
            ("API_KEY", SECRETS[0]),
            ("DRAIN_KEY", SECRETS[2]),
        ]
        .into_iter()
        .collect();
        Run { url, dir, vars }
    }

    fn with(mut self, name: &'static str, value: &'static str) -> Self {
        self.vars.insert(name, value);
        self
    }

    fn without(mut self, name: &'static str) -> Self {
        self.vars.remove(name);
        self
    }

    /// Runs `args`, records stdout and stderr, returns the exit code.
    fn out(&self, outputs: &mut Outputs, args: &[&str], secrets_allowed: bool) -> Option<i32> {
        let out = common::heroin()
            .env("HEROKU_HOST", self.url)
            .envs(self.vars.iter().map(|(k, v)| (*k, *v)))
            .arg("-C")
            .arg(self.dir)
            .args(args)
            .output()
            .unwrap();
        let what = args.join(" ");
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        outputs.add(&format!("stdout of {what}"), stdout, secrets_allowed);
        outputs.add(&format!("stderr of {what}"), stderr, false);
        out.status.code()
    }

    /// Runs `args` and expects `code`.
    fn expect(&self, outputs: &mut Outputs, args: &[&str], code: i32) {
        let got = self.out(outputs, args, false);
        let (_, err, _) = outputs.seen.last().unwrap();
        assert_eq!(got, Some(code), "{args:?}:\n{err}");
    }
}

fn simulator(log: &Path, options: Options) -> Running {
    sim::sim_logging(
        Options {
            tokens: vec![TOKEN.into()],
            ..options
        },
        Some(log),
    )
}

/// A new simulator holding `from`'s state, with `options` and the marker token.
fn copy(from: &Running, options: Options) -> Running {
    sim::with_options(
        from,
        Options {
            tokens: vec![TOKEN.into()],
            ..options
        },
    )
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn repo(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("heroin.toml"), BASE).unwrap();
    std::fs::write(dir.join("heroin.test.toml"), "").unwrap();
    git(dir, &["init", "-q"]);
    git(dir, &["config", "user.name", "Dev"]);
    git(dir, &["config", "user.email", "dev@example.com"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "files"]);
}

/// Every file below `dir`, as bytes.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            found.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    found
}

/// What an interactive apply shows until the plan is declined.
fn declined_on_a_terminal(url: &str, dir: &Path) -> String {
    let bin = assert_cmd::cargo::cargo_bin("heroin");
    let cmd = format!(
        "env -i HEROKU_HOST={url} HEROKU_API_KEY={TOKEN} API_KEY={} DRAIN_KEY={} NO_COLOR=1 {} -C {} apply test",
        SECRETS[1],
        SECRETS[2],
        bin.display(),
        dir.display()
    );
    let mut p = rexpect::spawn(&cmd, Some(30_000)).unwrap();
    let mut screen = p.exp_string("Apply this plan to test?").unwrap();
    p.send("n\r").unwrap();
    p.flush().unwrap();
    screen.push_str(&p.exp_eof().unwrap());
    screen
}

#[test]
fn the_token_and_secrets_appear_nowhere_they_should_not() {
    let tmp = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    repo(&dir);
    let log = logs.path().join("requests.jsonl");
    let running = simulator(&log, Options::default());
    let mut o = Outputs::default();
    let run = || Run::new(&running.url, &dir);

    // Offline, then reading.
    run().expect(&mut o, &["validate"], 0);
    run().expect(&mut o, &["show", "test"], 0);
    assert_eq!(
        run().out(&mut o, &["show", "test", "--show-secrets"], true),
        Some(0)
    );
    let shown = &o.seen[o.seen.len() - 2].1;
    assert!(shown.contains(SECRETS[0]), "--show-secrets shows:\n{shown}");
    run().expect(&mut o, &["diff", "test"], 0);
    run().expect(&mut o, &["diff", "test", "--json"], 0);
    run().expect(&mut o, &["-v", "diff", "test"], 0);
    run().expect(&mut o, &["envs"], 0);
    run().expect(&mut o, &["schema"], 0);

    // Applied, tagged, then a secret changes: before and after are secrets.
    run().expect(&mut o, &["-v", "apply", "test", "--yes"], 0);
    let changed = || run().with("API_KEY", SECRETS[1]);
    changed().expect(&mut o, &["diff", "test", "--detailed-exitcode"], 2);
    changed().expect(&mut o, &["-v", "diff", "test", "--json"], 0);
    let screen = declined_on_a_terminal(&running.url, &dir);
    // The changed secret is on the screen, masked.
    assert!(
        screen.contains("API_KEY") && screen.contains("(sensitive)"),
        "{screen}"
    );
    o.add("a declined apply on a terminal", screen, false);
    // Failures: every request, and the answers of every write.
    let down = copy(
        &running,
        Options {
            fail_rate: 1.0,
            ..Options::default()
        },
    );
    Run::new(&down.url, &dir)
        .with("API_KEY", SECRETS[1])
        .expect(&mut o, &["-v", "apply", "test", "--yes"], 1);
    let lossy = copy(
        &running,
        Options {
            lose_write_rate: 1.0,
            ..Options::default()
        },
    );
    let lossy_code = Run::new(&lossy.url, &dir).with("API_KEY", SECRETS[1]).out(
        &mut o,
        &["-v", "apply", "test", "--yes"],
        false,
    );
    assert!(lossy_code.is_some(), "heroin ended by a signal");
    // A server repeating the request in its message.
    let echo = copy(
        &running,
        Options {
            echo_writes: true,
            ..Options::default()
        },
    );
    Run::new(&echo.url, &dir)
        .with("API_KEY", SECRETS[1])
        .expect(&mut o, &["-v", "apply", "test", "--yes"], 1);
    let (_, echoed, _) = o.seen.last().unwrap();
    assert!(echoed.contains("Bearer (sensitive)"), "{echoed}");
    changed().expect(&mut o, &["apply", "test", "--yes"], 0);
    run().expect(&mut o, &["history", "test"], 0);
    run().expect(&mut o, &["history", "test", "--json"], 0);
    run().expect(&mut o, &["export", "leak-web-test"], 0);
    run().expect(&mut o, &["export", "leak-web-test", "--format", "yaml"], 0);

    // Error paths: a refused token, no server, a broken file, a missing variable.
    let strangers = sim::sim(Options::default());
    Run::new(&strangers.url, &dir).expect(&mut o, &["-v", "diff", "test"], 1);
    Run::new(&strangers.url, &dir).expect(&mut o, &["apply", "test", "--yes"], 1);
    Run::new(&strangers.url, &dir).expect(&mut o, &["export", "leak-web-test"], 1);
    Run::new("http://127.0.0.1:9", &dir).expect(&mut o, &["-v", "diff", "test"], 1);
    let broken = tmp.path().join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(
        broken.join("heroin.toml"),
        BASE.replace("PLAIN = \"visible\"", "PLAIN = [\"visible\"\nWEB = {"),
    )
    .unwrap();
    std::fs::write(broken.join("heroin.test.toml"), "").unwrap();
    for args in [&["validate"][..], &["show", "test"], &["diff", "test"]] {
        Run::new(&running.url, &broken).expect(&mut o, args, 1);
    }
    run()
        .without("API_KEY")
        .expect(&mut o, &["diff", "test"], 1);
    run()
        .without("API_KEY")
        .expect(&mut o, &["show", "test"], 1);
    drop((down, lossy, echo, strangers));
    o.check();

    // Every file heroin may have written, and every git object.
    for (path, bytes) in files(tmp.path()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(TOKEN), "the token in {}", path.display());
        for s in SECRETS {
            assert!(!text.contains(s), "secret {s} in {}", path.display());
        }
    }
    let git_repo = git2::Repository::open(&dir).unwrap();
    let odb = git_repo.odb().unwrap();
    let mut objects = 0;
    odb.foreach(|id| {
        let object = odb.read(*id).unwrap();
        let text = String::from_utf8_lossy(object.data());
        assert!(!text.contains(TOKEN), "the token in git object {id}");
        for s in SECRETS {
            assert!(!text.contains(s), "secret {s} in git object {id}");
        }
        objects += 1;
        true
    })
    .unwrap();
    assert!(objects > 0);
    let tags: Vec<String> = git(&dir, &["tag", "--list", "heroin/*"])
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(tags, ["heroin/test/1", "heroin/test/2"]);
    for tag in &tags {
        let message = git(&dir, &["cat-file", "-p", tag]);
        assert!(message.contains("tag heroin/test/"), "{message}");
        let mut o = Outputs::default();
        o.add(&format!("tag {tag}"), message, false);
        o.check();
    }

    // What the simulator received: the token in no path, query or body, the
    // secrets only in the bodies that carry them.
    let mut sent_secrets = 0;
    for line in std::fs::read_to_string(&log).unwrap().lines() {
        let exchange: serde_json::Value = serde_json::from_str(line).unwrap();
        // Its answers may hold the token: the simulator names an account
        // after it (`TOKEN@example.com`).
        let mut o = Outputs::default();
        let request = exchange["request"].to_string();
        assert!(!request.contains(TOKEN), "the token sent in {line}");
        for field in ["path", "query"] {
            o.add(
                &format!("the {field} of {line}"),
                exchange[field].to_string(),
                false,
            );
        }
        o.check();
        if SECRETS.iter().any(|s| request.contains(s)) {
            sent_secrets += 1;
        }
    }
    assert!(
        sent_secrets >= 2,
        "the secrets reached Heroku in request bodies"
    );
}
