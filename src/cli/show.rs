//! `heroin show ENV`: prints an environment's resolved configuration (merged
//! and interpolated), each value with the file:line:column it comes from.
//!
//! This is how users check what an overlay and its variables really produce
//! before anything talks to Heroku. Secrets are masked unless
//! `--show-secrets`. The rendering is pure ([`crate::render::show`]); `run`
//! reads the files and the process environment and hands the result to the
//! [`crate::ui::Ui`]. With `--cost` it lists instead what the environment
//! would cost a month as described, with Heroku's prices (the only time
//! `show` talks to Heroku).

use crate::error::Error;
use crate::render::show::{items, render_json, render_text};
use crate::ui::Stream;

/// Arguments of `heroin show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which environment and apps.
    #[command(flatten)]
    pub target: super::Target,
    /// List what the environment would cost a month as the files describe
    /// it, per app and resource, with Heroku's prices (reads them).
    #[arg(long)]
    pub cost: bool,
    /// The API location (overrides HEROKU_HOST), with --cost.
    #[arg(long, value_name = "URL", requires = "cost")]
    pub api_url: Option<String>,
    /// Give up talking to Heroku after this long, with --cost (default 120;
    /// also HEROIN_TIMEOUT).
    #[arg(long, value_name = "SECONDS", value_parser = crate::session::seconds, requires = "cost")]
    pub timeout: Option<f64>,
}

pub fn run(cx: &mut super::Context<'_>, args: &Args) -> Result<u8, Error> {
    let (config, _) = cx.load(&args.target, None)?;
    let (cli, ui) = (cx.cli, cx.ui);
    if args.cost {
        let client = cx.client(args.api_url.as_deref(), args.timeout)?;
        let cost = crate::session::described_cost(&client, &config)?;
        if cli.json {
            ui.json(&crate::render::cost::json(&cost))?;
        } else {
            ui.line(
                Stream::Out,
                &crate::render::cost::listing(&cost, &args.target.env),
            )?;
        }
        return Ok(0);
    }
    let items = items(&config, args.target.show_secrets);
    if cli.json {
        ui.json(&render_json(&config, &items))?;
    } else {
        ui.line(Stream::Out, &render_text(&config, &items))?;
    }
    Ok(0)
}
