//! `heroin init`: starts a project in the configuration directory (`-C DIR`,
//! created when missing): a commented base file and overlays, the schema, a
//! pre-commit hook. `--from APP...` starts from apps that exist (as `heroin
//! export` sees them). Writes nothing when any of its files exists.

use crate::error::Error;
use crate::export::variables_message;
use crate::init::{self, Format, Project};
use crate::ui::{Stream, Ui};

/// Arguments of `heroin init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The files' format.
    #[arg(long, value_enum, default_value = "toml")]
    pub format: Format,
    /// The environments, one overlay each (comma-separated). With --from,
    /// exactly one (default: prod).
    #[arg(long, value_name = "ENV,...", value_delimiter = ',')]
    pub envs: Vec<String>,
    /// The prefix of the apps' Heroku names (default: from the directory's
    /// name); the app of env ENV is NAME-ENV.
    #[arg(long, value_name = "NAME", conflicts_with = "from")]
    pub name: Option<String>,
    /// Start from these existing Heroku apps instead (their keys in the
    /// files are their names).
    #[arg(long, value_name = "APP", num_args = 1..)]
    pub from: Vec<String>,
    /// The API location, with --from (overrides HEROKU_HOST).
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
}

pub fn run(cx: &mut super::Context<'_>, args: &Args) -> Result<u8, Error> {
    let (cli, ui) = (cx.cli, cx.ui);
    for env in &args.envs {
        if !init::valid_env(env) {
            return Err(Error::Usage(format!(
                "--envs {env}: environment names are lowercase letters, digits and dashes, starting with a letter or a digit"
            )));
        }
    }
    let schema = super::schema::SCHEMA;
    let files = if args.from.is_empty() {
        let envs = if args.envs.is_empty() {
            vec!["staging".to_string(), "prod".to_string()]
        } else {
            args.envs.clone()
        };
        let dir_name = std::path::absolute(&cli.dir)
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default();
        let name = match &args.name {
            Some(n) => n.clone(),
            None => init::name_from(&dir_name, &envs),
        };
        init::files(
            &Project {
                name,
                format: args.format,
                envs,
            },
            schema,
        )
    } else {
        let env = match args.envs.as_slice() {
            [] => "prod".to_string(),
            [one] => one.clone(),
            _ => {
                return Err(Error::Usage(
                    "--from with --envs: name one environment; the exported apps are that environment's, and another environment needs apps of its own".into(),
                ));
            }
        };
        // Before reading Heroku: a refusal should not wait for the network.
        init::write::check(&cli.dir, &[init::SCHEMA_FILE, init::PRE_COMMIT_FILE])?;
        let apps: Vec<(String, String)> =
            args.from.iter().map(|a| (a.clone(), a.clone())).collect();
        let exports = super::export::read_apps(
            cx,
            (args.api_url.as_deref(), None),
            &apps,
            super::CONCURRENCY,
        )?;
        let variables: Vec<(String, String)> = exports
            .iter()
            .flat_map(|e| e.variables.iter().cloned())
            .collect();
        for note in exports.iter().flat_map(|e| &e.notes) {
            ui.line(Stream::Err, &format!("note: {note}"))?;
        }
        let files = init::from_exports(args.format, &env, &exports, schema);
        init::write::write(&cli.dir, &files)?;
        report(ui, &cli.dir, &files)?;
        if !variables.is_empty() {
            ui.line(
                Stream::Err,
                &format!(
                    "Set these variables before `heroin diff {env}` (their values are not printed):\n{}",
                    variables_message(&variables)
                ),
            )?;
        }
        return Ok(0);
    };
    init::write::write(&cli.dir, &files)?;
    report(ui, &cli.dir, &files)?;
    Ok(0)
}

/// Lists what was written, and what to do next.
fn report(ui: &Ui, dir: &std::path::Path, files: &[init::File]) -> Result<(), Error> {
    for f in files {
        ui.status("Created", &dir.join(&f.name).display().to_string())?;
    }
    ui.line(
        Stream::Err,
        "Next: `heroin validate`, then `heroin diff ENV` with HEROKU_API_KEY set; `pre-commit install` runs validate before each commit.",
    )?;
    Ok(())
}
