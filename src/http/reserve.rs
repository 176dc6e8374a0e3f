//! The share of Heroku's rate-limit bucket heroin leaves to others. The
//! bucket is the account's: other tools, CI jobs and people typing `heroku`
//! draw on it too, and a large apply that ran it dry would make their
//! requests fail. So once `RateLimit-Remaining` is down to the reserve,
//! requests go at Heroku's refill rate, spending only what refills, and the
//! bucket stays at the reserve; they go faster again once others have left
//! it well above.
//!
//! The reserve is set (`--rate-limit-reserve`), or a tenth of the fullest
//! the bucket was seen (450 of Heroku's 4,500). Only counters; no I/O.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

/// How far above the reserve the bucket must be for requests to stop going
/// at the refill rate (so that they do not switch at every request).
const MARGIN: u32 = 10;

/// The reserve, and what was seen of the bucket.
#[derive(Debug, Default)]
pub(super) struct Reserve {
    /// The reserve given; `None`: a tenth of the fullest seen.
    fixed: Option<u32>,
    /// The most requests the bucket was seen to hold.
    fullest: AtomicU32,
    /// The slowdown was announced.
    said: AtomicBool,
}

/// What to do after an answer said how much is left.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Level {
    /// Down to the reserve: go at the refill rate.
    Low {
        /// The reserve.
        reserve: u32,
    },
    /// Above it by this floor or more: go freely again.
    Above(u32),
    /// In between: as before.
    Near,
}

impl Reserve {
    /// A reserve of `fixed` requests, or the default.
    pub(super) fn new(fixed: Option<u32>) -> Reserve {
        Reserve {
            fixed,
            ..Reserve::default()
        }
    }

    /// Where an answer with `left` requests left puts the bucket.
    pub(super) fn level(&self, left: u32) -> Level {
        let fullest = self.fullest.fetch_max(left, Ordering::Relaxed).max(left);
        let reserve = self.fixed.unwrap_or(fullest / 10);
        if reserve > 0 && left <= reserve {
            Level::Low { reserve }
        } else if left > reserve + MARGIN || reserve == 0 {
            Level::Above(reserve + MARGIN)
        } else {
            Level::Near
        }
    }

    /// Whether the slowdown is to be announced (once).
    pub(super) fn first_time(&self) -> bool {
        !self.said.swap(true, Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tenth_of_the_fullest_bucket_seen_is_kept() {
        let r = Reserve::new(None);
        assert_eq!(r.level(4500), Level::Above(460));
        assert_eq!(r.level(451), Level::Near);
        assert_eq!(r.level(450), Level::Low { reserve: 450 });
        assert_eq!(r.level(455), Level::Near, "no switch back at once");
        assert_eq!(r.level(461), Level::Above(460));
    }

    #[test]
    fn a_reserve_given_wins_and_zero_keeps_none() {
        let r = Reserve::new(Some(15));
        assert_eq!(r.level(20), Level::Near);
        assert_eq!(r.level(15), Level::Low { reserve: 15 });
        let none = Reserve::new(Some(0));
        assert_eq!(none.level(0), Level::Above(10));
        assert!(none.first_time() && !none.first_time());
    }
}
