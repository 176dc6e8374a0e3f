//! The common start of every command that talks to Heroku: load the
//! environment's files (working tree or a git ref), keep the apps asked for,
//! make the client, read what Heroku has, check the add-on plans against
//! Heroku's catalogue, and plan.
//!
//! It takes plain values ([`Target`], [`Reach`]), never the command line, and
//! says what it is doing through [`Observer`], never by printing: `ui`
//! implements it for the terminal. The process environment is handed in by
//! the caller, which read it at the edge.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::model::Config;
use crate::error::Error;
/// The client a session makes and reads with.
pub use crate::http::{Client, Timeouts};
use crate::http::{Endpoint, RetryPolicy, Trace, endpoint};
use crate::live::Live;
use crate::live::read::{Scope, read};
use crate::plan::{Plan, plan};
use crate::ui::Sources;

/// Which files, which environment, which of its apps.
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    /// The configuration directory.
    pub dir: &'a Path,
    /// The environment.
    pub env: &'a str,
    /// Only these apps (their keys); all when empty.
    pub apps: &'a [String],
    /// Read the files as they are at this git ref instead of the working tree.
    pub git_ref: Option<&'a str>,
}

/// How to reach Heroku.
#[derive(Clone, Copy, Debug)]
pub struct Reach<'a> {
    /// The API location given on the command line (else HEROKU_HOST).
    pub api_url: Option<&'a str>,
    /// How many requests at once.
    pub concurrency: usize,
    /// Requests of the rate-limit bucket to leave to others (`None`: a
    /// tenth of the bucket).
    pub reserve: Option<u32>,
    /// Trace every request.
    pub verbose: bool,
    /// How long the command may talk to Heroku.
    pub timeouts: Timeouts,
}

/// What the start of a command tells the person running it.
pub trait Observer {
    /// What is shown while something is under way; it ends when dropped.
    type Busy;
    /// Something is under way (reading Heroku).
    fn busy(&self, message: &str) -> Self::Busy;
    /// Something the person should know, which does not stop the command.
    fn warning(&self, message: &str) -> Result<(), Error>;
    /// Where request traces go (with `verbose`).
    fn tracer(&self) -> Trace;
    /// Where the client's status lines go (a pause for the rate limit).
    fn notices(&self) -> Trace;
}

/// What `diff` and `apply` both start from: the files, Heroku's answer, and
/// the plan between them.
pub struct Prepared {
    /// The resolved configuration.
    pub config: Config,
    /// The commit read, with a git ref.
    pub commit: Option<String>,
    /// The client that read Heroku.
    pub client: Client,
    /// What Heroku has.
    pub live: Live,
    /// The plan.
    pub plan: Plan,
}

/// Loads the files, reads Heroku (the observer busy meanwhile), checks every
/// add-on plan against Heroku's catalogue (an unknown one is an error of the
/// files), and plans.
pub fn prepare<O: Observer>(
    target: Target<'_>,
    reach: Reach<'_>,
    observer: &O,
    sources: &mut Sources,
    process: &BTreeMap<String, String>,
) -> Result<Prepared, Error> {
    let (config, commit) = load(target, sources, process)?;
    let client = client(reach, process, observer)?;
    let busy = observer.busy(&format!(
        "reading {} from {}",
        target.env,
        client.endpoint().host
    ));
    let live = read(&client, &Scope::of(&config), reach.concurrency.max(1));
    drop(busy);
    let live = live?;
    let mut unknown = crate::config::check::catalogue(&config, &live.catalogue);
    unknown.extend(crate::config::check::teams(&config, &live.catalogue));
    if !unknown.is_empty() {
        return Err(Error::Config(unknown));
    }
    let mut plan = plan(&config, &live);
    if !plan.is_empty() {
        plan.cost = Some(cost(&client, &config, &live)?);
    }
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

/// What the plan of `config` against `live` costs: the add-ons' prices
/// came with what was read; the dyno sizes' are read (one request) only
/// when dynos run now or after.
fn cost(client: &Client, config: &Config, live: &Live) -> Result<crate::plan::cost::Cost, Error> {
    use crate::plan::cost;
    let unpriced = cost::of(config, live, &Default::default());
    if cost::sizes_in_play(&unpriced).is_empty() {
        return Ok(unpriced);
    }
    let sizes = crate::live::prices::dyno_sizes(client)?;
    Ok(cost::of(config, live, &sizes))
}

/// What the apps of `config` would cost a month as the files describe them
/// (`heroin show ENV --cost`): the plans' prices of the services they name
/// and, when a formation entry names a size, the dyno sizes'.
pub fn described_cost(client: &Client, config: &Config) -> Result<crate::plan::cost::Cost, Error> {
    let services: Vec<String> = Scope::of(config).services.into_iter().collect();
    let sized = config
        .apps
        .values()
        .flat_map(|a| a.formation.iter().flatten())
        .any(|(_, f)| f.size.is_some());
    let (prices, sizes) = crate::live::prices::read(client, &services, sized)?;
    Ok(crate::plan::cost::described(config, &prices, &sizes))
}

/// A number of seconds, more than 0 (`--timeout`, `HEROIN_TIMEOUT`).
pub fn seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s < 1e9 => Ok(s),
        _ => Err(format!("`{text}` is not a number of seconds above 0")),
    }
}

/// The time bounds: `flag` (`--timeout`), else `HEROIN_TIMEOUT` of
/// `process`, else `default` (seconds).
pub fn timeouts(
    flag: Option<f64>,
    process: &BTreeMap<String, String>,
    default: f64,
) -> Result<Timeouts, Error> {
    let seconds = match (flag, process.get("HEROIN_TIMEOUT")) {
        (Some(s), _) => s,
        (None, Some(text)) => {
            seconds(text).map_err(|e| Error::Usage(format!("HEROIN_TIMEOUT: {e}")))?
        }
        (None, None) => default,
    };
    Ok(Timeouts::new(std::time::Duration::from_secs_f64(seconds)))
}

/// The client for the API that the environment and `reach` name.
pub fn client<O: Observer>(
    reach: Reach<'_>,
    process: &BTreeMap<String, String>,
    observer: &O,
) -> Result<Client, Error> {
    let endpoint = Endpoint::resolve(reach.api_url, process)?;
    let netrc_path = process.get("HOME").map(|h| Path::new(h).join(".netrc"));
    // The token from the environment wins: netrc is read only without it.
    let from_env = process
        .get("HEROKU_API_KEY")
        .is_some_and(|k| !k.trim().is_empty());
    let netrc = match (&netrc_path, from_env) {
        (Some(path), false) => read_netrc(path, observer)?,
        _ => None,
    };
    let netrc_name = netrc_path.map_or_else(|| "~/.netrc".to_string(), |p| p.display().to_string());
    let token = endpoint::token(process, &endpoint.host, netrc.as_deref(), &netrc_name)?;
    let trace = reach.verbose.then(|| observer.tracer());
    Ok(Client::new(endpoint, token, RetryPolicy::default(), trace)
        .with_status(observer.notices())
        .with_reserve(reach.reserve)
        .with_timeouts(reach.timeouts))
}

/// The netrc file's text, if there is one; a warning, as the Heroku CLI
/// gives, when group or others may read or write it (it holds the token).
fn read_netrc<O: Observer>(path: &Path, observer: &O) -> Result<Option<String>, Error> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(None);
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0, |m| m.permissions().mode()) & 0o777;
        if mode & 0o077 != 0 {
            observer.warning(&format!(
                "{} can be read or written by others (mode {mode:o}), and it holds your Heroku token: chmod 600 {}",
                path.display(),
                path.display()
            ))?;
        }
    }
    #[cfg(not(unix))]
    let _ = observer;
    Ok(Some(text))
}

/// Reads the environment of `target` (from the working tree, or as the files
/// are at its git ref) with the process environment, keeping the apps it
/// names (all when none). The files' texts go into `sources`, for snippets in
/// error messages. Returns the commit read, with a git ref.
pub fn load(
    target: Target<'_>,
    sources: &mut Sources,
    process: &BTreeMap<String, String>,
) -> Result<(Config, Option<String>), Error> {
    use crate::config::files;
    let Target {
        dir,
        env,
        apps,
        git_ref,
    } = target;
    let (environment, parsed, commit, side) = match git_ref {
        None => {
            let environment = files::discover(dir)?.environment(env)?;
            let parsed = crate::config::Parsed::of(&environment);
            let side = files::read_referenced(
                dir,
                &parsed.referenced(),
                crate::config::certs::MAX_FILE_BYTES,
            );
            (environment, parsed, None, side)
        }
        Some(reference) => {
            let repo = crate::git::Repo::discover(dir).ok_or_else(|| Error::Refused {
                message: format!(
                    "--ref {reference}: {} is not in a git repository",
                    dir.display()
                ),
                hint: "--ref reads the files from a commit of the repository that holds them"
                    .into(),
            })?;
            let (commit, texts) = repo.files_at(reference).map_err(|e| match e {
                crate::git::GitError::NoRef(_) => Error::Refused {
                    message: format!(
                        "--ref {reference}: no such tag, branch or commit in this repository"
                    ),
                    hint: format!(
                        "`heroin history {env}` lists what was applied (the tags heroin/{env}/N)"
                    ),
                },
                e => e.into(),
            })?;
            let layout = files::classify(dir, texts.keys().cloned().collect())?;
            let read = |layer: &files::Layer| -> Result<crate::config::Source, files::FilesError> {
                let name = layer
                    .path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                Ok(crate::config::Source {
                    name: format!("{reference}:{}", layer.display).into(),
                    text: texts.get(name).cloned().unwrap_or_default(),
                    format: layer.format,
                })
            };
            let environment = layout.environment_from(env, &read)?;
            let parsed = crate::config::Parsed::of(&environment);
            let side = repo.referenced_at(
                &commit,
                &parsed.referenced(),
                crate::config::certs::MAX_FILE_BYTES,
            )?;
            (environment, parsed, Some(commit), side)
        }
    };
    for s in environment.sources() {
        sources.insert(s.name.clone(), s.text.clone());
    }
    let mut config = crate::config::load_parsed(&environment, parsed, Some(process), &side)
        .0
        .map_err(Error::Config)?;
    select_apps(&mut config, apps)?;
    Ok((config, commit))
}

/// Keeps only the apps named with `--app`; an unknown key is a usage error.
fn select_apps(config: &mut Config, keys: &[String]) -> Result<(), Error> {
    if keys.is_empty() {
        return Ok(());
    }
    for key in keys {
        if !config.apps.contains_key(key) {
            let known: Vec<&str> = config.apps.keys().map(String::as_str).collect();
            let hint = crate::diag::closest(key, known.iter().copied()).map_or_else(
                || format!("apps: {}", known.join(", ")),
                |c| format!("did you mean `{c}`?"),
            );
            return Err(Error::Usage(format!(
                "--app {key}: no such app in this environment ({hint})"
            )));
        }
    }
    config.apps.retain(|k, _| keys.contains(k));
    Ok(())
}
