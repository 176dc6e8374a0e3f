//! The HTTP server around the core: axum on tokio, bound to 127.0.0.1 only.
//!
//! Every request takes the core's lock and is answered; with `--state FILE`,
//! a writer saves the state in the background (`persist`), started here and
//! stopped with the server. `--latency-ms` delays each response without
//! holding the lock, so concurrent requests still overlap.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response as HttpResponse;

use crate::protocol::Request;
use crate::state::State;

pub use crate::shared::Shared;

/// Reads a saved state, or a seed file written by hand that gives only
/// some of its keys (`{"teams": ["acme"]}`; the others start empty, ids
/// from `seed`). A missing file is `None`; an unreadable or corrupt one, or
/// one with a key a state does not have, is an error (never a silent reset).
pub fn load_state(path: &Path, seed: u64) -> Result<Option<State>, String> {
    match std::fs::read(path) {
        Ok(bytes) => crate::persist::decode(&bytes, seed).map(Some).map_err(|e| {
            format!(
                "the state file {} is not a heroku-sim state: {e}",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!(
            "cannot read the state file {}: {e}",
            path.display()
        )),
    }
}

/// Writes the state atomically: a temporary file beside it, then a rename.
pub fn save_state(path: &Path, state: &State) -> std::io::Result<()> {
    crate::persist::write_atomically(path, &crate::persist::encode(state)?)
}

/// Appends one exchange to the request log as a JSON line: method, path,
/// query, request body, status, response body.
fn log_exchange(
    log: &Mutex<std::fs::File>,
    req: &Request,
    response: &crate::protocol::Response,
    in_flight: usize,
) {
    use std::io::Write;
    let request: serde_json::Value =
        serde_json::from_slice(&req.body).unwrap_or(serde_json::Value::Null);
    let line = serde_json::json!({
        "method": req.method,
        "path": req.path,
        "query": req.query,
        "request": request,
        "status": response.status,
        "response": response.body,
        "expanded": req.get("accept-expansion").is_some(),
        "in_flight": in_flight,
        "rate_limit_remaining": response
            .header("RateLimit-Remaining")
            .and_then(|v| v.parse::<u64>().ok()),
    });
    let mut file = log.lock().unwrap_or_else(|e| e.into_inner());
    if let Err(e) = writeln!(file, "{line}") {
        eprintln!("heroku-sim: cannot write the request log: {e}");
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Answers one HTTP request.
pub async fn serve(
    shared: Arc<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> HttpResponse {
    use std::sync::atomic::Ordering;
    // Counted until the response leaves, its latency included.
    struct Leaving<'a>(&'a std::sync::atomic::AtomicUsize);
    impl Drop for Leaving<'_> {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::SeqCst);
        }
    }
    let in_flight = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    let _leaving = Leaving(&shared.in_flight);
    let mut req = Request::new(method.as_str(), &uri.to_string(), "");
    req.headers = headers
        .iter()
        .filter_map(|(k, v)| {
            Some((
                k.as_str().to_ascii_lowercase(),
                v.to_str().ok()?.to_string(),
            ))
        })
        .collect();
    req.body = body.to_vec();
    // The state file's writer saves by the core's change count, in the
    // background (`persist`).
    let response = {
        let mut sim = shared.sim.lock().unwrap_or_else(|e| e.into_inner());
        sim.handle(&req, now_ms()).0
    };
    if let Some(log) = &shared.request_log {
        log_exchange(log, &req, &response, in_flight);
    }
    if !shared.latency.is_zero() {
        tokio::time::sleep(shared.latency).await;
    }
    // 304 Not Modified has no body at all.
    let not_modified = response.status == 304;
    let body = if not_modified {
        Body::empty()
    } else {
        Body::from(response.body.to_string())
    };
    let mut http = HttpResponse::new(body);
    *http.status_mut() =
        StatusCode::from_u16(response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = http.headers_mut();
    if !not_modified {
        h.insert("content-type", HeaderValue::from_static("application/json"));
    }
    for (name, value) in response.headers {
        if let (Ok(n), Ok(v)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            h.insert(n, v);
        }
    }
    http
}

/// A simulator serving in the background of this process (for tests of
/// clients): its URL, and a shutdown when dropped.
pub struct Running {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The shared state, to inspect or seed.
    pub shared: Arc<Shared>,
    /// The state file's writer, with `state_file`.
    pub writer: Option<Arc<crate::persist::Writer>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if let Some(w) = &self.writer {
            let (_sim, saved) = w.save_final();
            if let Err(e) = saved {
                eprintln!("heroku-sim: cannot save the state: {e}");
            }
        }
    }
}

/// Starts serving `shared` on 127.0.0.1 (port 0: a free one) on a thread of
/// its own; returns once it listens.
pub fn start(shared: Arc<Shared>, port: u16) -> std::io::Result<Running> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind(("127.0.0.1", port)))?;
    let url = format!("http://127.0.0.1:{}", listener.local_addr()?.port());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let app_shared = shared.clone();
    let thread = std::thread::spawn(move || {
        let app = axum::Router::new().fallback(move |method, uri, headers, body| {
            serve(app_shared.clone(), method, uri, headers, body)
        });
        let _ = runtime.block_on(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await
        });
    });
    let writer = shared.state_file.clone().map(|path| {
        let writer = crate::persist::Writer::new(shared.clone(), path);
        writer.spawn();
        writer
    });
    Ok(Running {
        url,
        writer,
        shared,
        shutdown: Some(tx),
        thread: Some(thread),
    })
}
