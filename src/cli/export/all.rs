//! `heroin export --all --dir DIR` (or `--team TEAM`, or app names): the
//! apps chosen by [`crate::export::select`], read in one parallel read (the
//! requests of a `diff` of them), handed to [`crate::export::account`], and
//! written into DIR by [`crate::export::files`], which never overwrites.
//! The notes and, per environment, the variables to set (never their
//! values) go to stderr.

use super::{Args, Format};
use crate::error::Error;
use crate::export::account::adopt;
use crate::export::files::{check_empty, write};
use crate::export::select::{apps_to_export, env_overrides};
use crate::export::variables_message;
use crate::live::read::{Scope, read};
use crate::ui::Stream;

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
    let overrides = env_overrides(&args.envs)?;
    check_empty(dir)?;
    let client = cx.client(args.api_url.as_deref(), args.timeout)?;
    let visible = crate::live::read::visible(&client)?;
    let names = apps_to_export(
        &visible,
        &args.apps,
        args.team.as_deref(),
        &client.endpoint().host,
    )?;
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
    let live = live?;
    let apps: Vec<_> = live.apps.into_values().flatten().collect();
    let mut account = adopt(&apps, &overrides);
    // The tables of the apps placed: one left out brings none of its own.
    let placed: Vec<_> = apps
        .into_iter()
        .filter(|a| account.placed.contains_key(&a.name))
        .collect();
    let tables = super::read_tables(&client, &placed, &live.pipelines, args.concurrency)?;
    account.add_tables(tables);
    for note in &account.notes {
        ui.line(Stream::Err, &format!("note: {note}"))?;
    }
    if account.placed.is_empty() {
        return Err(Error::Usage(
            "no app could be placed into an environment: nothing written (place them with --env APP=ENV)"
                .into(),
        ));
    }
    let format = match args.format {
        Format::Toml => crate::config::parse::Format::Toml,
        Format::Yaml => crate::config::parse::Format::Yaml,
    };
    write(dir, &account.files, format)?;
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
