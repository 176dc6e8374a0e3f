//! Build script: names the commit heroin is built from, for `heroin --version`.
//!
//! `HEROIN_COMMIT` (set by whoever builds from a tarball) wins; else
//! `git rev-parse --short HEAD`; else "unknown". It never fails the build, and
//! it reruns only when the checked-out commit changes, so builds stay fast.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// A path that does not exist would make cargo rerun the script on every
/// build: only existing ones are watched.
fn watch(path: &str) {
    if std::path::Path::new(path).exists() {
        println!("cargo:rerun-if-changed={path}");
    }
}

fn main() {
    println!("cargo:rerun-if-env-changed=HEROIN_COMMIT");
    println!("cargo:rerun-if-changed=build.rs");
    let commit = std::env::var("HEROIN_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| git(&["rev-parse", "--short", "HEAD"]))
        .unwrap_or_else(|| "unknown".into());
    // Rerun when HEAD moves: HEAD itself, the branch it points to, and the
    // packed refs (where a branch may live instead).
    for path in ["HEAD", "packed-refs"] {
        if let Some(p) = git(&["rev-parse", "--git-path", path]) {
            watch(&p);
        }
    }
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(p) = git(&["rev-parse", "--git-path", &branch])
    {
        watch(&p);
    }
    println!("cargo:rustc-env=HEROIN_COMMIT={commit}");
}
