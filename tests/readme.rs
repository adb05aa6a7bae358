//! The README's `console` examples run as tests, so the docs cannot rot.
//!
//! In a ```` ```console ```` block, a line starting with `$ ` is a command
//! (a trailing `\` continues it on the next line); the lines up to the next
//! command are its expected output, stdout and stderr together. In an
//! expected line, `…` matches any text; a line that is only `…` matches any
//! number of lines. Commands run in bash from the repository root, with the
//! freshly built `hooksig` first on `PATH`, `NO_COLOR=1` and no
//! `HOOKSIG_SECRET` unless the command sets it.

use std::path::Path;
use std::process::{Command, Stdio};

struct Example {
    line: usize,
    command: String,
    expected: Vec<String>,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut in_console = false;
    let mut continuing = false;
    for (i, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            in_console = line == "```console";
            continuing = false;
            continue;
        }
        if !in_console {
            continue;
        }
        if continuing {
            let example = examples.last_mut().unwrap();
            example.command.push('\n');
            example.command.push_str(line);
            continuing = line.ends_with('\\');
        } else if let Some(command) = line.strip_prefix("$ ") {
            examples.push(Example {
                line: i + 1,
                command: command.to_owned(),
                expected: Vec::new(),
            });
            continuing = line.ends_with('\\');
        } else if let Some(example) = examples.last_mut() {
            example.expected.push(line.to_owned());
        }
    }
    examples
}

/// Whether `actual` matches `pattern`, where `…` matches any text.
fn line_matches(pattern: &str, actual: &str) -> bool {
    let mut parts = pattern.split('…');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = actual.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

fn lines_match(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "…" => {
            (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..]))
        }
        Some((first, rest)) => {
            !actual.is_empty() && line_matches(first, actual[0]) && lines_match(rest, &actual[1..])
        }
    }
}

#[test]
fn readme_console_examples_produce_their_documented_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let examples = examples(&readme);
    assert!(examples.len() >= 8, "too few README examples found");
    let bin_dir = assert_cmd::cargo::cargo_bin("hooksig")
        .parent()
        .unwrap()
        .to_owned();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // Example secrets are private, as real ones should be.
    let custom = std::fs::read_dir(root.join("examples/custom")).unwrap();
    for dir in std::fs::read_dir(root.join("examples"))
        .unwrap()
        .chain(custom)
    {
        let secret = dir.unwrap().path().join("secret.txt");
        if secret.exists() {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
    }
    let mut failures = Vec::new();
    for example in &examples {
        let output = Command::new("bash")
            .arg("-c")
            .arg(format!("{} 2>&1", example.command))
            .current_dir(root)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .env_remove("HOOKSIG_SECRET")
            .env_remove("HOOKSIG_SCHEMES")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let actual: Vec<&str> = stdout.lines().collect();
        if !lines_match(&example.expected, &actual) {
            failures.push(format!(
                "README.md:{}: $ {}\n--- expected\n{}\n--- actual\n{}",
                example.line,
                example.command,
                example.expected.join("\n"),
                stdout
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn the_pattern_matcher_can_fail() {
    assert!(line_matches("a…c", "abbbc"));
    assert!(line_matches("…", "anything"));
    assert!(!line_matches("a…c", "abbbd"));
    assert!(!line_matches("abc", "abcd"));
    let lines = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(lines_match(&lines(&["x", "…", "z"]), &["x", "y", "y", "z"]));
    assert!(!lines_match(&lines(&["x", "z"]), &["x", "y", "z"]));
}
