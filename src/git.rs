//! The git edge: is the configuration directory committed, which commit is
//! applied, and the `heroin/<env>/<n>` tags that record each apply.
//!
//! Only local repository operations (git2 without network features). Outside
//! a repository everything here is simply not available: apply still works
//! and says that nothing is tagged.

use std::path::{Path, PathBuf};

/// What can go wrong with git.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// libgit2 failed.
    #[error("git: {0}")]
    Git(#[from] git2::Error),
    /// `--ref` names nothing in the repository.
    #[error("no such tag, branch or commit in this repository: {0}")]
    NoRef(String),
    /// A tag could not be created after several tries.
    #[error("git: could not create a tag heroin/{0}/<n>: other tags kept taking the number")]
    TagRace(String),
    /// The last tag's number is the largest there is.
    #[error("git: no tag number is left after the last heroin/{0}/<n>")]
    NoNumber(String),
    /// A configuration file in a commit is larger than heroin reads.
    #[error("{0} is larger than {limit} bytes", limit = crate::config::files::MAX_FILE_BYTES)]
    TooLarge(String),
}

/// A repository, seen from the configuration directory.
pub struct Repo {
    repo: git2::Repository,
    /// The configuration directory, relative to the work tree.
    prefix: PathBuf,
}

/// Canonical tags with their numbers, and the names of the others.
type Tags = (Vec<(String, u64)>, Vec<String>);

/// The applies recorded for an environment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// Newest first.
    pub applied: Vec<Applied>,
    /// Tags under `heroin/<env>/` that heroin did not write (not a canonical
    /// number, or not annotated): left out, and worth a warning.
    pub skipped: Vec<String>,
}

/// One applied tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// `heroin/<env>/<n>`.
    pub tag: String,
    /// `<n>`.
    pub number: u64,
    /// When it was tagged (seconds since the Unix epoch).
    pub time: i64,
    /// The commit applied.
    pub commit: String,
    /// Who applied it.
    pub tagger: String,
    /// The plan's summary line.
    pub summary: String,
    /// The tag's whole message (what anyone who can push a tag wrote).
    pub message: String,
}

impl Repo {
    /// The repository holding `dir`, if any.
    pub fn discover(dir: &Path) -> Option<Repo> {
        let repo = git2::Repository::discover(dir).ok()?;
        let workdir = repo.workdir()?.canonicalize().ok()?;
        let dir = dir.canonicalize().ok()?;
        let prefix = dir.strip_prefix(&workdir).ok()?.to_path_buf();
        Some(Repo { repo, prefix })
    }

    /// Uncommitted changes in the configuration directory: tracked files
    /// changed (staged or not) and untracked heroin files, as paths relative
    /// to the work tree.
    pub fn dirty(&self) -> Result<Vec<String>, GitError> {
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false);
        if !self.prefix.as_os_str().is_empty() {
            opts.pathspec(self.prefix.to_string_lossy().as_ref());
        }
        let statuses = self.repo.statuses(Some(&mut opts))?;
        let mut paths = Vec::new();
        for entry in statuses.iter() {
            let Ok(path) = entry.path().map(str::to_string) else {
                continue;
            };
            let name = Path::new(&path)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let untracked = entry.status().contains(git2::Status::WT_NEW);
            let heroin_file = !matches!(
                crate::config::files::role(name),
                crate::config::files::Role::Other
            );
            if !untracked || heroin_file {
                paths.push(path);
            }
        }
        paths.extend(self.ignored_heroin_files());
        Ok(paths)
    }

    /// The heroin files of the configuration directory that git ignores:
    /// never committed, so a tag on the commit would not hold what was
    /// applied. Asked file by file (an ignored directory is not walked).
    fn ignored_heroin_files(&self) -> Vec<String> {
        let Some(dir) = self.repo.workdir().map(|w| w.join(&self.prefix)) else {
            return Vec::new();
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut paths: Vec<String> = entries
            .flatten()
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|name| crate::config::files::role(name) != crate::config::files::Role::Other)
            .map(|name| self.prefix.join(name).to_string_lossy().into_owned())
            .filter(|path| {
                self.repo
                    .status_file(Path::new(path))
                    .is_ok_and(|s| s.contains(git2::Status::IGNORED))
            })
            .collect();
        paths.sort();
        paths
    }

    /// The commit `reference` names (`heroin/prod/41`, a branch, a hash),
    /// and the files of the configuration directory in it: name -> text.
    pub fn files_at(
        &self,
        reference: &str,
    ) -> Result<(String, std::collections::BTreeMap<String, String>), GitError> {
        let commit = self
            .repo
            .revparse_single(reference)
            .map_err(|e| match e.code() {
                git2::ErrorCode::NotFound | git2::ErrorCode::InvalidSpec => {
                    GitError::NoRef(reference.to_string())
                }
                _ => GitError::Git(e),
            })?
            .peel_to_commit()?;
        let root = commit.tree()?;
        let tree = if self.prefix.as_os_str().is_empty() {
            root
        } else {
            root.get_path(&self.prefix)?
                .to_object(&self.repo)?
                .peel_to_tree()?
        };
        let mut files = std::collections::BTreeMap::new();
        for entry in tree.iter() {
            let (Ok(name), Some(git2::ObjectType::Blob)) = (entry.name(), entry.kind()) else {
                continue;
            };
            // Only heroin's own files are read, and only up to the bound
            // that applies to files on disk.
            if crate::config::files::role(name) == crate::config::files::Role::Other {
                continue;
            }
            let blob = entry.to_object(&self.repo)?.peel_to_blob()?;
            if blob.size() as u64 > crate::config::files::MAX_FILE_BYTES {
                return Err(GitError::TooLarge(format!("{reference}:{name}")));
            }
            files.insert(
                name.to_string(),
                String::from_utf8_lossy(blob.content()).into_owned(),
            );
        }
        Ok((commit.id().to_string(), files))
    }

    /// The files `names` as in `commit` (at most `limit` bytes each): their
    /// text, or why they cannot be read.
    pub fn referenced_at(
        &self,
        commit: &str,
        names: &std::collections::BTreeSet<String>,
        limit: u64,
    ) -> Result<crate::config::Files, GitError> {
        let tree = self
            .repo
            .find_commit(git2::Oid::from_str(commit)?)?
            .tree()?;
        let mut out = crate::config::Files::new();
        for name in names {
            let read = crate::config::files::inside(name).and_then(|()| {
                let blob = tree
                    .get_path(&self.prefix.join(name))
                    .and_then(|e| e.to_object(&self.repo))
                    .and_then(|o| o.peel_to_blob())
                    .map_err(|_| format!("{name} is not in commit {commit}"))?;
                if blob.size() as u64 > limit {
                    return Err(format!("{name} is larger than {limit} bytes"));
                }
                String::from_utf8(blob.content().to_vec())
                    .map_err(|_| format!("{name} is not UTF-8 text"))
            });
            out.insert(name.clone(), read);
        }
        Ok(out)
    }

    /// The git tree of the configuration directory in `commit` (what a
    /// saved plan is bound to: a merge that leaves the directory as it was
    /// leaves its tree as it was).
    pub fn tree_at(&self, commit: &str) -> Result<String, GitError> {
        let root = self
            .repo
            .find_commit(git2::Oid::from_str(commit)?)?
            .tree()?;
        if self.prefix.as_os_str().is_empty() {
            return Ok(root.id().to_string());
        }
        Ok(root.get_path(&self.prefix)?.id().to_string())
    }

    /// The commit `HEAD` points at.
    pub fn head(&self) -> Result<String, GitError> {
        Ok(self.repo.head()?.peel_to_commit()?.id().to_string())
    }

    fn tagger(&self) -> Result<git2::Signature<'static>, GitError> {
        Ok(self
            .repo
            .signature()
            .or_else(|_| git2::Signature::now("heroin", "heroin@localhost"))?)
    }

    /// The `heroin/<env>/<n>` tags: the canonical ones (`<n>` a decimal
    /// number without leading zeros) with their numbers, and the names of
    /// the others (`heroin/prod/007`, `heroin/prod/x`), which heroin never
    /// writes and never counts.
    fn tags(&self, env: &str) -> Result<Tags, GitError> {
        let prefix = format!("heroin/{env}/");
        let names = self.repo.tag_names(Some(&format!("{prefix}*")))?;
        let (mut canonical, mut other) = (Vec::new(), Vec::new());
        for name in names.iter().flatten().flatten() {
            let Some(rest) = name.strip_prefix(&prefix) else {
                continue;
            };
            match rest.parse::<u64>() {
                Ok(n) if n.to_string() == rest => canonical.push((name.to_string(), n)),
                _ => other.push(name.to_string()),
            }
        }
        Ok((canonical, other))
    }

    /// Creates the annotated tag `heroin/<env>/<n>` (n = previous + 1) on
    /// `commit` with `message`; a tag that appears meanwhile takes the next
    /// number. Returns the tag's name.
    pub fn tag(&self, env: &str, commit: &str, message: &str) -> Result<String, GitError> {
        let target = self.repo.find_object(git2::Oid::from_str(commit)?, None)?;
        let tagger = self.tagger()?;
        for _ in 0..10 {
            let last = self.tags(env)?.0.into_iter().map(|(_, n)| n).max();
            let next = last
                .unwrap_or(0)
                .checked_add(1)
                .ok_or_else(|| GitError::NoNumber(env.to_string()))?;
            let name = format!("heroin/{env}/{next}");
            match self.repo.tag(&name, &target, &tagger, message, false) {
                Ok(_) => return Ok(name),
                Err(e) if e.code() == git2::ErrorCode::Exists => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(GitError::TagRace(env.to_string()))
    }

    /// What was applied to `env`, newest first, and the names of tags under
    /// `heroin/<env>/` that are not heroin's (skipped).
    pub fn history(&self, env: &str) -> Result<History, GitError> {
        let mut out = Vec::new();
        let (tags, mut skipped) = self.tags(env)?;
        for (tag, number) in tags {
            let reference = self.repo.find_reference(&format!("refs/tags/{tag}"))?;
            let Ok(annotated) = reference.peel_to_tag() else {
                // A lightweight tag: heroin writes only annotated ones.
                skipped.push(tag);
                continue;
            };
            let message = annotated
                .message()
                .ok()
                .flatten()
                .unwrap_or_default()
                .to_string();
            let summary = message
                .lines()
                .rev()
                .find(|l| l.starts_with("Plan: ") || l.starts_with("No changes"))
                .unwrap_or_default()
                .to_string();
            let tagger = annotated.tagger().map(|s| {
                format!(
                    "{} <{}>",
                    s.name().unwrap_or_default(),
                    s.email().unwrap_or_default()
                )
            });
            out.push(Applied {
                tag,
                number,
                time: annotated.tagger().map_or(0, |s| s.when().seconds()),
                commit: annotated.target_id().to_string(),
                tagger: tagger.unwrap_or_default(),
                summary,
                message,
            });
        }
        out.sort_by_key(|a| std::cmp::Reverse(a.number));
        skipped.sort();
        Ok(History {
            applied: out,
            skipped,
        })
    }
}

#[cfg(test)]
#[path = "git_tests.rs"]
mod tests;
