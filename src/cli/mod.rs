//! The command line: argument parsing and dispatch, one file per command.
//!
//! Each command is a function `run(cx, args)` from its arguments and the
//! [`Context`] (global options, the [`Ui`], the files read, the process
//! environment) to a `Result`; `main` turns the result into output and an
//! exit code. Commands turn arguments into the library's plain values, call
//! it, and hand what it returns to the [`Ui`]; they never print, build
//! requests or JSON themselves. The process environment is read here, at the
//! edge, and handed inward.

mod apply;
mod apply_saved;
mod completions;
mod diff;
mod envs;
mod export;
mod history;
mod init;
mod schema;
mod show;
mod show_plan;
mod validate;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::Error;
use crate::session::Client;
use crate::ui::{ColorChoice, Sources, Ui};

/// The version and the commit heroin was built from (`build.rs`).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("HEROIN_COMMIT"),
    ")"
);

/// heroin keeps Heroku apps in the state that TOML or YAML files in a git
/// repository describe.
#[derive(Debug, Parser)]
#[command(name = "heroin", version = VERSION, max_term_width = 100)]
pub struct Cli {
    /// The configuration directory (the one holding heroin.toml).
    #[arg(short = 'C', value_name = "DIR", default_value = ".", global = true)]
    pub dir: PathBuf,
    /// Machine-readable output on stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// When to use colors (NO_COLOR is honoured).
    #[arg(
        long,
        value_enum,
        value_name = "WHEN",
        default_value = "auto",
        global = true
    )]
    pub color: ColorChoice,
    /// Trace every request to Heroku on stderr (the token is never shown).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a project: a commented heroin.toml, overlays, the schema and a
    /// pre-commit hook (or, with --from, files for existing apps).
    Init(init::Args),
    /// Show what would change on Heroku for an environment; changes nothing.
    #[command(alias = "plan")]
    Diff(diff::Args),
    /// Apply the plan: ask, change Heroku, verify, tag the applied commit.
    Apply(apply::Args),
    /// Print a saved plan (`heroin diff ENV --out FILE`) as diff printed it.
    ShowPlan(show_plan::Args),
    /// List what was applied to an environment, newest first (from the git tags).
    History(history::Args),
    /// Print a heroin file for an existing app (secrets as ${NAME} placeholders).
    Export(export::Args),
    /// Check the files offline (for pre-commit): no token, no variables needed.
    Validate(validate::Args),
    /// Print an environment's resolved configuration and where each value comes from.
    Show(show::Args),
    /// List the environments in the directory.
    Envs,
    /// Print the JSON Schema of the files.
    Schema,
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::Args),
}

/// Which environment, and which of its apps (shared by show, diff, apply).
#[derive(Debug, clap::Args)]
pub struct Target {
    /// The environment (an overlay heroin.ENV.toml must exist).
    pub env: String,
    /// Only these apps (their keys in the files); repeatable.
    #[arg(long = "app", value_name = "KEY")]
    pub apps: Vec<String>,
    /// Print secret values instead of masking them.
    #[arg(long)]
    pub show_secrets: bool,
}

/// How to reach Heroku and which files to use (shared by diff and apply).
#[derive(Debug, clap::Args)]
pub struct Remote {
    /// How many requests to Heroku at once (reading, and applying steps that
    /// do not depend on each other).
    #[arg(long, value_name = "N", default_value_t = CONCURRENCY)]
    pub concurrency: usize,
    /// Requests of Heroku's rate-limit bucket to leave to other tools and
    /// people: down to this many, heroin goes at Heroku's refill rate
    /// (default: a tenth of the bucket, 450 of Heroku's 4,500; 0 keeps none).
    #[arg(long, value_name = "N")]
    pub rate_limit_reserve: Option<u32>,
    /// The API location (overrides HEROKU_HOST).
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
    /// Use the files as they are at this git ref (a tag such as
    /// heroin/prod/41, a branch, a commit) instead of the working tree.
    #[arg(long = "ref", value_name = "REF")]
    pub git_ref: Option<String>,
    /// Give up talking to Heroku after this long (default: 120 for diff, 300
    /// for apply, counted again after apply's questions; also HEROIN_TIMEOUT).
    #[arg(long, value_name = "SECONDS", value_parser = crate::session::seconds)]
    pub timeout: Option<f64>,
}

/// Runs heroin with the process's arguments and environment.
pub fn main() -> ExitCode {
    // Before any thread starts: every thread leaves SIGINT and SIGTERM to
    // the handler.
    crate::ui::install_signals();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help, version and usage errors itself (usage: exit 2).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let ui = Ui::new(cli.color);
    let mut sources = Sources::new();
    let result = run(&cli, &ui, &mut sources);
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            let _ = ui.error(&error, &sources);
            ExitCode::from(error.exit_code())
        }
    }
}

/// Runs one parsed command line. `sources` collects the files read, for
/// snippets in error messages.
pub fn run(cli: &Cli, ui: &Ui, sources: &mut Sources) -> Result<u8, Error> {
    let cx = &mut Context::new(cli, ui, sources);
    match &cli.command {
        Command::Diff(args) => diff::run(cx, args),
        Command::Apply(args) => apply::run(cx, args),
        Command::ShowPlan(args) => show_plan::run(cx, args),
        Command::History(args) => history::run(cx, args),
        Command::Export(args) => export::run(cx, args),
        Command::Validate(args) => validate::run(cx, args),
        Command::Show(args) => show::run(cx, args),
        Command::Envs => envs::run(cx),
        Command::Schema => schema::run(cx),
        Command::Init(args) => init::run(cx, args),
        Command::Completions(args) => completions::run(cx, args),
    }
}

/// What every command's `run` takes besides its own arguments: the global
/// options, the output, the files read so far (for snippets in errors) and
/// the process environment, read at the edge the first time a command asks
/// for it (`validate` never does). Its methods are the steps commands share:
/// loading an environment, the time bounds, the client, the prepared plan.
pub struct Context<'a> {
    /// The global options.
    pub cli: &'a Cli,
    /// All output and questions.
    pub ui: &'a Ui,
    /// The files read, for snippets in error messages.
    pub sources: &'a mut Sources,
    /// The process environment, once read.
    process: std::cell::OnceCell<BTreeMap<String, String>>,
}

impl<'a> Context<'a> {
    fn new(cli: &'a Cli, ui: &'a Ui, sources: &'a mut Sources) -> Context<'a> {
        Context {
            cli,
            ui,
            sources,
            process: std::cell::OnceCell::new(),
        }
    }

    /// The process environment.
    pub fn process(&self) -> &BTreeMap<String, String> {
        self.process.get_or_init(process_env)
    }

    /// Reads environment `env` (from the working tree, or as the files are
    /// at git ref `at`), keeping the apps named with `--app`: see
    /// [`crate::session::load`].
    fn load(
        &mut self,
        target: &Target,
        at: Option<&str>,
    ) -> Result<(crate::config::model::Config, Option<String>), Error> {
        let at = crate::session::Target {
            dir: &self.cli.dir,
            env: &target.env,
            apps: &target.apps,
            git_ref: at,
        };
        let process = self.process.get_or_init(process_env);
        crate::session::load(at, self.sources, process)
    }

    /// The client for the API that the environment and `api_url` name,
    /// bounded by `--timeout` (else `HEROIN_TIMEOUT`, else
    /// [`READ_DEADLINE`]).
    fn client(&self, api_url: Option<&str>, timeout: Option<f64>) -> Result<Client, Error> {
        let reach = crate::session::Reach {
            api_url,
            concurrency: 1,
            reserve: None,
            verbose: self.cli.verbose,
            timeouts: crate::session::timeouts(timeout, self.process(), READ_DEADLINE)?,
        };
        crate::session::client(reach, self.process(), self.ui)
    }

    /// Loads the files, reads Heroku and plans: [`crate::session::prepare`]
    /// with the command line's target, within `deadline` seconds unless
    /// told otherwise.
    fn prepare(
        &mut self,
        target: &Target,
        remote: &Remote,
        deadline: f64,
    ) -> Result<crate::session::Prepared, Error> {
        let at = crate::session::Target {
            dir: &self.cli.dir,
            env: &target.env,
            apps: &target.apps,
            git_ref: remote.git_ref.as_deref(),
        };
        let reach = crate::session::Reach {
            api_url: remote.api_url.as_deref(),
            concurrency: remote.concurrency,
            reserve: remote.rate_limit_reserve,
            verbose: self.cli.verbose,
            timeouts: crate::session::timeouts(remote.timeout, self.process(), deadline)?,
        };
        let process = self.process.get_or_init(process_env);
        crate::session::prepare(at, reach, self.ui, self.sources, process)
    }
}

/// How many requests to Heroku at once while reading, unless told
/// otherwise.
pub const CONCURRENCY: usize = 8;
/// How long diff and export may talk to Heroku, unless told otherwise.
pub const READ_DEADLINE: f64 = 120.0;
/// How long apply may talk to Heroku (reading, then again after the
/// questions, applying), unless told otherwise.
pub const APPLY_DEADLINE: f64 = 300.0;

/// Now, in seconds since the Unix epoch: the clock is read here, at the
/// edge.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The process environment, read once, at the edge.
fn process_env() -> BTreeMap<String, String> {
    std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .collect()
}
