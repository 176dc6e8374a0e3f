//! `heroin completions SHELL`: prints the completion script of a shell,
//! generated from the command line's definition (clap_complete).

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;
use crate::error::Error;
use crate::ui::Stream;

/// Arguments of `heroin completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(cx: &mut super::Context<'_>, args: &Args) -> Result<u8, Error> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "heroin", &mut script);
    let script = String::from_utf8_lossy(&script);
    cx.ui.line(Stream::Out, script.trim_end())?;
    Ok(0)
}
