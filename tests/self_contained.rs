//! The repository is whole by itself: no tracked file other than prose reads
//! anything from outside the checkout (a fresh clone has nothing beside it).

use std::process::Command;

#[test]
fn no_tracked_file_reaches_outside_the_repository() {
    let root = env!("CARGO_MANIFEST_DIR");
    let listed = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root)
        .output()
        .expect("git runs");
    // Outside a git checkout (a packaged crate) there is nothing to check.
    if !listed.status.success() {
        return;
    }
    // Written in two halves so that this file does not match itself.
    let needle = format!("../{}", "shared");
    let mut offenders = Vec::new();
    for path in String::from_utf8_lossy(&listed.stdout).split('\0') {
        if path.is_empty() || path.ends_with(".md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(std::path::Path::new(root).join(path)) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if line.contains(&needle) {
                offenders.push(format!("{path}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "files reading outside the repository:\n{}",
        offenders.join("\n")
    );
}
