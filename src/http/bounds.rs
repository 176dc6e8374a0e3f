//! When requests may go: the command's deadline, and the pace every
//! request of a client keeps together after a 429 (Heroku's bucket is the
//! account's, so one thread's 429 is every thread's).
//!
//! Only clocks and sleeps; no I/O.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a command may talk to Heroku.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// The bound of the whole command: no request or retry starts past it,
    /// and none goes on past it.
    pub deadline: Duration,
    /// The longest wait for the next bytes of an answer (a stalled server).
    pub idle: Duration,
}

/// The longest wait for the next bytes of an answer.
pub const IDLE: Duration = Duration::from_secs(15);

/// The longest a single try may take, however long the deadline is.
pub(super) const PER_TRY: Duration = Duration::from_secs(60);

impl Timeouts {
    /// A deadline, and the idle time (at most [`IDLE`], never past the
    /// deadline).
    pub fn new(deadline: Duration) -> Timeouts {
        Timeouts {
            deadline,
            idle: IDLE.min(deadline),
        }
    }
}

impl Default for Timeouts {
    /// Five minutes, as apply's default.
    fn default() -> Timeouts {
        Timeouts::new(Duration::from_secs(300))
    }
}

/// How often Heroku refills one token of the rate-limit bucket: 4500 an
/// hour (sim/schema/API-NOTES.md §1.7).
pub const REFILL: Duration = Duration::from_millis(800);

/// Above this many tokens left, requests stop going at the refill rate.
pub(super) const PACED_BELOW: u32 = 20;

/// The shared pace after a 429: whether requests go one per [`REFILL`], and
/// when the next one may.
struct Pace {
    on: bool,
    next: Instant,
}

/// A client's deadline and pace.
pub(super) struct Bounds {
    /// The bounds it was given.
    pub(super) timeouts: Timeouts,
    /// When the command's time is up.
    deadline: Mutex<Instant>,
    pace: Mutex<Pace>,
}

impl Bounds {
    /// `timeouts`, the deadline counted from now.
    pub(super) fn new(timeouts: Timeouts) -> Bounds {
        Bounds {
            timeouts,
            deadline: Mutex::new(Instant::now() + timeouts.deadline),
            pace: Mutex::new(Pace {
                on: false,
                next: Instant::now(),
            }),
        }
    }

    /// Counts the deadline from now again.
    pub(super) fn restart(&self) {
        *self.deadline.lock().unwrap_or_else(|e| e.into_inner()) =
            Instant::now() + self.timeouts.deadline;
    }

    /// The time left before the deadline.
    pub(super) fn left(&self) -> Duration {
        let deadline = *self.deadline.lock().unwrap_or_else(|e| e.into_inner());
        deadline.saturating_duration_since(Instant::now())
    }

    /// Sleeps `pause` if that ends before the deadline; whether it did.
    pub(super) fn pause(&self, pause: Duration) -> bool {
        if pause >= self.left() {
            return false;
        }
        std::thread::sleep(pause);
        true
    }

    /// A 429: no request goes for `pause`, then they go one per [`REFILL`].
    /// Whether this started the pace (to say so once).
    pub(super) fn rate_limited(&self, pause: Duration) -> bool {
        let mut pace = self.pace.lock().unwrap_or_else(|e| e.into_inner());
        pace.next = pace.next.max(Instant::now() + pause);
        !std::mem::replace(&mut pace.on, true)
    }

    /// Whether requests go at the refill rate.
    pub(super) fn paced(&self) -> bool {
        self.pace.lock().unwrap_or_else(|e| e.into_inner()).on
    }

    /// Waits for this request's turn while requests go at the refill rate;
    /// `false` when the turn would come after the deadline.
    pub(super) fn take_turn(&self) -> bool {
        let mut pace = self.pace.lock().unwrap_or_else(|e| e.into_inner());
        if !pace.on {
            return true;
        }
        let now = Instant::now();
        let turn = pace.next.max(now);
        if turn - now >= self.left() {
            return false;
        }
        pace.next = turn + REFILL;
        drop(pace);
        std::thread::sleep(turn - now);
        true
    }

    /// The bucket is down to the reserve: requests go at the refill rate
    /// from now (no pause first). Whether this started the pace.
    pub(super) fn hold(&self) -> bool {
        let mut pace = self.pace.lock().unwrap_or_else(|e| e.into_inner());
        !std::mem::replace(&mut pace.on, true)
    }

    /// The bucket has `left` tokens again: requests stop going at the
    /// refill rate once that is at least `floor` (and [`PACED_BELOW`]).
    pub(super) fn refilled(&self, left: u32, floor: u32) {
        if left >= PACED_BELOW.max(floor) {
            self.pace.lock().unwrap_or_else(|e| e.into_inner()).on = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_a_429_requests_take_turns_one_refill_apart() {
        let b = Bounds::new(Timeouts::new(Duration::from_secs(5)));
        assert!(!b.paced());
        assert!(b.rate_limited(Duration::ZERO));
        assert!(!b.rate_limited(Duration::ZERO), "said once");
        let started = Instant::now();
        assert!(b.take_turn() && b.take_turn());
        let took = started.elapsed();
        assert!(took >= REFILL && took < REFILL * 2, "{took:?}");
        b.refilled(PACED_BELOW, 0);
        assert!(!b.paced());
        let short = Bounds::new(Timeouts::new(Duration::from_millis(300)));
        short.rate_limited(Duration::from_secs(1));
        assert!(!short.take_turn(), "the turn would pass the deadline");
    }
}
