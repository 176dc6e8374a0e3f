//! `heroin show-plan FILE`: prints a saved plan (`heroin diff ENV --out
//! FILE`) as `heroin diff` printed it (rendered again from the file, with
//! colors on a terminal), or with `--json` as `heroin diff --json` did, and
//! on stderr what it was made from. Talks to no one.
//!
//! Whoever can write the file writes what it says: the rendering escapes
//! what it prints, as it does for what Heroku says. When this run has the
//! key the plan was sealed with (`HEROIN_PLAN_KEY`, else the Heroku token),
//! it checks the seal and says whether the file is as heroin wrote it; a
//! file that is not is still shown, with a warning, and apply refuses it.

use crate::error::Error;
use crate::render::date::date;
use crate::render::printable::printable;
use crate::saved;
use crate::secret::Secret;
use crate::secret::keyed::Key;
use crate::ui::Stream;

/// Arguments of `heroin show-plan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The saved plan (`heroin diff ENV --out FILE`).
    pub file: std::path::PathBuf,
}

/// Whether the file is as heroin wrote it (its seal holds), when this run
/// has the key it was made with: `HEROIN_PLAN_KEY`, else one of the token
/// for the API (read from the environment, or netrc; nothing is sent).
fn sealed(cx: &super::Context<'_>, saved: &saved::Saved) -> Option<bool> {
    let plan_key = cx.process().get("HEROIN_PLAN_KEY").map(String::as_str);
    let key = match plan_key.filter(|k| !k.trim().is_empty()) {
        Some(k) => Key::new(Some(k), &Secret::new(String::new())),
        None => cx.client(None, None).ok()?.plan_key(None),
    };
    (key.check() == saved.key.check).then(|| saved.seal == saved.seal_of(&key))
}

pub fn run(cx: &mut super::Context<'_>, args: &Args) -> Result<u8, Error> {
    let (cli, ui) = (cx.cli, cx.ui);
    let saved = saved::file::read(&args.file)?;
    let sealed = sealed(cx, &saved);
    if sealed == Some(false) {
        ui.warning(&format!(
            "{}: {}; `heroin apply --plan` refuses it",
            args.file.display(),
            saved::EDITED
        ))?;
    }
    if cli.json {
        ui.json(&saved.plan)?;
        return Ok(0);
    }
    let seal = match sealed {
        Some(true) => "sealed, as heroin wrote it",
        Some(false) => "NOT as heroin wrote it",
        None => "its seal not checked: this run has not the key it was made with",
    };
    ui.line(
        Stream::Err,
        &format!(
            "Saved plan of {}, made {} from commit {} against {} by heroin {} ({seal})",
            printable(&saved.env),
            date(saved.created_at),
            printable(&saved.files.commit.chars().take(12).collect::<String>()),
            printable(&saved.api_host),
            printable(&saved.heroin_version),
        ),
    )?;
    let options = crate::render::Options {
        color: ui.colors(Stream::Out),
        show_secrets: false,
    };
    // Rendered again from what the file holds (it escapes what it prints),
    // as diff rendered it.
    ui.line(
        Stream::Out,
        &crate::render::text(&saved.shown(), &saved.names, options),
    )?;
    Ok(0)
}
