//! `heroin history ENV`: what was applied to an environment, newest first,
//! from the `heroin/<env>/<n>` tags: number, date, commit, tagger and the
//! plan's summary line. An environment with no overlay and no tags is an
//! error with "did you mean" (one whose overlay was removed still shows the
//! tags it has).

use serde_json::json;

use crate::error::Error;
use crate::git::Repo;
use crate::render::printable::printable;
use crate::ui::Stream;

/// Arguments of `heroin history`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The environment.
    pub env: String,
}

/// `2026-11-29 20:10 UTC` from seconds since the Unix epoch.
fn date(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
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
        let list: Vec<_> = applied
            .iter()
            .map(|a| json!({"tag": a.tag, "number": a.number, "date": date(a.time), "commit": a.commit, "tagger": a.tagger, "summary": a.summary}))
            .collect();
        return ui.json(&json!(list)).map(|()| 0);
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
    let lines: Vec<String> = applied
        .iter()
        .map(|a| {
            format!(
                "#{:<4} {}  {}  {}  {}",
                a.number,
                date(a.time),
                &a.commit[..a.commit.len().min(12)],
                // Whoever can push a tag writes these: never raw to a terminal.
                printable(&a.tagger),
                printable(&a.summary)
            )
        })
        .collect();
    ui.line(Stream::Out, &lines.join("\n"))?;
    Ok(0)
}
