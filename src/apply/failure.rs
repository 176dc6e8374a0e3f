//! Why a step failed: Heroku's refusal, an add-on that never became ready,
//! a lookup that found nothing, or a signal that asked the apply to stop.
//! Only the error type lives here, so that the modules which send steps and
//! those which make their requests share it without importing each other.

use std::time::Duration;

use super::stop::Signal;
use crate::http::HttpError;
use crate::live::AddonState;

/// Why a step failed.
#[derive(Debug, thiserror::Error)]
pub enum StepError {
    /// Heroku refused or could not be reached.
    #[error(transparent)]
    Http(#[from] HttpError),
    /// An add-on did not become ready.
    #[error("add-on {addon} is {state} after {waited:?}")]
    NotProvisioned {
        /// The add-on's name.
        addon: String,
        /// Its last state.
        state: AddonState,
        /// How long heroin waited.
        waited: Duration,
    },
    /// A lookup found nothing to act on.
    #[error("{0}")]
    Missing(String),
    /// A signal asked the apply to stop: before the step was sent, or (when
    /// `sent`) while heroin waited for the add-on it created.
    #[error("stopped")]
    Stopped {
        /// Which signal.
        signal: Signal,
        /// The step's write was sent.
        sent: bool,
    },
}
