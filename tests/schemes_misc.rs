//! Issue 13, the scheme language's odd corners: `algorithm = "token"`
//! (GitLab), a timestamp inside the body (Linear), Svix-delivered senders as
//! aliases of `standard`, and other providers' secret prefixes.

use crate::util::*;

const GITLAB_TOKEN: &str = "hooksig-gitlab-token-0123";

fn gitlab(token: &str, extra: &[&str]) -> std::process::Output {
    let body = temp_file(br#"{"object_kind":"push"}"#);
    hooksig()
        .args(["verify", "-H", &format!("X-Gitlab-Token: {token}")])
        .args(["--payload", body.path().to_str().unwrap()])
        .env("HOOKSIG_SECRET", GITLAB_TOKEN)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn a_gitlab_token_equal_to_the_secret_is_authentic_and_inferred() {
    let out = gitlab(GITLAB_TOKEN, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json = json_output(&out);
    assert_eq!(json["provider"], "gitlab");
    assert_eq!(json["message"], "the token in X-Gitlab-Token is the secret");
}

#[test]
fn a_different_gitlab_token_is_not_authentic_and_the_secret_is_not_shown() {
    for format in ["human", "json"] {
        let out = gitlab("hooksig-gitlab-token-0124", &["-v", "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert_no_secret_in("verify -v", &out.stdout, &[GITLAB_TOKEN.as_bytes()]);
        assert_no_secret_in("verify -v", &out.stderr, &[GITLAB_TOKEN.as_bytes()]);
        // Not even the first characters of the secret, in any form.
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("hooksig-gi"), "{text}");
        assert!(!text.contains(&hex::encode(&GITLAB_TOKEN[..4])), "{text}");
    }
    let out = gitlab("hooksig-gitlab-token-0124", &["--format", "json"]);
    let json = json_output(&out);
    assert_eq!(json["reason"], "signature_mismatch");
    assert_eq!(
        json["message"],
        "the token in X-Gitlab-Token is not the secret"
    );
}

#[test]
fn a_gitlab_token_that_is_only_a_prefix_of_the_secret_is_not_authentic() {
    let out = gitlab(&GITLAB_TOKEN[..10], &[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
}

#[test]
fn sign_writes_the_gitlab_token_and_verify_accepts_it() {
    let body = temp_file(b"{}");
    let out = hooksig()
        .args(["sign", "--provider", "gitlab"])
        .args(["--payload", body.path().to_str().unwrap()])
        .env("HOOKSIG_SECRET", GITLAB_TOKEN)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        format!("X-Gitlab-Token: {GITLAB_TOKEN}")
    );
}

/// A Linear delivery of `body`, signed with `secret` here (util::hmac), judged
/// at `now`.
fn linear(body: &[u8], now: i64, extra: &[&str]) -> std::process::Output {
    let signature = hex::encode(hmac(b"linear-secret", body));
    let file = temp_file(body);
    hooksig()
        .args(["verify", "-H", &format!("Linear-Signature: {signature}")])
        .args(["--payload", file.path().to_str().unwrap()])
        .args(["--now", &now.to_string(), "--format", "json"])
        .env("HOOKSIG_SECRET", "linear-secret")
        .args(extra)
        .output()
        .unwrap()
}

const LINEAR_BODY: &[u8] = br#"{"action":"create","webhookTimestamp":1700000000123}"#;

#[test]
fn linear_reads_its_timestamp_from_the_body_in_milliseconds_with_a_60_second_window() {
    let out = linear(LINEAR_BODY, 1_700_000_060, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json = json_output(&out);
    assert_eq!(json["provider"], "linear");
    assert_eq!(json["timestamp"], 1_700_000_000);
    let out = linear(LINEAR_BODY, 1_700_000_061, &[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(json_output(&out)["reason"], "timestamp_outside_tolerance");
    // An old capture, judged with the window off.
    let out = linear(LINEAR_BODY, 1_800_000_000, &["--tolerance", "off"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn a_signed_linear_body_without_a_numeric_webhook_timestamp_is_not_authentic() {
    for (body, why) in [
        (
            &br#"{"action":"create"}"#[..],
            "the body has no top-level webhookTimestamp field",
        ),
        (
            &br#"{"webhookTimestamp":"1700000000123"}"#[..],
            "the body's webhookTimestamp field is not a timestamp in milliseconds",
        ),
        (
            &b"not json"[..],
            "the body has no top-level webhookTimestamp field",
        ),
    ] {
        let out = linear(body, 1_700_000_000, &[]);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let json = json_output(&out);
        assert_eq!(json["reason"], "malformed_signature");
        let message = json["message"].as_str().unwrap();
        assert!(
            message.starts_with("the signature in Linear-Signature matches, but "),
            "{message}"
        );
        assert!(message.contains(why), "{message}");
        assert_eq!(json["hints"], serde_json::json!([]), "{json}");
    }
}

#[test]
fn a_wrong_linear_signature_is_a_mismatch_even_without_a_timestamp() {
    let file = temp_file(br#"{"action":"create"}"#);
    let out = hooksig()
        .args([
            "verify",
            "-H",
            &format!("Linear-Signature: {}", "ab".repeat(32)),
        ])
        .args([
            "--payload",
            file.path().to_str().unwrap(),
            "--format",
            "json",
        ])
        .env("HOOKSIG_SECRET", "linear-secret")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(json_output(&out)["reason"], "signature_mismatch");
}

/// Senders that deliver through Svix, each confirmed by its own docs (see
/// crates/core/src/providers/standard.rs).
const SVIX_SENDERS: [&str; 3] = ["clerk", "resend", "replicate"];

#[test]
fn svix_delivered_senders_are_aliases_of_standard() {
    let listing = hooksig()
        .args(["providers", "--format", "json"])
        .output()
        .unwrap();
    let json = json_output(&listing);
    let standard = json["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "standard")
        .unwrap()
        .clone();
    for sender in SVIX_SENDERS {
        assert!(
            standard["aliases"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == sender),
            "{standard}"
        );
        // Svix's published example (docs.svix.com), named by the sender.
        let out = hooksig()
            .args(["verify", "-p", sender, "--now", "1614265330"])
            .args(["-H", "svix-id: msg_p5jXN8AQM9LWM0D4loKWxJek"])
            .args(["-H", "svix-timestamp: 1614265330"])
            .args([
                "-S",
                "svix-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            ])
            .env("HOOKSIG_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            .args(["--format", "json"])
            .write_stdin(r#"{"test": 2432232314}"#)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{sender}: {out:?}");
        assert_eq!(json_output(&out)["provider"], "standard");
    }
}

/// The `secret_format` hints of a mismatching `provider` webhook (hex HMAC
/// of the body under the header `header`) checked with `secret`.
fn secret_hints(provider: &str, header: &str, secret: &str) -> Vec<String> {
    let file = temp_file(secret.as_bytes());
    let out = hooksig()
        .args(["verify", "-p", provider, "--format", "json"])
        .args(["-H", &format!("{header}: {}", "ab".repeat(64))])
        .args(["--secret-file", file.path().to_str().unwrap()])
        .write_stdin("{}")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    json_output(&out)["hints"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["code"] == "secret_format")
        .map(|h| h["message"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn secret_format_names_the_provider_whose_secrets_carry_the_prefix() {
    for (secret, owner) in [
        ("pdl_ntfset_01h2abc", "paddle"),
        ("pdl_ntf_01h2abc", "paddle"),
        ("shpss_0123456789abcdef", "shopify"),
    ] {
        let hints = secret_hints("razorpay", "X-Razorpay-Signature", secret);
        assert_eq!(hints.len(), 1, "{secret}: {hints:?}");
        assert!(hints[0].contains(owner), "{secret}: {}", hints[0]);
        assert!(hints[0].contains("razorpay"), "{}", hints[0]);
    }
    // The provider's own form is no hint.
    assert_eq!(
        secret_hints("paddle", "Paddle-Signature", "pdl_ntfset_01h2abc"),
        Vec::<String>::new()
    );
}

#[test]
fn secret_format_knows_api_keys_but_not_where_the_api_key_is_the_secret() {
    for (secret, kind) in [
        ("shpat_0123456789abcdef", "Shopify Admin API access token"),
        ("pdl_live_apikey_01h2abc", "Paddle API key"),
        ("xapp-1-A0123", "Slack app-level token"),
        (
            "github_pat_11AAAA",
            "GitHub fine-grained personal access token",
        ),
        ("sk_live_abc", "a secret API key"),
    ] {
        let hints = secret_hints("razorpay", "X-Razorpay-Signature", secret);
        assert_eq!(hints.len(), 1, "{secret}: {hints:?}");
        assert!(hints[0].contains(kind), "{secret}: {}", hints[0]);
    }
    // Paystack signs with the secret API key itself.
    assert_eq!(
        secret_hints("paystack", "x-paystack-signature", "sk_live_abc"),
        Vec::<String>::new()
    );
}
