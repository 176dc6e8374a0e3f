//! `heroin history ENV`: what was applied to an environment, newest first,
//! from the `heroin/<env>/<n>` tags: number, date, commit, tagger and the
//! plan's summary line. An environment with no overlay and no tags is an
//! error with "did you mean" (one whose overlay was removed still shows the
//! tags it has).

use crate::error::Error;
use crate::git::Repo;
use crate::render::listing::{history_json, history_text};
use crate::render::printable::printable;
use crate::ui::Stream;

/// Arguments of `heroin history`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The environment.
    pub env: String,
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
    let applied = history.applied;
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
            &format!(
                "nothing has been applied to {} from this repository yet",
                args.env
            ),
        )?;
        return Ok(0);
    }
    ui.line(Stream::Out, &history_text(&applied))?;
    Ok(0)
}
