//! Fintoc: Fintoc-Signature: t=<unix>,v1=hex(HMAC-SHA256(secret, "<t>.<body>")).

use predicates::prelude::*;

use crate::util::*;

/// The official SDK test vector (fintoc-python tests/test_webhook.py):
/// secret whsec_test_secret, t=1743890251, a 785-byte body.
const T: i64 = 1743890251;

fn example_verify() -> assert_cmd::Command {
    let mut cmd = hooksig();
    cmd.args(["verify", "--secret-file"])
        .arg(example("fintoc/secret.txt"))
        .arg("--payload")
        .arg(example("fintoc/body.json"));
    cmd
}

#[test]
fn official_sdk_vector_is_authentic_at_its_time() {
    example_verify()
        .args([
            "-H",
            &format!("Fintoc-Signature: {}", example_text("fintoc/signature.txt")),
        ])
        .args(["--now", &T.to_string()])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("AUTHENTIC fintoc:"))
        .stdout(predicate::str::contains(
            "signed 2025-04-05 21:57:31 UTC, 0 seconds ago",
        ));
}

#[test]
fn official_sdk_vector_from_stdin_with_a_pasted_header_name() {
    hooksig()
        .args(["verify", "--secret-file"])
        .arg(example("fintoc/secret.txt"))
        .args([
            "-S",
            &format!("Fintoc-Signature: {}", example_text("fintoc/signature.txt")),
        ])
        .args(["--now", "1743890300"])
        .write_stdin(std::fs::read(example("fintoc/body.json")).unwrap())
        .assert()
        .code(0);
}

#[test]
fn official_sdk_negative_cases_are_not_authentic() {
    // Same test file: a wrong secret, and the event type changed in the body.
    hooksig()
        .args(["verify", "-p", "fintoc", "-s", "whsec_wrong_secret"])
        .arg("--payload")
        .arg(example("fintoc/body.json"))
        .args([
            "-S",
            &example_text("fintoc/signature.txt"),
            "--now",
            &T.to_string(),
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("signature_mismatch"));
    let body = std::fs::read_to_string(example("fintoc/body.json"))
        .unwrap()
        .replace("payment_intent.succeeded", "payment_intent.failed");
    example_verify_stdin(body.into_bytes())
        .args([
            "-S",
            &example_text("fintoc/signature.txt"),
            "--now",
            &T.to_string(),
        ])
        .assert()
        .code(1);
}

fn example_verify_stdin(body: Vec<u8>) -> assert_cmd::Command {
    let mut cmd = hooksig();
    cmd.args(["verify", "-p", "fintoc", "--secret-file"])
        .arg(example("fintoc/secret.txt"))
        .write_stdin(body);
    cmd
}

#[test]
fn stale_timestamp_is_not_authentic_unless_checked_as_of_receipt_or_tolerance_is_off() {
    let signature = example_text("fintoc/signature.txt");
    example_verify()
        .args(["-S", &format!("Fintoc-Signature: {signature}")])
        .args(["--now", &(T + 301).to_string()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("timestamp_outside_tolerance"))
        .stdout(predicate::str::contains("5 minutes ago"));
    example_verify()
        .args(["-S", &format!("Fintoc-Signature: {signature}")])
        .args(["--now", &(T + 300).to_string()])
        .assert()
        .code(0);
    // Against the real clock the 2025 vector is stale…
    example_verify()
        .args(["-S", &format!("Fintoc-Signature: {signature}")])
        .assert()
        .code(1);
    // …unless the window is off.
    example_verify()
        .args(["-S", &format!("Fintoc-Signature: {signature}")])
        .args(["--tolerance", "off"])
        .assert()
        .code(0);
}

#[test]
fn future_timestamps_are_outside_the_window_too() {
    let body = b"{}";
    let sig = fintoc_signature("k", 2000, body);
    for (now, code) in [(1700, 0), (1699, 1)] {
        hooksig()
            .args(["verify", "-p", "fintoc", "-s", "k", "-S", &sig])
            .args(["--now", &now.to_string()])
            .write_stdin(&body[..])
            .assert()
            .code(code);
    }
    hooksig()
        .args([
            "verify", "-p", "fintoc", "-s", "k", "-S", &sig, "--now", "1000",
        ])
        .write_stdin(&body[..])
        .assert()
        .stdout(predicate::str::contains("in the future"));
}

#[test]
fn custom_tolerance_is_inclusive() {
    let sig = fintoc_signature("k", 1000, b"x");
    for (now, code) in [(1010, 0), (1011, 1), (990, 0), (989, 1)] {
        hooksig()
            .args(["verify", "-p", "fintoc", "-s", "k", "-S", &sig])
            .args(["--tolerance", "10", "--now", &now.to_string()])
            .write_stdin("x")
            .assert()
            .code(code);
    }
}

#[test]
fn a_bad_signature_with_a_stale_timestamp_reports_the_mismatch() {
    let sig = fintoc_signature("other", 1000, b"x");
    hooksig()
        .args([
            "verify", "-p", "fintoc", "-s", "k", "-S", &sig, "--now", "999999",
        ])
        .write_stdin("x")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("signature_mismatch"));
}

#[test]
fn any_matching_v1_is_enough_and_order_and_spacing_do_not_matter() {
    let good = fintoc_signature("k", 1000, b"x");
    let v1 = good.split_once("v1=").unwrap().1;
    let bad = "0".repeat(64);
    for header in [
        format!("t=1000,v1={bad},v1={v1}"),
        format!("v1={v1}, t=1000 ,v1={bad}"),
        format!(" t = 1000 , v0=legacy, v1 = {} ,", v1.to_uppercase()),
        format!("t=0001000,v1=nothex,v1={v1}"),
    ] {
        hooksig()
            .args([
                "verify", "-p", "fintoc", "-s", "k", "-S", &header, "--now", "1000",
            ])
            .write_stdin("x")
            .assert()
            .code(0);
    }
}

#[test]
fn malformed_headers_are_not_authentic_and_say_what_is_wrong() {
    let v1 = "a".repeat(64);
    for (header, says) in [
        (format!("v1={v1}"), "no t= timestamp"),
        (format!("t=1,t=2,v1={v1}"), "more than one t="),
        (format!("t=-5,v1={v1}"), "digits only"),
        (format!("t=1e9,v1={v1}"), "digits only"),
        (format!("t=99999999999999999999,v1={v1}"), "too large"),
        ("t=1000".to_owned(), "no v1= signature"),
        ("t=1000,v1=abc".to_owned(), "64 hex digits"),
    ] {
        hooksig()
            .args([
                "verify", "-p", "fintoc", "-s", "k", "-S", &header, "--now", "1000",
            ])
            .write_stdin("x")
            .assert()
            .code(1)
            .stdout(predicate::str::contains("malformed_signature"))
            .stdout(predicate::str::contains(says));
    }
}

#[test]
fn verbose_shows_what_was_hashed_but_never_the_secret() {
    let secret = "fintoc-verbose-secret-value";
    let sig = fintoc_signature(secret, 1000, b"hello");
    hooksig()
        .args(["verify", "-p", "fintoc", "-S", &sig, "--now", "1000", "-v"])
        .env("HOOKSIG_SECRET", secret)
        .write_stdin("hello")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "signed message: 1000.<body: 5 bytes>",
        ))
        .stdout(predicate::str::contains(sig.split_once("v1=").unwrap().1))
        .stdout(predicate::str::contains(secret).not())
        .stderr(predicate::str::contains(secret).not());
}

#[test]
fn json_output_is_one_stable_object() {
    let output = example_verify()
        .args(["-S", &example_text("fintoc/signature.txt"), "-p", "fintoc"])
        .args(["--now", &(T + 42).to_string(), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json = json_output(&output);
    assert_eq!(json["authentic"], true);
    assert_eq!(json["provider"], "fintoc");
    assert_eq!(json["reason"], "ok");
    assert_eq!(json["timestamp"], T);
    assert_eq!(json["age_seconds"], 42);
    assert_eq!(json["hints"], serde_json::json!([]));
    assert!(
        json["message"]
            .as_str()
            .unwrap()
            .contains("Fintoc-Signature")
    );
    assert_eq!(json["details"]["body_bytes"], 785);
    assert_eq!(
        json["details"]["body_sha256"],
        "e9ada1ff559632266322e3d9d4dfc9d7346ce5add0bd49f9ac0f4b23f82261db"
    );
}
