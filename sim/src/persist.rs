//! `--state FILE`: the state written back in the background, at most once
//! per [`SAVE_EVERY`] and once more at a clean stop, so that a change costs
//! a counter increment whatever the size of the state.
//!
//! Each save copies the state under the core's lock (a clone, the cheapest
//! part), then serialises the copy, writes `FILE.tmp` and renames it over
//! FILE without holding it: a kill at any moment leaves FILE whole, either
//! the previous save or the new one. A save of a large state takes longer,
//! so the writer waits [`BUSY_SHARE`] times as long as its last save took
//! before the next one (when that is more than [`SAVE_EVERY`]): its share
//! of the machine, and so what it adds to each change, stays bounded
//! however large the state grows, at the price of a longer window a kill
//! may lose. The last save, at SIGINT or SIGTERM, is made while holding
//! the core's lock and the process exits holding it, so every answered
//! change is in the file. Nothing here decides what a change is: the core
//! counts them ([`Sim::changes`]).
//!
//! Reading a file ([`decode`]) accepts a seed written by hand with only
//! some of a state's keys, the rest empty, and refuses a key no state has,
//! so that a misspelt key is never silently dropped.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use crate::core::Sim;
use crate::shared::Shared;
use crate::state::State;

/// The longest a change waits before it is on disk (when the process is
/// killed rather than stopped, what it may lose).
pub const SAVE_EVERY: Duration = Duration::from_millis(100);

/// The writer rests this many times as long as its last save took.
pub const BUSY_SHARE: u32 = 9;

/// Writes `state` atomically: `FILE.tmp` beside it, then a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut name = path.as_os_str().to_owned();
    name.push(".tmp");
    let tmp = PathBuf::from(name);
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Serialises a state as the state file holds it.
pub fn encode(state: &State) -> std::io::Result<Vec<u8>> {
    serde_json::to_vec(state).map_err(std::io::Error::other)
}

/// Reads a state file: a whole saved state, or a seed file that gives only
/// some of its keys, the others taken from an empty state whose ids come
/// from `seed`. A key no state has (a misspelt `team`) is refused rather
/// than dropped: a seed that silently loses its teams would rehearse on
/// another account than the one meant.
pub fn decode(bytes: &[u8], seed: u64) -> Result<State, String> {
    let given: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let serde_json::Value::Object(given) = given else {
        return Err("it is not a JSON object".into());
    };
    let serde_json::Value::Object(mut whole) =
        serde_json::to_value(State::new(seed)).map_err(|e| e.to_string())?
    else {
        return Err("a state is a JSON object".into());
    };
    for (key, value) in given {
        if !whole.contains_key(&key) {
            let keys: Vec<&str> = whole.keys().map(String::as_str).collect();
            return Err(format!(
                "unknown key `{key}` (a state has {})",
                keys.join(", ")
            ));
        }
        whole.insert(key, value);
    }
    serde_json::from_value(serde_json::Value::Object(whole)).map_err(|e| e.to_string())
}

/// The background writer of one state file.
pub struct Writer {
    shared: Arc<Shared>,
    path: PathBuf,
    /// The change count of the last save; held during a save, so saves
    /// never overtake one another.
    saved: Mutex<u64>,
    stop: AtomicBool,
}

impl Writer {
    /// A writer of `shared`'s state to `path`; `saved` is the change count
    /// the file already holds.
    pub fn new(shared: Arc<Shared>, path: PathBuf) -> Arc<Writer> {
        let saved = lock(&shared).changes();
        Arc::new(Writer {
            shared,
            path,
            saved: Mutex::new(saved),
            stop: AtomicBool::new(false),
        })
    }

    /// Saves every [`SAVE_EVERY`] while there are new changes, on a thread
    /// of its own, until [`Writer::stop`].
    pub fn spawn(self: &Arc<Writer>) -> std::thread::JoinHandle<()> {
        let writer = self.clone();
        std::thread::spawn(move || {
            let mut rest = SAVE_EVERY;
            while !writer.stop.load(Ordering::Relaxed) {
                std::thread::sleep(rest);
                let started = std::time::Instant::now();
                let saved = writer.save_if_changed();
                rest = SAVE_EVERY.max(started.elapsed() * BUSY_SHARE);
                if let Err(e) = saved {
                    eprintln!(
                        "heroku-sim: cannot save the state to {}: {e}",
                        writer.path.display()
                    );
                }
            }
        })
    }

    /// Ends the background saves (the thread finishes its current one).
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Saves the state if it changed since the last save.
    pub fn save_if_changed(&self) -> std::io::Result<()> {
        let mut saved = self.saved.lock().unwrap_or_else(|e| e.into_inner());
        let (changes, state) = {
            let sim = lock(&self.shared);
            if sim.changes() == *saved {
                return Ok(());
            }
            (sim.changes(), sim.state.clone())
        };
        write_atomically(&self.path, &encode(&state)?)?;
        *saved = changes;
        Ok(())
    }

    /// The last save: made under the core's lock, which it returns, so that
    /// no request is answered after it (the caller exits holding it).
    pub fn save_final(&self) -> (MutexGuard<'_, Sim>, std::io::Result<()>) {
        self.stop();
        let mut saved = self.saved.lock().unwrap_or_else(|e| e.into_inner());
        let sim = lock(&self.shared);
        let result = if sim.changes() == *saved {
            Ok(())
        } else {
            encode(&sim.state).and_then(|bytes| write_atomically(&self.path, &bytes))
        };
        if result.is_ok() {
            *saved = sim.changes();
        }
        (sim, result)
    }
}

fn lock(shared: &Shared) -> MutexGuard<'_, Sim> {
    shared.sim.lock().unwrap_or_else(|e| e.into_inner())
}
