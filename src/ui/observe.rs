//! The terminal's side of the library's two conversations: what the start
//! of a command reports ([`session::Observer`]) and what an apply asks
//! ([`runner::Answerer`]). Only forwarding to [`Ui`]: no decisions here.

use super::{Spinner, Stream, Ui};
use crate::apply::runner;
use crate::error::Error;
use crate::session;

impl session::Observer for Ui {
    type Busy = Spinner;

    fn busy(&self, message: &str) -> Spinner {
        self.spinner(message)
    }

    fn warning(&self, message: &str) -> Result<(), Error> {
        Ui::warning(self, message)
    }

    fn tracer(&self) -> crate::http::Trace {
        Ui::tracer(self)
    }

    fn notices(&self) -> crate::http::Trace {
        Ui::notices(self)
    }
}

impl runner::Answerer for Ui {
    fn can_ask(&self) -> bool {
        Ui::can_ask(self)
    }

    fn confirm(&self, question: &str) -> Result<bool, Error> {
        Ui::confirm(self, question)
    }

    fn type_back(&self, question: &str, expected: &str) -> Result<bool, Error> {
        Ui::type_back(self, question, expected)
    }

    fn say(&self, line: &str) -> Result<(), Error> {
        self.line(Stream::Err, line)
    }

    type Busy = Spinner;

    fn busy(&self, message: &str) -> Spinner {
        self.spinner(message)
    }

    fn progress(&self, total: usize) -> Box<dyn Fn(&str) + '_> {
        let progress = Ui::progress(self, total);
        Box::new(move |message| progress.done("Applied", message))
    }
}
