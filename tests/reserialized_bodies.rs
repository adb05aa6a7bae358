//! A body that is not the bytes the sender signed, explained: JSON the sender
//! wrote in its serializer's style and the receiver re-serialized (both
//! ways), and a body that was never captured. Also the docs that point there:
//! README file references, `sign --help`, colour.

use std::path::PathBuf;

use crate::util::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reserialized")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `verify --format json` on `given`, checks the verdict is "not
/// authentic" (exit 1) whatever the hints say, and returns the hints as
/// (code, message).
fn hints(args: &[&str], secret: &str, given: &[u8]) -> Vec<(String, String)> {
    let output = hooksig()
        .arg("verify")
        .args(args)
        .args(["--format", "json"])
        .env("HOOKSIG_SECRET", secret)
        .write_stdin(given.to_vec())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
    let json = json_output(&output);
    assert_eq!(json["authentic"], false);
    json["hints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["code"].as_str().unwrap().to_owned(),
                h["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn flinks_hints(signed: &[u8], given: &[u8]) -> Vec<(String, String)> {
    let sig = flinks_signature("k", signed);
    hints(&["-p", "flinks", "-S", &sig], "k", given)
}

fn flinks_codes(signed: &[u8], given: &[u8]) -> Vec<String> {
    flinks_hints(signed, given)
        .into_iter()
        .map(|(code, _)| code)
        .collect()
}

/// Each fixture (see tests/fixtures/reserialized/README.md) and what the
/// hint must say when the sender wrote it that way.
const SENDER_STYLES: [(&str, &str); 13] = [
    ("node_compact.json", "compact (no spaces or line breaks)"),
    (
        "python_compact.json",
        "as Python's json.dumps(…, separators=(',', ':')) writes it",
    ),
    ("php_default.json", "as PHP's json_encode writes it"),
    ("go_default.json", "as Go's encoding/json writes it"),
    ("python_default.json", "as Python's json.dumps writes it"),
    (
        "python_unicode.json",
        "as Python's json.dumps(…, ensure_ascii=False) writes it",
    ),
    (
        "stripe_pretty.json",
        "pretty-printed with 2-space indent, as Stripe does",
    ),
    (
        "ruby_pretty.json",
        "pretty-printed with 2-space indent, as Ruby's JSON.pretty_generate writes it",
    ),
    (
        "node_indent2.json",
        "pretty-printed with 2-space indent, as JSON.stringify(body, null, 2) writes it",
    ),
    (
        "python_indent2.json",
        "as Python's json.dumps(…, indent=2) writes it",
    ),
    (
        "php_pretty.json",
        "pretty-printed with 4-space indent, as PHP's json_encode(…, JSON_PRETTY_PRINT) writes it",
    ),
    (
        "node_indent4.json",
        "pretty-printed with 4-space indent, as JSON.stringify(body, null, 4) writes it",
    ),
    (
        "python_indent4.json",
        "as Python's json.dumps(…, indent=4) writes it",
    ),
];

#[test]
fn fixtures_are_thirteen_different_byte_strings_of_one_value() {
    let value: serde_json::Value = serde_json::from_slice(&fixture("event.json")).unwrap();
    let mut seen = std::collections::HashSet::new();
    for (name, _) in SENDER_STYLES {
        let bytes = fixture(name);
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap(),
            value
        );
        assert!(seen.insert(bytes), "{name} repeats another fixture's bytes");
    }
}

/// The hints the library gives for `given` against a Flinks signature of
/// `signed` under the secret `k`: the same judgment as `flinks_hints`
/// (the binary calls this `verify`), without a process.
fn library_flinks_hints(signed: &[u8], given: &[u8]) -> Vec<(String, String)> {
    let flinks = hooksig_core::providers::by_name("flinks").unwrap();
    let mut headers = hooksig_core::Headers::new();
    headers
        .push("flinks-authenticity-key", &flinks_signature("k", signed))
        .unwrap();
    let secret = hooksig_core::Secret::new(b"k".to_vec()).unwrap();
    let verdict = hooksig_core::verify(
        flinks,
        &headers,
        &mut &given[..],
        &[secret],
        &hooksig_core::Policy::at(0),
    )
    .unwrap();
    assert!(!verdict.is_authentic());
    verdict
        .hints
        .into_iter()
        .map(|h| (h.code.as_str().to_owned(), h.message))
        .collect()
}

#[test]
fn a_re_serialized_body_names_the_senders_style_whichever_form_is_held() {
    // Every held form against every signed form: the receiver's copy may be
    // compact (`JSON.stringify(req.body)`), spaced (`json.dumps(request.json)`)
    // or pretty (a log viewer); the hint names how the sender wrote it.
    // All 156 pairs are judged by the library; the binary judges 13 of them,
    // in which every style is signed once and held once, end to end.
    let styles = SENDER_STYLES.len();
    for (held_at, (held_name, _)) in SENDER_STYLES.iter().enumerate() {
        let held = fixture(held_name);
        for (signed_at, (signed_name, style)) in SENDER_STYLES.iter().enumerate() {
            if signed_at == held_at {
                continue;
            }
            let signed = fixture(signed_name);
            let mut judged = vec![("library", library_flinks_hints(&signed, &held))];
            if signed_at == (held_at + 1) % styles {
                judged.push(("binary", flinks_hints(&signed, &held)));
            }
            for (by, found) in judged {
                let context = format!("{by}: signed {signed_name}, held {held_name}: {found:?}");
                assert_eq!(found.len(), 1, "{context}");
                let (code, message) = &found[0];
                assert_eq!(code, "json_reformatted", "{context}");
                assert!(message.contains(style), "{context}");
                assert!(message.contains("raw request bytes"), "{context}");
            }
        }
    }
}

#[test]
fn a_stripe_event_parsed_and_stringified_by_the_app_is_explained_for_stripe() {
    let signed = fixture("stripe_pretty.json");
    let held = fixture("node_compact.json");
    let header = signature("stripe", b"whsec_test_secret", 1700000000, &signed);
    let found = hints(
        &["-p", "stripe", "-S", &header, "--now", "1700000000"],
        "whsec_test_secret",
        &held,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "json_reformatted");
    assert!(
        found[0].1.starts_with(
            "the sender wrote this JSON pretty-printed with 2-space indent, as Stripe does"
        ),
        "{found:?}"
    );
}

#[test]
fn human_output_names_the_style_under_the_verdict() {
    let sig = flinks_signature("k", &fixture("php_default.json"));
    let output = hooksig()
        .args(["verify", "-p", "flinks", "-S", &sig])
        .env("HOOKSIG_SECRET", "k")
        .write_stdin(fixture("node_compact.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[1].starts_with(
            "  hint (json_reformatted): the sender wrote this JSON as PHP's json_encode writes it (compact, escaped slashes and \\uXXXX)"
        ),
        "{stdout}"
    );
}

#[test]
fn a_changed_value_is_never_called_reformatted() {
    // The same layouts, but one number differs: no serializer style can
    // explain that, so the mismatch stays unexplained.
    let signed = fixture("stripe_pretty.json");
    let held = String::from_utf8(fixture("node_compact.json"))
        .unwrap()
        .replace("\"amount\":1000", "\"amount\":1001");
    let codes = flinks_codes(&signed, held.as_bytes());
    assert_eq!(codes, ["unexplained_mismatch"]);
    // Nor a number written another way (2.5 as 2.50): the text of numbers is
    // kept, never normalized.
    let held = String::from_utf8(fixture("node_compact.json"))
        .unwrap()
        .replace("2.5", "2.50");
    let codes = flinks_codes(&signed, held.as_bytes());
    assert_eq!(codes, ["unexplained_mismatch"]);
}

#[test]
fn a_newline_added_to_a_re_serialized_body_is_reported_as_the_newline() {
    // Byte-level variants keep precedence: the signed bytes are the held
    // bytes plus a final newline, though re-serializing would also match.
    let held = fixture("node_compact.json");
    let mut signed = held.clone();
    signed.push(b'\n');
    let codes = flinks_codes(&held, &signed);
    assert_eq!(codes, ["trailing_newline"]);
}

#[test]
fn deeply_nested_json_is_explained_quickly_or_not_at_all() {
    // 127 levels of arrays around 60,000 numbers: pretty-printing it would
    // indent every number by up to 508 spaces (about 30 MiB per variant).
    // Variants are capped at a few times the body's size, so this costs
    // about as much as a small body's check.
    let mut held = "[".repeat(127);
    held.push_str(&vec!["1"; 60_000].join(","));
    held.push_str(&"]".repeat(127));
    let started = std::time::Instant::now();
    let codes = flinks_codes(b"other", held.as_bytes());
    assert_eq!(codes, ["unexplained_mismatch"]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn an_empty_body_says_it_was_not_captured() {
    let found = flinks_hints(b"{\"id\":\"evt_1\"}", b"");
    let codes: Vec<&str> = found.iter().map(|(code, _)| code.as_str()).collect();
    assert_eq!(codes, ["empty_body"], "{found:?}");
    let message = &found[0].1;
    assert!(message.starts_with("the body is empty"), "{message}");
    assert!(message.contains("not captured"), "{message}");
    assert!(message.contains("curl -d @file"), "{message}");

    // With a timestamped scheme and a missing signature too.
    let found = hints(&["-p", "fintoc", "-H", "X-Other: 1"], "k", b"");
    assert!(
        found.iter().any(|(code, _)| code == "empty_body"),
        "{found:?}"
    );
}

#[test]
fn an_empty_body_that_was_signed_is_authentic_without_hints() {
    let sig = flinks_signature("k", b"");
    let output = hooksig()
        .args(["verify", "-p", "flinks", "-S", &sig, "--format", "json"])
        .env("HOOKSIG_SECRET", "k")
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(json_output(&output)["hints"], serde_json::json!([]));
}

#[test]
fn a_body_that_is_not_empty_gets_no_empty_body_hint() {
    let found = flinks_hints(b"signed", b" ");
    assert!(
        found.iter().all(|(code, _)| code != "empty_body"),
        "{found:?}"
    );
}

#[test]
fn wrong_provider_hint_reads_as_english() {
    let fintoc = fintoc_signature("k", 1000, b"x");
    let header = format!("Fintoc-Signature: {fintoc}");
    let found = hints(&["-p", "flinks", "-H", &header, "--now", "1000"], "k", b"x");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "wrong_provider");
    assert!(!found[0].1.contains("s's"), "{found:?}");
    assert!(found[0].1.contains("--provider fintoc"), "{found:?}");
    // Two schemes that match are "schemes".
    let sig = flinks_signature("k", b"x");
    let found = hints(&["-p", "fintoc", "-S", &sig], "k", b"x");
    assert!(
        found[0].1.contains("flinks and shopify schemes"),
        "{found:?}"
    );
}

#[test]
fn sign_help_asks_for_exactly_one_secret() {
    let output = hooksig().args(["sign", "--help"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(!help.contains("several"), "{help}");
    assert!(!help.contains("any one verifies"), "{help}");
    assert!(help.contains("exactly one secret"), "{help}");
    // verify still takes several.
    let output = hooksig().args(["verify", "--help"]).output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("any one verifies"), "{help}");
}

/// Runs `verify` on a pseudo-terminal (util-linux `script`) with `env`, and
/// returns what it printed; `None` when `script` is not installed.
fn on_a_terminal(env: &[(&str, &str)]) -> Option<String> {
    let bin = assert_cmd::cargo::cargo_bin("hooksig");
    let secret = temp_file(b"k");
    let body = temp_file(b"x");
    let command = format!(
        "{} verify -p flinks -S {} --secret-file {} --payload {}",
        bin.display(),
        flinks_signature("k", b"y"),
        secret.path().display(),
        body.path().display()
    );
    let output = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR")
        .env_remove("HOOKSIG_SECRET")
        .envs(env.iter().copied())
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn no_colour_on_a_dumb_terminal() {
    let Some(colour) = on_a_terminal(&[("TERM", "xterm-256color")]) else {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    };
    // The pseudo-terminal works: a capable terminal gets colour.
    assert!(colour.contains("NOT AUTHENTIC"), "{colour:?}");
    assert!(colour.contains('\x1b'), "{colour:?}");
    for env in [
        &[("TERM", "dumb")][..],
        &[("TERM", "xterm-256color"), ("NO_COLOR", "1")][..],
    ] {
        let plain = on_a_terminal(env).unwrap();
        assert!(plain.contains("NOT AUTHENTIC"), "{env:?}: {plain:?}");
        assert!(!plain.contains('\x1b'), "{env:?}: {plain:?}");
    }
}

#[test]
fn verify_help_says_when_there_is_colour() {
    let output = hooksig().args(["verify", "--help"]).output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("NO_COLOR"), "{help}");
    assert!(help.contains("TERM=dumb"), "{help}");
}

/// Every `*.md` file, relative link and repository path the README names.
fn readme_paths(readme: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let path_char = |c: char| c.is_ascii_alphanumeric() || "_./-".contains(c);
    for (i, _) in readme.match_indices(".md") {
        let start = readme[..i]
            .rfind(|c: char| !path_char(c))
            .map_or(0, |s| s + 1);
        paths.push(readme[start..i + 3].to_owned());
    }
    for (i, _) in readme.match_indices("](") {
        let rest = &readme[i + 2..];
        let target = &rest[..rest.find(')').unwrap_or(rest.len())];
        if !target.starts_with('#') && !target.contains("://") {
            paths.push(target.to_owned());
        }
    }
    for dir in [
        "examples/",
        "tests/",
        "src/",
        "bench/",
        "benches/",
        "fuzz/",
        ".ci/",
    ] {
        for (i, _) in readme.match_indices(dir) {
            if readme[..i].ends_with(path_char) {
                continue;
            }
            let rest = &readme[i..];
            let end = rest.find(|c: char| !path_char(c)).unwrap_or(rest.len());
            paths.push(rest[..end].trim_end_matches('.').to_owned());
        }
    }
    paths
}

#[test]
fn readme_names_only_files_in_the_repository() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let paths = readme_paths(&readme);
    assert!(paths.iter().any(|p| p == "SECURITY.md"), "{paths:?}");
    assert!(
        paths.iter().any(|p| p == "examples/verify-all.sh"),
        "{paths:?}"
    );
    let missing: Vec<&String> = paths.iter().filter(|p| !root.join(p).exists()).collect();
    assert!(
        missing.is_empty(),
        "README names missing files: {missing:?}"
    );
    assert!(readme.contains("\n## Compatibility notes\n"));
}
