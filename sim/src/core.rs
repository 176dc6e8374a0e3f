//! The simulator's core: state plus `handle(Request) -> Response`, with no
//! sockets and the time handed in.
//!
//! `handle` applies the protocol in Heroku's order: injected failure (503
//! before anything), `Accept` (406), authentication (401), the rate-limit
//! bucket (429), the body against its link's schema (422), then the route.
//! It adds `Request-Id`, `RateLimit-Remaining`, `ETag` (a hash of the body)
//! and pagination headers to every answer, and answers a read whose
//! `If-None-Match` names the answer's `ETag` with 304 and no body. The server
//! wraps this in HTTP; the tests call it directly.

use std::collections::BTreeMap;

use serde_json::Value;

pub use crate::addon_faults::AddonFaults;
use crate::api;
use crate::ids::Rng;
use crate::protocol::{ApiError, DEFAULT_PAGE, Range, Reply, Request, Response};
use crate::state::{Account, State};

/// Heroku refills every account's bucket at 4500 tokens an hour.
const REFILL_PER_MS: f64 = 4500.0 / 3_600_000.0;
/// Heroku's bucket size.
pub const HEROKU_BUCKET: u32 = 4500;

/// How the simulator behaves (its command line, less the network parts).
#[derive(Clone, Debug)]
pub struct Options {
    /// Accepted tokens; each is its own account `<token>@example.com`.
    pub tokens: Vec<String>,
    /// Share of requests answered 503 before doing anything (0 to 1).
    pub fail_rate: f64,
    /// Size of each account's token bucket.
    pub rate_limit: u32,
    /// Forced page size: every list page holds at most this many items,
    /// whatever the client asks for. `None`: Heroku's 200 by default, up to
    /// the client's `max=` (1000 at most).
    pub page_size: Option<usize>,
    /// How long new add-ons stay `provisioning`, in milliseconds.
    pub provision_ms: u64,
    /// Seed of every random choice.
    pub seed: u64,
    /// Services whose plan changes are all refused (422), as for a provider
    /// that does not support them: a fault for tests, not on the command line.
    pub refuse_plan_changes: Vec<String>,
    /// Share of successful writes whose answer is lost: the change is made,
    /// but the client gets a 503 (a response lost on the way back). A fault
    /// for tests, not on the command line.
    pub lose_write_rate: f64,
    /// Refuse every write (422) with a message that repeats the request: its
    /// token and its body, as Heroku repeats input in some messages. A fault
    /// for tests (that clients never print it), not on the command line.
    pub echo_writes: bool,
    /// Failures at each step of an add-on replacement: a fault for tests,
    /// not on the command line.
    pub addon_faults: AddonFaults,
    /// Teams that exist (the accounts are members of each); team apps can
    /// be created only in these.
    pub teams: Vec<String>,
    /// Names of apps that are Fir-generation once created (as if created in
    /// a Fir space): only these take telemetry drains.
    pub fir_apps: Vec<String>,
    /// Private Spaces that exist (`NAME` or `NAME:TEAM`): apps can be
    /// created in them, and their inbound rulesets read and set.
    pub spaces: Vec<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            tokens: vec!["sim-token".into()],
            fail_rate: 0.0,
            rate_limit: HEROKU_BUCKET,
            page_size: None,
            provision_ms: 0,
            seed: 0,
            refuse_plan_changes: Vec::new(),
            lose_write_rate: 0.0,
            echo_writes: false,
            addon_faults: AddonFaults::default(),
            teams: Vec::new(),
            fir_apps: Vec::new(),
            spaces: Vec::new(),
        }
    }
}

/// A page of a list: status, items, headers.
type Page = (u16, Value, Vec<(String, String)>);

/// A token bucket.
#[derive(Clone, Debug)]
struct Bucket {
    tokens: f64,
    at: u64,
}

/// The simulator.
pub struct Sim {
    /// The resources.
    pub state: State,
    options: Options,
    buckets: BTreeMap<String, Bucket>,
    faults: Rng,
    requests: Rng,
    /// How many requests changed the state so far (what `--state` saves by).
    changes: u64,
}

impl Sim {
    /// A simulator with an empty state.
    pub fn new(options: Options) -> Sim {
        let state = State::new(options.seed);
        Sim::with_state(options, state)
    }

    /// A simulator around a loaded state.
    pub fn with_state(options: Options, mut state: State) -> Sim {
        // The schema's links are compiled once, at start-up, not on the
        // first write.
        crate::validate::Links::get();
        // The declared teams, and those a state file's apps name (a file
        // written before teams were kept).
        let mut teams = options.teams.clone();
        teams.extend(state.apps.iter().filter_map(|a| a.team.clone()));
        for team in teams {
            if !state.teams.contains(&team) {
                state.teams.push(team);
            }
        }
        crate::api::declare_spaces(&mut state, &options.spaces);
        for name in &options.fir_apps {
            if !state.fir_apps.contains(name) {
                state.fir_apps.push(name.clone());
            }
        }
        Sim {
            faults: Rng::new(options.seed ^ 0x5eed_fa17),
            requests: Rng::new(options.seed ^ 0x0000_1d5e),
            state,
            options,
            buckets: BTreeMap::new(),
            changes: 0,
        }
    }

    /// How many requests changed the state since the simulator started.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    /// Answers one request at time `now` (ms since the Unix epoch). Returns the
    /// response and whether the state changed (so the server knows to save).
    pub fn handle(&mut self, req: &Request, now: u64) -> (Response, bool) {
        let request_id = match req.get("request-id") {
            Some(theirs) => format!("{},{theirs}", self.requests.uuid()),
            None => self.requests.uuid(),
        };
        let failing = &self.options.addon_faults.fail_provisioning;
        let mut changed = api::settle(&mut self.state, now, failing);
        let (result, remaining) = self.protocol(req, now);
        let mut headers = vec![
            ("Request-Id".to_string(), request_id),
            ("RateLimit-Multiplier".to_string(), "1".to_string()),
        ];
        if let Some(remaining) = remaining {
            headers.push(("RateLimit-Remaining".into(), remaining.to_string()));
        }
        let (status, body) = match result {
            Ok(reply) => {
                if req.method != "GET" {
                    changed = true;
                }
                match reply {
                    Reply::Ok(v) => (200, v),
                    Reply::Created(v) => (201, v),
                    Reply::CreatedWithHeader(v, (name, value)) => {
                        headers.push((name.to_string(), value));
                        (201, v)
                    }
                    Reply::Accepted(v) => (202, v),
                    Reply::List(items) => match self.paginate(req, items) {
                        Ok((status, page, extra)) => {
                            headers.extend(extra);
                            (status, page)
                        }
                        Err(e) => (e.status, e.body()),
                    },
                }
            }
            Err(e) => {
                if let Some((name, value)) = &e.header {
                    headers.push((name.to_string(), value.clone()));
                }
                (e.status, e.body())
            }
        };
        let lost = req.method != "GET"
            && (200..300).contains(&status)
            && self.options.lose_write_rate > 0.0
            && self.faults.unit() < self.options.lose_write_rate;
        let (status, body) = if lost {
            let e = ApiError::new(
                503,
                "service_unavailable",
                "The API is temporarily unavailable. Please try again.",
            );
            (503, e.body())
        } else {
            (status, body)
        };
        let etag = etag(&body);
        // A repeated read of an unchanged answer: 304 with no body.
        let not_modified = req.method == "GET"
            && (200..300).contains(&status)
            && req.get("if-none-match").is_some_and(|h| {
                h.split(',')
                    .map(|t| t.trim().trim_start_matches("W/"))
                    .any(|t| t == etag || t == "*")
            });
        headers.push(("ETag".into(), etag));
        let (status, body) = if not_modified {
            (304, Value::Null)
        } else {
            (status, body)
        };
        if changed {
            self.changes += 1;
        }
        (
            Response {
                status,
                headers,
                body,
            },
            changed,
        )
    }

    /// The protocol checks, then the route. Also returns the bucket's level.
    fn protocol(&mut self, req: &Request, now: u64) -> (Result<Reply, ApiError>, Option<u32>) {
        if self.options.fail_rate > 0.0 && self.faults.unit() < self.options.fail_rate {
            let e = ApiError::new(
                503,
                "service_unavailable",
                "The API is temporarily unavailable. Please try again.",
            );
            return (Err(e), None);
        }
        let accept = req.get("accept").unwrap_or("");
        if !accept.contains("application/vnd.heroku+json; version=3") {
            let e = ApiError::new(
                406,
                "not_acceptable",
                "Please specify a version along with Heroku's API MIME type. For example, `Accept: application/vnd.heroku+json; version=3`.",
            );
            return (Err(e), None);
        }
        // The buildpack registry (the CLI's `HEROKU_BUILDPACK_REGISTRY_URL`)
        // is public: no token, no rate limit.
        if crate::registry::handles(&req.method, &req.path) {
            return (crate::registry::answer(&req.path, &req.query), None);
        }
        let Some(account) = self.authenticate(req) else {
            return (
                Err(ApiError::new(
                    401,
                    "unauthorized",
                    "Invalid credentials provided.",
                )),
                None,
            );
        };
        if self.options.echo_writes && req.method != "GET" {
            let said = format!(
                "Invalid request {} with {}: {}",
                req.path,
                req.get("authorization").unwrap_or_default(),
                String::from_utf8_lossy(&req.body)
            );
            return (Err(ApiError::new(422, "invalid_params", said)), None);
        }
        let free = req.method == "GET" && req.path == "/account/rate-limits";
        let remaining = self.take_token(&account.email, now, !free);
        let Some(remaining) = remaining else {
            let e = ApiError::new(
                429,
                "rate_limit",
                "Your account reached the API rate limit. Please wait a few minutes before making new requests",
            );
            return (Err(e), Some(0));
        };
        let body = if req.body.is_empty() {
            Ok(Value::Object(Default::default()))
        } else {
            serde_json::from_slice::<Value>(&req.body).map_err(|e| {
                ApiError::new(
                    400,
                    "bad_request",
                    format!("Invalid JSON in request body: {e}"),
                )
            })
        };
        // Heroku validates the body of a write against its link's schema
        // before acting on it; reads have no body worth checking.
        let body = body.and_then(|body| {
            if req.method == "GET" {
                return Ok(body);
            }
            crate::validate::Links::get()
                .check(&req.method, &req.path, &body)
                .map(|()| body)
        });
        let result = body.and_then(|body| {
            let mut cx = api::Cx {
                state: &mut self.state,
                account: &account,
                accounts: &self.options.tokens,
                now,
                body,
                provision_ms: self.options.provision_ms,
                refuse_plan_changes: &self.options.refuse_plan_changes,
                addon_faults: &self.options.addon_faults,
                rate_remaining: remaining,
                query: crate::protocol::query_params(&req.query),
                expand: req
                    .get("accept-expansion")
                    .map(|h| h.split(',').map(|x| x.trim().to_string()).collect())
                    .unwrap_or_default(),
            };
            api::route(&mut cx, &req.method, &req.path)
        });
        (result, Some(remaining))
    }

    fn authenticate(&self, req: &Request) -> Option<Account> {
        let header = req.get("authorization")?;
        let token = if let Some(t) = header.strip_prefix("Bearer ") {
            t.trim().to_string()
        } else {
            // Basic auth with the token as password, as the Ruby client sends it.
            let encoded = header.strip_prefix("Basic ")?;
            let decoded = base64_decode(encoded.trim())?;
            decoded.split_once(':')?.1.to_string()
        };
        self.options
            .tokens
            .iter()
            .find(|t| **t == token)
            .map(|t| api::account_for(t))
    }

    /// Takes one token from the account's bucket when `spend`; the level
    /// after, or `None` when the bucket is empty.
    fn take_token(&mut self, account: &str, now: u64, spend: bool) -> Option<u32> {
        let size = f64::from(self.options.rate_limit);
        let bucket = self.buckets.entry(account.to_string()).or_insert(Bucket {
            tokens: size,
            at: now,
        });
        bucket.tokens =
            (bucket.tokens + now.saturating_sub(bucket.at) as f64 * REFILL_PER_MS).min(size);
        bucket.at = now;
        if spend {
            if bucket.tokens < 1.0 {
                return None;
            }
            bucket.tokens -= 1.0;
        }
        Some(bucket.tokens.floor() as u32)
    }

    fn paginate(&self, req: &Request, items: Vec<Value>) -> Result<Page, ApiError> {
        let default = self.options.page_size.unwrap_or(DEFAULT_PAGE);
        let mut range = match req.get("range") {
            Some(h) => Range::parse(h, default)?,
            None => Range::default_for(default),
        };
        if let Some(forced) = self.options.page_size {
            range.max = range.max.min(forced);
        }
        let (page, more, headers) = range.page(items);
        Ok((if more { 206 } else { 200 }, Value::Array(page), headers))
    }
}

/// The `ETag` of a body: a quoted hash of its JSON (FNV-1a, 64 bits), so
/// the same answer always has the same tag.
fn etag(body: &Value) -> String {
    let hash = body
        .to_string()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
    format!("\"{hash:016x}\"")
}

fn base64_decode(text: &str) -> Option<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.bytes().filter(|&c| c != b'=') {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        bits = (bits << 6) | v;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::base64_decode;

    #[test]
    fn basic_auth_decodes() {
        assert_eq!(
            base64_decode("dXNlcjpzaW0tdG9rZW4=").as_deref(),
            Some("user:sim-token")
        );
    }
}
