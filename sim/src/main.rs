//! heroku-sim: a local, stateful Heroku Platform API.
//!
//! This binary is a placeholder that reserves the package and its command line;
//! the simulator itself is built in its own change. It refuses to run rather than
//! pretend to serve the API.

use std::process::ExitCode;

fn main() -> ExitCode {
    eprintln!("heroku-sim: the simulator is not part of this build yet");
    ExitCode::from(2)
}
