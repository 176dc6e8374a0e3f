//! The command line: argument parsing and dispatch, one file per command.
//!
//! Each command is a function from its arguments (and the [`Ui`]) to a
//! `Result`; `main` turns the result into output and an exit code. Commands
//! build text or JSON and hand it to the [`Ui`]; they never print themselves.
//! The process environment is read here, at the edge, and handed inward.

mod apply;
mod completions;
mod diff;
mod envs;
mod export;
mod history;
mod init;
mod schema;
pub mod show;
mod validate;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::Error;
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
    /// How many requests to Heroku at once while reading.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub concurrency: usize,
    /// The API location (overrides HEROKU_HOST).
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
    /// Use the files as they are at this git ref (a tag such as
    /// heroin/prod/41, a branch, a commit) instead of the working tree.
    #[arg(long = "ref", value_name = "REF")]
    pub git_ref: Option<String>,
    /// Give up talking to Heroku after this long (default: 120 for diff, 300
    /// for apply, counted again after apply's questions; also HEROIN_TIMEOUT).
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub timeout: Option<f64>,
}

/// A number of seconds, more than 0 (`--timeout`, `HEROIN_TIMEOUT`).
pub(crate) fn seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s < 1e9 => Ok(s),
        _ => Err(format!("`{text}` is not a number of seconds above 0")),
    }
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
    match &cli.command {
        Command::Diff(args) => diff::run(cli, args, ui, sources, &process_env()),
        Command::Apply(args) => apply::run(&mut Context::new(cli, ui, sources), args),
        Command::History(args) => history::run(cli, args, ui),
        Command::Export(args) => export::run(cli, args, ui, &process_env()),
        Command::Validate(args) => validate::run(cli, args, ui),
        Command::Show(args) => show::run(cli, args, ui, sources, &process_env()),
        Command::Envs => envs::run(cli, ui),
        Command::Schema => schema::run(ui),
        Command::Init(args) => init::run(cli, args, ui, &process_env()),
        Command::Completions(args) => completions::run(args, ui),
    }
}

/// What a command's `run` takes besides its own arguments: the global
/// options, the output, the files read so far (for snippets in errors) and
/// the process environment, read once, at the edge.
pub struct Context<'a> {
    /// The global options.
    pub cli: &'a Cli,
    /// All output and questions.
    pub ui: &'a Ui,
    /// The files read, for snippets in error messages.
    pub sources: &'a mut Sources,
    /// The process environment.
    pub process: BTreeMap<String, String>,
}

impl<'a> Context<'a> {
    fn new(cli: &'a Cli, ui: &'a Ui, sources: &'a mut Sources) -> Context<'a> {
        Context {
            cli,
            ui,
            sources,
            process: process_env(),
        }
    }
}

/// The process environment, read once, at the edge.
fn process_env() -> BTreeMap<String, String> {
    std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .collect()
}

/// Reads environment `env` of `dir` (from the working tree, or as the files
/// are at git ref `at`), keeping the apps named with `--app`: see
/// [`crate::session::load`].
fn load_env(
    dir: &std::path::Path,
    env: &str,
    at: Option<&str>,
    apps: &[String],
    sources: &mut Sources,
    process: &BTreeMap<String, String>,
) -> Result<(crate::config::model::Config, Option<String>), Error> {
    let target = crate::session::Target {
        dir,
        env,
        apps,
        git_ref: at,
    };
    crate::session::load(target, sources, process)
}

impl Remote {
    /// How to reach Heroku, as the library takes it.
    fn reach(&self, verbose: bool, timeouts: crate::http::Timeouts) -> crate::session::Reach<'_> {
        crate::session::Reach {
            api_url: self.api_url.as_deref(),
            concurrency: self.concurrency,
            verbose,
            timeouts,
        }
    }
}
