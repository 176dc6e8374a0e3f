//! What the server and the state writer share: the core behind its lock and
//! the server's settings. A leaf: it runs nothing.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use crate::core::Sim;

/// What the server needs besides the core.
pub struct Shared {
    /// The simulator.
    pub sim: Mutex<Sim>,
    /// Where to save the state, if anywhere.
    pub state_file: Option<PathBuf>,
    /// Delay before each response.
    pub latency: Duration,
    /// Where to append every exchange as a JSON line, if anywhere.
    pub request_log: Option<Mutex<std::fs::File>>,
    /// Requests being served now (their latency included): the request log
    /// records how many there were as each arrived, which shows how many a
    /// client had in flight at once.
    pub in_flight: std::sync::atomic::AtomicUsize,
}
