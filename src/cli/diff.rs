//! `heroin diff ENV` (alias `plan`): reads the files and what Heroku has, and
//! prints the plan. Changes nothing.
//!
//! `--detailed-exitcode` exits 0 when there is nothing to change, 2 when
//! there are changes, and 1 when a change cannot be carried out (apply would
//! refuse the plan); `--json` prints the plan as `schemas/plan.schema.json`
//! describes it, with no secret value in it (as does `--format json`);
//! `--format markdown` prints it for a pull-request comment.

use crate::error::Error;
use crate::render;
use crate::session::Prepared;
use crate::ui::Stream;

/// Arguments of `heroin diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which environment and apps.
    #[command(flatten)]
    pub target: super::Target,
    /// Exit 0 when there is nothing to change, 2 when there are changes, 1 when
    /// a change cannot be carried out (apply would refuse the plan).
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// The output: the plan for people, JSON (as --json), or Markdown for a
    /// pull-request comment (secrets masked, one collapsible section per app).
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// How to reach Heroku, and which files.
    #[command(flatten)]
    pub remote: super::Remote,
}

/// The output formats of `heroin diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The plan for people.
    Text,
    /// The plan as JSON (`schemas/plan.schema.json`).
    Json,
    /// The plan as Markdown, for a pull-request comment.
    Markdown,
}

pub fn run(cx: &mut super::Context<'_>, args: &Args) -> Result<u8, Error> {
    let (cli, ui) = (cx.cli, cx.ui);
    let format = match (cli.json, args.format) {
        (false, f) => f,
        (true, Format::Text | Format::Json) => Format::Json,
        (true, Format::Markdown) => {
            return Err(Error::Usage(
                "--json and --format markdown: choose one output".into(),
            ));
        }
    };
    if format == Format::Markdown && args.target.show_secrets {
        return Err(Error::Usage(
            "--format markdown never shows secrets (a comment is read by many): drop --show-secrets".into(),
        ));
    }
    let Prepared {
        config,
        plan: planned,
        ..
    } = cx.prepare(&args.target, &args.remote, super::READ_DEADLINE)?;
    if format == Format::Json {
        ui.json(&render::json(&planned))?;
    } else if format == Format::Markdown {
        let text = render::markdown::markdown(&planned, &config.names());
        ui.line(Stream::Out, text.trim_end())?;
    } else {
        let names = config.names();
        let options = render::Options {
            color: ui.colors(Stream::Out),
            show_secrets: args.target.show_secrets,
        };
        ui.line(Stream::Out, &render::text(&planned, &names, options))?;
    }
    if args.detailed_exitcode {
        planned.raise_if_impossible()?;
    }
    Ok(if args.detailed_exitcode && !planned.is_empty() {
        2
    } else {
        0
    })
}
