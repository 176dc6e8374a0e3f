//! The offline check `heroin validate` runs (the pre-commit hook): which
//! environments the files named take part in, each loaded without the
//! process environment (values that use variables are checked for syntax
//! only), every problem and warning found, and the report as a summary line
//! or JSON.
//!
//! It reads the configuration directories through [`crate::config::files`]
//! (and looks whether each named file exists); it never talks to Heroku,
//! needs no token and prints nothing: `cli::validate` hands the report to
//! `ui`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::json;

use crate::config::files::{self, FilesError, Layout, Role};
use crate::config::{self, Environment};
use crate::diag::{Origin, Problem, tidy};

/// Which environments of a directory to check.
#[derive(Debug, Default)]
enum Selection {
    /// Every environment (a base file was named, or no file at all).
    #[default]
    All,
    /// Only these (overlays were named).
    Only(BTreeSet<String>),
}

/// What was checked and what was found.
#[derive(Default)]
pub struct Report {
    /// Environments checked, by directory.
    pub envs: BTreeMap<String, Vec<String>>,
    /// The files read.
    pub files: BTreeSet<String>,
    /// The problems (the check fails with any).
    pub problems: Vec<Problem>,
    /// What works but is probably not meant.
    pub warnings: Vec<Problem>,
    /// The files' texts, for snippets.
    pub sources: BTreeMap<Arc<str>, String>,
}

/// Checks the environments of `dir` (`files` empty), or those `files` take
/// part in: a base file, every environment of its directory; an overlay,
/// its own. A relative file is taken from `dir`.
pub fn validate(dir: &Path, named: &[PathBuf]) -> Result<Report, FilesError> {
    let mut report = Report::default();
    for (dir, selection) in targets(dir, named, &mut report.problems) {
        match files::discover(&dir) {
            Ok(layout) => check_layout(&layout, &selection, &mut report)?,
            Err(FilesError::Layout(problems)) => report.problems.extend(problems),
            Err(e @ FilesError::NoBase { .. }) if !named.is_empty() => {
                report
                    .problems
                    .push(Problem::nowhere(e.to_string()).with_hint(
                        "an overlay needs the base file heroin.toml (or .yaml / .yml) beside it",
                    ));
            }
            Err(e) => return Err(e),
        }
    }
    tidy(&mut report.problems);
    tidy(&mut report.warnings);
    Ok(report)
}

/// Groups the named files by directory, or names `-C DIR` when there are none.
fn targets(
    dir: &Path,
    named: &[PathBuf],
    problems: &mut Vec<Problem>,
) -> BTreeMap<PathBuf, Selection> {
    let mut targets: BTreeMap<PathBuf, Selection> = BTreeMap::new();
    if named.is_empty() {
        targets.insert(dir.to_path_buf(), Selection::All);
        return targets;
    }
    for file in named {
        let path = if file.is_relative() && dir != Path::new(".") {
            dir.join(file)
        } else {
            file.clone()
        };
        let shown: std::sync::Arc<str> = path.display().to_string().into();
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !path.is_file() {
            problems.push(Problem::new(
                &Origin::file_start(&shown),
                "",
                "no such file",
            ));
            continue;
        }
        match files::role(name) {
            Role::Base(_) => {
                targets.insert(dir, Selection::All);
            }
            Role::Overlay(env, _) => match targets
                .entry(dir)
                .or_insert_with(|| Selection::Only(BTreeSet::new()))
            {
                Selection::All => {}
                Selection::Only(envs) => {
                    envs.insert(env);
                }
            },
            // discover() reports a bad environment name with its hint.
            Role::BadOverlay(_) => {
                targets.entry(dir).or_default();
            }
            Role::Other => problems.push(
                Problem::new(&Origin::file_start(&shown), "", "is not a heroin file").with_hint(
                    "heroin files are named heroin.toml or heroin.<env>.toml (or .yaml / .yml)",
                ),
            ),
        }
    }
    targets
}

fn check_layout(
    layout: &Layout,
    selection: &Selection,
    report: &mut Report,
) -> Result<(), FilesError> {
    let envs = match selection {
        Selection::All => layout.envs(),
        Selection::Only(envs) => envs.iter().cloned().collect(),
    };
    let environments: Vec<Environment> = if envs.is_empty() {
        vec![layout.base_only()?]
    } else {
        envs.iter()
            .map(|e| layout.environment(e))
            .collect::<Result<_, _>>()?
    };
    for env in &environments {
        for source in env.sources() {
            report.files.insert(source.name.to_string());
            report
                .sources
                .insert(source.name.clone(), source.text.clone());
        }
        let label = env.name.clone().unwrap_or_else(|| "base only".into());
        let dir = layout.dir.display().to_string();
        report.envs.entry(dir).or_default().push(label);
        let parsed = config::Parsed::of(env);
        let names = parsed.referenced();
        let side = files::read_referenced(&layout.dir, &names, config::certs::MAX_FILE_BYTES);
        let (config, warnings) = config::load_parsed(env, parsed, None, &side);
        if let Err(problems) = config {
            report.problems.extend(problems);
        }
        report.warnings.extend(warnings);
    }
    Ok(())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Report {
    /// The last line: what was checked, and what was found.
    pub fn summary(&self) -> String {
        let report = self;
        let count = report.envs.values().map(Vec::len).sum();
        let names: Vec<String> = report
            .envs
            .iter()
            .map(|(dir, envs)| match dir.as_str() {
                "." => envs.join(", "),
                _ => format!("{dir}: {}", envs.join(", ")),
            })
            .collect();
        let checked = format!(
            "{} ({}), {}",
            plural(count, "environment", "environments"),
            names.join("; "),
            plural(report.files.len(), "file", "files"),
        );
        let warned = match report.warnings.len() {
            0 => String::new(),
            n => format!(", {}", plural(n, "warning", "warnings")),
        };
        if report.problems.is_empty() {
            format!("ok: {checked}, no problems{warned}")
        } else {
            let files: BTreeSet<_> = report
                .problems
                .iter()
                .filter_map(|p| p.at.as_ref())
                .map(|a| &a.file)
                .collect();
            let found = format!(
                "{} in {}{warned}",
                plural(report.problems.len(), "problem", "problems"),
                plural(files.len(), "file", "files"),
            );
            if count == 0 {
                format!("{found}; no environment could be checked")
            } else {
                format!("{found}: checked {checked}")
            }
        }
    }

    /// The report as `heroin validate --json` prints it.
    pub fn json(&self) -> serde_json::Value {
        let report = self;
        let listed = |problems: &[Problem]| -> Vec<serde_json::Value> {
            problems
                .iter()
                .map(|p| {
                    json!({
                        "file": p.at.as_ref().map(|a| &*a.file),
                        "line": p.at.as_ref().map(|a| a.line),
                        "column": p.at.as_ref().map(|a| a.column),
                        "path": p.path,
                        "message": p.message,
                        "hint": p.hint,
                    })
                })
                .collect()
        };
        json!({
            "ok": report.problems.is_empty(),
            "environments": report.envs.iter().flat_map(|(dir, envs)| envs.iter().map(move |e| json!({"dir": dir, "name": e}))).collect::<Vec<_>>(),
            "files": report.files,
            "problems": listed(&report.problems),
            "warnings": listed(&report.warnings),
        })
    }
}
