//! `heroin validate [FILE...]`: the offline check users run as a pre-commit
//! hook ([`crate::validate`]).
//!
//! Without files it checks every environment of `-C DIR` (base plus overlay,
//! fully merged; the base alone when there are no overlays). With files (as
//! pre-commit passes them) it checks the environments those files take part
//! in: a base file, every environment of its directory; an overlay, its own.
//! It never reads the process environment and needs no token: values that use
//! variables are checked for syntax only. Every problem is reported at once;
//! the exit code is 0 when there are none, 1 otherwise. Warnings (what works
//! but is probably not meant) are reported too and leave the exit code 0.

use std::path::PathBuf;

use crate::error::Error;
use crate::ui::Stream;
use crate::validate::validate;

/// Arguments of `heroin validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files to check (as pre-commit passes them). Default: every environment
    /// of the configuration directory.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

pub fn run(cx: &mut super::Context<'_>, args: &Args) -> Result<u8, Error> {
    let (cli, ui) = (cx.cli, cx.ui);
    let report = validate(&cli.dir, &args.files)?;
    if cli.json {
        ui.json(&report.json())?;
    } else {
        ui.problems(Stream::Out, &report.problems, &report.sources)?;
        ui.warnings(Stream::Out, &report.warnings, &report.sources)?;
        ui.line(Stream::Out, &report.summary())?;
    }
    Ok(if report.problems.is_empty() { 0 } else { 1 })
}
