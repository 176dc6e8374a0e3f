//! The Heroku Platform API client: the one edge that talks to Heroku.
//!
//! Every request carries `Accept: application/vnd.heroku+json; version=3`,
//! `User-Agent: heroin/<version>`, its own `Request-Id` and the token (which
//! is never printed: the trace shows method, path, status and timing only).
//! Lists follow `Range` pagination to the end. GETs are retried on 5xx
//! and connection failures with exponential backoff and jitter, a timeout
//! once at most, and every request slows down as `RateLimit-Remaining` runs
//! low; writes are never retried blindly. A 429 pauses every request of the
//! client together (Heroku's bucket is the account's, not a thread's), then
//! they go on one at a time at Heroku's refill rate, up to the deadline.
//! No try, pause or retry goes past the command's deadline ([`Timeouts`]). Errors name Heroku's `id` and
//! `message` and the request that failed. Heroku echoes input in some
//! messages: before anything from the server (or a path) goes into an error
//! or a trace line, the token and every secret value the client was told
//! about ([`Client::know`]) are replaced by `(sensitive)`, and a URL in a
//! path shows with its secret parts masked. Safe to share between threads.
//!
//! Here: the client, its settings and the calls others make (`get`, `list`,
//! `write`); `send` sends one request and retries; `bounds` holds the
//! deadline and the shared pace; `failure` and `error` say why a request got
//! no answer or a bad one; `endpoint` finds the API and the token; `paths`
//! is where every resource lives.

mod bounds;
pub mod endpoint;
mod failure;
pub mod paths;
mod reserve;
mod resolve;
mod send;

use std::sync::Arc;
use std::sync::atomic::AtomicU32;
use std::sync::{Mutex, RwLock};
use std::time::Duration;

use serde_json::Value;
use ureq::Agent;

use bounds::{Bounds, PER_TRY};
pub use bounds::{IDLE, REFILL, Timeouts};
pub use endpoint::{Endpoint, EndpointError};
mod error;
pub use error::HttpError;
pub(crate) use error::kind;
pub use failure::Cause;
use send::Answer;

use crate::render::printable::printable;
use crate::secret::{Secret, redact};

/// Where trace lines go (`-v`); the `ui` decides how to print them.
pub type Trace = Arc<dyn Fn(String) + Send + Sync>;

/// How hard to try.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// Tries in all, for GETs.
    pub tries: u32,
    /// The first delay; doubled each retry.
    pub base: Duration,
    /// The longest delay, `Retry-After` included.
    pub max: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            tries: 6,
            base: Duration::from_millis(250),
            max: Duration::from_secs(30),
        }
    }
}

/// The client.
pub struct Client {
    /// The deadline and the shared pace.
    bounds: Bounds,
    /// Where status lines go (a pause for the rate limit); the `ui` prints.
    status: Option<Trace>,
    agent: Agent,
    endpoint: Endpoint,
    token: Secret,
    policy: RetryPolicy,
    trace: Option<Trace>,
    remaining: AtomicU32,
    /// The share of the rate-limit bucket left to others.
    reserve: reserve::Reserve,
    random: Mutex<u64>,
    /// Secret values to take out of what the server says.
    known: RwLock<Vec<Secret>>,
}

/// The most pages a list may have (at 1000 items a page, far beyond any
/// account): a server that paginates forever is an error, not a hang.
const MOST_PAGES: usize = 1000;

impl Client {
    /// A client for `endpoint` with `token`.
    pub fn new(
        endpoint: Endpoint,
        token: Secret,
        policy: RetryPolicy,
        trace: Option<Trace>,
    ) -> Client {
        let config = Agent::config_builder()
            .http_status_as_error(false)
            // A redirect is never followed: Heroku's API does not redirect,
            // and one to another host (or from https to http) could carry
            // the request, and its body, where the token's owner never meant.
            .max_redirects(0)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(PER_TRY))
            .timeout_per_read(Some(IDLE))
            .user_agent(format!("heroin/{}", env!("CARGO_PKG_VERSION")))
            .max_idle_connections_per_host(16)
            .build();
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
            | 1;
        Client {
            bounds: Bounds::new(Timeouts::default()),
            status: None,
            agent: Agent::with_parts(
                config,
                ureq::unversioned::transport::DefaultConnector::default(),
                resolve::Remembering::default(),
            ),
            endpoint,
            token,
            policy,
            trace,
            remaining: AtomicU32::new(u32::MAX),
            reserve: reserve::Reserve::new(None),
            random: Mutex::new(seed),
            known: RwLock::new(Vec::new()),
        }
    }

    /// The client with `timeouts`, its deadline counted from now.
    pub fn with_timeouts(mut self, timeouts: Timeouts) -> Client {
        self.bounds = Bounds::new(timeouts);
        self
    }

    /// Counts the deadline from now again (apply, once the questions are
    /// answered: time spent reading a prompt is not time talking to Heroku).
    pub fn restart_deadline(&self) {
        self.bounds.restart();
    }

    /// A 429: every request pauses, then they go at the refill rate; a
    /// status line says so when it starts.
    fn rate_limited(&self, retry_after: Option<Duration>) {
        let pause = retry_after.unwrap_or(REFILL).min(self.policy.max);
        if self.bounds.rate_limited(pause)
            && let Some(status) = &self.status
        {
            status(format!(
                "Heroku's rate limit is used up: all requests pause, then go on at Heroku's refill rate (about 75 a minute), for {} at most",
                failure::seconds(Duration::from_secs(self.bounds.left().as_secs()))
            ));
        }
    }

    /// The client leaving `reserve` requests of the rate-limit bucket to
    /// others (`None`: a tenth of the fullest it sees the bucket).
    pub fn with_reserve(mut self, reserve: Option<u32>) -> Client {
        self.reserve = reserve::Reserve::new(reserve);
        self
    }

    /// What an answer said is left of the rate-limit bucket: down to the
    /// reserve, requests go at the refill rate (said once).
    fn mind_reserve(&self, left: u32) {
        match self.reserve.level(left) {
            reserve::Level::Low { reserve } => {
                if self.bounds.hold()
                    && self.reserve.first_time()
                    && let Some(status) = &self.status
                {
                    status(format!(
                        "Heroku's rate limit is down to {left} requests: heroin leaves {reserve} to other tools and people, and goes on at Heroku's refill rate (about 75 a minute)"
                    ));
                }
            }
            reserve::Level::Above(floor) => self.bounds.refilled(left, floor),
            reserve::Level::Near => {}
        }
    }

    /// The client with a sink for status lines (a pause for the rate limit).
    pub fn with_status(mut self, status: Trace) -> Client {
        self.status = Some(status);
        self
    }

    /// Tells the client secret values that its requests may carry: they are
    /// masked wherever a server's answer or a path is printed.
    pub fn know(&self, secrets: impl IntoIterator<Item = Secret>) {
        let mut known = self.known.write().unwrap_or_else(|e| e.into_inner());
        known.extend(secrets);
    }

    /// `text` from the server (or a path) with the token and every known
    /// secret value masked, and control and bidi characters escaped: it goes
    /// into errors and trace lines, which reach a terminal.
    fn scrub(&self, text: &str) -> String {
        let known = self.known.read().unwrap_or_else(|e| e.into_inner());
        let values: Vec<&str> = std::iter::once(self.token.expose())
            .chain(known.iter().flat_map(Secret::values))
            .collect();
        printable(&redact(text, &values)).into_owned()
    }

    /// A path as printed: a URL in it masked, then scrubbed.
    fn shown(&self, path: &str) -> String {
        self.scrub(&crate::secret::url::path(path))
    }

    /// The key of a saved plan's hashes: `plan_key` (`HEROIN_PLAN_KEY`)
    /// when given, else one derived from the token (which never leaves the
    /// client otherwise).
    pub fn plan_key(&self, plan_key: Option<&str>) -> crate::secret::keyed::Key {
        crate::secret::keyed::Key::new(plan_key, &self.token)
    }

    /// The first page of `path` in the order `range` asks for
    /// (`version ..; max=1, order=desc`: the newest release).
    pub fn page(&self, path: &str, range: &str) -> Result<Vec<Value>, HttpError> {
        match self.body("GET", path, self.retrying("GET", path, Some(range))?)? {
            Value::Array(page) => Ok(page),
            other => Err(self.malformed(
                "GET",
                path,
                &format!("a list was expected, not {}", kind(&other)),
            )),
        }
    }

    /// The API's location.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// `GET path`, retried as needed.
    pub fn get(&self, path: &str) -> Result<Value, HttpError> {
        self.body("GET", path, self.retrying("GET", path, None)?)
    }

    /// The error for an answer to `method path` that has not the shape heroin
    /// relies on (`reason` says what is wrong), naming the request as heroin
    /// shows it.
    pub fn malformed(&self, method: &str, path: &str, reason: &str) -> HttpError {
        HttpError::Body {
            method: method.into(),
            path: self.shown(path),
            reason: self.scrub(&format!("the response is not what Heroku sends: {reason}")),
        }
    }

    /// A successful answer's JSON, or the error naming the request when it
    /// does not parse.
    fn body(&self, method: &str, path: &str, answer: Answer) -> Result<Value, HttpError> {
        answer.body.map_err(|reason| HttpError::Body {
            method: method.into(),
            path: self.shown(path),
            reason: self.scrub(&format!("the response is not valid JSON: {reason}")),
        })
    }

    /// `GET path`, or `None` on 404.
    pub fn get_optional(&self, path: &str) -> Result<Option<Value>, HttpError> {
        match self.get(path) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.status() == Some(404) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Every item of a list, following `Next-Range` to the end.
    pub fn list(&self, path: &str) -> Result<Vec<Value>, HttpError> {
        let mut items = Vec::new();
        let mut range = Some("id ..; max=1000".to_string());
        let mut pages = 0;
        while let Some(r) = range.take() {
            let answer = self.retrying("GET", path, Some(&r))?;
            let (status, next) = (answer.status, answer.next_range.clone());
            let page = match self.body("GET", path, answer)? {
                Value::Array(page) => page,
                other => {
                    let got = kind(&other);
                    return Err(self.malformed(
                        "GET",
                        path,
                        &format!("a list was expected, not {got}"),
                    ));
                }
            };
            if let Some(i) = page.iter().position(|v| !v.is_object()) {
                let got = kind(&page[i]);
                return Err(self.malformed(
                    "GET",
                    path,
                    &format!(
                        "item {} of the list is {got}, not an object",
                        items.len() + i + 1
                    ),
                ));
            }
            items.extend(page);
            pages += 1;
            if status == 206 {
                if next.as_deref() == Some(r.as_str()) || pages >= MOST_PAGES {
                    return Err(self.malformed(
                        "GET",
                        path,
                        &format!(
                            "the pages do not end (Next-Range: {})",
                            next.unwrap_or_default()
                        ),
                    ));
                }
                range = next;
            }
        }
        Ok(items)
    }

    /// A write (`POST`, `PATCH`, `PUT`, `DELETE`), tried once; a 429 is waited
    /// out with every other request, up to the deadline, since Heroku did
    /// nothing with the request.
    pub fn write(&self, method: &str, path: &str, body: &Value) -> Result<Value, HttpError> {
        loop {
            let answer = self
                .once(method, path, None, Some(body))
                .map_err(|no| self.no_answer(method, path, no, 1))?;
            if answer.status != 429 {
                let answer = self.success(method, path, answer)?;
                return self.body(method, path, answer);
            }
            // Heroku did nothing with it: wait with everyone, up to the deadline.
            self.rate_limited(answer.retry_after);
        }
    }

    fn trace_line(&self, line: String) {
        if let Some(trace) = &self.trace {
            trace(line);
        }
    }
}
