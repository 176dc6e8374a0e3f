//! `heroin history ENV`: what was applied to an environment, newest first,
//! from the `heroin/<env>/<n>` tags: number, date, commit, tagger, the
//! plan's summary line, the Heroku release each app was left at (as
//! `heroku releases` numbers them) and a rollback's tag; `--app KEY` keeps
//! the applies that changed that app (a key none changed is said, with the
//! closest key one did); `heroin history ENV N` shows one in
//! full. An environment with no overlay and no tags is an
//! error with "did you mean" (one whose overlay was removed still shows the
//! tags it has).

use crate::apply::record::TagFacts;
use crate::error::Error;
use crate::git::Repo;
use crate::render::listing::{
    changed_app, entry_full_json, entry_text, history_json, history_text,
};
use crate::render::printable::printable;
use crate::ui::Stream;

/// Arguments of `heroin history`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The environment.
    pub env: String,
    /// Show this apply (heroin/ENV/N) in full: the plan as printed, the
    /// releases, who, when, which commit.
    #[arg(value_name = "N")]
    pub number: Option<u64>,
    /// Only the applies that changed this app (its key in the files).
    #[arg(long = "app", value_name = "KEY")]
    pub app: Option<String>,
}

pub fn run(cx: &mut super::Context<'_>, args: &Args) -> Result<u8, Error> {
    let (cli, ui) = (cx.cli, cx.ui);
    let Some(repo) = Repo::discover(&cli.dir) else {
        return Err(Error::Refused {
            message: format!(
                "{} is not in a git repository: there is no history",
                cli.dir.display()
            ),
            hint: "heroin records each apply as a git tag in the repository that holds the files"
                .into(),
        });
    };
    let history = repo.history(&args.env)?;
    for tag in &history.skipped {
        ui.line(
            Stream::Err,
            &format!(
                "warning: skipped the tag {}: heroin writes annotated tags numbered 1, 2, 3, ...",
                printable(tag)
            ),
        )?;
    }
    let mut applied = history.applied;
    if let Some(n) = args.number {
        let Some(entry) = applied.iter().find(|a| a.number == n) else {
            return Err(Error::Refused {
                message: format!("heroin/{}/{n}: no such apply in this repository", args.env),
                hint: format!("`heroin history {}` lists them", args.env),
            });
        };
        if cli.json {
            return ui.json(&entry_full_json(entry)).map(|()| 0);
        }
        ui.line(Stream::Out, &entry_text(entry))?;
        return Ok(0);
    }
    // The apps the applies changed, for a key that matches none of them.
    let changed: std::collections::BTreeSet<String> = applied
        .iter()
        .filter_map(|a| TagFacts::of_message(&a.message))
        .flat_map(|f| f.changed)
        .collect();
    if let Some(key) = &args.app {
        applied.retain(|a| changed_app(a, key));
    }
    if applied.is_empty() {
        // Never applied: if it is not an environment here either, it is most
        // likely a typo. Asking the layout for it gives the error diff gives,
        // with "did you mean".
        let layout = crate::config::files::discover(&cli.dir)?;
        if !layout.envs().contains(&args.env) {
            layout.environment(&args.env)?;
        }
    }
    if cli.json {
        return ui.json(&history_json(&applied)).map(|()| 0);
    }
    if applied.is_empty() {
        ui.line(
            Stream::Err,
            &match &args.app {
                Some(key) => {
                    let hint = crate::diag::did_you_mean(key, changed.iter().map(String::as_str))
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default();
                    format!(
                        "no apply to {} changed the app {}{hint}",
                        args.env,
                        printable(key)
                    )
                }
                None => format!(
                    "nothing has been applied to {} from this repository yet",
                    args.env
                ),
            },
        )?;
        return Ok(0);
    }
    ui.line(Stream::Out, &history_text(&applied))?;
    Ok(0)
}
