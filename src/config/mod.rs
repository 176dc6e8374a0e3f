//! Reading one environment's files into a typed, resolved [`model::Config`].
//!
//! ```text
//! files::discover -> Layout -> Layout::environment -> Environment (texts)
//!   -> parse (each layer) -> merge::take_unset / apply_unset -> merge::merge
//!   -> convert (+ interpolate) -> check -> Config
//! ```
//!
//! Only [`files`] touches the file system. Everything from [`Environment`] on
//! is pure: text and variables in, a [`model::Config`] or every [`Problem`]
//! out, each pointing at file:line:column.

pub mod certs;
pub mod check;
pub mod convert;
pub mod files;
pub mod interpolate;
pub mod keys;
pub mod located;
pub mod merge;
pub mod model;
pub mod parse;
pub mod pipelines;
pub mod read;
pub mod spaces;
mod table;
pub mod teams;
pub mod telemetry;
pub mod tree;
pub mod vars;
pub mod webhooks;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diag::{Problem, tidy};
use interpolate::Vars;
use model::Config;
use parse::Format;
use read::Reader;

/// The text of one file, with the name users know it by.
#[derive(Clone, Debug)]
pub struct Source {
    /// The file, as shown in messages.
    pub name: Arc<str>,
    /// Its contents.
    pub text: String,
    /// TOML or YAML.
    pub format: Format,
}

/// The files of one environment: the base and its overlay.
#[derive(Clone, Debug)]
pub struct Environment {
    /// The environment's name; `None` for the base alone.
    pub name: Option<String>,
    /// The base file.
    pub base: Source,
    /// The environment's overlay.
    pub overlay: Option<Source>,
}

impl Environment {
    /// The files, base first.
    pub fn sources(&self) -> impl Iterator<Item = &Source> {
        std::iter::once(&self.base).chain(self.overlay.as_ref())
    }
}

/// The files the configuration refers to (`{ file = "PATH" }`), by path:
/// their text, or why they could not be read. `config::files` (or git, for
/// a commit) reads them before loading, which stays pure.
pub type Files = BTreeMap<String, Result<String, String>>;

/// One environment's layers, parsed and merged: what loading starts from.
/// It is made once per load, because the files a configuration refers to
/// must be known (and read) before it loads, and parsing twice doubled the
/// cost of loading large files.
pub struct Parsed {
    /// The merged tree; `None` when a layer could not be parsed.
    root: Option<tree::Node>,
    /// What went wrong while parsing and merging.
    problems: Vec<Problem>,
}

impl Parsed {
    /// Parses and merges `env`'s layers.
    pub fn of(env: &Environment) -> Parsed {
        let mut problems = Vec::new();
        let root = merged(env, &mut problems);
        Parsed { root, problems }
    }

    /// The paths the merged layers refer to with `{ file = "PATH" }` (none
    /// when a layer does not parse: loading reports it).
    pub fn referenced(&self) -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::new();
        if let Some(root) = &self.root {
            certs::referenced_files(root, &mut out);
        }
        out
    }
}

/// Loads `env` with the process environment `process` (`None`: offline, as
/// `heroin validate` does, where values that need variables stay deferred).
/// Returns the configuration, or every problem found, sorted by place.
pub fn load(
    env: &Environment,
    process: Option<&BTreeMap<String, String>>,
) -> Result<Config, Vec<Problem>> {
    load_with_warnings(env, process).0
}

/// [`load`], and the warnings about the files (problems that do not stop
/// them from loading), whenever the files could be read into a model.
pub fn load_with_warnings(
    env: &Environment,
    process: Option<&BTreeMap<String, String>>,
) -> (Result<Config, Vec<Problem>>, Vec<Problem>) {
    load_with_files(env, process, &Files::new())
}

/// [`load_with_warnings`], with the files the configuration refers to.
pub fn load_with_files(
    env: &Environment,
    process: Option<&BTreeMap<String, String>>,
    files: &Files,
) -> (Result<Config, Vec<Problem>>, Vec<Problem>) {
    load_parsed(env, Parsed::of(env), process, files)
}

/// [`load_with_files`] from `env`'s layers already parsed.
pub fn load_parsed(
    env: &Environment,
    parsed: Parsed,
    process: Option<&BTreeMap<String, String>>,
    files: &Files,
) -> (Result<Config, Vec<Problem>>, Vec<Problem>) {
    let mut warnings = Vec::new();
    let Parsed { root, mut problems } = parsed;
    let vars = Vars {
        env_name: env.name.as_deref(),
        process,
    };
    let config = root.map(|root| {
        let mut reader = Reader::new(vars, files);
        let files = env.sources().map(|s| s.name.to_string()).collect();
        let config = convert::convert(&root, &mut reader, env.name.clone(), files);
        problems.append(&mut reader.problems);
        problems.extend(check::check(&config));
        warnings = check::warnings(&config);
        config
    });
    tidy(&mut problems);
    tidy(&mut warnings);
    let config = match config {
        Some(config) if problems.is_empty() => Ok(config),
        _ => Err(problems),
    };
    (config, warnings)
}

/// Parses both layers, applies the overlay's `unset` and merges. `None` when a
/// file could not be parsed (its problem is recorded).
fn merged(env: &Environment, problems: &mut Vec<Problem>) -> Option<tree::Node> {
    let parse = |s: &Source| parse::parse(&s.name, &s.text, s.format);
    let base = parse(&env.base).map_err(|p| problems.push(p));
    let overlay = env
        .overlay
        .as_ref()
        .map(parse)
        .transpose()
        .map_err(|p| problems.push(p));
    let (mut base, overlay) = (base.ok()?, overlay.ok()?);
    if let tree::Value::Table(t) = &mut base.value
        && let Some(entry) = t.remove(merge::UNSET)
    {
        problems.push(
            Problem::new(
                &entry.key_at,
                merge::UNSET,
                "`unset` is allowed only in overlays",
            )
            .with_hint("in the base file, simply leave the entry out"),
        );
    }
    let Some(mut overlay) = overlay else {
        return Some(base);
    };
    if env
        .overlay
        .as_ref()
        .is_some_and(|o| o.format == Format::Toml)
    {
        problems.extend(merge::take_misplaced_unset(&mut overlay));
    }
    let (paths, mut bad) = merge::take_unset(&mut overlay);
    problems.append(&mut bad);
    problems.extend(merge::apply_unset(&mut base, &paths));
    Some(merge::merge(base, overlay))
}
