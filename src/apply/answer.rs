//! The person an apply asks, and tells how it goes: the questions a running
//! apply may put (a yes/no, a name typed back) and its progress. A leaf:
//! `ui` implements it for the terminal, tests with scripted answers; nothing
//! here decides or prints.

use crate::error::Error;

/// The person an apply asks, and tells how it goes.
pub trait Answerer {
    /// Whether there is someone to ask.
    fn can_ask(&self) -> bool;
    /// A yes/no question; no unless answered yes.
    fn confirm(&self, question: &str) -> Result<bool, Error>;
    /// Whether the person typed `expected` back.
    fn type_back(&self, question: &str, expected: &str) -> Result<bool, Error>;
    /// A line for the person (on stderr, for a terminal).
    fn say(&self, line: &str) -> Result<(), Error>;
    /// Progress through `total` steps: call the result once per step done,
    /// with what it did; dropping it ends the progress display.
    fn progress(&self, total: usize) -> Box<dyn Fn(&str) + '_>;
    /// What is shown while Heroku is read again to verify; it ends when
    /// dropped.
    type Busy;
    /// Heroku is being read again (the check after applying).
    fn busy(&self, message: &str) -> Self::Busy;
}
