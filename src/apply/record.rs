//! The record of an apply: the check that the files are committed (before
//! anything talks to Heroku), whether the files applied get a tag
//! `heroin/<env>/<n>`, and writing it: the plan as printed, then per app
//! the Heroku release the apply left it at (`v42`, as `heroku releases`
//! numbers it), whether it went back to an earlier tag (`--ref`), the saved
//! plan it applied, and the same as one line of JSON ([`TagFacts`]) that
//! `heroin history` reads back with a JSON parser.
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
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// The working tree was committed.
    pub clean: bool,
    /// The commit applied, when it came from --ref (else HEAD).
    pub commit: Option<String>,
    /// The API host.
    pub host: String,
    /// `--no-tag`.
    pub no_tag: bool,
    /// What the tag says in a form `heroin history` reads back.
    pub facts: TagFacts,
    /// The plan as `heroin diff` shows it, secrets masked, no colors: the
    /// tag's text, rendered once.
    pub text: String,
}

/// What a tag records besides the plan's text, as the JSON of its last
/// line (`Record: {...}`), which `heroin history` reads with a JSON parser.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TagFacts {
    /// Per app, the Heroku release the apply left it at.
    pub releases: Vec<Release>,
    /// The `--ref` applied, when the files came from one.
    pub from_ref: Option<String>,
    /// That ref is a tag of this environment: the apply went back to it.
    pub rollback: bool,
    /// The keys of the apps the plan changed.
    pub changed: Vec<String>,
    /// The saved plan applied (`--plan`): the commit it was made from and
    /// when (seconds since the Unix epoch).
    pub saved_plan: Option<(String, i64)>,
}

/// An app's release, as `heroku releases` numbers it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Release {
    /// The app's key in the files.
    pub app: String,
    /// Its name on Heroku.
    pub name: String,
    /// The release's version (`v42` is 42).
    pub version: u64,
}

/// The prefix of the line of a tag's message that holds its [`TagFacts`].
pub const FACTS_LINE: &str = "Record: ";

impl TagFacts {
    /// The facts of the tag message `message`, when it has them (a tag of
    /// an older heroin has none).
    pub fn of_message(message: &str) -> Option<TagFacts> {
        let line = message
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix(FACTS_LINE))?;
        serde_json::from_str(line).ok()
    }

    /// Where the files came from, for people: `rollback to heroin/prod/41`.
    pub fn origin(&self) -> Option<String> {
        let from = self.from_ref.as_deref()?;
        Some(if self.rollback {
            format!("rollback to {from}")
        } else {
            format!("from {from}")
        })
    }

    /// `web v42, worker v17`.
    pub fn versions(&self) -> String {
        let all: Vec<String> = self
            .releases
            .iter()
            .map(|r| format!("{} v{}", r.app, r.version))
            .collect();
        all.join(", ")
    }
}

/// The newest release of each app of `names` (key -> Heroku name) that
/// Heroku has, read `threads` at a time. An app whose releases cannot be
/// read is left out: the apply is done, and its tag is worth more than that
/// detail.
pub fn releases(
    client: &crate::http::Client,
    names: &BTreeMap<String, String>,
    threads: usize,
) -> Vec<Release> {
    let newest = crate::live::releases::newest(client, names, threads);
    names
        .iter()
        .filter_map(|(key, name)| {
            Some(Release {
                app: key.clone(),
                name: name.clone(),
                version: *newest.get(key)?,
            })
        })
        .collect()
}

/// Whether `reference` names a tag of environment `env` (`heroin/prod/41`).
pub fn is_env_tag(env: &str, reference: &str) -> bool {
    reference
        .strip_prefix(&format!("heroin/{env}/"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
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
pub fn tag(repo: Option<&Repo>, record: &Record, planned: &Plan) -> Result<Tagging, Error> {
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
    let mut facts = record.facts.clone();
    facts.changed = planned
        .changes
        .iter()
        .map(|c| c.address.app.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut notes = Vec::new();
    if !facts.releases.is_empty() {
        let shown: Vec<String> = facts
            .releases
            .iter()
            .map(|r| format!("{} ({}) v{}", r.app, r.name, r.version))
            .collect();
        notes.push(format!("Releases: {}", shown.join(", ")));
    }
    if let Some(origin) = facts.origin() {
        let mut origin = origin;
        origin[..1].make_ascii_uppercase();
        notes.push(origin);
    }
    if let Some((commit, at)) = &facts.saved_plan {
        notes.push(format!(
            "Saved plan: made {} from commit {commit}",
            crate::render::date::date(*at)
        ));
    }
    let json = serde_json::to_string(&facts).map_err(std::io::Error::other)?;
    let message = format!(
        "{}{FACTS_LINE}{json}\n",
        tag_message(env, &record.text, &record.host, &notes)
    );
    let name = repo.tag(env, &record.commit(repo)?, &message)?;
    Ok(Tagging::Tagged(name))
}
