//! A request to stop an apply between steps: SIGINT (Ctrl-C) or SIGTERM
//! while steps are being sent and no question waits.
//!
//! `ui` records the signal here; the executor looks before it sends each
//! step and while it waits for an add-on, so a step is either sent whole or
//! not at all, and the runner reports what was applied. Nothing here waits
//! or prints. Only an armed apply (one running now) takes a request: any
//! other time the caller ends the process as the signal would.

use std::sync::atomic::{AtomicU8, Ordering};

/// Which signal asked to stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    /// SIGINT (Ctrl-C): exit 130.
    Interrupt,
    /// SIGTERM: exit 143.
    Terminate,
}

const IDLE: u8 = 0;
const ARMED: u8 = 1;
const INTERRUPT: u8 = 2;
const TERMINATE: u8 = 3;

static STATE: AtomicU8 = AtomicU8::new(IDLE);

/// An apply taking stop requests; disarmed when dropped.
#[must_use]
pub struct Armed(());

impl Drop for Armed {
    fn drop(&mut self) {
        STATE.store(IDLE, Ordering::SeqCst);
    }
}

/// Starts taking stop requests (a request from before is forgotten).
pub fn arm() -> Armed {
    STATE.store(ARMED, Ordering::SeqCst);
    Armed(())
}

/// Records `signal` for the apply running now. `false` when no apply takes
/// it (none runs, or one was asked already: a second Ctrl-C ends at once).
pub fn request(signal: Signal) -> bool {
    let code = match signal {
        Signal::Interrupt => INTERRUPT,
        Signal::Terminate => TERMINATE,
    };
    STATE
        .compare_exchange(ARMED, code, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok()
}

/// The signal that asked the running apply to stop, if any.
pub fn requested() -> Option<Signal> {
    match STATE.load(Ordering::SeqCst) {
        INTERRUPT => Some(Signal::Interrupt),
        TERMINATE => Some(Signal::Terminate),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_armed_apply_takes_one_request() {
        assert!(!request(Signal::Interrupt), "no apply runs");
        let armed = arm();
        assert_eq!(requested(), None);
        assert!(request(Signal::Terminate));
        assert!(!request(Signal::Interrupt), "the second one ends at once");
        assert_eq!(requested(), Some(Signal::Terminate));
        drop(armed);
        assert_eq!(requested(), None);
    }
}
