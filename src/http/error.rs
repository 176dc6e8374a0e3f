//! What can go wrong talking to Heroku, and the helpers that read an error
//! body or describe a JSON value without quoting it.

use serde_json::Value;

use super::failure::Cause;

/// What can go wrong talking to Heroku.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// Heroku answered with an error.
    #[error("{method} {path}: {status} {id}: {message}")]
    Api {
        /// The request's method.
        method: String,
        /// Its path.
        path: String,
        /// HTTP status.
        status: u16,
        /// Heroku's error id.
        id: String,
        /// Heroku's message.
        message: String,
    },
    /// No answer (connection refused, timeout, ...), after every try.
    #[error("{method} {url}: {reason} (after {tries} {})", if *.tries == 1 { "try" } else { "tries" })]
    Transport {
        /// The request's method.
        method: String,
        /// Its path.
        path: String,
        /// The whole URL requested (the API location and the path).
        url: String,
        /// What happened.
        reason: String,
        /// How many tries were made.
        tries: u32,
        /// What kind of failure, which decides whether it was retried.
        cause: Cause,
    },
    /// The answer was not the JSON Heroku sends: it does not parse, or it
    /// has not the shape heroin relies on. Never retried: a server that
    /// answers so is not Heroku's API, or something in between mangles it.
    #[error("{method} {path}: {reason}")]
    Body {
        /// The request's method.
        method: String,
        /// Its path.
        path: String,
        /// What is wrong with it, as a whole phrase ("the response is not
        /// valid JSON: ...", "the response is not what Heroku sends: ...").
        reason: String,
    },
}

impl HttpError {
    /// The HTTP status, for API errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            HttpError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// A string field of an error body, if the body parsed and has one.
pub(super) fn field<'a>(body: &'a Result<Value, String>, name: &str) -> Option<&'a str> {
    body.as_ref()
        .ok()
        .and_then(|b| b.get(name))
        .and_then(Value::as_str)
}

/// What kind of JSON value `v` is, for messages (never the value itself,
/// which could be large or hold a secret).
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
