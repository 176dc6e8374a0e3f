//! `heroin diff ENV` (alias `plan`): reads the files and what Heroku has, and
//! prints the plan. Changes nothing.
//!
//! `--detailed-exitcode` exits 0 when there is nothing to change, 2 when
//! there are changes, and 1 when a change cannot be carried out (apply would
//! refuse the plan); `--json` prints the plan as `schemas/plan.schema.json`
//! describes it, with no secret value in it (as does `--format json`);
//! `--format markdown` prints it for a pull-request comment.

use std::collections::BTreeMap;

use super::Cli;
use crate::error::Error;
use crate::http::{Client, Timeouts};
use crate::render;
use crate::ui::{Sources, Stream, Ui};

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

/// How long diff and export may talk to Heroku, unless told otherwise.
pub const READ_DEADLINE: f64 = 120.0;
/// How long apply may talk to Heroku (reading, then again after the
/// questions, applying), unless told otherwise.
pub const APPLY_DEADLINE: f64 = 300.0;

/// The time bounds: `--timeout`, else `HEROIN_TIMEOUT`, else `default`
/// (seconds).
pub fn timeouts(
    flag: Option<f64>,
    process: &BTreeMap<String, String>,
    default: f64,
) -> Result<Timeouts, Error> {
    let seconds = match (flag, process.get("HEROIN_TIMEOUT")) {
        (Some(s), _) => s,
        (None, Some(text)) => {
            super::seconds(text).map_err(|e| Error::Usage(format!("HEROIN_TIMEOUT: {e}")))?
        }
        (None, None) => default,
    };
    Ok(Timeouts::new(std::time::Duration::from_secs_f64(seconds)))
}

/// The client for the API that the environment and flags name.
pub fn client(
    api_url: Option<&str>,
    process: &BTreeMap<String, String>,
    ui: &Ui,
    verbose: bool,
) -> Result<Client, Error> {
    // Callers set their own time bounds on the client.
    let reach = crate::session::Reach {
        api_url,
        concurrency: 1,
        verbose,
        timeouts: Timeouts::default(),
    };
    crate::session::client(reach, process, ui)
}

pub use crate::session::Prepared;

/// Loads the files, reads Heroku and plans: [`crate::session::prepare`]
/// with the command line's target.
pub fn prepare(
    cli: &Cli,
    target: &super::Target,
    remote: &super::Remote,
    ui: &Ui,
    sources: &mut Sources,
    process: &BTreeMap<String, String>,
) -> Result<Prepared, Error> {
    let at = crate::session::Target {
        dir: &cli.dir,
        env: &target.env,
        apps: &target.apps,
        git_ref: remote.git_ref.as_deref(),
    };
    let default = match cli.command {
        super::Command::Apply(_) => APPLY_DEADLINE,
        _ => READ_DEADLINE,
    };
    let timeouts = timeouts(remote.timeout, process, default)?;
    crate::session::prepare(
        at,
        remote.reach(cli.verbose, timeouts),
        ui,
        sources,
        process,
    )
}

pub fn run(
    cli: &Cli,
    args: &Args,
    ui: &Ui,
    sources: &mut Sources,
    process: &BTreeMap<String, String>,
) -> Result<u8, Error> {
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
    } = prepare(cli, &args.target, &args.remote, ui, sources, process)?;
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
