//! All output goes through [`Ui`]: the only module that prints.
//!
//! It decides colors (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`, whether the
//! stream is a terminal, all through `console`), shows problems as one line
//! each or, on a terminal, with a source snippet, and writes JSON. Commands
//! build text or JSON values and hand them here; nothing else writes to stdout
//! or stderr. Questions are asked here too, and their answers read as whole
//! lines (see `prompt`); problems and errors are written by `problems`; what
//! a command reports while it runs comes through `observe` (the library's
//! `session::Observer` and `apply::runner::Answerer`).

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;

use console::{Style, Term};

mod observe;
mod problems;
mod prompt;

/// Takes SIGINT and SIGTERM from now on (see the `prompt` module): call it
/// before any thread starts.
pub fn install_signals() {
    prompt::install();
}

use crate::error::Error;
use crate::render::printable::printable_lines;

/// When to use colors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Which stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Standard output: the command's result.
    Out,
    /// Standard error: errors, status and progress.
    Err,
}

/// The texts of the files, by the name problems use, for source snippets.
pub type Sources = BTreeMap<Arc<str>, String>;

/// The user interface: streams and their colors.
pub struct Ui {
    out: Term,
    err: Term,
    /// The spinner on screen, if any: status lines are printed above it.
    spinning: Arc<std::sync::Mutex<Option<indicatif::ProgressBar>>>,
}

impl Ui {
    /// A `Ui` on the process's stdout and stderr.
    pub fn new(color: ColorChoice) -> Ui {
        match color {
            ColorChoice::Auto => {}
            ColorChoice::Always | ColorChoice::Never => {
                let on = color == ColorChoice::Always;
                console::set_colors_enabled(on);
                console::set_colors_enabled_stderr(on);
            }
        }
        Ui {
            out: Term::stdout(),
            err: Term::stderr(),
            spinning: Arc::default(),
        }
    }

    fn term(&self, stream: Stream) -> &Term {
        match stream {
            Stream::Out => &self.out,
            Stream::Err => &self.err,
        }
    }

    fn colors_of(stream: Stream) -> bool {
        match stream {
            Stream::Out => console::colors_enabled(),
            Stream::Err => console::colors_enabled_stderr(),
        }
    }

    fn style(stream: Stream, style: Style) -> Style {
        match stream {
            Stream::Out => style,
            Stream::Err => style.for_stderr(),
        }
    }

    /// Writes `text` (a line or several, without the final newline).
    pub fn line(&self, stream: Stream, text: &str) -> Result<(), Error> {
        let mut term = self.term(stream);
        writeln!(term, "{text}")?;
        Ok(())
    }

    /// Whether `stream` gets colors.
    pub fn colors(&self, stream: Stream) -> bool {
        Self::colors_of(stream)
    }

    /// A sink for HTTP trace lines (`-v`): they go to stderr, dimmed.
    pub fn tracer(&self) -> crate::http::Trace {
        let term = self.err.clone();
        std::sync::Arc::new(move |line: String| {
            let dim = Style::new()
                .dim()
                .for_stderr()
                .apply_to(format!("http: {line}"));
            let _ = term.write_line(&dim.to_string());
        })
    }

    /// A sink for the HTTP client's status lines (a pause for Heroku's rate
    /// limit): cargo-style `Waiting` lines on stderr, above a spinner.
    pub fn notices(&self) -> crate::http::Trace {
        let spinning = self.spinning.clone();
        std::sync::Arc::new(move |line: String| {
            let verb = Style::new()
                .cyan()
                .bold()
                .for_stderr()
                .apply_to(format!("{:>12}", "Waiting"));
            let line = format!("{verb} {}", printable_lines(&line));
            match &*spinning.lock().unwrap_or_else(|e| e.into_inner()) {
                Some(bar) => bar.println(line),
                None => {
                    let _ = Term::stderr().write_line(&line);
                }
            }
        })
    }

    /// A spinner on stderr while `message` is under way, on a terminal only;
    /// it disappears when dropped.
    pub fn spinner(&self, message: &str) -> Spinner {
        if !self.err.is_term() {
            return Spinner(None, self.spinning.clone());
        }
        // A Ctrl-C meanwhile must not leave the spinner's hidden cursor.
        prompt::install();
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message(message.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
        *self.spinning.lock().unwrap_or_else(|e| e.into_inner()) = Some(bar.clone());
        Spinner(Some(bar), self.spinning.clone())
    }

    /// Whether there is someone to ask: standard input is a terminal.
    pub fn can_ask(&self) -> bool {
        std::io::IsTerminal::is_terminal(&std::io::stdin())
    }

    /// Asks a yes/no question on the terminal and reads the answer as a
    /// whole line (`y`, `yes`, `n`, `no`, then Enter; an empty line or the end
    /// of input is no). Ctrl-C is [`Error::Interrupted`], saying that nothing
    /// was changed (a caller that has changed something says what instead).
    pub fn confirm(&self, question: &str) -> Result<bool, Error> {
        loop {
            match self.ask(&format!("{question} [y/N] "))? {
                None => return Ok(false),
                Some(text) => match prompt::yes_no(&text) {
                    Some(answer) => return Ok(answer),
                    None => self.line(Stream::Err, "Please answer yes or no (y/n, then Enter).")?,
                },
            }
        }
    }

    /// Asks the user to type `expected` back; whether they did (the end of
    /// input is not).
    pub fn type_back(&self, question: &str, expected: &str) -> Result<bool, Error> {
        let typed = self.ask(&format!("{question}: "))?;
        Ok(typed.is_some_and(|t| t.trim() == expected))
    }

    /// Writes `question` (no line ending) and reads one line: `None` at the
    /// end of input. On Ctrl-C the cursor is made visible and the line ended,
    /// so that the message that follows starts on a line of its own.
    fn ask(&self, question: &str) -> Result<Option<String>, Error> {
        prompt::install();
        prompt::discard_typeahead();
        let mut term = &self.err;
        write!(term, "{question}")?;
        term.flush()?;
        match prompt::read_line()? {
            prompt::Line::Text(text) => Ok(Some(text)),
            prompt::Line::End => {
                writeln!(term)?;
                Ok(None)
            }
            prompt::Line::Interrupted => {
                writeln!(term)?;
                let _ = self.err.show_cursor();
                Err(Error::Interrupted("nothing was changed".into()))
            }
        }
    }

    /// Progress through `total` steps: cargo-style status lines, and on a
    /// terminal, for long plans, a bar under them.
    pub fn progress(&self, total: usize) -> Progress {
        // On a terminal the bar ticks while a step runs, so a long one (an
        // add-on being provisioned) is never a silent pause.
        let bar = (self.err.is_term() && total > 0).then(|| {
            prompt::install();
            let bar = indicatif::ProgressBar::new(total as u64);
            let template = if total > 5 {
                "{spinner} {bar:40} {pos}/{len} {msg}"
            } else {
                "{spinner} {pos}/{len} {msg}"
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar.set_message("applying");
            bar.enable_steady_tick(std::time::Duration::from_millis(100));
            bar
        });
        Progress { bar }
    }

    /// Writes a JSON value, pretty-printed, on stdout.
    pub fn json(&self, value: &serde_json::Value) -> Result<(), Error> {
        let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
        self.line(Stream::Out, &text)
    }

    /// A status line in cargo's style: the verb right-aligned in bold green.
    pub fn status(&self, verb: &str, message: &str) -> Result<(), Error> {
        let verb =
            Self::style(Stream::Err, Style::new().green().bold()).apply_to(format!("{verb:>12}"));
        self.line(Stream::Err, &format!("{verb} {}", printable_lines(message)))
    }

    /// Writes a warning on stderr: something to fix that does not stop heroin.
    pub fn warning(&self, message: &str) -> Result<(), Error> {
        let label = Self::style(Stream::Err, Style::new().yellow().bold()).apply_to("warning");
        self.line(
            Stream::Err,
            &format!("{label}: {}", printable_lines(message)),
        )
    }
}

/// Progress through the steps of an apply; the bar is cleared when dropped.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    /// One step done: a status line, and the bar moves on.
    pub fn done(&self, verb: &str, message: &str) {
        let verb = Style::new()
            .green()
            .bold()
            .for_stderr()
            .apply_to(format!("{verb:>12}"));
        let line = format!("{verb} {}", printable_lines(message));
        match &self.bar {
            Some(bar) => {
                bar.println(line);
                bar.inc(1);
            }
            None => {
                let _ = Term::stderr().write_line(&line);
            }
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A spinner on a terminal, cleared when dropped.
pub struct Spinner(
    Option<indicatif::ProgressBar>,
    Arc<std::sync::Mutex<Option<indicatif::ProgressBar>>>,
);

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            *self.1.lock().unwrap_or_else(|e| e.into_inner()) = None;
            bar.finish_and_clear();
        }
    }
}
