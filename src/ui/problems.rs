//! Problems, warnings and errors as the person sees them: one line each
//! with an indented hint, or, on a terminal with the file's text known, a
//! source snippet pointing at the span (`annotate-snippets`). A file's text
//! reaches the terminal here, so its control characters are made inert
//! first, keeping every span where it was.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use console::Style;

use super::{Sources, Stream, Ui};
use crate::diag::{Problem, Severity};
use crate::error::Error;
use crate::render::printable::{is_unsafe, printable_lines};

impl Ui {
    /// Writes the problems: with source snippets when the stream is a terminal
    /// and the file's text is known, else one line each with an indented hint.
    pub fn problems(
        &self,
        stream: Stream,
        problems: &[Problem],
        sources: &Sources,
    ) -> Result<(), Error> {
        self.reports(stream, problems, sources, Severity::Error)
    }

    /// Writes warnings about the files, as [`Ui::problems`] writes errors.
    pub fn warnings(
        &self,
        stream: Stream,
        warnings: &[Problem],
        sources: &Sources,
    ) -> Result<(), Error> {
        self.reports(stream, warnings, sources, Severity::Warning)
    }

    fn reports(
        &self,
        stream: Stream,
        problems: &[Problem],
        sources: &Sources,
        severity: Severity,
    ) -> Result<(), Error> {
        let snippets = self.term(stream).is_term();
        for p in problems {
            let text = match (&p.at, snippets) {
                (Some(at), true) => match (sources.get(&at.file), at.span) {
                    (Some(src), Some(span)) => {
                        snippet(p, src, span, Self::colors_of(stream), severity)
                    }
                    _ => self.plain(stream, p, severity),
                },
                _ => self.plain(stream, p, severity),
            };
            self.line(stream, &text)?;
        }
        Ok(())
    }

    fn plain(&self, stream: Stream, p: &Problem, severity: Severity) -> String {
        let style = match severity {
            Severity::Error => Style::new().red().bold(),
            Severity::Warning => Style::new().yellow().bold(),
        };
        let error = Self::style(stream, style).apply_to(severity.label());
        let mut text = match &p.at {
            Some(at) => format!("{at}: {error}: {}", p.headline()),
            None => format!("{error}: {}", p.headline()),
        };
        if let Some(hint) = &p.hint {
            let label = Self::style(stream, Style::new().cyan()).apply_to("hint");
            text.push_str(&format!("\n  {label}: {}", printable_lines(hint)));
        }
        text
    }

    /// Writes an error on stderr: the message, its problems, its hints.
    pub fn error(&self, error: &Error, sources: &Sources) -> Result<(), Error> {
        self.problems(Stream::Err, error.problems(), sources)?;
        // The message may quote a server, a file or git: escaped, as all
        // text heroin does not style itself.
        let label = Self::style(Stream::Err, Style::new().red().bold()).apply_to("error");
        let message = error.to_string();
        self.line(
            Stream::Err,
            &format!("{label}: {}", printable_lines(&message)),
        )?;
        for hint in error.hints() {
            let label = Self::style(Stream::Err, Style::new().cyan()).apply_to("hint");
            self.line(
                Stream::Err,
                &format!("  {label}: {}", printable_lines(&hint)),
            )?;
        }
        Ok(())
    }
}

fn snippet(p: &Problem, source: &str, span: (u32, u32), color: bool, severity: Severity) -> String {
    let file =
        p.at.as_ref()
            .map(|a| a.file.to_string())
            .unwrap_or_default();
    let (start, end) = (span.0 as usize, span.1 as usize);
    let (start, end) = (start.min(source.len()), end.min(source.len()).max(start));
    let headline = p.headline();
    let hint = p.hint.as_deref().map(printable_lines);
    let source = inert(source);
    let source = source.as_str();
    let mut report = vec![
        match severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        }
        .primary_title(&headline)
        .element(
            Snippet::source(source)
                .line_start(1)
                .path(&file)
                .annotation(AnnotationKind::Primary.span(start..end.max(start))),
        ),
    ];
    if let Some(hint) = &hint {
        report.push(Group::with_title(
            Level::HELP.secondary_title(hint.as_ref()),
        ));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&report)
}

/// `source` with each control or bidi character (but tabs and line breaks)
/// replaced by a visible one of the same length in bytes, so that the spans
/// of problems still point where they did: a file's text reaches the
/// terminal in snippets.
fn inert(source: &str) -> String {
    source
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => c,
            c if is_unsafe(c) => match c.len_utf8() {
                1 => '?',
                2 => '\u{bf}',
                _ => '\u{fffd}',
            },
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn snippet_sources_keep_their_byte_offsets() {
        let source = "a = \"x\u{1b}[2J\u{9b}\u{202e}y\"\n\tb = 1\r\n";
        let shown = super::inert(source);
        assert_eq!(shown.len(), source.len());
        assert_eq!(shown, "a = \"x?[2J\u{bf}\u{fffd}y\"\n\tb = 1\r\n");
    }
}
