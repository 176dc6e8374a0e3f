//! `heroin export APP`: prints a heroin file for an app as Heroku has it, in
//! TOML (default) or YAML, with secret-looking values as `${NAME}`
//! placeholders; the variables to set are listed on stderr.

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
    /// The Heroku app's name.
    pub app: String,
    /// The file format.
    #[arg(long, value_enum, default_value = "toml")]
    pub format: Format,
    /// The app's key in the file (default: its name).
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
    let key = args.key.clone().unwrap_or_else(|| args.app.clone());
    if !crate::config::convert::is_key(&key) {
        return Err(Error::Usage(format!(
            "--key {key}: an app key holds only letters, digits, `-` and `_`"
        )));
    }
    let client = client(args.api_url.as_deref(), process, ui, cli.verbose)?
        .with_timeouts(timeouts(args.timeout, process, READ_DEADLINE)?);
    let config = everything(&key, &args.app);
    let mut live = read(&client, &config, 8)?;
    let Some(Some(app)) = live.apps.remove(&key) else {
        return Err(Error::Usage(format!(
            "there is no app `{}` on {}",
            args.app,
            client.endpoint().host
        )));
    };
    let exported = export(&key, &app);
    let text = match args.format {
        Format::Toml => toml(&exported.document),
        Format::Yaml => yaml(&exported.document),
    };
    ui.line(Stream::Out, text.trim_end())?;
    for note in &exported.notes {
        ui.line(Stream::Err, &format!("note: {note}"))?;
    }
    if !exported.variables.is_empty() {
        ui.line(
            Stream::Err,
            &format!(
                "Set these variables before `heroin diff` or `heroin apply` (their values are not printed):\n{}",
                variables_message(&exported.variables)
            ),
        )?;
    }
    Ok(0)
}
