//! Inputs that make judging impossible: exit 2 with one clear line on stderr.

use predicates::prelude::*;

use crate::util::*;

/// Runs `args` and checks exit 2 with a one-line error containing `says`.
fn refuses(args: &[&str], says: &str) {
    let output = hooksig().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
    assert_eq!(errors.len(), 1, "{args:?}: {stderr}");
    assert!(errors[0].contains(says), "{args:?}: {stderr}");
    assert!(output.stdout.is_empty(), "{args:?}");
}

#[test]
fn a_missing_secret_says_how_to_give_one() {
    refuses(
        &["verify", "-p", "flinks", "-S", "x"],
        "no secret given: pass --secret-file FILE, set HOOKSIG_SECRET",
    );
}

#[test]
fn an_empty_secret_from_any_source_is_refused() {
    refuses(
        &["verify", "-p", "flinks", "-S", "x", "-s", ""],
        "secret is empty",
    );
    let empty = temp_file(b"\n");
    refuses(
        &[
            "verify",
            "-p",
            "flinks",
            "-S",
            "x",
            "--secret-file",
            empty.path().to_str().unwrap(),
        ],
        "secret is empty",
    );
    hooksig()
        .args(["verify", "-p", "flinks", "-S", "x"])
        .env("HOOKSIG_SECRET", "")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("secret is empty"));
}

#[test]
fn both_secret_flags_are_refused() {
    let file = temp_file(b"k");
    refuses(
        &[
            "verify",
            "-p",
            "flinks",
            "-S",
            "x",
            "-s",
            "k",
            "--secret-file",
            file.path().to_str().unwrap(),
        ],
        "pass only one",
    );
}

#[test]
fn a_secret_flag_wins_over_the_environment() {
    let sig = flinks_signature("from-flag", b"x");
    hooksig()
        .args(["verify", "-p", "flinks", "-S", &sig, "-s", "from-flag"])
        .env("HOOKSIG_SECRET", "from-env")
        .write_stdin("x")
        .assert()
        .code(0);
    let file = temp_file(b"from-flag\n");
    hooksig()
        .args(["verify", "-p", "flinks", "-S", &sig, "--secret-file"])
        .arg(file.path())
        .env("HOOKSIG_SECRET", "from-env")
        .write_stdin("x")
        .assert()
        .code(0);
}

#[test]
fn unreadable_files_name_the_file() {
    refuses(
        &[
            "verify",
            "-p",
            "flinks",
            "-S",
            "x",
            "-s",
            "k",
            "--payload",
            "/nonexistent/body.json",
        ],
        "cannot read payload file /nonexistent/body.json",
    );
    refuses(
        &[
            "verify",
            "-p",
            "flinks",
            "-S",
            "x",
            "-s",
            "k",
            "--payload",
            "/",
        ],
        "cannot read payload file /",
    );
    refuses(
        &[
            "verify",
            "-p",
            "flinks",
            "-S",
            "x",
            "--secret-file",
            "/nonexistent/secret",
        ],
        "cannot read secret file /nonexistent/secret",
    );
}

#[test]
fn unknown_provider_lists_the_known_ones() {
    refuses(
        &["verify", "-p", "acme", "-S", "x", "-s", "k"],
        "unknown provider \"acme\": use one of flinks, fintoc, stripe, github, shopify, slack, standard",
    );
}

#[test]
fn a_provider_that_cannot_be_told_asks_for_provider() {
    refuses(&["verify", "-s", "k", "-S", "abc"], "pass --provider NAME");
    refuses(
        &["verify", "-s", "k", "-H", "Content-Type: application/json"],
        "pass --provider NAME",
    );
    refuses(
        &[
            "verify",
            "-s",
            "k",
            "-H",
            "Fintoc-Signature: t=1,v1=a",
            "-H",
            "flinks-authenticity-key: a",
        ],
        "several providers",
    );
}

#[test]
fn malformed_header_flags_are_refused() {
    refuses(
        &["verify", "-p", "flinks", "-s", "k", "-H", "no colon"],
        "write it as 'Name: value'",
    );
    refuses(
        &["verify", "-s", "k", "-S", "X-Unknown: abc"],
        "no provider uses",
    );
}

#[test]
fn a_bad_tolerance_is_a_usage_error() {
    for bad in ["-5", "abc", "1.5", "99999999999999999999999"] {
        hooksig()
            .args([
                "verify",
                "-p",
                "flinks",
                "-s",
                "k",
                "-S",
                "x",
                "--tolerance",
                bad,
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--tolerance"));
    }
}

#[test]
fn stdin_on_a_terminal_is_an_error_not_a_hang() {
    // A pseudo-terminal needs `script`; skip quietly where it is missing.
    let Ok(script) = which("script") else { return };
    let bin = assert_cmd::cargo::cargo_bin("hooksig");
    let output = std::process::Command::new(script)
        .args(["-qec"])
        .arg(format!("'{}' verify -p flinks -s k -S x", bin.display()))
        .arg("/dev/null")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("standard input is a terminal"), "{text}");
    assert_eq!(output.status.code(), Some(2), "{text}");
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
        .ok_or(())
}
