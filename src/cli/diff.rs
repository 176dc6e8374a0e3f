//! `heroin diff ENV` (alias `plan`): reads the files and what Heroku has, and
//! prints the plan. Changes nothing.
//!
//! `--detailed-exitcode` exits 0 when there is nothing to change and 2 when
//! there are changes; `--json` prints the plan as `schemas/plan.schema.json`
//! describes it, with no secret value in it.

use std::collections::BTreeMap;

use super::{Cli, load_env};
use crate::error::Error;
use crate::http::{Client, Endpoint, RetryPolicy, endpoint};
use crate::live::read::read;
use crate::plan::plan;
use crate::render;
use crate::ui::{Sources, Stream, Ui};

/// Arguments of `heroin diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The environment (an overlay heroin.ENV.toml must exist).
    pub env: String,
    /// Only these apps (their keys in the files); repeatable.
    #[arg(long = "app", value_name = "KEY")]
    pub apps: Vec<String>,
    /// Print secret values instead of masking them.
    #[arg(long)]
    pub show_secrets: bool,
    /// Exit 0 when there is nothing to change, 2 when there are changes.
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// How many requests to Heroku at once.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub concurrency: usize,
    /// The API location (overrides HEROKU_HOST).
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
    /// Plan the files as they are at this git ref (a tag such as
    /// heroin/prod/41, a branch, a commit) instead of the working tree.
    #[arg(long = "ref", value_name = "REF")]
    pub git_ref: Option<String>,
}

/// The client for the API that the environment and flags name.
pub fn client(
    api_url: Option<&str>,
    process: &BTreeMap<String, String>,
    ui: &Ui,
    verbose: bool,
) -> Result<Client, Error> {
    let endpoint = Endpoint::resolve(api_url, process)?;
    let netrc_path = process
        .get("HOME")
        .map(|h| std::path::Path::new(h).join(".netrc"));
    let netrc = netrc_path
        .as_ref()
        .and_then(|p| std::fs::read_to_string(p).ok());
    let netrc_name = netrc_path.map_or_else(|| "~/.netrc".to_string(), |p| p.display().to_string());
    let token = endpoint::token(process, &endpoint.host, netrc.as_deref(), &netrc_name)?;
    let trace = verbose.then(|| ui.tracer());
    Ok(Client::new(endpoint, token, RetryPolicy::default(), trace))
}

pub fn run(
    cli: &Cli,
    args: &Args,
    ui: &Ui,
    sources: &mut Sources,
    process: &BTreeMap<String, String>,
) -> Result<u8, Error> {
    let (config, _) = load_env(
        &cli.dir,
        &args.env,
        args.git_ref.as_deref(),
        &args.apps,
        sources,
        process,
    )?;
    let client = client(args.api_url.as_deref(), process, ui, cli.verbose)?;
    let spinner = ui.spinner(&format!(
        "reading {} from {}",
        args.env,
        client.endpoint().host
    ));
    let live = read(&client, &config, args.concurrency.max(1));
    drop(spinner);
    let planned = plan(&config, &live?);
    if cli.json {
        ui.json(&render::json(&planned))?;
    } else {
        let names = config
            .apps
            .iter()
            .map(|(k, a)| {
                (
                    k.clone(),
                    a.name.value.known().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let options = render::Options {
            color: ui.colors(Stream::Out),
            show_secrets: args.show_secrets,
        };
        ui.line(Stream::Out, &render::text(&planned, &names, options))?;
    }
    Ok(if args.detailed_exitcode && !planned.is_empty() {
        2
    } else {
        0
    })
}
