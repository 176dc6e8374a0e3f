//! Sending one request and trying again: the part of the [`Client`] that
//! meets the network. `once` sends a request (pace, deadline, headers,
//! token, trace line) and reads its answer; `retrying` tries a GET again on
//! 5xx and connection failures with backoff and jitter, waits with every
//! thread on a 429, and gives up at the deadline; `success` turns an answer
//! into the body or an error that names Heroku's `id` and `message`, scrubbed
//! of the token and every known secret.
//!
//! Writes go through `once` alone (never retried blindly: `apply::execute`
//! looks first). Nothing here knows what a path means.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::bounds::PER_TRY;
use super::error::field;
use super::failure::{Call, NoAnswer, TIMEOUT_TRIES, UNREACHABLE_TRIES};
use super::{Cause, Client, HttpError};

/// One answer: status, headers we use, JSON body (or why it does not parse:
/// that matters only for a success, since error bodies are read leniently).
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) next_range: Option<String>,
    pub(super) retry_after: Option<Duration>,
    pub(super) body: Result<Value, String>,
}

impl Client {
    pub(super) fn retrying(
        &self,
        method: &str,
        path: &str,
        range: Option<&str>,
    ) -> Result<Answer, HttpError> {
        let (mut attempt, mut sent) = (0, 0);
        loop {
            let last = attempt + 1 == self.policy.tries;
            let once = self.once(method, path, range, None);
            // A request the deadline stopped before it left is no try.
            sent += u32::from(!matches!(&once, Err(no) if no.spent));
            match once {
                // The bucket is the account's: wait with everyone, not
                // counting tries, up to the deadline (the turn checks it).
                Ok(a) if a.status == 429 => {
                    self.rate_limited(a.retry_after);
                    continue;
                }
                Ok(a)
                    if a.status >= 500
                        && !last
                        && self.bounds.pause(self.delay(attempt, a.retry_after)) => {}
                Ok(a) => return self.success(method, path, a),
                Err(no) => {
                    let give_up = no.spent
                        || match no.cause {
                            Cause::Mismatch => true,
                            Cause::Unreachable => last || attempt + 1 >= UNREACHABLE_TRIES,
                            Cause::Timeout => last || attempt + 1 >= TIMEOUT_TRIES,
                            Cause::Flaky => last,
                        };
                    if give_up {
                        return Err(self.no_answer(method, path, no, sent));
                    }
                    let pause = match no.cause {
                        Cause::Unreachable => self
                            .policy
                            .base
                            .min(Duration::from_millis(100))
                            .saturating_mul(1 << attempt),
                        _ => self.delay(attempt, None),
                    };
                    if !self.bounds.pause(pause) {
                        return Err(self.no_answer(method, path, no, sent));
                    }
                }
            }
            attempt += 1;
        }
    }

    pub(super) fn no_answer(
        &self,
        method: &str,
        path: &str,
        no: NoAnswer,
        tries: u32,
    ) -> HttpError {
        HttpError::Transport {
            method: method.into(),
            path: self.shown(path),
            url: format!("{}{}", self.endpoint.base, self.shown(path)),
            reason: self.scrub(&no.reason),
            tries,
            cause: no.cause,
        }
    }

    pub(super) fn success(&self, method: &str, path: &str, a: Answer) -> Result<Answer, HttpError> {
        if (200..300).contains(&a.status) {
            return Ok(a);
        }
        if (300..400).contains(&a.status) {
            return Err(HttpError::Api {
                method: method.into(),
                path: self.shown(path),
                status: a.status,
                id: "redirect".into(),
                message: "not followed: Heroku's API does not redirect, and heroin sends the token only to the API location".into(),
            });
        }
        Err(HttpError::Api {
            method: method.into(),
            path: self.shown(path),
            status: a.status,
            id: self.scrub(field(&a.body, "id").unwrap_or("unknown")),
            message: self.scrub(field(&a.body, "message").unwrap_or("(no message)")),
        })
    }

    /// Backoff: base x 2^attempt with jitter, or `Retry-After`, capped.
    pub(super) fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            return after.min(self.policy.max);
        }
        let exp = self
            .policy
            .base
            .saturating_mul(1 << attempt.min(16))
            .min(self.policy.max);
        let jitter = 0.5 + (self.random() % 1000) as f64 / 2000.0;
        exp.mul_f64(jitter)
    }

    pub(super) fn random(&self) -> u64 {
        let mut s = self.random.lock().unwrap_or_else(|e| e.into_inner());
        *s ^= *s << 13;
        *s ^= *s >> 7;
        *s ^= *s << 17;
        *s
    }

    pub(super) fn request_id(&self) -> String {
        let (a, b) = (self.random(), self.random());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | (b >> 48) & 0x3fff,
            b & 0xffff_ffff_ffff
        )
    }

    /// One request. `Err`: no answer, and why.
    pub(super) fn once(
        &self,
        method: &str,
        path: &str,
        range: Option<&str>,
        body: Option<&Value>,
    ) -> Result<Answer, NoAnswer> {
        // Slow down as the rate-limit bucket empties, before Heroku says 429.
        if self.bounds.paced() {
            if !self.bounds.take_turn() {
                return Err(NoAnswer::rate_limit(self.bounds.timeouts.deadline));
            }
        } else {
            let left = self.remaining.load(Ordering::Relaxed);
            if left < 100 {
                self.bounds
                    .pause(Duration::from_millis(u64::from(100 - left) * 10));
            }
        }
        // Each try ends by the deadline; the idle bound catches a server
        // that stops sending, the per-try bound one that sends a byte now
        // and then.
        let call = PER_TRY.min(self.bounds.left());
        if call.is_zero() {
            return Err(NoAnswer::deadline(self.bounds.timeouts.deadline));
        }
        let idle = self.bounds.timeouts.idle;
        let bound = if call < PER_TRY {
            Call::Deadline(self.bounds.timeouts.deadline)
        } else {
            Call::Try(PER_TRY)
        };
        let url = format!("{}{path}", self.endpoint.base);
        let id = self.request_id();
        let mut builder = ureq::http::Request::builder()
            .method(method)
            .uri(&url)
            .header("Accept", "application/vnd.heroku+json; version=3")
            .header("Authorization", format!("Bearer {}", self.token.expose()))
            .header("Request-Id", &id);
        if let Some(r) = range {
            builder = builder.header("Range", r);
        }
        let started = Instant::now();
        let limits = (call, idle);
        let result = match body {
            Some(b) => self.run(
                builder
                    .header("Content-Type", "application/json")
                    .body(b.to_string()),
                limits,
            ),
            None => self.run(builder.body(()), limits),
        }?;
        let mut response = match result {
            Ok(r) => r,
            Err(e) => {
                let no = NoAnswer::of(&e, idle, bound);
                self.trace_line(format!(
                    "{method} {} -> {} ({} ms)",
                    self.shown(path),
                    self.scrub(&no.reason),
                    started.elapsed().as_millis()
                ));
                return Err(no);
            }
        };
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let status = response.status().as_u16();
        if let Some(left) = header("ratelimit-remaining").and_then(|v| v.parse().ok()) {
            self.remaining.store(left, Ordering::Relaxed);
            self.mind_reserve(left);
        }
        let next_range = header("next-range");
        let retry_after = header("retry-after")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|e| NoAnswer::of(&e, idle, bound))?;
        self.trace_line(format!(
            "{method} {}{} -> {status} ({} ms, rate limit {}, request {id})",
            self.shown(path),
            range.map(|r| format!(" [Range: {r}]")).unwrap_or_default(),
            started.elapsed().as_millis(),
            self.remaining.load(Ordering::Relaxed),
        ));
        let body = if text.trim().is_empty() {
            Ok(Value::Null)
        } else {
            serde_json::from_str(&text).map_err(|e| e.to_string())
        };
        Ok(Answer {
            status,
            next_range,
            retry_after,
            body,
        })
    }
}

impl Client {
    /// Runs a built request within the per-try bound and the idle bound
    /// (`limits`); a request that cannot be built is a mismatch, never sent.
    fn run<B: ureq::AsSendBody>(
        &self,
        built: Result<ureq::http::Request<B>, ureq::http::Error>,
        (call, idle): (Duration, Duration),
    ) -> Result<Result<ureq::http::Response<ureq::Body>, ureq::Error>, NoAnswer> {
        let req = built.map_err(|e| NoAnswer {
            reason: e.to_string(),
            cause: Cause::Mismatch,
            spent: false,
        })?;
        let req = self
            .agent
            .configure_request(req)
            .timeout_global(Some(call))
            .timeout_per_read(Some(idle))
            .build();
        Ok(self.agent.run(req))
    }
}
