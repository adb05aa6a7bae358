//! Signature values as support engineers paste them (line endings, quotes,
//! duplicated headers, Svix header names, milliseconds), what `-v` may show
//! of a signature, and `sign --value` for schemes whose value is not enough.

use base64::Engine as _;
use predicates::prelude::*;

use crate::util::*;

/// Fintoc's official SDK vector (see verify_fintoc.rs).
const FINTOC_T: i64 = 1743890251;

/// GitHub Docs, "Validating webhook deliveries".
const GITHUB_SECRET: &str = "It's a Secret to Everybody";
const GITHUB_BODY: &str = "Hello, World!";
const GITHUB_SIGNATURE: &str =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

/// python-slack-sdk's published vector (see src/providers/slack.rs).
const SLACK_SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
const SLACK_SIGNATURE: &str = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

/// The Standard Webhooks reference libraries' published vector.
const STANDARD_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const STANDARD_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const STANDARD_T: &str = "1614265330";
const STANDARD_BODY: &str = r#"{"test": 2432232314}"#;
const STANDARD_SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn fintoc_verify(signature: &str) -> assert_cmd::Command {
    let mut cmd = hooksig();
    cmd.args(["verify", "-p", "fintoc", "--secret-file"])
        .arg(example("fintoc/secret.txt"))
        .arg("--payload")
        .arg(example("fintoc/body.json"))
        .args(["-S", signature]);
    cmd
}

fn flinks_verify(signature: &str) -> assert_cmd::Command {
    let mut cmd = hooksig();
    cmd.args(["verify", "-p", "flinks", "--secret-file"])
        .arg(example("flinks/secret.txt"))
        .arg("--payload")
        .arg(example("flinks/body.json"))
        .args(["-S", signature]);
    cmd
}

fn github_verify() -> assert_cmd::Command {
    let mut cmd = hooksig();
    cmd.args(["verify", "--secret", GITHUB_SECRET])
        .write_stdin(GITHUB_BODY);
    cmd
}

fn slack_verify() -> assert_cmd::Command {
    let mut cmd = hooksig();
    cmd.args(["verify", "--secret", SLACK_SECRET, "--payload"])
        .arg(fixture("slack_body.txt"))
        .args(["--now", "1531420618"]);
    cmd
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn standard_verify(provider: &str) -> assert_cmd::Command {
    let mut cmd = hooksig();
    cmd.args(["verify", "-p", provider, "--secret", STANDARD_SECRET])
        .args(["--now", STANDARD_T])
        .write_stdin(STANDARD_BODY);
    cmd
}

fn stdout_and_stderr(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

// ---- Issue 11 item 1: `-v` is not a signing oracle ----

#[test]
fn verbose_never_shows_the_valid_signature_of_a_forged_body() {
    let secret = example_text("fintoc/secret.txt");
    let forged = br#"{"id":"evt_EVIL","type":"payment_intent.succeeded"}"#;
    // What the real secret gives the forged body: the attacker's prize.
    let prize = fintoc_signature(&secret, FINTOC_T, forged);
    let prize_hex = prize.split_once("v1=").unwrap().1.to_owned();
    let genuine = example_text("fintoc/signature.txt");
    for format in ["human", "json"] {
        let output = hooksig()
            .args(["verify", "-v", "-p", "fintoc", "--secret-file"])
            .arg(example("fintoc/secret.txt"))
            .args(["-S", &genuine, "--now", &FINTOC_T.to_string()])
            .args(["--format", format])
            .write_stdin(forged.to_vec())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        let text = stdout_and_stderr(&output);
        assert!(
            !text.contains(&prize_hex[..16]),
            "{format}: the forged body's signature leaked: {text}"
        );
        if format == "human" {
            // A short prefix is enough to compare with a provider's log.
            assert!(
                text.contains(&format!("computed {}…", &prize_hex[..8])),
                "{text}"
            );
        }
    }
}

#[test]
fn verbose_shows_no_full_signature_for_a_secret_that_did_not_match() {
    // Secret #1 signed the body; secret #2's signature for it stays unseen.
    let body = b"x";
    let right = flinks_signature("right-secret", body);
    let other = flinks_signature("other-secret", body);
    let output = hooksig()
        .args(["verify", "-v", "-p", "flinks", "-S", &right])
        .env("HOOKSIG_SECRET", "right-secret,other-secret")
        .write_stdin(&body[..])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout_and_stderr(&output);
    assert!(text.contains(&right), "{text}");
    assert!(!text.contains(&other[..16]), "{text}");
}

#[test]
fn verbose_standard_webhooks_mismatch_shows_only_a_prefix() {
    let key = base64::engine::general_purpose::STANDARD
        .decode(STANDARD_SECRET.trim_start_matches("whsec_"))
        .unwrap();
    let forged = r#"{"test": 1}"#;
    let prize = b64(&hmac(
        &key,
        format!("{STANDARD_ID}.{STANDARD_T}.{forged}").as_bytes(),
    ));
    let output = standard_verify("standard")
        .args(["-v", "-S", STANDARD_SIGNATURE])
        .args(["-H", &format!("webhook-id: {STANDARD_ID}")])
        .args(["-H", &format!("webhook-timestamp: {STANDARD_T}")])
        .write_stdin(forged)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stdout_and_stderr(&output);
    assert!(!text.contains(&prize[..16]), "{text}");
    assert!(text.contains(&format!("{}…", &prize[..8])), "{text}");
}

// ---- Issue 11 item 4: pasted values with line endings ----

#[test]
fn signatures_pasted_with_a_line_ending_are_authentic() {
    let sig = example_text("flinks/signature.txt");
    for pasted in [format!("{sig}\n"), format!("{sig}\r\n"), format!("{sig}\r")] {
        flinks_verify(&pasted)
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with("AUTHENTIC flinks"));
    }
    let fintoc = example_text("fintoc/signature.txt");
    fintoc_verify(&format!("Fintoc-Signature: {fintoc}\r\n"))
        .args(["--now", &FINTOC_T.to_string()])
        .assert()
        .code(0);
}

#[test]
fn headers_pasted_with_a_carriage_return_are_authentic() {
    github_verify()
        .args(["-H", &format!("X-Hub-Signature-256: {GITHUB_SIGNATURE}\r")])
        .assert()
        .code(0);
    slack_verify()
        .args(["-H", &format!("X-Slack-Signature: {SLACK_SIGNATURE}")])
        .args(["-H", "X-Slack-Request-Timestamp: 1531420618\r"])
        .assert()
        .code(0);
    slack_verify()
        .args(["-p", "slack", "-S", &format!("{SLACK_SIGNATURE}\r\n")])
        .args(["-H", "X-Slack-Request-Timestamp: 1531420618\r\n"])
        .assert()
        .code(0);
}

#[test]
fn a_line_break_inside_a_pasted_value_is_removed_and_noted() {
    let sig = example_text("flinks/signature.txt");
    let wrapped = format!("{}\n{}", &sig[..20], &sig[20..]);
    flinks_verify(&wrapped)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("line break"));
}

#[test]
fn a_wrong_signature_with_a_line_ending_stays_not_authentic() {
    let wrong = flinks_signature("wrong", b"other");
    flinks_verify(&format!("{wrong}\r\n"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("signature_mismatch"));
}

// ---- Issue 11 item 5: every copy of a duplicated signature header ----

#[test]
fn any_copy_of_a_duplicated_signature_header_may_match() {
    let wrong = format!("sha256={}", "0".repeat(64));
    for (first, second) in [
        (&wrong, GITHUB_SIGNATURE),
        (&GITHUB_SIGNATURE.into(), &wrong),
    ] {
        github_verify()
            .args(["-H", &format!("X-Hub-Signature-256: {first}")])
            .args(["-H", &format!("X-Hub-Signature-256: {second}")])
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with("AUTHENTIC github"));
    }
    // A malformed copy does not sink a well-formed one.
    github_verify()
        .args(["-H", "X-Hub-Signature-256: sha1=abc"])
        .args(["-H", &format!("X-Hub-Signature-256: {GITHUB_SIGNATURE}")])
        .assert()
        .code(0);
}

#[test]
fn json_details_count_the_signature_copies() {
    let wrong = format!("sha256={}", "0".repeat(64));
    let output = github_verify()
        .args(["--format", "json"])
        .args(["-H", &format!("X-Hub-Signature-256: {wrong}")])
        .args(["-H", &format!("X-Hub-Signature-256: {GITHUB_SIGNATURE}")])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json = json_output(&output);
    assert_eq!(json["details"]["signature_copies"], 2, "{json}");
    assert_eq!(json["hints"], serde_json::json!([]));

    let single = github_verify()
        .args(["--format", "json"])
        .args(["-H", &format!("X-Hub-Signature-256: {GITHUB_SIGNATURE}")])
        .output()
        .unwrap();
    let json = json_output(&single);
    assert!(json["details"].get("signature_copies").is_none(), "{json}");
}

#[test]
fn no_matching_copy_is_a_mismatch_naming_the_copies() {
    let wrong = |d: char| format!("X-Hub-Signature-256: sha256={}", d.to_string().repeat(64));
    github_verify()
        .args(["-H", &wrong('0'), "-H", &wrong('1')])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("signature_mismatch"))
        .stdout(predicate::str::contains("2 X-Hub-Signature-256 headers"));
}

#[test]
fn copies_with_different_timestamps_are_each_judged() {
    let secret = example_text("fintoc/secret.txt");
    let body = std::fs::read(example("fintoc/body.json")).unwrap();
    let old = fintoc_signature(&secret, FINTOC_T - 5000, b"not the body");
    let good = fintoc_signature(&secret, FINTOC_T, &body);
    hooksig()
        .args(["verify", "--secret-file"])
        .arg(example("fintoc/secret.txt"))
        .arg("--payload")
        .arg(example("fintoc/body.json"))
        .args(["-H", &format!("Fintoc-Signature: {old}")])
        .args(["-H", &format!("Fintoc-Signature: {good}")])
        .args(["--now", &FINTOC_T.to_string()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("signed 2025-04-05 21:57:31 UTC"));
}

#[test]
fn a_capture_with_two_signature_headers_is_judged_on_both() {
    let wrong = format!("sha256={}", "f".repeat(64));
    let capture = format!(
        "POST /hooks HTTP/1.1\r\nX-Hub-Signature-256: {wrong}\r\nX-Hub-Signature-256: {GITHUB_SIGNATURE}\r\nContent-Length: 13\r\n\r\n{GITHUB_BODY}"
    );
    hooksig()
        .args(["verify", "--request", "-", "--secret", GITHUB_SECRET])
        .write_stdin(capture)
        .assert()
        .code(0);
}

#[test]
fn flags_replace_the_captures_header_of_the_same_name() {
    let capture = format!(
        "POST /hooks HTTP/1.1\r\nX-Hub-Signature-256: {GITHUB_SIGNATURE}\r\nContent-Length: 13\r\n\r\n{GITHUB_BODY}"
    );
    let wrong = format!("sha256={}", "0".repeat(64));
    // -H replaces the capture's copy: the genuine one is no longer judged.
    hooksig()
        .args(["verify", "--request", "-", "--secret", GITHUB_SECRET])
        .args(["-H", &format!("X-Hub-Signature-256: {wrong}")])
        .write_stdin(capture.clone())
        .assert()
        .code(1);
    // So does -S, bare or named, and it replaces -H's copies too.
    for signature in [wrong.clone(), format!("X-Hub-Signature-256: {wrong}")] {
        hooksig()
            .args(["verify", "-p", "github", "--request", "-"])
            .args(["--secret", GITHUB_SECRET, "-S", &signature])
            .args(["-H", &format!("X-Hub-Signature-256: {GITHUB_SIGNATURE}")])
            .write_stdin(capture.clone())
            .assert()
            .code(1);
    }
}

// ---- Issue 11 item 10: a bare value under the header family in use ----

#[test]
fn a_bare_svix_signature_goes_with_svix_headers() {
    for provider in ["svix", "standard"] {
        standard_verify(provider)
            .args(["-S", STANDARD_SIGNATURE])
            .args(["-H", &format!("svix-id: {STANDARD_ID}")])
            .args(["-H", &format!("svix-timestamp: {STANDARD_T}")])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("svix-signature"));
    }
    // The other headers present decide before the alias does.
    standard_verify("svix")
        .args(["-S", STANDARD_SIGNATURE])
        .args(["-H", &format!("webhook-id: {STANDARD_ID}")])
        .args(["-H", &format!("webhook-timestamp: {STANDARD_T}")])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("webhook-signature"));
    // With no other header, the alias names the family.
    standard_verify("svix")
        .args(["-S", STANDARD_SIGNATURE])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("header svix-id is missing"));
}

// ---- Issue 18 item 1: `sign --value` when the value is not enough ----

#[test]
fn sign_value_needs_the_timestamp_slack_carries_elsewhere() {
    hooksig()
        .args(["sign", "-p", "slack", "--secret", SLACK_SECRET, "--value"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "pass --timestamp so the fixture can carry X-Slack-Request-Timestamp",
        ));
    let expected = signature("slack", SLACK_SECRET.as_bytes(), 1531420618, b"x");
    hooksig()
        .args(["sign", "-p", "slack", "--secret", SLACK_SECRET, "--value"])
        .args(["--timestamp", "1531420618"])
        .write_stdin("x")
        .assert()
        .code(0)
        .stdout(format!("{expected}\n"));
}

#[test]
fn sign_value_needs_the_id_and_timestamp_standard_webhooks_carry_elsewhere() {
    let sign = || {
        let mut cmd = hooksig();
        cmd.args(["sign", "-p", "standard", "--value"])
            .env("HOOKSIG_SECRET", STANDARD_SECRET)
            .write_stdin(STANDARD_BODY);
        cmd
    };
    sign()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --id and --timestamp"))
        .stderr(predicate::str::contains("webhook-id and webhook-timestamp"));
    sign()
        .args(["--id", STANDARD_ID])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --timestamp so"))
        .stderr(predicate::str::contains("--id and").not());
    sign()
        .args(["--timestamp", STANDARD_T])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "pass --id so the fixture can carry webhook-id",
        ));
    sign()
        .args(["--id", STANDARD_ID, "--timestamp", STANDARD_T])
        .assert()
        .code(0)
        .stdout(format!("{STANDARD_SIGNATURE}\n"));
    // Without --value every header is printed, so nothing is missing.
    hooksig()
        .args(["sign", "-p", "standard"])
        .env("HOOKSIG_SECRET", STANDARD_SECRET)
        .write_stdin(STANDARD_BODY)
        .assert()
        .code(0);
}

#[test]
fn sign_value_for_schemes_whose_value_carries_everything_is_unchanged() {
    for provider in ["fintoc", "stripe", "github", "flinks", "shopify"] {
        hooksig()
            .args(["sign", "-p", provider, "--value", "--secret", "k"])
            .write_stdin("x")
            .assert()
            .code(0);
    }
}

// ---- Issue 18 item 4: quoted signatures ----

#[test]
fn quoted_signatures_are_judged_without_their_quotes() {
    let fintoc = example_text("fintoc/signature.txt");
    for quoted in [
        format!("\"{fintoc}\""),
        format!("'{fintoc}'"),
        format!("Fintoc-Signature: \"{fintoc}\""),
        format!("\"Fintoc-Signature: {fintoc}\""),
        format!("\"{fintoc}\"\n"),
    ] {
        fintoc_verify(&quoted)
            .args(["--now", &FINTOC_T.to_string()])
            .assert()
            .code(0)
            .stderr(predicate::str::contains("quotes"));
    }
    let flinks = example_text("flinks/signature.txt");
    flinks_verify(&format!("'{flinks}'"))
        .assert()
        .code(0)
        .stderr(predicate::str::contains("removed"));
    github_verify()
        .args([
            "-H",
            &format!("X-Hub-Signature-256: \"{GITHUB_SIGNATURE}\""),
        ])
        .assert()
        .code(0);
}

#[test]
fn a_wrong_signature_stays_not_authentic_quoted_or_not() {
    let wrong = flinks_signature("wrong", b"other");
    flinks_verify(&format!("\"{wrong}\""))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("signature_mismatch"));
    // Only one matching pair is removed.
    let flinks = example_text("flinks/signature.txt");
    for unmatched in [
        format!("\"{flinks}'"),
        format!("\"\"{flinks}\"\""),
        format!("\"{flinks}"),
    ] {
        flinks_verify(&unmatched)
            .assert()
            .code(1)
            .stdout(predicate::str::contains("malformed_signature"));
    }
}

// ---- Issue 18 item 5: milliseconds where seconds belong ----

#[test]
fn now_in_milliseconds_gets_a_hint_not_advice_to_pass_now() {
    let now_ms = format!("{FINTOC_T}000");
    let output = fintoc_verify(&example_text("fintoc/signature.txt"))
        .args(["--now", &now_ms, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json = json_output(&output);
    assert_eq!(json["reason"], "timestamp_outside_tolerance");
    let hints = json["hints"].as_array().unwrap();
    let ms = hints
        .iter()
        .find(|h| h["code"] == "timestamp_milliseconds")
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(
        ms["message"].as_str().unwrap(),
        format!("--now {now_ms} looks like milliseconds: use {FINTOC_T}")
    );
    for hint in hints {
        assert!(
            !hint["message"].as_str().unwrap().contains("pass --now"),
            "{hint}"
        );
    }
}

#[test]
fn now_in_milliseconds_is_named_even_when_the_webhook_is_also_old() {
    // Ten minutes after the signature, in milliseconds.
    let now_ms = format!("{}000", FINTOC_T + 600);
    fintoc_verify(&example_text("fintoc/signature.txt"))
        .args(["--now", &now_ms])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "hint (timestamp_milliseconds): --now {now_ms} looks like milliseconds: use {}",
            FINTOC_T + 600
        )))
        .stdout(predicate::str::contains("pass --now").not());
    // Small test values are not mistaken for milliseconds.
    let signature = fintoc_signature("k", 1, b"{}");
    hooksig()
        .args(["verify", "-p", "fintoc", "-s", "k", "-S", &signature])
        .args(["--now", "1200"])
        .write_stdin("{}")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("timestamp_milliseconds").not());
}

#[test]
fn a_timestamp_signed_in_milliseconds_gets_a_hint() {
    let secret = "k";
    let t_ms = FINTOC_T * 1000;
    let signature = fintoc_signature(secret, t_ms, b"{}");
    hooksig()
        .args(["verify", "-p", "fintoc", "-s", secret, "-S", &signature])
        .args(["--now", &FINTOC_T.to_string()])
        .write_stdin("{}")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("timestamp_outside_tolerance"))
        .stdout(predicate::str::contains(format!(
            "hint (timestamp_milliseconds): the signed timestamp {t_ms} looks like milliseconds"
        )));
    // Seconds that are merely old get no such hint.
    let old = fintoc_signature(secret, FINTOC_T - 1000, b"{}");
    hooksig()
        .args(["verify", "-p", "fintoc", "-s", secret, "-S", &old])
        .args(["--now", &FINTOC_T.to_string()])
        .write_stdin("{}")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("timestamp_milliseconds").not())
        .stdout(predicate::str::contains("pass --now"));
}

#[test]
fn sign_warns_about_a_timestamp_in_milliseconds() {
    hooksig()
        .args([
            "sign",
            "-p",
            "fintoc",
            "-s",
            "k",
            "--timestamp",
            "1700000000000",
        ])
        .write_stdin("x")
        .assert()
        .code(0)
        .stdout(format!(
            "Fintoc-Signature: {}\n",
            fintoc_signature("k", 1700000000000, b"x")
        ))
        .stderr(predicate::str::contains(
            "--timestamp 1700000000000 looks like milliseconds",
        ))
        .stderr(predicate::str::contains("1700000000"));
    hooksig()
        .args([
            "sign",
            "-p",
            "fintoc",
            "-s",
            "k",
            "--timestamp",
            "1700000000",
        ])
        .write_stdin("x")
        .assert()
        .code(0)
        .stderr(predicate::str::contains("milliseconds").not());
    hooksig()
        .args([
            "sign",
            "-p",
            "github",
            "-s",
            "k",
            "--timestamp",
            "1700000000000",
        ])
        .write_stdin("x")
        .assert()
        .code(0)
        .stderr(predicate::str::contains("milliseconds").not());
}
