//! `heroin validate [FILE...]`: the offline check users run as a pre-commit
//! hook.
//!
//! Without files it checks every environment of `-C DIR` (base plus overlay,
//! fully merged; the base alone when there are no overlays). With files (as
//! pre-commit passes them) it checks the environments those files take part
//! in: a base file, every environment of its directory; an overlay, its own.
//! It never reads the process environment and needs no token: values that use
//! variables are checked for syntax only. Every problem is reported at once;
//! the exit code is 0 when there are none, 1 otherwise. Warnings (what works
//! but is probably not meant) are reported too and leave the exit code 0.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::json;

use super::Cli;
use crate::config::files::{self, FilesError, Layout, Role};
use crate::config::{self, Environment};
use crate::diag::{Origin, Problem, tidy};
use crate::error::Error;
use crate::ui::{Sources, Stream, Ui};

/// Arguments of `heroin validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files to check (as pre-commit passes them). Default: every environment
    /// of the configuration directory.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

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
struct Report {
    /// Environments checked, by directory.
    envs: BTreeMap<String, Vec<String>>,
    files: BTreeSet<String>,
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
    sources: Sources,
}

pub fn run(cli: &Cli, args: &Args, ui: &Ui) -> Result<u8, Error> {
    let mut report = Report::default();
    for (dir, selection) in targets(cli, args, &mut report.problems) {
        match files::discover(&dir) {
            Ok(layout) => check_layout(&layout, &selection, &mut report)?,
            Err(FilesError::Layout(problems)) => report.problems.extend(problems),
            Err(e @ FilesError::NoBase { .. }) if !args.files.is_empty() => {
                report
                    .problems
                    .push(Problem::nowhere(e.to_string()).with_hint(
                        "an overlay needs the base file heroin.toml (or .yaml / .yml) beside it",
                    ));
            }
            Err(e) => return Err(e.into()),
        }
    }
    tidy(&mut report.problems);
    tidy(&mut report.warnings);
    if cli.json {
        ui.json(&json_report(&report))?;
    } else {
        ui.problems(Stream::Out, &report.problems, &report.sources)?;
        ui.warnings(Stream::Out, &report.warnings, &report.sources)?;
        ui.line(Stream::Out, &summary(&report))?;
    }
    Ok(if report.problems.is_empty() { 0 } else { 1 })
}

/// Groups the named files by directory, or names `-C DIR` when there are none.
fn targets(cli: &Cli, args: &Args, problems: &mut Vec<Problem>) -> BTreeMap<PathBuf, Selection> {
    let mut targets: BTreeMap<PathBuf, Selection> = BTreeMap::new();
    if args.files.is_empty() {
        targets.insert(cli.dir.clone(), Selection::All);
        return targets;
    }
    for file in &args.files {
        let path = if file.is_relative() && cli.dir != Path::new(".") {
            cli.dir.join(file)
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

fn check_layout(layout: &Layout, selection: &Selection, report: &mut Report) -> Result<(), Error> {
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
        let names = config::referenced(env);
        let side =
            config::files::read_referenced(&layout.dir, &names, config::certs::MAX_FILE_BYTES);
        let (config, warnings) = config::load_with_files(env, None, &side);
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

fn summary(report: &Report) -> String {
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

fn json_report(report: &Report) -> serde_json::Value {
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
