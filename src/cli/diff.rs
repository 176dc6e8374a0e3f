//! `heroin diff ENV` (alias `plan`): reads the files and what Heroku has, and
//! prints the plan. Changes nothing.
//!
//! `--detailed-exitcode` exits 0 when there is nothing to change, 2 when
//! there are changes, and 1 when a change cannot be carried out (apply would
//! refuse the plan); `--json` prints the plan as `schemas/plan.schema.json`
//! describes it, with no secret value in it (as does `--format json`);
//! `--format markdown` prints it for a pull-request comment.

use std::collections::BTreeMap;

use super::{Cli, load_env};
use crate::error::Error;
use crate::http::{Client, Endpoint, RetryPolicy, Timeouts, endpoint};
use crate::live::read::read;
use crate::plan::plan;
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
    let endpoint = Endpoint::resolve(api_url, process)?;
    let netrc_path = process
        .get("HOME")
        .map(|h| std::path::Path::new(h).join(".netrc"));
    // The token from the environment wins: netrc is read only without it.
    let from_env = process
        .get("HEROKU_API_KEY")
        .is_some_and(|k| !k.trim().is_empty());
    let netrc = match (&netrc_path, from_env) {
        (Some(path), false) => read_netrc(path, ui)?,
        _ => None,
    };
    let netrc_name = netrc_path.map_or_else(|| "~/.netrc".to_string(), |p| p.display().to_string());
    let token = endpoint::token(process, &endpoint.host, netrc.as_deref(), &netrc_name)?;
    let trace = verbose.then(|| ui.tracer());
    Ok(Client::new(endpoint, token, RetryPolicy::default(), trace).with_status(ui.notices()))
}

/// The netrc file's text, if there is one; a warning, as the Heroku CLI
/// gives, when group or others may read or write it (it holds the token).
fn read_netrc(path: &std::path::Path, ui: &Ui) -> Result<Option<String>, Error> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(None);
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0, |m| m.permissions().mode()) & 0o777;
        if mode & 0o077 != 0 {
            ui.warning(&format!(
                "{} can be read or written by others (mode {mode:o}), and it holds your Heroku token: chmod 600 {}",
                path.display(),
                path.display()
            ))?;
        }
    }
    #[cfg(not(unix))]
    let _ = ui;
    Ok(Some(text))
}

/// A plan with a change that cannot be carried out: apply refuses it, and
/// `diff --detailed-exitcode` fails with it.
pub fn impossible() -> Error {
    Error::Refused {
        message: "the plan has changes that cannot be carried out (marked !)".into(),
        hint: "make the files agree with what Heroku has for those fields".into(),
    }
}

/// What `diff` and `apply` both start from: the files, Heroku's answer, and
/// the plan between them.
pub struct Prepared {
    /// The resolved configuration.
    pub config: crate::config::model::Config,
    /// The commit read, with --ref.
    pub commit: Option<String>,
    /// The client that read Heroku.
    pub client: Client,
    /// What Heroku has.
    pub live: crate::live::Live,
    /// The plan.
    pub plan: crate::plan::Plan,
}

/// Loads the files (working tree or --ref), reads Heroku (a spinner on a
/// terminal meanwhile), checks every add-on plan against Heroku's catalogue
/// (an unknown one is an error of the files), and plans.
pub fn prepare(
    cli: &Cli,
    target: &super::Target,
    remote: &super::Remote,
    ui: &Ui,
    sources: &mut Sources,
    process: &BTreeMap<String, String>,
) -> Result<Prepared, Error> {
    let (config, commit) = load_env(
        &cli.dir,
        &target.env,
        remote.git_ref.as_deref(),
        &target.apps,
        sources,
        process,
    )?;
    let default = match cli.command {
        super::Command::Apply(_) => APPLY_DEADLINE,
        _ => READ_DEADLINE,
    };
    let client = client(remote.api_url.as_deref(), process, ui, cli.verbose)?
        .with_timeouts(timeouts(remote.timeout, process, default)?);
    let spinner = ui.spinner(&format!(
        "reading {} from {}",
        target.env,
        client.endpoint().host
    ));
    let live = read(&client, &config, remote.concurrency.max(1));
    drop(spinner);
    let live = live?;
    let unknown = crate::config::check::catalogue(&config, &live.catalogue);
    if !unknown.is_empty() {
        return Err(Error::Config(unknown));
    }
    let plan = plan(&config, &live);
    // What Heroku says from now on may repeat a value the plan sends.
    client.know(plan.secrets());
    Ok(Prepared {
        config,
        commit,
        client,
        live,
        plan,
    })
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
    if args.detailed_exitcode && planned.has_impossible() {
        return Err(impossible());
    }
    Ok(if args.detailed_exitcode && !planned.is_empty() {
        2
    } else {
        0
    })
}
