//! `heroin show-plan FILE`: prints a saved plan (`heroin diff ENV --out
//! FILE`) as `heroin diff` printed it, or with `--json` as `heroin diff
//! --json` did, and on stderr what it was made from. Talks to no one.
//!
//! Whoever can write the file writes what it says: it is made printable
//! before it reaches a terminal.

use crate::error::Error;
use crate::render::date::date;
use crate::render::printable::{printable, printable_lines};
use crate::saved;
use crate::ui::Stream;

/// Arguments of `heroin show-plan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The saved plan (`heroin diff ENV --out FILE`).
    pub file: std::path::PathBuf,
}

pub fn run(cx: &mut super::Context<'_>, args: &Args) -> Result<u8, Error> {
    let (cli, ui) = (cx.cli, cx.ui);
    let saved = saved::file::read(&args.file)?;
    if cli.json {
        ui.json(&saved.plan)?;
        return Ok(0);
    }
    ui.line(
        Stream::Err,
        &format!(
            "Saved plan of {}, made {} from commit {} against {} by heroin {}",
            printable(&saved.env),
            date(saved.created_at),
            printable(&saved.files.commit.chars().take(12).collect::<String>()),
            printable(&saved.api_host),
            printable(&saved.heroin_version),
        ),
    )?;
    ui.line(Stream::Out, &printable_lines(&saved.text))?;
    Ok(0)
}
