//! Why a request got no answer, which decides whether it is tried again:
//! not at all when retrying cannot help (a TLS mismatch, a bad URL), briefly
//! when nothing listens there, fully when the network may recover.

/// Why no answer came.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// Nothing accepts connections there (refused, no such host): retried
    /// briefly, in case a server is just starting.
    Unreachable,
    /// Something answers, but not in the protocol the URL names (https://
    /// to a plain-HTTP server, a bad URL): retrying cannot help.
    Mismatch,
    /// A timeout, a reset: the network may recover, so retried fully.
    Flaky,
}

impl Cause {
    pub(super) fn of(e: &ureq::Error) -> Cause {
        use std::io::ErrorKind;
        match e {
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

/// A request that got no answer: why, and what kind of failure.
pub(super) struct NoAnswer {
    pub(super) reason: String,
    pub(super) cause: Cause,
}

impl NoAnswer {
    pub(super) fn flaky(reason: impl std::fmt::Display) -> NoAnswer {
        NoAnswer {
            reason: reason.to_string(),
            cause: Cause::Flaky,
        }
    }
}

/// How many tries, at most, for a server that is not there; with delays of
/// 100, 200 and 400 ms (or the policy's base, when shorter) that is about a
/// second in all.
pub(super) const UNREACHABLE_TRIES: u32 = 4;
