//! `heroin show ENV`: prints an environment's resolved configuration (merged
//! and interpolated), each value with the file:line:column it comes from.
//!
//! This is how users check what an overlay and its variables really produce
//! before anything talks to Heroku. Secrets are masked unless
//! `--show-secrets`. The rendering is pure ([`crate::render::show`]); `run`
//! reads the files and the process environment and hands the result to the
//! [`crate::ui::Ui`].

use crate::error::Error;
use crate::render::show::{items, render_json, render_text};
use crate::ui::Stream;

/// Arguments of `heroin show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which environment and apps.
    #[command(flatten)]
    pub target: super::Target,
}

pub fn run(cx: &mut super::Context<'_>, args: &Args) -> Result<u8, Error> {
    let (config, _) = cx.load(&args.target, None)?;
    let (cli, ui) = (cx.cli, cx.ui);
    let items = items(&config, args.target.show_secrets);
    if cli.json {
        ui.json(&render_json(&config, &items))?;
    } else {
        ui.line(Stream::Out, &render_text(&config, &items))?;
    }
    Ok(0)
}
