//! `heroin diff ENV` (alias `plan`): reads the files and what Heroku has, and
//! prints the plan. Changes nothing.
//!
//! `--detailed-exitcode` exits 0 when there is nothing to change, 2 when
//! there are changes, and 1 when a change cannot be carried out (apply would
//! refuse the plan); `--json` prints the plan as `schemas/plan.schema.json`
//! describes it, with no secret value in it.

use std::collections::BTreeMap;

use super::Cli;
use crate::error::Error;
use crate::http::Client;
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
    /// How to reach Heroku, and which files.
    #[command(flatten)]
    pub remote: super::Remote,
}

/// The client for the API that the environment and flags name.
pub fn client(
    api_url: Option<&str>,
    process: &BTreeMap<String, String>,
    ui: &Ui,
    verbose: bool,
) -> Result<Client, Error> {
    let reach = crate::session::Reach {
        api_url,
        concurrency: 1,
        verbose,
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
    crate::session::prepare(at, remote.reach(cli.verbose), ui, sources, process)
}

pub fn run(
    cli: &Cli,
    args: &Args,
    ui: &Ui,
    sources: &mut Sources,
    process: &BTreeMap<String, String>,
) -> Result<u8, Error> {
    let Prepared {
        config,
        plan: planned,
        ..
    } = prepare(cli, &args.target, &args.remote, ui, sources, process)?;
    if cli.json {
        ui.json(&render::json(&planned))?;
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
