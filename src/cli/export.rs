//! `heroin export APP...`: prints a heroin file for apps as Heroku has them,
//! in TOML (default) or YAML, with secret-looking values as `${NAME}`
//! placeholders; the variables to set are listed on stderr. The apps are read
//! at once, with a spinner on a terminal meanwhile. With `--dir` (and
//! `--all`, `--team` or several apps) it writes a whole configuration
//! directory instead ([`all`]).

mod all;

use std::collections::BTreeMap;

use super::Cli;
use super::diff::{READ_DEADLINE, client, timeouts};
use crate::config::model::{App, Config, Located};
use crate::diag::Origin;
use crate::error::Error;
use crate::export::{export, toml, variables_message, yaml};
use crate::live::read::read;
use crate::secret::Text;
use crate::ui::{Stream, Ui};

/// The file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// TOML.
    Toml,
    /// YAML.
    Yaml,
}

/// Arguments of `heroin export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Heroku apps' names (none with --all or --team).
    #[arg(value_name = "APP")]
    pub apps: Vec<String>,
    /// Write a configuration directory (base and overlays) to DIR, which must
    /// be empty or absent.
    // Its own id: `-C DIR` (global) is `dir`.
    #[arg(long = "dir", id = "out_dir", value_name = "DIR")]
    pub out_dir: Option<std::path::PathBuf>,
    /// Every app the token can see (with --dir).
    #[arg(long)]
    pub all: bool,
    /// Only this team's apps (with --dir).
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
    /// Put an app into an environment, whatever its pipeline or name says
    /// (with --dir); repeatable.
    #[arg(long = "env", value_name = "APP=ENV")]
    pub envs: Vec<String>,
    /// The file format.
    #[arg(long, value_enum, default_value = "toml")]
    pub format: Format,
    /// The app's key in the file (default: its name); one app only.
    #[arg(long, value_name = "KEY")]
    pub key: Option<String>,
    /// The API location (overrides HEROKU_HOST).
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
    /// Give up talking to Heroku after this long (default 120; also
    /// HEROIN_TIMEOUT).
    #[arg(long, value_name = "SECONDS", value_parser = super::seconds)]
    pub timeout: Option<f64>,
}

/// A configuration that manages every section of `name`, so that reading it
/// fetches everything Heroku has.
fn everything(key: &str, name: &str) -> Config {
    let at = Origin::file_start(&"(export)".into());
    let text = |v: &str| Located {
        value: Text::Plain(v.to_string()),
        at: at.clone(),
    };
    // Any pipeline: managing the section is what makes the coupling read.
    let pipeline = crate::config::model::Pipeline {
        at: at.clone(),
        name: text(""),
        stage: text(""),
    };
    let app = App {
        key: key.to_string(),
        at: at.clone(),
        name: text(name),
        region: None,
        stack: None,
        team: None,
        maintenance: None,
        acm: None,
        buildpacks: Some(Vec::new()),
        domains: Some(Vec::new()),
        log_drains: Some(Vec::new()),
        collaborators: Some(Vec::new()),
        ignore_config_vars: Vec::new(),
        config_vars: Some(BTreeMap::new()),
        addons: Some(BTreeMap::new()),
        formation: Some(BTreeMap::new()),
        features: Some(BTreeMap::new()),
        pipeline: Some(pipeline),
        webhooks: Some(Vec::new()),
        telemetry_drains: Some(Vec::new()),
        sni_endpoints: Some(BTreeMap::new()),
    };
    Config {
        env: None,
        files: Vec::new(),
        apps: [(key.to_string(), app)].into(),
    }
}

pub fn run(
    cli: &Cli,
    args: &Args,
    ui: &Ui,
    process: &BTreeMap<String, String>,
) -> Result<u8, Error> {
    if args.out_dir.is_some() {
        return all::run(cli, args, ui, process);
    }
    if args.all || args.team.is_some() || !args.envs.is_empty() {
        return Err(Error::Usage(
            "--all, --team and --env write a directory: give --dir DIR".into(),
        ));
    }
    let apps: Vec<(String, String)> = match (&args.key, args.apps.as_slice()) {
        (_, []) => {
            return Err(Error::Usage(
                "name the apps to export, or give --dir DIR with --all or --team TEAM".into(),
            ));
        }
        (Some(key), [app]) => vec![(key.clone(), app.clone())],
        (Some(_), _) => {
            return Err(Error::Usage(
                "--key names the key of one app: export one app with it".into(),
            ));
        }
        (None, apps) => apps.iter().map(|a| (a.clone(), a.clone())).collect(),
    };
    let exported = read_apps(
        cli,
        (args.api_url.as_deref(), args.timeout),
        &apps,
        ui,
        process,
    )?;
    let document = crate::init::combine(&exported);
    let text = match args.format {
        Format::Toml => toml(&document),
        Format::Yaml => yaml(&document),
    };
    ui.line(Stream::Out, text.trim_end())?;
    for note in exported.iter().flat_map(|e| &e.notes) {
        ui.line(Stream::Err, &format!("note: {note}"))?;
    }
    let variables: Vec<(String, String)> = exported
        .iter()
        .flat_map(|e| e.variables.iter().cloned())
        .collect();
    if !variables.is_empty() {
        ui.line(
            Stream::Err,
            &format!(
                "Set these variables before `heroin diff` or `heroin apply` (their values are not printed):\n{}",
                variables_message(&variables)
            ),
        )?;
    }
    Ok(0)
}

/// Reads the apps `(key, Heroku name)` from the API at `api_url` within
/// `timeout` seconds (`None`: `HEROIN_TIMEOUT` or the default) all at once (a spinner on a terminal
/// meanwhile: many apps, or one with many add-ons, take a while) and exports
/// each, in order.
pub(super) fn read_apps(
    cli: &Cli,
    (api_url, timeout): (Option<&str>, Option<f64>),
    apps: &[(String, String)],
    ui: &Ui,
    process: &BTreeMap<String, String>,
) -> Result<Vec<crate::export::Export>, Error> {
    let mut config = Config {
        env: None,
        files: Vec::new(),
        apps: BTreeMap::new(),
    };
    for (key, name) in apps {
        if !crate::config::convert::is_key(key) {
            return Err(Error::Usage(format!(
                "{key}: an app key holds only letters, digits, `-` and `_`"
            )));
        }
        config.apps.extend(everything(key, name).apps);
    }
    let client = client(api_url, process, ui, cli.verbose)?.with_timeouts(timeouts(
        timeout,
        process,
        READ_DEADLINE,
    )?);
    let what = match apps {
        [(_, name)] => name.clone(),
        _ => format!("{} apps", apps.len()),
    };
    let spinner = ui.spinner(&format!("reading {what} from {}", client.endpoint().host));
    let live = read(&client, &config, 8);
    drop(spinner);
    let mut live = live?;
    let mut out = Vec::new();
    for (key, name) in apps {
        let Some(Some(app)) = live.apps.remove(key) else {
            return Err(Error::Usage(format!(
                "there is no app `{name}` on {}",
                client.endpoint().host
            )));
        };
        out.push(export(key, &app));
    }
    Ok(out)
}
