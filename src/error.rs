//! The one top-level error: what went wrong, its kind (the exit code), and
//! hints on how to fix it.
//!
//! Each module has its own `thiserror` error; this one wraps them, so `main`
//! handles exactly one type. Messages never hold a secret: module errors name
//! files, keys and variables, never values from the environment.

use crate::config::files::FilesError;
use crate::diag::Problem;
use crate::docs;
use crate::git::GitError;
use crate::http::{Cause, EndpointError, HttpError};

/// What kind of failure, which decides the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The files, the environment or the outside world were wrong: exit 1.
    Failure,
    /// The command line was wrong: exit 2.
    Usage,
    /// Ctrl-C: exit 130, as a shell reports SIGINT.
    Interrupted,
    /// SIGTERM: exit 143, as a shell reports it.
    Terminated,
}

/// Everything a command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Finding or reading the configuration files failed.
    #[error(transparent)]
    Files(#[from] FilesError),
    /// The files hold problems.
    #[error("{} in the configuration", count(.0.len()))]
    Config(Vec<Problem>),
    /// The command line asks for something impossible.
    #[error("{0}")]
    Usage(String),
    /// Where the API is, or which token to use, could not be settled.
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
    /// Talking to Heroku failed.
    #[error(transparent)]
    Http(#[from] HttpError),
    /// Git failed.
    #[error(transparent)]
    Git(#[from] GitError),
    /// heroin will not go on (a check failed, or the user declined).
    #[error("{message}")]
    Refused {
        /// What stopped it.
        message: String,
        /// What to do about it.
        hint: String,
    },
    /// The plan must not be applied: it is impossible, or removes too much.
    #[error(transparent)]
    Unsafe(#[from] crate::plan::UnsafePlan),
    /// The plan loses data and `--allow-data-loss` was not given (with
    /// `--yes`): what each change destroys.
    #[error("the plan loses data: {}", .0.join("; "))]
    DataLoss(Vec<String>),
    /// A saved plan no longer holds (apply --plan): what moved since it was
    /// made. Nothing was changed.
    #[error("the saved plan {file} cannot be applied, nothing was changed:\n  - {}", .moved.join("\n  - "))]
    Moved {
        /// The plan's file.
        file: String,
        /// The environment.
        env: String,
        /// What moved, one line each.
        moved: Vec<String>,
    },
    /// Another writer changed what an apply planned against, before its
    /// first write or between two steps: it stopped there.
    #[error("{message}")]
    Overtaken {
        /// What moved, and what was applied by then.
        message: String,
        /// The environment.
        env: String,
    },
    /// The person declined the plan: nothing was changed.
    #[error("declined: nothing was changed")]
    Declined,
    /// Ctrl-C at a prompt: what was (or was not) changed by then.
    #[error("interrupted: {0}")]
    Interrupted(String),
    /// SIGTERM while steps were applied: what was (or was not) changed.
    #[error("terminated: {0}")]
    Terminated(String),
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
}

/// `see docs/errors.md#...` for a heading of docs/errors.md.
fn see(heading: &str) -> String {
    format!("see {}", docs::link(docs::ERRORS, heading))
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 problem".into()
    } else {
        format!("{n} problems")
    }
}

impl Error {
    /// The kind, which decides the exit code.
    pub fn kind(&self) -> Kind {
        match self {
            Error::Usage(_) => Kind::Usage,
            Error::Interrupted(_) => Kind::Interrupted,
            Error::Terminated(_) => Kind::Terminated,
            _ => Kind::Failure,
        }
    }

    /// The process exit code for this error (1 error, 2 usage, 130 interrupted, 143 terminated).
    pub fn exit_code(&self) -> u8 {
        match self.kind() {
            Kind::Failure => 1,
            Kind::Usage => 2,
            Kind::Interrupted => 130,
            Kind::Terminated => 143,
        }
    }

    /// Hints on how to fix it.
    pub fn hints(&self) -> Vec<String> {
        match self {
            Error::Files(FilesError::UnknownEnv {
                known, suggestion, ..
            }) => {
                let mut hints = Vec::new();
                if let Some(s) = suggestion {
                    hints.push(format!("did you mean `{s}`?"));
                }
                if known.is_empty() {
                    hints.push(
                        "there are no environments yet: add an overlay such as heroin.staging.toml"
                            .into(),
                    );
                } else {
                    hints.push(format!("environments here: {}", known.join(", ")));
                }
                hints.push(see("Unknown environment"));
                hints
            }
            Error::Refused { hint, .. } => vec![hint.clone()],
            Error::Moved { file, env, .. } => vec![format!(
                "plan again (`heroin diff {env} --out {file}`), review the new plan, then apply it ({})",
                see("A saved plan cannot be applied")
            )],
            Error::Overtaken { env, .. } => vec![format!(
                "another apply or someone else changed Heroku meanwhile: `heroin diff {env}` shows where it is now; apply again once it is settled ({})",
                see("Heroku changed since this apply read it")
            )],
            Error::Unsafe(unsafe_plan) => vec![unsafe_plan.hint().into()],
            Error::DataLoss(_) => vec![
                "review it, then apply with --allow-data-loss (or without --yes, to confirm each by name)".into(),
            ],
            Error::Declined => vec!["run `heroin diff` to review the plan".into()],
            Error::Endpoint(EndpointError::NoToken { .. }) => vec![format!(
                "export HEROKU_API_KEY=<token> (heroku auth:token prints one), or log in with `heroku login`, which writes ~/.netrc (see {})",
                docs::link(docs::ERRORS, "No API token")
            )],
            Error::Endpoint(EndpointError::PlainHttp(_)) => vec![format!(
                "use https://, or a loopback address for a local simulator (see {})",
                docs::link(docs::ERRORS, "Plain HTTP is refused")
            )],
            Error::Http(HttpError::Api { status: 401, .. }) => vec![format!(
                "Heroku rejected the token: check HEROKU_API_KEY, or log in again with `heroku login` (see {})",
                docs::link(docs::ERRORS, "The token is rejected")
            )],
            Error::Http(HttpError::Api { status: 403, .. }) => vec![format!(
                "the token's account has no access to that app (see {})",
                docs::link(docs::ERRORS, "No access to the app")
            )],
            Error::Endpoint(EndpointError::BadUrl { .. }) => vec!["the API location is a full URL (https://api.heroku.com); HEROKU_HOST may also be a domain (heroku.com)".into()],
            Error::Http(HttpError::Body { .. }) => vec!["the server there does not answer as Heroku's API does: check the API location (HEROKU_HOST or --api-url), or try again later".into()],
            Error::Http(HttpError::Transport { cause, .. }) => vec![format!(
                "{} (see {})",
                match cause {
                    Cause::Unreachable => "nothing answers there: check the API location (HEROKU_HOST or --api-url) and that the server is running",
                    Cause::Mismatch => "the server there does not speak what the URL says (https:// to a plain-HTTP server?): check the API location (HEROKU_HOST or --api-url)",
                    Cause::Flaky => "check the network and the API location, HEROKU_HOST or --api-url",
                    Cause::Timeout => "Heroku did not answer in time: check the network and https://status.heroku.com, try again later, or allow more time with --timeout SECONDS (or HEROIN_TIMEOUT)",
                },
                docs::link(docs::ERRORS, "Heroku cannot be reached")
            )],
            Error::Files(FilesError::NotAFile { .. }) => vec![
                "heroin reads its files only from regular files (a symlink to one is fine)".into(),
            ],
            Error::Files(FilesError::TooLarge { .. }) => vec![
                "a configuration file holds apps and their settings; is this the right file?"
                    .into(),
            ],
            Error::Files(FilesError::NoBase { .. }) => vec![format!(
                "run heroin in the directory that holds heroin.toml, or point at it with -C DIR, or start one with `heroin init` (see {})",
                docs::link(docs::ERRORS, "No heroin.toml here")
            )],
            _ => Vec::new(),
        }
    }

    /// The problems in the files, when that is what went wrong.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Config(problems) | Error::Files(FilesError::Layout(problems)) => problems,
            _ => &[],
        }
    }
}
