//! `heroin apply ENV --plan FILE`: reading the saved plan, the arguments it
//! rules out, and the check that it still holds, before anything is shown,
//! asked or written.

use std::path::Path;

use crate::config::model::Config;
use crate::error::Error;
use crate::git::Repo;
use crate::live::Live;
use crate::plan::Plan;
use crate::saved::{self, Bounds, FilesAt, Made, Saved};
use crate::session::Client;

/// The saved plan of `file`, which must be one of `env`. `ruled_out`
/// names an argument given that a saved plan rules out.
pub fn read(file: &Path, env: &str, ruled_out: Option<&str>) -> Result<Saved, Error> {
    if let Some(why) = ruled_out {
        return Err(Error::Usage(format!("--plan and {why}")));
    }
    let saved = saved::file::read(file)?;
    if saved.env != env {
        return Err(Error::Refused {
            message: format!(
                "{} is a plan of {}, not of {}",
                file.display(),
                saved.env,
                env
            ),
            hint: format!(
                "apply it as `heroin apply {} --plan {}`",
                saved.env,
                file.display()
            ),
        });
    }
    Ok(saved)
}

/// `Ok` when the saved plan still holds: the plan made again now from the
/// same files, environment and Heroku is the saved one, value for value;
/// else what moved.
pub fn holds(
    cx: &super::Context<'_>,
    (saved, file): (&Saved, &Path),
    (config, live, planned): (&Config, &Live, &Plan),
    client: &Client,
    max_age: Option<i64>,
) -> Result<(), Error> {
    let process = cx.process();
    let max_age = match (max_age, process.get("HEROIN_PLAN_MAX_AGE")) {
        (Some(age), _) => age,
        (None, Some(text)) => {
            saved::parse_age(text).map_err(|e| Error::Usage(format!("HEROIN_PLAN_MAX_AGE: {e}")))?
        }
        (None, None) => saved::MAX_AGE,
    };
    let repo = Repo::discover(&cx.cli.dir).ok_or_else(|| Error::Refused {
        message: format!("{} is not in a git repository", cx.cli.dir.display()),
        hint: "a saved plan applies to the commit it was made from".into(),
    })?;
    let commit = repo.head()?;
    let files = FilesAt {
        tree: repo.tree_at(&commit)?,
        commit,
    };
    let key = client.plan_key(process.get("HEROIN_PLAN_KEY").map(String::as_str));
    let now = super::now();
    let made = Made {
        env: &saved.env,
        apps: &saved.apps,
        at: now,
        api_host: &client.endpoint().host,
    };
    let again = saved::save((config, live, planned), made, files, &key);
    let moved = saved::compare(saved, &again, Bounds { now, max_age }, &key);
    if moved.is_empty() {
        return Ok(());
    }
    Err(Error::Moved {
        file: file.display().to_string(),
        env: saved.env.clone(),
        moved,
    })
}
