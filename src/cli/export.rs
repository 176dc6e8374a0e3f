//! `heroin export APP...`: prints a heroin file for apps as Heroku has them,
//! in TOML (default) or YAML, with secret-looking values as `${NAME}`
//! placeholders; the variables to set are listed on stderr. The apps are read
//! at once, with a spinner on a terminal meanwhile. With `--dir` (and
//! `--all`, `--team` or several apps) it writes a whole configuration
//! directory instead ([`all`]).

mod all;

use crate::error::Error;
use crate::export::{export, toml, variables_message, yaml};
use crate::live::read::{Scope, read};
use crate::ui::Stream;

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
    /// How many requests to Heroku at once while reading.
    #[arg(long, value_name = "N", default_value_t = super::CONCURRENCY)]
    pub concurrency: usize,
    /// Give up talking to Heroku after this long (default 120; also
    /// HEROIN_TIMEOUT).
    #[arg(long, value_name = "SECONDS", value_parser = crate::session::seconds)]
    pub timeout: Option<f64>,
}

pub fn run(cx: &mut super::Context<'_>, args: &Args) -> Result<u8, Error> {
    if args.out_dir.is_some() {
        return all::run(cx, args);
    }
    let ui = cx.ui;
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
        cx,
        (args.api_url.as_deref(), args.timeout),
        &apps,
        args.concurrency,
    )?;
    let document = crate::export::tables::combine(&exported);
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
/// `timeout` seconds (`None`: `HEROIN_TIMEOUT` or the default), all at once
/// with `concurrency` requests at a time (a spinner on a terminal meanwhile:
/// many apps, or one with many add-ons, take a while), and exports each, in
/// order.
pub(super) fn read_apps(
    cx: &super::Context<'_>,
    (api_url, timeout): (Option<&str>, Option<f64>),
    apps: &[(String, String)],
    concurrency: usize,
) -> Result<Vec<crate::export::Export>, Error> {
    if let Some((key, _)) = apps
        .iter()
        .find(|(key, _)| !crate::config::convert::is_key(key))
    {
        return Err(Error::Usage(format!(
            "{key}: an app key holds only letters, digits, `-` and `_`"
        )));
    }
    let ui = cx.ui;
    let client = cx.client(api_url, timeout)?;
    let what = match apps {
        [(_, name)] => name.clone(),
        _ => format!("{} apps", apps.len()),
    };
    let spinner = ui.spinner(&format!("reading {what} from {}", client.endpoint().host));
    let live = read(&client, &Scope::whole(apps), concurrency.max(1));
    drop(spinner);
    let mut live = live?;
    let mut read_apps = Vec::new();
    for (key, name) in apps {
        let Some(Some(app)) = live.apps.remove(key) else {
            return Err(Error::Usage(format!(
                "there is no app `{name}` on {}",
                client.endpoint().host
            )));
        };
        read_apps.push((key, app));
    }
    let mut out: Vec<_> = read_apps.iter().map(|(k, a)| export(k, a)).collect();
    let live_apps: Vec<_> = read_apps.into_iter().map(|(_, a)| a).collect();
    let tables = read_tables(&client, &live_apps, &live.pipelines, concurrency)?;
    out.push(crate::export::Export {
        document: crate::export::Item::Table(tables.fields),
        variables: tables.variables,
        notes: tables.notes,
    });
    Ok(out)
}

/// Reads and writes the pipelines, teams and spaces `apps` refer to, with
/// the account's pipelines by name (`pipelines`).
pub(super) fn read_tables(
    client: &crate::http::Client,
    apps: &[crate::live::LiveApp],
    pipelines: &std::collections::BTreeMap<String, String>,
    concurrency: usize,
) -> Result<crate::export::tables::Tables, Error> {
    let scope = crate::export::tables::scope(apps);
    let found = crate::live::tables::read(client, &scope, pipelines, concurrency.max(1))?;
    Ok(crate::export::tables::tables(&found))
}
