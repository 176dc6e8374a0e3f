//! Reading an answer from the terminal: one whole line, as the terminal's
//! line editing delivers it after Enter; end of input; and Ctrl-C.
//!
//! Nothing here prints: [`super::Ui`] writes the question and says what an
//! interruption means. A line is read on a helper thread so that a SIGINT
//! (Ctrl-C) can end the wait: the handler tells the waiting prompt, which
//! returns [`Line::Interrupted`] and lets the command end with exit 130 and
//! its own words. While no prompt waits, a Ctrl-C or SIGTERM asks the
//! running apply to stop after the step in flight ([`crate::apply::stop`]),
//! which then says what was applied; with no apply running (or at a second
//! signal) the process ends with 130 or 143, after making the cursor
//! visible again (a spinner or a progress bar hides it).

use std::io::BufRead;
use std::sync::mpsc::{Sender, channel};
use std::sync::{Mutex, Once};

use crate::apply::stop::{self, Signal};

/// What came back from the terminal.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A line, without its line ending.
    Text(String),
    /// End of input (Ctrl-D, a closed terminal).
    End,
    /// Ctrl-C.
    Interrupted,
}

enum Event {
    Read(std::io::Result<Option<String>>),
    Interrupt,
}

/// The prompt waiting now, if any: where the handler sends Ctrl-C.
static WAITING: Mutex<Option<Sender<Event>>> = Mutex::new(None);

fn waiting() -> std::sync::MutexGuard<'static, Option<Sender<Event>>> {
    WAITING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Installs the handler of SIGINT and SIGTERM (once); before a question is
/// shown, so that a Ctrl-C right after it is seen is already the prompt's.
/// `main` installs it first thing, before any thread starts, so that every
/// thread leaves the signals to it.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // When the handler cannot be installed, the signals keep their
        // default (the process ends): nothing is lost but the message.
        #[cfg(unix)]
        listen();
        #[cfg(not(unix))]
        let _ = ctrlc::set_handler(|| on_signal(Signal::Interrupt));
    });
}

/// Blocks SIGINT and SIGTERM in this thread (and the threads it starts) and
/// takes them on a thread of their own, which learns which one came.
#[cfg(unix)]
fn listen() {
    use nix::sys::signal::{SigSet, Signal as Sig};
    let mut set = SigSet::empty();
    set.add(Sig::SIGINT);
    set.add(Sig::SIGTERM);
    if set.thread_block().is_err() {
        return;
    }
    std::thread::spawn(move || {
        loop {
            match set.wait() {
                Ok(Sig::SIGINT) => on_signal(Signal::Interrupt),
                Ok(Sig::SIGTERM) => on_signal(Signal::Terminate),
                _ => {}
            }
        }
    });
}

/// A waiting prompt takes Ctrl-C; else a running apply stops after its step
/// in flight; else (or at a second signal) the process ends as the signal
/// would, after making the cursor visible again (a spinner or a progress
/// bar hides it).
fn on_signal(signal: Signal) {
    if signal == Signal::Interrupt
        && let Some(prompt) = waiting().as_ref()
    {
        let _ = prompt.send(Event::Interrupt);
        return;
    }
    if stop::request(signal) {
        return;
    }
    let _ = console::Term::stderr().show_cursor();
    std::process::exit(match signal {
        Signal::Interrupt => 130,
        Signal::Terminate => 143,
    });
}

/// Drops what was typed before a question is shown: a paste of `y\ry\r`, or
/// keys typed ahead while heroin worked, must not answer a question that was
/// not yet asked (a destructive one, most of all). Only a terminal has such
/// input; elsewhere this does nothing.
pub fn discard_typeahead() {
    #[cfg(unix)]
    {
        let _ = nix::sys::termios::tcflush(std::io::stdin(), nix::sys::termios::FlushArg::TCIFLUSH);
    }
}

/// Waits for one line on standard input, end of input, or Ctrl-C.
pub fn read_line() -> std::io::Result<Line> {
    install();
    let (tx, rx) = channel();
    *waiting() = Some(tx.clone());
    std::thread::spawn(move || {
        let mut text = String::new();
        let read = std::io::stdin()
            .lock()
            .read_line(&mut text)
            .map(|n| (n > 0).then_some(text));
        let _ = tx.send(Event::Read(read));
    });
    let event = rx.recv();
    *waiting() = None;
    match event {
        Ok(Event::Interrupt) => Ok(Line::Interrupted),
        Ok(Event::Read(Ok(Some(text)))) => {
            Ok(Line::Text(text.trim_end_matches(['\n', '\r']).to_string()))
        }
        Ok(Event::Read(Ok(None))) => Ok(Line::End),
        Ok(Event::Read(Err(e))) => Err(e),
        Err(_) => Ok(Line::End),
    }
}

/// A yes/no answer as typed: `y`, `yes`, `n`, `no` (any case, blanks
/// around ignored); an empty line is the default, no. `None`: not an answer.
pub fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Some(true),
        "n" | "no" | "" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::yes_no;

    #[test]
    fn only_whole_words_answer() {
        for yes in ["y", "Y", "yes", " YES "] {
            assert_eq!(yes_no(yes), Some(true), "{yes}");
        }
        for no in ["n", "No", "", "  "] {
            assert_eq!(yes_no(no), Some(false), "{no:?}");
        }
        for neither in ["yy", "ye", "yes please", "nope", "1", "j"] {
            assert_eq!(yes_no(neither), None, "{neither}");
        }
    }
}
