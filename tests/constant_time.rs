//! Every signature comparison goes through `hooksig_core::mac::constant_time_eq`.
//!
//! A lint cannot say "no `==` on MAC values" (clippy's disallowed-methods
//! does not see operators, and `Mac` is a plain `[u8; 32]`), so this test
//! reads the sources instead (src/ and crates/*/src/): outside the core's
//! `mac.rs` and outside
//! `#[cfg(test)]` modules, no line may both compare (`==`, `!=`, `.eq(`,
//! `.contains(`, …) and name a MAC-like value (`mac`, `sig`, `signatures`,
//! `computed`, `claim`, …). It is textual, so it can be fooled on purpose;
//! it exists to catch the accidental `claim.signatures.contains(&mac)`.

use std::path::{Path, PathBuf};

/// Identifiers that hold, or contain, MACs and signatures.
const MAC_WORDS: &[&str] = &[
    "mac",
    "macs",
    "sig",
    "sigs",
    "signatures",
    "computed",
    "received",
    "digest",
    "hmac",
    "tag",
    "tags",
    "claim",
    "expected_mac",
];

/// Ways of comparing that are not constant-time.
const COMPARISONS: &[&str] = &[
    "==",
    "!=",
    ".eq(",
    ".ne(",
    ".contains(",
    ".starts_with(",
    ".ends_with(",
    ".cmp(",
    ".partial_cmp(",
    ".position(",
    "assert_eq!",
    "assert_ne!",
];

/// Whether a line of code compares something that looks like a MAC.
fn compares_a_mac(line: &str) -> bool {
    let code = line.split("//").next().unwrap_or_default();
    let compares = COMPARISONS.iter().any(|op| code.contains(op));
    let names_a_mac = code
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|word| MAC_WORDS.contains(&word));
    compares && names_a_mac
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn signatures_are_compared_only_in_constant_time() {
    // The binary's sources and every crate's: the comparisons live in the
    // core, so a scan of src/ alone would check nothing that matters.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    for krate in std::fs::read_dir(root.join("crates")).unwrap() {
        rust_files(&krate.unwrap().path().join("src"), &mut files);
    }
    assert!(
        files
            .iter()
            .any(|f| f.ends_with("crates/core/src/verify.rs")),
        "{files:?}"
    );
    let mut offences = Vec::new();
    for file in files.iter().filter(|f| !f.ends_with("mac.rs")) {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("#[cfg(test)]") {
                break;
            }
            if compares_a_mac(line) {
                offences.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "compare MACs with hooksig_core::mac::constant_time_eq, not:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_source_check_catches_plain_comparisons() {
    for bad in [
        "if mac == claim.signatures[0] {",
        "claim.signatures.contains(&mac)",
        "let hit = computed != received;",
        "sigs.iter().any(|sig| sig.eq(&mac))",
        "hex::encode(mac).starts_with(value)",
        "signatures.iter().position(|s| *s == expected_mac)",
    ] {
        assert!(compares_a_mac(bad), "{bad}");
    }
    for fine in [
        "constant_time_eq(&mac, sig) | hit",
        "if case.verdict.reason == Reason::SignatureMismatch {",
        "if !headers.contains(WEBHOOK.signature) {",
        "// mac == sig would leak timing",
    ] {
        assert!(!compares_a_mac(fine), "{fine}");
    }
}
