//! Why a request got no answer, which decides whether it is tried again:
//! not at all when retrying cannot help (a TLS mismatch, a bad URL), briefly
//! when nothing listens there or the server is too slow, fully when the
//! network may recover.

use std::time::Duration;

/// Why no answer came.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// Nothing accepts connections there (refused, no such host): retried
    /// briefly, in case a server is just starting.
    Unreachable,
    /// Something answers, but not in the protocol the URL names (https://
    /// to a plain-HTTP server, a bad URL): retrying cannot help.
    Mismatch,
    /// A reset, a broken answer: the network may recover, so retried fully.
    Flaky,
    /// The server took too long (no data for the idle time, no whole answer
    /// within a try, or the command's deadline): tried once more at most,
    /// since a stalled server rarely recovers within a command.
    Timeout,
}

impl Cause {
    pub(super) fn of(e: &ureq::Error) -> Cause {
        use std::io::ErrorKind;
        match e {
            ureq::Error::Timeout(_) => Cause::Timeout,
            ureq::Error::Io(io) if io.kind() == ErrorKind::TimedOut => Cause::Timeout,
            ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => Cause::Unreachable,
            ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => Cause::Unreachable,
            // rustls reports a plain-HTTP answer to its handshake as corrupt data.
            ureq::Error::Io(io) if io.kind() == ErrorKind::InvalidData => Cause::Mismatch,
            ureq::Error::Tls(_)
            | ureq::Error::Rustls(_)
            | ureq::Error::TlsRequired
            | ureq::Error::Protocol(_)
            | ureq::Error::BadUri(_)
            | ureq::Error::Http(_) => Cause::Mismatch,
            _ => Cause::Flaky,
        }
    }
}

/// What bounds one try: the longest a try may take, or (when less is left)
/// the command's deadline.
#[derive(Clone, Copy, Debug)]
pub(super) enum Call {
    /// A whole try of this long.
    Try(Duration),
    /// The rest of the command's deadline of this long.
    Deadline(Duration),
}

/// A request that got no answer: why, and what kind of failure.
pub(super) struct NoAnswer {
    pub(super) reason: String,
    pub(super) cause: Cause,
    /// The command's time is spent (its deadline, or a rate limit that would
    /// pass it): the request was not sent, and no retry can help.
    pub(super) spent: bool,
}

impl NoAnswer {
    /// The failure `e`, said in words: a timeout says which bound it hit
    /// (`idle`: the longest wait for data; `call`: for a whole answer, or
    /// `deadline`, the command's, when that cut the try short).
    pub(super) fn of(e: &ureq::Error, idle: Duration, call: Call) -> NoAnswer {
        let reason = match e {
            ureq::Error::Timeout(ureq::Timeout::PerRead) => {
                format!("timed out: no data for {}", seconds(idle))
            }
            ureq::Error::Timeout(ureq::Timeout::Connect) => "timed out connecting".to_string(),
            ureq::Error::Timeout(_) => match call {
                Call::Try(d) => format!("timed out: no whole answer within {}", seconds(d)),
                Call::Deadline(d) => {
                    format!(
                        "timed out: the command's deadline of {} has passed",
                        seconds(d)
                    )
                }
            },
            e => e.to_string(),
        };
        NoAnswer {
            reason,
            cause: Cause::of(e),
            spent: false,
        }
    }

    /// Heroku's rate limit would not let the request go before the deadline.
    pub(super) fn rate_limit(deadline: Duration) -> NoAnswer {
        NoAnswer {
            reason: format!(
                "timed out: Heroku's rate limit (429) did not allow this request within the command's deadline of {}",
                seconds(deadline)
            ),
            cause: Cause::Timeout,
            spent: true,
        }
    }

    /// The command's deadline has passed.
    pub(super) fn deadline(deadline: Duration) -> NoAnswer {
        NoAnswer {
            reason: format!(
                "timed out: the command's deadline of {} has passed",
                seconds(deadline)
            ),
            cause: Cause::Timeout,
            spent: true,
        }
    }
}

/// How many tries, at most, for a server that is not there; with delays of
/// 100, 200 and 400 ms (or the policy's base, when shorter) that is about a
/// second in all.
pub(super) const UNREACHABLE_TRIES: u32 = 4;

/// How many tries, at most, when the server takes too long: a second try
/// catches a lost connection, more would only multiply the wait.
pub(super) const TIMEOUT_TRIES: u32 = 2;

/// `d` for messages: `15 s`, `1.5 s`.
pub(super) fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s:.1} s")
    }
}
