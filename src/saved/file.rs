//! Reading and writing a saved plan's file (JSON, bounded in size, with an
//! error that names the file), and the commit and tree a plan is bound to.

use std::io::Read;
use std::path::Path;

use super::{FilesAt, Saved};
use crate::error::Error;
use crate::git::Repo;

/// The commit and the configuration directory's tree that the files of
/// `dir` are: those of `reference` when given, else of `HEAD`, which must
/// then hold them as they are (no uncommitted change).
pub fn bound_to(dir: &Path, reference: Option<&str>) -> Result<FilesAt, Error> {
    let repo = Repo::discover(dir).ok_or_else(|| Error::Refused {
        message: format!(
            "{} is not in a git repository: a saved plan records the commit it was made from",
            dir.display()
        ),
        hint: "commit the files to a git repository first".into(),
    })?;
    let commit = match reference {
        Some(r) => repo.files_at(r)?.0,
        None => {
            let dirty = repo.dirty()?;
            if !dirty.is_empty() {
                return Err(Error::Refused {
                    message: format!(
                        "uncommitted changes in the configuration directory: {}",
                        dirty.join(", ")
                    ),
                    hint: "commit them first: a saved plan is bound to the committed files".into(),
                });
            }
            repo.head()?
        }
    };
    let tree = repo.tree_at(&commit)?;
    Ok(FilesAt { commit, tree })
}

/// The largest saved plan heroin reads.
pub const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// Writes `saved` to `path`.
pub fn write(path: &Path, saved: &Saved) -> Result<(), Error> {
    let mut text = serde_json::to_string_pretty(saved).map_err(std::io::Error::other)?;
    text.push('\n');
    std::fs::write(path, text).map_err(|e| Error::Refused {
        message: format!("cannot write the plan to {}: {e}", path.display()),
        hint: "name a file in a directory that exists and can be written".into(),
    })
}

/// Reads the saved plan in `path`.
pub fn read(path: &Path) -> Result<Saved, Error> {
    let refused = |why: String| Error::Refused {
        message: format!("{}: {why}", path.display()),
        hint: "a saved plan is what `heroin diff ENV --out FILE` writes".into(),
    };
    let cannot = |e: std::io::Error| refused(format!("cannot read it: {e}"));
    let file = std::fs::File::open(path).map_err(cannot)?;
    // Never more than the bound, whatever the file says its size is (a
    // device, a file that grows while it is read).
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(refused(format!("it is larger than {MAX_BYTES} bytes")));
    }
    serde_json::from_slice(&bytes).map_err(|e| refused(format!("not a saved plan: {e}")))
}
