//! Reading the files a configuration refers to (`{ file = "PATH" }`): the
//! other half of `config::files`, the configuration's one edge to the file
//! system.

use std::path::Path;

use super::{FilesError, read_limited};

/// The files the configuration refers to (`{ file = "certs/www.pem" }`),
/// read from `dir`: each a path inside it (neither absolute nor through
/// `..`), a regular file of at most `limit` bytes. A file that cannot be
/// read is its reason, which the loader reports where it is referred to.
pub fn read_referenced(
    dir: &Path,
    names: &std::collections::BTreeSet<String>,
    limit: u64,
) -> crate::config::Files {
    names
        .iter()
        .map(|name| {
            let read = match inside(name) {
                Err(why) => Err(why),
                Ok(()) => read_limited(&dir.join(name), name, limit).map_err(|e| match e {
                    FilesError::TooLarge { file } => format!("{file} is larger than {limit} bytes"),
                    other => other.to_string(),
                }),
            };
            (name.clone(), read)
        })
        .collect()
}

/// Whether `name` is a relative path that stays inside the directory.
pub fn inside(name: &str) -> Result<(), String> {
    let path = Path::new(name);
    let escapes = path.components().any(|c| {
        !matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    });
    if name.is_empty() || escapes {
        return Err(format!(
            "{name:?} must be a path inside the configuration directory (relative, without `..`)"
        ));
    }
    Ok(())
}
