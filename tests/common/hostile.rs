//! A tiny hand-written HTTP server on 127.0.0.1 that answers as a hostile
//! or broken API would: canned answers of the wrong shape, redirects, bytes
//! that never come. It records every request (line and headers), so tests
//! can check what reached it.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as it arrived: `GET /apps`, and its header lines.
#[derive(Clone, Debug)]
pub struct Seen {
    /// `METHOD path`.
    pub line: String,
    /// The header lines, as sent.
    pub headers: Vec<String>,
}

/// How to answer a request.
pub enum Reply {
    /// A status, extra header lines, and a body.
    Answer(u16, Vec<String>, String),
    /// JSON with status 200 (a list or an object).
    Json(String),
    /// Accept, read the request, never answer (the connection stays open).
    Stall,
    /// Answer one byte of a status line a second, forever.
    Trickle,
}

/// A running server: its URL and what it was asked.
pub struct Hostile {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// Every request, in order.
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Hostile {
    /// The `METHOD path` of every request so far.
    pub fn lines(&self) -> Vec<String> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .map(|s| s.line.clone())
            .collect()
    }
}

/// Serves `reply` for every request, each connection on its own thread.
pub fn serve(reply: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Hostile {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let reply = Arc::new(reply);
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (reply, log) = (reply.clone(), log.clone());
            std::thread::spawn(move || {
                let _ = handle(stream, &*reply, &log);
            });
        }
    });
    Hostile { url, seen }
}

fn handle(
    mut stream: TcpStream,
    reply: &(dyn Fn(&Seen) -> Reply + Send + Sync),
    log: &Mutex<Vec<Seen>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut first = String::new();
    reader.read_line(&mut first)?;
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        headers.push(h.trim_end().to_string());
    }
    let mut parts = first.split_whitespace();
    let line = format!(
        "{} {}",
        parts.next().unwrap_or(""),
        parts.next().unwrap_or("")
    );
    let seen = Seen { line, headers };
    log.lock().unwrap().push(seen.clone());
    match reply(&seen) {
        Reply::Json(body) => answer(&mut stream, 200, &[], &body),
        Reply::Answer(status, extra, body) => answer(&mut stream, status, &extra, &body),
        Reply::Stall => {
            // Hold the connection open longer than any test runs.
            std::thread::sleep(Duration::from_secs(120));
            Ok(())
        }
        Reply::Trickle => {
            for b in b"HTTP/1.1 200 OK\r\nX-Slow: "
                .iter()
                .chain(std::iter::repeat(&b'a'))
            {
                stream.write_all(&[*b])?;
                std::thread::sleep(Duration::from_millis(1000));
            }
            Ok(())
        }
    }
}

fn answer(
    stream: &mut TcpStream,
    status: u16,
    extra: &[String],
    body: &str,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for h in extra {
        head.push_str(h);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    stream.flush()
}

/// A configuration directory with one app, `hostile-web`, that manages
/// config vars and formation, and an environment `test`.
pub fn config_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("heroin.toml"),
        "[apps.web]\nname = \"hostile-web\"\n\n[apps.web.config_vars]\nA = \"1\"\n\n[apps.web.formation]\nweb = { quantity = 1, size = \"basic\" }\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("heroin.test.toml"), "").unwrap();
    dir
}

/// The JSON of the app `hostile-web` as Heroku lists it.
pub const APP: &str = r#"{"id": "01234567-89ab-cdef-0123-456789abcdef", "name": "hostile-web", "region": {"name": "us"}, "build_stack": {"name": "heroku-24"}, "team": null, "maintenance": false, "acm": false}"#;

/// Answers of a well-behaved API for `hostile-web` (an empty app), for the
/// paths a test does not make hostile.
pub fn normal(path: &str) -> Reply {
    match path {
        "/apps" => Reply::Json(format!("[{APP}]")),
        "/apps/hostile-web/config-vars" => Reply::Json("{}".into()),
        _ => Reply::Json("[]".into()),
    }
}
