//! Public-key schemes end to end (Discord's Ed25519, SendGrid's ECDSA
//! P-256): `--public-key`, the verdicts an attacker can aim for, the keys'
//! own mistakes, and that no key is ever printed.

use predicates::prelude::*;

use crate::util::*;

/// RFC 8032 section 7.1 TEST 1: the private seed and its public key.
const SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const KEY: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
/// RFC 8032 section 7.1 TEST 2's public key: another application's.
const OTHER_KEY: &str = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
/// tests/vectors/discord.toml, computed_ping.
const SIGNATURE: &str = "0085ed709fc730e139b1d39cf1c23504ff3924a8dfc4cc8d5963bea730f2d445c1d1d4262ef0ca7dc267850e83a23cc0e5d3ab62c0eaba7458d87289a2004403";
const T: &str = "1700000000";

fn body() -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vectors/discord/computed_ping.body"),
    )
    .unwrap()
}

/// `verify -p discord` of `body` with the signature and timestamp headers,
/// judged at `now`, in JSON; `keys` go to --public-key.
fn discord(body: &[u8], signature: &str, now: &str, keys: &[&str]) -> std::process::Output {
    let payload = temp_file(body);
    let mut cmd = hooksig();
    cmd.args(["verify", "-p", "discord", "--format", "json", "--now", now])
        .args(["-H", &format!("X-Signature-Ed25519: {signature}")])
        .args(["-H", &format!("X-Signature-Timestamp: {T}")])
        .arg("--payload")
        .arg(payload.path());
    for key in keys {
        cmd.args(["--public-key", key]);
    }
    let output = cmd.output().unwrap();
    assert_no_secret_in("verify -p discord", &output.stdout, &[SEED.as_bytes()]);
    assert_no_secret_in("verify -p discord", &output.stderr, &[SEED.as_bytes()]);
    for key in keys.iter().filter(|k| k.len() >= 8) {
        for stream in [&output.stdout, &output.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(!text.contains(key), "the key {key} was printed: {text}");
        }
    }
    output
}

fn verdict(output: &std::process::Output) -> (Option<i32>, String) {
    let json = json_output(output);
    let reason = json["reason"]
        .as_str()
        .or(json["error"]["code"].as_str())
        .unwrap_or_default()
        .to_owned();
    (output.status.code(), reason)
}

#[test]
fn the_genuine_interaction_is_authentic_and_the_key_shown_only_as_a_fingerprint() {
    let output = discord(&body(), SIGNATURE, T, &[KEY]);
    assert_eq!(verdict(&output), (Some(0), "ok".to_owned()));
    let json = json_output(&output);
    let secrets = json["details"]["secrets"].as_array().unwrap();
    // Verbose human output names keys as keys, and computes nothing.
    let payload = temp_file(&body());
    hooksig()
        .args([
            "verify",
            "-v",
            "-p",
            "discord",
            "--now",
            T,
            "--public-key",
            KEY,
        ])
        .args(["-H", &format!("X-Signature-Ed25519: {SIGNATURE}")])
        .args(["-H", &format!("X-Signature-Timestamp: {T}")])
        .arg("--payload")
        .arg(payload.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "public key #1 (32 bytes, sha256:21fe31df): a signature verifies",
        ))
        .stdout(predicate::str::contains("computed").not());
    assert_eq!(secrets.len(), 1);
    assert!(
        secrets[0]["fingerprint"]
            .as_str()
            .unwrap()
            .starts_with("32 bytes, sha256:"),
        "{json}"
    );
    // The same key from a file, with a final newline.
    let file = temp_file(format!("{KEY}\n").as_bytes());
    let at_file = format!("@{}", file.path().display());
    let output = discord(&body(), SIGNATURE, T, &[&at_file]);
    assert_eq!(verdict(&output), (Some(0), "ok".to_owned()));
}

#[test]
fn every_forgery_an_attacker_can_try_is_not_authentic() {
    // A signature made by another key (the attacker's own application).
    let attacker = discord(&body(), SIGNATURE, T, &[OTHER_KEY]);
    assert_eq!(
        verdict(&attacker),
        (Some(1), "signature_mismatch".to_owned())
    );
    // A tampered body.
    let mut tampered = body();
    tampered[10] ^= 1;
    let tampered = discord(&tampered, SIGNATURE, T, &[KEY]);
    assert_eq!(
        verdict(&tampered),
        (Some(1), "signature_mismatch".to_owned())
    );
    // A genuine but stale interaction (replayed 301 s later).
    let stale = discord(&body(), SIGNATURE, "1700000301", &[KEY]);
    assert_eq!(
        verdict(&stale),
        (Some(1), "timestamp_outside_tolerance".to_owned())
    );
    // A flipped signature bit.
    let mut flipped = hex::decode(SIGNATURE).unwrap();
    flipped[40] ^= 0x80;
    let flipped = discord(&body(), &hex::encode(flipped), T, &[KEY]);
    assert_eq!(
        verdict(&flipped),
        (Some(1), "signature_mismatch".to_owned())
    );
    // A signature that is not 64 bytes of hex.
    for bad in [&SIGNATURE[..126], "zz", "", &format!("{SIGNATURE}00")] {
        let output = discord(&body(), bad, T, &[KEY]);
        assert_eq!(
            verdict(&output),
            (Some(1), "malformed_signature".to_owned()),
            "{bad}"
        );
    }
}

/// The identity point is a small-order "key" under which the signature
/// (R = identity, S = 0) satisfies the plain Ed25519 equation for every
/// message. Strict verification refuses it: never authentic.
#[test]
fn a_small_order_key_authenticates_nothing() {
    let identity = format!("01{}", "0".repeat(62));
    let forged = format!("01{}", "0".repeat(126));
    let output = discord(b"{\"type\":1,\"forged\":true}", &forged, T, &[&identity]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
}

#[test]
fn a_malformed_key_or_one_of_the_wrong_length_is_an_error_naming_the_form() {
    let not_a_point = format!("02{}", "0".repeat(62));
    for key in [
        "not-a-key-at-all",
        &KEY[..62],
        &format!("{KEY}00"),
        &KEY[..32],
        &not_a_point,
    ] {
        let output = discord(&body(), SIGNATURE, T, &[key]);
        assert_eq!(
            verdict(&output),
            (Some(2), "invalid_secret".to_owned()),
            "{key}"
        );
        let message = json_output(&output)["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.contains("64 hex digits"), "{key}: {message}");
    }
    // A usable key beside an unusable one: judged with the usable one.
    let output = discord(&body(), SIGNATURE, T, &["zz", KEY]);
    assert_eq!(verdict(&output), (Some(0), "ok".to_owned()));
    let json = json_output(&output);
    assert!(
        json["message"].as_str().unwrap().contains("public key #2"),
        "{json}"
    );
    // An empty key, inline or in a file: named as a key, not a secret.
    let empty = temp_file(b"\n");
    let at_empty = format!("@{}", empty.path().display());
    for key in ["", &at_empty] {
        let output = discord(&body(), SIGNATURE, T, &[key]);
        assert_eq!(output.status.code(), Some(2));
        let message = json_output(&output)["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            message.contains("empty") && !message.contains("secret"),
            "{message}"
        );
    }
    // A key file that does not exist.
    let output = discord(&body(), SIGNATURE, T, &["@/nonexistent/discord.pub"]);
    assert_eq!(verdict(&output), (Some(2), "unreadable_input".to_owned()));
}

#[test]
fn the_wrong_kind_of_key_is_an_error_naming_the_flag_to_use() {
    let payload = temp_file(&body());
    let headers = [
        format!("X-Signature-Ed25519: {SIGNATURE}"),
        format!("X-Signature-Timestamp: {T}"),
    ];
    // A secret for Discord (named, or inferred from the headers), and no key at all.
    for args in [
        vec!["-p", "discord", "--secret", SEED],
        vec!["--secret", SEED],
        vec!["-p", "discord"],
        vec![],
    ] {
        let mut cmd = hooksig();
        cmd.args(["verify", "--now", T])
            .args(&args)
            .args(["-H", &headers[0], "-H", &headers[1], "--payload"])
            .arg(payload.path())
            .env_remove("HOOKSIG_SECRET");
        cmd.assert()
            .code(2)
            .stderr(predicate::str::contains("--public-key"))
            .stderr(predicate::str::contains(SEED).not());
    }
    // A public key for an HMAC scheme.
    hooksig()
        .args([
            "verify",
            "-p",
            "github",
            "-S",
            "sha256=00",
            "--public-key",
            KEY,
        ])
        .write_stdin("{}")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--secret-file"))
        .stderr(predicate::str::contains(KEY).not());
    // Both kinds at once.
    hooksig()
        .args([
            "verify",
            "-p",
            "discord",
            "--public-key",
            KEY,
            "--secret",
            "s",
        ])
        .write_stdin("{}")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--public-key and --secret"));
}

#[test]
fn a_message_over_the_limit_is_not_judged() {
    let big = vec![b' '; 1024 * 1024 + 1];
    let output = discord(&big, SIGNATURE, T, &[KEY]);
    assert_eq!(verdict(&output), (Some(2), "body_too_large".to_owned()));
}

#[test]
fn a_signed_interaction_verifies_and_its_body_tampered_does_not() {
    let payload = temp_file(b"{\"type\":1}");
    let signed = hooksig()
        .args(["sign", "-p", "discord", "--timestamp", T, "--payload"])
        .arg(payload.path())
        .env("HOOKSIG_SECRET", SEED)
        .output()
        .unwrap();
    assert_eq!(signed.status.code(), Some(0));
    let stdout = String::from_utf8(signed.stdout).unwrap();
    let signature = stdout
        .lines()
        .find_map(|l| l.strip_prefix("X-Signature-Ed25519: "))
        .unwrap();
    let output = discord(b"{\"type\":1}", signature, T, &[KEY]);
    assert_eq!(verdict(&output), (Some(0), "ok".to_owned()));
    let output = discord(b"{\"type\":2}", signature, T, &[KEY]);
    assert_eq!(verdict(&output), (Some(1), "signature_mismatch".to_owned()));
}

/// SendGrid: the Node SDK's test key and signature (tests/vectors/sendgrid.toml).
#[test]
fn sendgrid_keys_and_signatures_of_the_wrong_form_are_errors_or_malformed() {
    let key = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==";
    let signature = "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=";
    let body = r#"{"category":"example_payload","event":"test_event","message_id":"message_id"}"#;
    let judge = |key: &str, signature: &str| {
        let output = hooksig()
            .args(["verify", "--format", "json", "--now", "1588788367"])
            .args([
                "-H",
                &format!("X-Twilio-Email-Event-Webhook-Signature: {signature}"),
            ])
            .args(["-H", "X-Twilio-Email-Event-Webhook-Timestamp: 1588788367"])
            .args(["--public-key", key])
            .write_stdin(body)
            .output()
            .unwrap();
        verdict(&output)
    };
    assert_eq!(judge(key, signature), (Some(0), "ok".to_owned()));
    // A whole PEM file's text (`--public-key "$(cat key.pem)"`): its armor
    // starts with hyphens, and is a value, not a flag.
    let pem = format!("-----BEGIN PUBLIC KEY-----\n{key}\n-----END PUBLIC KEY-----\n");
    assert_eq!(judge(&pem, signature), (Some(0), "ok".to_owned()));
    // A key cut short, an Ed25519 key, garbage: errors.
    for bad in [&key[..60], KEY, "MFkw"] {
        assert_eq!(
            judge(bad, signature),
            (Some(2), "invalid_secret".to_owned()),
            "{bad}"
        );
    }
    // A signature that is not DER, or not base64: malformed.
    for bad in ["AAAA", "MEUCIQ", "not base64!"] {
        assert_eq!(
            judge(key, bad),
            (Some(1), "malformed_signature".to_owned()),
            "{bad}"
        );
    }
}
