//! Stripe, GitHub, Shopify, Slack and Standard Webhooks, end to end: each
//! one inferred from its headers, and each way of not being authentic.
//! Signatures are computed with the `hmac` crate (util::signed_headers),
//! never with hooksig's own code.

use base64::Engine as _;
use serde_json::Value;

use crate::util::*;

const NOW: i64 = 1_700_000_000;
/// Not UTF-8 and ending in a newline: every byte must be signed as received.
const BODY: &[u8] = b"{\"id\":\"evt_1\",\"note\":\"caf\xe9\"}\n";
const PROVIDERS: [&str; 5] = ["stripe", "github", "shopify", "slack", "standard"];
/// The Standard Webhooks key; its secret is `whsec_` + base64 of it.
const STANDARD_KEY: &[u8] = b"hooksig end-to-end key!!";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The secret a user would paste for `provider`; `n` picks another one.
fn secret(provider: &str, n: u8) -> String {
    match provider {
        "standard" => format!("whsec_{}", b64(&[STANDARD_KEY, &[n]].concat())),
        _ => format!("{provider}-secret-{n}"),
    }
}

/// The `Name: value` headers `provider` sends for `body` at `t`, signed with
/// `secret(provider, 0)` (by util::signed_headers).
fn signed(provider: &str, t: i64, body: &[u8]) -> Vec<String> {
    signed_headers(provider, secret(provider, 0).as_bytes(), t, body)
}

/// Runs `verify --format json` as of NOW, with the secret from the
/// environment; returns the exit code and the JSON object.
fn verify(secret: &str, args: &[String], body: &[u8]) -> (i32, Value) {
    verify_at(NOW, secret, args, body)
}

fn verify_at(now: i64, secret: &str, args: &[String], body: &[u8]) -> (i32, Value) {
    let output = hooksig()
        .args(["verify", "--format", "json", "--now", &now.to_string()])
        .args(args)
        .env("HOOKSIG_SECRET", secret)
        .write_stdin(body.to_vec())
        .output()
        .unwrap();
    (output.status.code().unwrap(), json_output(&output))
}

/// `-H line` for each header line.
fn header_args(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .flat_map(|line| ["-H".to_owned(), line.clone()])
        .collect()
}

#[test]
fn each_provider_is_inferred_from_its_headers_and_authentic() {
    for provider in PROVIDERS {
        let args = header_args(&signed(provider, NOW, BODY));
        let (code, json) = verify(&secret(provider, 0), &args, BODY);
        assert_eq!((code, json["reason"].as_str()), (0, Some("ok")), "{json}");
        assert_eq!(json["provider"], provider);
    }
}

#[test]
fn a_tampered_body_is_a_signature_mismatch() {
    let mut tampered = BODY.to_vec();
    tampered[7] ^= 1;
    for provider in PROVIDERS {
        let args = header_args(&signed(provider, NOW, BODY));
        let (code, json) = verify(&secret(provider, 0), &args, &tampered);
        assert_eq!(code, 1, "{provider}");
        assert_eq!(json["reason"], "signature_mismatch", "{provider}");
    }
}

#[test]
fn a_wrong_secret_is_a_signature_mismatch() {
    for provider in PROVIDERS {
        let args = header_args(&signed(provider, NOW, BODY));
        let (code, json) = verify(&secret(provider, 1), &args, BODY);
        assert_eq!(code, 1, "{provider}");
        assert_eq!(json["reason"], "signature_mismatch", "{provider}");
    }
}

#[test]
fn a_missing_companion_header_is_named() {
    for (provider, dropped) in [
        ("slack", "X-Slack-Request-Timestamp"),
        ("standard", "webhook-id"),
        ("standard", "webhook-timestamp"),
    ] {
        let mut lines = signed(provider, NOW, BODY);
        lines.retain(|line| !line.starts_with(&format!("{dropped}:")));
        let (code, json) = verify(&secret(provider, 0), &header_args(&lines), BODY);
        assert_eq!(code, 1, "{provider} without {dropped}");
        assert_eq!(json["provider"], provider);
        assert_eq!(json["reason"], "missing_signature");
        assert_eq!(json["message"], format!("header {dropped} is missing"));
    }
}

#[test]
fn a_stale_or_future_timestamp_is_outside_the_300_second_tolerance() {
    for provider in ["stripe", "slack", "standard"] {
        for (t, code) in [
            (NOW - 300, 0),
            (NOW + 300, 0),
            (NOW - 301, 1),
            (NOW + 301, 1),
        ] {
            let args = header_args(&signed(provider, t, BODY));
            let (got, json) = verify(&secret(provider, 0), &args, BODY);
            assert_eq!(got, code, "{provider} at {t}: {json}");
            if code == 1 {
                assert_eq!(json["reason"], "timestamp_outside_tolerance");
                assert_eq!(json["timestamp"], t);
            }
        }
    }
}

#[test]
fn svix_is_an_alias_and_svix_headers_are_read() {
    let lines = signed("standard", NOW, BODY);
    let mut args = vec!["--provider".to_owned(), "svix".to_owned()];
    args.extend(header_args(&lines));
    let (code, json) = verify(&secret("standard", 0), &args, BODY);
    assert_eq!((code, &json["provider"]), (0, &Value::from("standard")));

    let svix: Vec<String> = lines
        .iter()
        .map(|l| l.replace("webhook-", "svix-"))
        .collect();
    let (code, json) = verify(&secret("standard", 0), &header_args(&svix), BODY);
    assert_eq!((code, &json["provider"]), (0, &Value::from("standard")));
    // The verdict names the header as it was received.
    let message = json["message"].as_str().unwrap();
    assert!(message.contains("svix-signature"), "{message}");
}

#[test]
fn standard_secrets_work_with_or_without_whsec_and_must_be_base64() {
    let args = header_args(&signed("standard", NOW, BODY));
    let with_prefix = secret("standard", 0);
    let bare = with_prefix.strip_prefix("whsec_").unwrap();
    for secret in [with_prefix.as_str(), bare] {
        assert_eq!(verify(secret, &args, BODY).0, 0, "{secret}");
    }
    let (code, json) = verify("whsec_not base64!", &args, BODY);
    assert_eq!(code, 2);
    assert_eq!(json["error"]["code"], "invalid_secret");
    let message = json["error"]["message"].as_str().unwrap();
    assert!(message.contains("Standard Webhooks"), "{message}");
    assert!(!message.contains("not base64!"), "{message}");
}

#[test]
fn a_bare_signature_stands_for_the_main_header() {
    let lines = signed("slack", NOW, BODY);
    let value = lines[0].split_once(": ").unwrap().1.to_owned();
    let args = ["-p", "slack", "-S", &value, "-H", &lines[1]].map(str::to_owned);
    assert_eq!(verify(&secret("slack", 0), &args, BODY).0, 0);
}

#[test]
fn a_lone_legacy_github_sha1_header_is_explained() {
    let args = header_args(&["X-Hub-Signature: sha1=0123".to_owned()]);
    let (code, json) = verify("k", &args, BODY);
    assert_eq!((code, json["provider"].as_str()), (1, Some("github")));
    assert_eq!(json["reason"], "missing_signature");
    assert!(
        json["message"].as_str().unwrap().contains("SHA-1"),
        "{json}"
    );
}

#[test]
fn published_vectors_verify_end_to_end() {
    // GitHub Docs "Validating webhook deliveries"; python-slack-sdk's
    // test_signature_verifier.py (Slack's docs vector); the Standard Webhooks
    // and svix libraries' test_sign_function.
    let fixture = |name: &str| {
        std::fs::read(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    let cases: [(&str, &[&str], Vec<u8>, i64); 3] = [
        (
            "It's a Secret to Everybody",
            &[
                "X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            ],
            b"Hello, World!".to_vec(),
            NOW,
        ),
        (
            "8f742231b10e8888abcd99yyyzzz85a5",
            &[
                "X-Slack-Signature: v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
                "X-Slack-Request-Timestamp: 1531420618",
            ],
            fixture("slack_body.txt"),
            1531420618,
        ),
        (
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            &[
                "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek",
                "webhook-timestamp: 1614265330",
                "webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            ],
            br#"{"test": 2432232314}"#.to_vec(),
            1614265330,
        ),
    ];
    for (secret, headers, body, now) in cases {
        let lines: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
        let (code, json) = verify_at(now, secret, &header_args(&lines), &body);
        assert_eq!(code, 0, "{json}");
    }
}
