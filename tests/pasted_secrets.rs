//! Secrets as people paste them: blank ones, ones read from standard input,
//! a secret's value given where a path belongs, a secret that does not fit
//! the scheme beside one that does, and the hints for a secret copied with
//! its `.env` line, its quotes, a byte-order mark or stray whitespace.

use predicates::prelude::*;

use crate::util::*;

/// Runs `verify --format json` with `HOOKSIG_SECRET` (when given) and
/// returns its exit code and JSON object.
fn verify_json(
    args: &[&str],
    env_secret: Option<&str>,
    body: &[u8],
) -> (Option<i32>, serde_json::Value) {
    let mut cmd = hooksig();
    cmd.arg("verify").args(args).args(["--format", "json"]);
    if let Some(secret) = env_secret {
        cmd.env("HOOKSIG_SECRET", secret);
    }
    let output = cmd.write_stdin(body.to_vec()).output().unwrap();
    (output.status.code(), json_output(&output))
}

/// The hints of a not-authentic (exit 1) verdict, as (code, message).
fn hints(args: &[&str], env_secret: Option<&str>, body: &[u8]) -> Vec<(String, String)> {
    let (code, json) = verify_json(args, env_secret, body);
    assert_eq!(code, Some(1), "{args:?}: {json}");
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

fn codes(hints: &[(String, String)]) -> Vec<&str> {
    hints.iter().map(|(code, _)| code.as_str()).collect()
}

// Issue 11, item 2: a whitespace-only secret is a blank key anyone can sign
// with.

#[test]
fn a_whitespace_only_secret_is_refused_wherever_it_comes_from() {
    // A forgery signed with a single space as the key.
    let forged = flinks_signature(" ", b"x");
    let blank_file = temp_file(b" ");
    let blank_lines = temp_file(b"\t\r\n\n");
    let blank_path = blank_file.path().to_str().unwrap();
    let lines_path = blank_lines.path().to_str().unwrap();
    let cases: [(&[&str], Option<&str>, &str); 6] = [
        (&["--secret-file", blank_path], None, "secret file "),
        (&["--secret-file", lines_path], None, "secret file "),
        (&["-s", " "], None, "--secret"),
        // An unset variable in a list: HOOKSIG_SECRET="$OLD,$NEW".
        (
            &[],
            Some(" ,abc"),
            "HOOKSIG_SECRET, secret #1 (secrets are separated by newlines or commas)",
        ),
        (&[], Some("abc,\u{a0}"), "HOOKSIG_SECRET, secret #2"),
        (&[], Some("\t"), "HOOKSIG_SECRET"),
    ];
    for (secret_args, env, names) in cases {
        let mut cmd = hooksig();
        cmd.args(["verify", "-p", "flinks", "-S", &forged])
            .args(secret_args);
        if let Some(env) = env {
            cmd.env("HOOKSIG_SECRET", env);
        }
        let output = cmd.write_stdin("x").output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{secret_args:?} {env:?}: {stderr}"
        );
        assert!(output.stdout.is_empty(), "{secret_args:?} {env:?}");
        assert!(stderr.contains(names), "{secret_args:?} {env:?}: {stderr}");
        assert!(stderr.contains("only whitespace"), "{stderr}");
        let error_lines = stderr.lines().filter(|l| l.contains("error")).count();
        assert_eq!(error_lines, 1, "{stderr}");

        let mut cmd = hooksig();
        cmd.args(["verify", "-p", "flinks", "-S", &forged, "--format", "json"])
            .args(secret_args);
        if let Some(env) = env {
            cmd.env("HOOKSIG_SECRET", env);
        }
        let output = cmd.write_stdin("x").output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        let json = json_output(&output);
        assert_eq!(json["error"]["code"], "no_secret", "{json}");
    }
}

#[test]
fn sign_and_fingerprint_refuse_a_whitespace_only_secret_too() {
    hooksig()
        .args(["sign", "-p", "flinks", "-s", "  "])
        .write_stdin("x")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("only whitespace"));
    hooksig()
        .arg("fingerprint")
        .env("HOOKSIG_SECRET", "abc,\n ")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("HOOKSIG_SECRET, secret #2"));
}

// Issue 18, item 2: `--secret-file -` reads standard input.

#[test]
fn the_secret_can_come_from_standard_input() {
    let body = temp_file(b"x");
    let body_path = body.path().to_str().unwrap();
    let sig = flinks_signature("k3y", b"x");
    for stdin in ["k3y", "k3y\n", "k3y\r\n"] {
        hooksig()
            .args(["verify", "-p", "flinks", "-S", &sig, "--secret-file", "-"])
            .args(["--payload", body_path])
            .write_stdin(stdin)
            .assert()
            .code(0)
            .stderr("");
    }
    // Only one line ending is dropped, as from a file.
    hooksig()
        .args(["verify", "-p", "flinks", "-S", &sig, "--secret-file", "-"])
        .args(["--payload", body_path])
        .write_stdin("k3y\n\n")
        .assert()
        .code(1);
    hooksig()
        .args(["sign", "-p", "flinks", "--secret-file", "-", "--value"])
        .args(["--payload", body_path])
        .write_stdin("k3y\n")
        .assert()
        .code(0)
        .stdout(format!("{sig}\n"));
    hooksig()
        .args(["fingerprint", "--secret-file", "-"])
        .write_stdin("abc\n")
        .assert()
        .code(0)
        .stdout("secret #1 (3 bytes, sha256:ba7816bf)\n");
}

#[test]
fn the_secret_and_the_webhook_cannot_both_come_from_standard_input() {
    let sig = flinks_signature("k3y", b"x");
    let verify = ["verify", "-p", "flinks", "-S", &sig, "--secret-file", "-"];
    let cases: [(Vec<&str>, &str); 4] = [
        (verify.to_vec(), "--payload"),
        ([&verify[..], &["--payload", "-"]].concat(), "--payload"),
        ([&verify[..], &["--request", "-"]].concat(), "--request"),
        (
            vec!["sign", "-p", "flinks", "--secret-file", "-"],
            "--payload",
        ),
    ];
    for (args, other) in cases {
        let output = hooksig().args(&args).write_stdin("k3y\n").output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("--secret-file -"), "{stderr}");
        assert!(stderr.contains(other), "{stderr}");
        assert!(stderr.contains("only one"), "{stderr}");

        let output = hooksig()
            .args(&args)
            .args(["--format", "json"])
            .write_stdin("k3y\n")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(json_output(&output)["error"]["code"], "usage");
    }
    // Standard input is read once: two `--secret-file -` is a usage error.
    hooksig()
        .args(["fingerprint", "--secret-file", "-", "--secret-file", "-"])
        .write_stdin("abc\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--secret-file -").and(predicate::str::contains("once")));
}

// Issue 18, item 3: a secret's value given to `--secret-file` is not echoed.

#[test]
fn a_secret_given_as_the_secret_file_path_is_not_echoed() {
    let sig = flinks_signature("k", b"x");
    for secret in [
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "rk_live_51Habc",
        "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
        "shpss_5f3c1a2b9d8e7f60",
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "Zm9vYmFyYmF6cXV4cXV1eHF1dXg",
    ] {
        for format in ["human", "json"] {
            let output = hooksig()
                .args(["verify", "-p", "flinks", "-S", &sig, "--format", format])
                .args(["--secret-file", secret])
                .write_stdin("x")
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(2), "{secret}");
            let all = [output.stdout.clone(), output.stderr.clone()].concat();
            assert_no_secret_in(
                &format!("--secret-file {secret}"),
                &all,
                &[secret.as_bytes()],
            );
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.contains("--secret-file takes a path"), "{stderr}");
            assert!(stderr.contains("HOOKSIG_SECRET"), "{stderr}");
            assert!(stderr.contains("--secret"), "{stderr}");
            if format == "json" {
                let message = json_output(&output)["error"]["message"].to_string();
                assert!(message.contains("--secret-file takes a path"), "{message}");
            }
        }
        hooksig()
            .args(["sign", "-p", "flinks", "--secret-file", secret])
            .write_stdin("x")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(secret).not());
    }
    // At most the first four characters are shown.
    hooksig()
        .args(["fingerprint", "--secret-file"])
        .arg("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("whse…").and(predicate::str::contains("whsec").not()));
}

#[test]
fn a_mistyped_secret_file_name_is_still_named() {
    let sig = flinks_signature("k", b"x");
    for path in ["secrt.txt", "./x", "/tmp/nope-hooksig-test"] {
        hooksig()
            .args(["verify", "-p", "flinks", "-S", &sig, "--secret-file", path])
            .write_stdin("x")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "cannot read secret file {path}"
            )));
    }
}

#[test]
fn an_existing_file_with_a_secret_like_name_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let name = "sk_test_webhook_secret_file";
    std::fs::write(dir.path().join(name), b"k\n").unwrap();
    hooksig()
        .current_dir(dir.path())
        .args(["verify", "-p", "flinks", "-S", &flinks_signature("k", b"x")])
        .args(["--secret-file", name])
        .write_stdin("x")
        .assert()
        .code(0);
}

// Issue 18, item 7: a secret that cannot be a key for this scheme is
// skipped when another one fits.

const STANDARD_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// A Fintoc live secret: `whsec_` but not base64 after it.
const FINTOC_SECRET: &str = "whsec_live_Mnk4nYz3qd1mHdjyHwWXpZ";

#[test]
fn a_secret_that_does_not_fit_the_scheme_is_skipped_beside_one_that_does() {
    let request = example("standard/request.http");
    let request = request.to_str().unwrap();
    let env = format!("{FINTOC_SECRET},{STANDARD_SECRET}");
    let (code, json) = verify_json(&["--request", request], Some(&env), b"");
    assert_eq!(code, Some(0), "{json}");
    let secrets = &json["details"]["secrets"];
    assert_eq!(secrets[0]["index"], 1);
    assert_eq!(secrets[0]["usable"], false, "{json}");
    assert_eq!(secrets[0]["matched"], false);
    let why = secrets[0]["why"].as_str().unwrap();
    assert!(why.contains("base64"), "{why}");
    assert_eq!(secrets[1]["usable"], true, "{json}");
    assert_eq!(secrets[1]["matched"], true);
    assert!(secrets[1].get("why").is_none(), "{json}");
    assert!(
        json["message"].as_str().unwrap().contains("secret #2"),
        "{json}"
    );

    // The same from two secret files, with a -v line for the skipped one.
    let fintoc = temp_file(format!("{FINTOC_SECRET}\n").as_bytes());
    let standard = temp_file(format!("{STANDARD_SECRET}\n").as_bytes());
    let output = hooksig()
        .args(["verify", "-v", "--request", request])
        .arg("--secret-file")
        .arg(fintoc.path())
        .arg("--secret-file")
        .arg(standard.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let skipped = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("secret #1"))
        .unwrap();
    assert!(skipped.contains("not usable"), "{stdout}");
    assert!(skipped.contains("base64"), "{stdout}");
    assert!(!skipped.contains("computed"), "{stdout}");
    let all = [output.stdout.clone(), output.stderr.clone()].concat();
    assert_no_secret_in(
        "-v",
        &all,
        &[FINTOC_SECRET.as_bytes(), STANDARD_SECRET.as_bytes()],
    );

    // A usable but wrong secret beside the skipped one: judged, not authentic.
    let wrong = "whsec_Zm9vYmFyYmF6";
    let (code, json) = verify_json(
        &["--request", request],
        Some(&format!("{FINTOC_SECRET},{wrong}")),
        b"",
    );
    assert_eq!(code, Some(1), "{json}");
    assert_eq!(json["reason"], "signature_mismatch");
    assert_eq!(json["details"]["secrets"][0]["usable"], false);
    assert_eq!(json["details"]["secrets"][1]["usable"], true);
}

#[test]
fn no_secret_fitting_the_scheme_is_still_invalid_secret() {
    let request = example("standard/request.http");
    let request = request.to_str().unwrap();
    for env in [
        FINTOC_SECRET.to_owned(),
        format!("{FINTOC_SECRET},not base64!"),
    ] {
        let (code, json) = verify_json(&["--request", request], Some(&env), b"");
        assert_eq!(code, Some(2), "{json}");
        assert_eq!(json["error"]["code"], "invalid_secret", "{json}");
        let message = json["error"]["message"].as_str().unwrap();
        assert!(message.contains("Standard Webhooks"), "{message}");
        assert!(!message.contains("Mnk4nYz3qd1mHdjyHwWXpZ"), "{message}");
    }
    // A blank secret beside a fitting one is still refused.
    let (code, json) = verify_json(
        &["--request", request],
        Some(&format!("{STANDARD_SECRET}, ")),
        b"",
    );
    assert_eq!(code, Some(2), "{json}");
    assert_eq!(json["error"]["code"], "no_secret", "{json}");
}

#[test]
fn every_usable_secret_is_marked_usable() {
    let sig = flinks_signature("k", b"x");
    let (code, json) = verify_json(&["-p", "flinks", "-S", &sig], Some("a,k"), b"x");
    assert_eq!(code, Some(0));
    for secret in json["details"]["secrets"].as_array().unwrap() {
        assert_eq!(secret["usable"], true, "{json}");
    }
}

// Issue 11, item 11: hints for secrets pasted with what surrounded them.

#[test]
fn a_secret_copied_with_its_env_file_assignment() {
    let sig = flinks_signature("k3y-Value", b"x");
    for pasted in [
        "FINTOC_WEBHOOK_SECRET=k3y-Value",
        "FINTOC_WEBHOOK_SECRET=\"k3y-Value\"",
        "export FINTOC_WEBHOOK_SECRET='k3y-Value'",
    ] {
        let found = hints(&["-p", "flinks", "-S", &sig], Some(pasted), b"x");
        assert_eq!(codes(&found), ["secret_assignment"], "{pasted}: {found:?}");
        assert!(found[0].1.contains("NAME=` part"), "{found:?}");
        // What was given as the secret is not shown, the name included.
        assert!(!found[0].1.contains("FINTOC_WEBHOOK"), "{found:?}");
    }
    let file = temp_file(b"export SECRET=\"k3y-Value\"\n");
    let found = hints(
        &[
            "-p",
            "flinks",
            "-S",
            &sig,
            "--secret-file",
            file.path().to_str().unwrap(),
        ],
        None,
        b"x",
    );
    assert_eq!(codes(&found), ["secret_assignment"], "{found:?}");
}

#[test]
fn a_secret_copied_with_its_quotes() {
    let sig = flinks_signature("k3y", b"x");
    for pasted in ["\"k3y\"", "'k3y'"] {
        let found = hints(&["-p", "flinks", "-S", &sig], Some(pasted), b"x");
        assert_eq!(codes(&found), ["secret_quoted"], "{pasted}: {found:?}");
    }
    // Quotes on one secret of several: that one is named.
    let found = hints(&["-p", "flinks", "-S", &sig], Some("old\n\"k3y\""), b"x");
    assert_eq!(codes(&found), ["secret_quoted"]);
    assert!(found[0].1.contains("secret #2"), "{found:?}");
}

#[test]
fn a_secret_file_saved_with_a_byte_order_mark() {
    let sig = flinks_signature("k3y", b"x");
    let file = temp_file(b"\xEF\xBB\xBFk3y\r\n");
    let found = hints(
        &[
            "-p",
            "flinks",
            "-S",
            &sig,
            "--secret-file",
            file.path().to_str().unwrap(),
        ],
        None,
        b"x",
    );
    assert_eq!(codes(&found), ["secret_byte_order_mark"], "{found:?}");
    assert!(found[0].1.contains("byte-order mark"), "{found:?}");
}

#[test]
fn secret_whitespace_names_the_secret_and_the_stray_character() {
    let sig = flinks_signature("k3y", b"x");
    // The space after the comma of "old, new".
    let found = hints(&["-p", "flinks", "-S", &sig], Some("old, k3y"), b"x");
    assert_eq!(codes(&found), ["secret_whitespace"]);
    assert!(
        found[0]
            .1
            .contains("the space after the comma in HOOKSIG_SECRET"),
        "{found:?}"
    );
    assert!(found[0].1.contains("secret #2"), "{found:?}");
    // The space before the comma.
    let found = hints(&["-p", "flinks", "-S", &sig], Some("k3y ,old"), b"x");
    assert!(
        found[0]
            .1
            .contains("the space before the comma in HOOKSIG_SECRET"),
        "{found:?}"
    );
    assert!(found[0].1.contains("secret #1"), "{found:?}");

    // The second of two secret files starts with a space.
    let old = temp_file(b"old\n");
    let padded = temp_file(b" k3y\n");
    let found = hints(
        &[
            "-p",
            "flinks",
            "-S",
            &sig,
            "--secret-file",
            old.path().to_str().unwrap(),
            "--secret-file",
            padded.path().to_str().unwrap(),
        ],
        None,
        b"x",
    );
    assert_eq!(codes(&found), ["secret_whitespace"]);
    assert!(
        found[0].1.contains("a space at the start of secret #2"),
        "{found:?}"
    );
    // A file with two line endings: one more than hooksig drops.
    let doubled = temp_file(b"k3y\r\n\r\n");
    let found = hints(
        &[
            "-p",
            "flinks",
            "-S",
            &sig,
            "--secret-file",
            doubled.path().to_str().unwrap(),
        ],
        None,
        b"x",
    );
    assert_eq!(codes(&found), ["secret_whitespace"]);
    assert!(
        found[0]
            .1
            .contains("a carriage return and a newline at the end of the secret"),
        "{found:?}"
    );
    // A tab at the end of --secret.
    let found = hints(&["-p", "flinks", "-S", &sig, "-s", "k3y\t"], None, b"x");
    assert!(
        found[0].1.contains("a tab at the end of the secret"),
        "{found:?}"
    );
}

#[test]
fn secret_hints_never_authenticate() {
    // Each hint's variant matches, and the verdict stays exit 1 (checked by
    // `hints`); an authentic webhook gets none of them.
    let sig = flinks_signature("\"k3y\"", b"x");
    let (code, json) = verify_json(&["-p", "flinks", "-S", &sig], Some("\"k3y\""), b"x");
    assert_eq!(code, Some(0));
    assert_eq!(json["hints"], serde_json::json!([]));
}
