//! `heroin export --all --dir DIR` (or `--team TEAM`, or app names): reads
//! the apps in one parallel read (the requests of a `diff` of them), hands
//! them to [`crate::export::account`], and writes the files into DIR, which
//! must be empty or absent: nothing is ever overwritten. The notes and, per
//! environment, the variables to set (never their values) go to stderr.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Args, Format};
use crate::error::Error;
use crate::export::account::adopt;
use crate::export::{Item, toml, variables_message, yaml};
use crate::live::read::{Scope, read};
use crate::ui::Stream;

/// The pre-commit configuration written beside the files.
const PRE_COMMIT: &str = "\
# Checks the heroin files before every commit (`pre-commit install` once),
# with the heroin on PATH; no token or variables needed.
repos:
  - repo: local
    hooks:
      - id: heroin-validate
        name: heroin validate
        entry: heroin validate
        language: system
        files: (^|/)heroin(\\.[a-z0-9][a-z0-9-]*)?\\.(toml|ya?ml)$
        require_serial: true
";

/// `--env APP=ENV` as app name -> environment.
fn overrides(envs: &[String]) -> Result<BTreeMap<String, String>, Error> {
    envs.iter()
        .map(|e| {
            let (app, env) = e.split_once('=').unwrap_or((e, ""));
            let valid = !env.is_empty()
                && env
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !env.starts_with('-');
            if app.is_empty() || !valid {
                return Err(Error::Usage(format!(
                    "--env {e}: write APP=ENV, ENV of lowercase letters, digits and `-` (--env shop-api=prod)"
                )));
            }
            Ok((app.to_string(), env.to_string()))
        })
        .collect()
}

/// DIR must be absent or empty.
fn check_empty(dir: &Path) -> Result<(), Error> {
    match std::fs::read_dir(dir).map(|mut entries| entries.next().is_some()) {
        Ok(true) => Err(Error::Usage(format!(
            "{}: the directory is not empty (heroin export never overwrites files); name a new or empty one",
            dir.display()
        ))),
        Ok(false) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::Usage(format!("{}: {e}", dir.display()))),
    }
}

/// The file's text: a comment saying what it holds, then the document.
fn text(comment: &str, doc: &Item, format: Format) -> String {
    let body = match format {
        Format::Toml => toml(doc),
        Format::Yaml => match doc {
            Item::Table(f) if f.is_empty() => String::new(),
            _ => yaml(doc),
        },
    };
    let comment: String = comment.lines().map(|l| format!("# {l}\n")).collect();
    match body.trim_end() {
        "" => comment,
        body => format!("{comment}\n{body}\n"),
    }
}

fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))
}

pub fn run(cx: &mut crate::cli::Context<'_>, args: &Args) -> Result<u8, Error> {
    let ui = cx.ui;
    let Some(dir) = &args.out_dir else {
        return Err(Error::Usage("--dir DIR is needed".into()));
    };
    if args.key.is_some() {
        return Err(Error::Usage(
            "--key names one app's key: with --dir, keys come from the apps' names".into(),
        ));
    }
    if args.apps.is_empty() != (args.all || args.team.is_some()) {
        return Err(Error::Usage(
            "name the apps, or give --all or --team TEAM (not both)".into(),
        ));
    }
    let overrides = overrides(&args.envs)?;
    check_empty(dir)?;
    let client = cx.client(args.api_url.as_deref(), args.timeout)?;
    let visible = crate::live::read::visible(&client)?;
    let names: Vec<String> = if args.apps.is_empty() {
        visible
            .iter()
            .filter(|(_, team)| args.team.is_none() || team.as_deref() == args.team.as_deref())
            .map(|(name, _)| name.to_string())
            .collect()
    } else {
        if let Some(missing) = args.apps.iter().find(|a| !visible.contains_key(a.as_str())) {
            return Err(Error::Usage(format!(
                "there is no app `{missing}` on {}",
                client.endpoint().host
            )));
        }
        args.apps.clone()
    };
    if names.is_empty() {
        return Err(Error::Usage(match &args.team {
            Some(team) => format!("the token sees no app of team `{team}`: nothing to export"),
            None => "the token sees no app: nothing to export".into(),
        }));
    }
    if let Some(unknown) = overrides.keys().find(|a| !names.contains(a)) {
        return Err(Error::Usage(format!(
            "--env {unknown}=...: `{unknown}` is not among the apps exported"
        )));
    }
    let scope = Scope::whole(
        &names
            .iter()
            .map(|n| (n.clone(), n.clone()))
            .collect::<Vec<_>>(),
    );
    let spinner = ui.spinner(&format!(
        "reading {} apps from {}",
        names.len(),
        client.endpoint().host
    ));
    let live = read(&client, &scope, args.concurrency.max(1));
    drop(spinner);
    let apps: Vec<_> = live?.apps.into_values().flatten().collect();
    let account = adopt(&apps, &overrides);
    for note in &account.notes {
        ui.line(Stream::Err, &format!("note: {note}"))?;
    }
    if account.placed.is_empty() {
        return Err(Error::Usage(
            "no app could be placed into an environment: nothing written (place them with --env APP=ENV)"
                .into(),
        ));
    }
    write(dir, &account.files, args.format)?;
    for (env, vars) in &account.variables {
        if !vars.is_empty() {
            ui.line(
                Stream::Err,
                &format!(
                    "Set these variables before `heroin diff {env}` or `heroin apply {env}` (their values are not printed):\n{}",
                    variables_message(vars)
                ),
            )?;
        }
    }
    ui.status(
        "Exported",
        &format!(
            "{} apps into {} ({} environments: {})",
            account.placed.len(),
            dir.display(),
            account.files.overlays.len(),
            account
                .files
                .overlays
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )?;
    Ok(0)
}

/// Writes the base, the overlays and the pre-commit configuration.
fn write(dir: &Path, files: &crate::export::factor::Factored, format: Format) -> Result<(), Error> {
    let ext = match format {
        Format::Toml => "toml",
        Format::Yaml => "yaml",
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::Usage(format!("{}: {e}", dir.display())))?;
    let envs: Vec<&str> = files.overlays.keys().map(String::as_str).collect();
    let base = format!(
        "heroin base: what every environment ({}) shares.\nExported from Heroku by `heroin export`; the overlays heroin.ENV.{ext} hold what differs.",
        envs.join(", ")
    );
    write_new(
        &dir.join(format!("heroin.{ext}")),
        &text(&base, &files.base, format),
    )?;
    for (env, doc) in &files.overlays {
        let comment = format!(
            "heroin overlay of {env}: what {env} has beyond heroin.{ext} (`heroin diff {env}`)."
        );
        write_new(
            &dir.join(format!("heroin.{env}.{ext}")),
            &text(&comment, doc, format),
        )?;
    }
    write_new(&dir.join(".pre-commit-config.yaml"), PRE_COMMIT)
}
