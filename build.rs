//! Puts the git commit into `hooksig --version` (as ripgrep's build.rs does):
//! `hooksig 0.1.0 (rev 1a2b3c4d5e)`, or just the version outside a git
//! checkout (a crates.io or distribution build).

use std::process::Command;

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    let revision = git(&["rev-parse", "--short=10", "HEAD"]);
    let full = match &revision {
        Some(rev) => format!("{version} (rev {rev})"),
        None => version.to_owned(),
    };
    println!("cargo:rustc-env=HOOKSIG_VERSION={full}");
    // Rebuild when HEAD moves: HEAD itself (a checkout) and the branch it
    // points to (a commit).
    println!("cargo:rerun-if-changed=build.rs");
    for path in [
        git(&["rev-parse", "--git-path", "HEAD"]),
        git(&["symbolic-ref", "-q", "HEAD"])
            .and_then(|branch| git(&["rev-parse", "--git-path", &branch])),
    ]
    .into_iter()
    .flatten()
    {
        println!("cargo:rerun-if-changed={path}");
    }
}

/// The trimmed output of a successful `git` command, if any.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?.trim().to_owned();
    (!text.is_empty()).then_some(text)
}
