//! The record of an apply: the check that the files are committed (before
//! anything talks to Heroku), whether the files applied get a tag
//! `heroin/<env>/<n>`, and writing it.
//!
//! The environment is the one of the plan that was applied, never a name
//! the command line gave again. A tag is written only for committed files
//! (not with `--allow-dirty`), inside a git repository, without `--no-tag`;
//! otherwise [`Tagging::NotTagged`] says why, for `ui` to show. It says
//! nothing itself and asks nothing.

use std::collections::BTreeMap;
use std::path::Path;

use super::report::tag_message;
use crate::error::Error;
use crate::git::Repo;
use crate::plan::Plan;

/// The repository of `dir` and whether its working tree is committed, once
/// it is clear the apply may go on: outside a repository, or with
/// uncommitted changes, an apply is refused unless `allow_dirty` (it will
/// not be tagged). With `from_ref` (the files come from a commit) the
/// working tree does not matter.
pub fn check_tree(
    dir: &Path,
    from_ref: bool,
    allow_dirty: bool,
) -> Result<(Option<Repo>, bool), Error> {
    let repo = Repo::discover(dir);
    if repo.is_none() && !from_ref && !allow_dirty {
        return Err(Error::Refused {
            message: format!(
                "{} is not in a git repository: there is no history to record this apply in",
                dir.display()
            ),
            hint: "commit the files to a git repository first, or apply with --allow-dirty (such an apply is not tagged)".into(),
        });
    }
    let dirty = match (&repo, from_ref) {
        (Some(r), false) => r.dirty()?,
        _ => Vec::new(),
    };
    if !dirty.is_empty() && !allow_dirty {
        return Err(Error::Refused {
            message: format!(
                "uncommitted changes in the configuration directory: {}",
                dirty.join(", ")
            ),
            hint: "commit them first, or apply with --allow-dirty (such an apply is not tagged)"
                .into(),
        });
    }
    Ok((repo, dirty.is_empty()))
}

/// What the tag of an apply records besides the plan, and whether to write
/// one.
#[derive(Clone, Debug)]
pub struct Record {
    /// The working tree was committed.
    pub clean: bool,
    /// The commit applied, when it came from --ref (else HEAD).
    pub commit: Option<String>,
    /// The API host.
    pub host: String,
    /// `--no-tag`.
    pub no_tag: bool,
}

/// What became of the tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tagging {
    /// Written, with this name.
    Tagged(String),
    /// Not written, for this reason.
    NotTagged(&'static str),
}

impl Record {
    /// The commit the files applied are at.
    fn commit(&self, repo: &Repo) -> Result<String, Error> {
        match &self.commit {
            Some(c) => Ok(c.clone()),
            None => Ok(repo.head()?),
        }
    }

    /// Why no tag would be written, if one would not.
    fn not_tagged(&self, repo: Option<&Repo>) -> Option<&'static str> {
        if repo.is_none() {
            Some("the configuration directory is not in a git repository")
        } else if self.no_tag {
            Some("--no-tag")
        } else if !self.clean {
            Some("the working tree had uncommitted changes (--allow-dirty)")
        } else {
            None
        }
    }
}

/// Whether the files applied differ from those of the newest tag of the
/// plan's environment (or it has none), and would be tagged: an apply with
/// nothing to change records files no tag records yet.
pub fn unrecorded(repo: Option<&Repo>, record: &Record, planned: &Plan) -> Result<bool, Error> {
    let Some(repo) = repo.filter(|_| record.not_tagged(repo).is_none()) else {
        return Ok(false);
    };
    let Some(env) = planned.env.as_deref() else {
        // `tag` says why there is none.
        return Ok(true);
    };
    let Some(newest) = repo.history(env)?.applied.into_iter().next() else {
        return Ok(true);
    };
    Ok(repo.files_at(&newest.commit)?.1 != repo.files_at(&record.commit(repo)?)?.1)
}

/// Tags the commit applied with the plan (as `heroin diff` shows it, secrets
/// masked), unless [`Record`] says not to.
pub fn tag(
    repo: Option<&Repo>,
    record: &Record,
    planned: &Plan,
    names: &BTreeMap<String, String>,
) -> Result<Tagging, Error> {
    if let Some(why) = record.not_tagged(repo) {
        return Ok(Tagging::NotTagged(why));
    }
    let Some(repo) = repo else {
        return Ok(Tagging::NotTagged(
            "the configuration directory is not in a git repository",
        ));
    };
    let Some(env) = planned.env.as_deref() else {
        return Ok(Tagging::NotTagged("the plan names no environment"));
    };
    let message = tag_message(env, planned, names, &record.host);
    let name = repo.tag(env, &record.commit(repo)?, &message)?;
    Ok(Tagging::Tagged(name))
}
