//! `hooksig sign`: the headers a provider would send, which `verify` accepts.

use predicates::prelude::*;

use crate::util::*;

#[test]
fn sign_reproduces_the_official_fintoc_vector() {
    hooksig()
        .args(["sign", "-p", "fintoc", "--secret-file"])
        .arg(example("fintoc/secret.txt"))
        .arg("--payload")
        .arg(example("fintoc/body.json"))
        .args(["--timestamp", "1743890251"])
        .assert()
        .code(0)
        .stdout(format!(
            "Fintoc-Signature: {}\n",
            example_text("fintoc/signature.txt")
        ));
}

#[test]
fn value_prints_only_the_signature_value() {
    hooksig()
        .args(["sign", "-p", "flinks", "--secret-file"])
        .arg(example("flinks/secret.txt"))
        .arg("--payload")
        .arg(example("flinks/body.json"))
        .arg("--value")
        .assert()
        .code(0)
        .stdout(format!("{}\n", example_text("flinks/signature.txt")));
}

#[test]
fn json_output_names_provider_and_headers() {
    let output = hooksig()
        .args([
            "sign",
            "-p",
            "fintoc",
            "--timestamp",
            "1000",
            "--format",
            "json",
        ])
        .env("HOOKSIG_SECRET", "k")
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json = json_output(&output);
    assert_eq!(json["provider"], "fintoc");
    assert_eq!(
        json["headers"]["Fintoc-Signature"],
        fintoc_signature("k", 1000, b"x")
    );
}

#[test]
fn timestamp_defaults_to_now_and_verify_accepts_it() {
    let output = hooksig()
        .args(["sign", "-p", "fintoc", "--value"])
        .env("HOOKSIG_SECRET", "k")
        .write_stdin("{}")
        .output()
        .unwrap();
    let value = String::from_utf8(output.stdout).unwrap();
    hooksig()
        .args(["verify", "-p", "fintoc", "-S", value.trim()])
        .env("HOOKSIG_SECRET", "k")
        .write_stdin("{}")
        .assert()
        .code(0);
}

#[test]
fn every_listed_provider_round_trips_through_the_cli() {
    let listing = hooksig()
        .args(["providers", "--format", "json"])
        .output()
        .unwrap();
    let providers = json_output(&listing)["providers"]
        .as_array()
        .unwrap()
        .clone();
    assert!(providers.len() >= 2);
    let body = b"{\"event\":\"x\"}\r\n\x00\xff";
    for provider in providers {
        let name = provider["name"].as_str().unwrap();
        // Linear signs its timestamp inside the JSON body (webhookTimestamp,
        // milliseconds): a body without it is not authentic, as in its SDK.
        let body: Vec<u8> = match name {
            "linear" => br#"{"event":"x","webhookTimestamp":1700000000000}"#.to_vec(),
            _ => body.to_vec(),
        };
        // A public-key scheme signs with a private key (64 hex digits) and
        // verifies with its public key.
        let public = hooksig_core::providers::by_name(name)
            .unwrap()
            .public_key()
            .map(|algorithm| algorithm.public_key_of(RFC8032_SEED.as_bytes()).unwrap());
        let secret = match public {
            Some(_) => RFC8032_SEED,
            None => "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        };
        let signed = hooksig()
            .args(["sign", "-p", name, "--timestamp", "1700000000"])
            .args(["--url", "https://example.com/hooks?x=1"])
            .env("HOOKSIG_SECRET", secret)
            .write_stdin(&body[..])
            .output()
            .unwrap();
        assert_eq!(signed.status.code(), Some(0), "{name}: {signed:?}");
        let mut verify = hooksig();
        verify.args(["verify", "-p", name, "--now", "1700000000"]);
        verify.args(["--url", "https://example.com/hooks?x=1"]);
        for line in String::from_utf8(signed.stdout).unwrap().lines() {
            verify.args(["-H", line]);
        }
        match &public {
            Some(key) => verify.args(["--public-key", key]),
            None => verify.env("HOOKSIG_SECRET", secret),
        };
        verify.write_stdin(&body[..]).assert().code(0);
    }
}

/// RFC 8032 section 7.1 TEST 1's private key (seed).
const RFC8032_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

#[test]
fn discord_signs_with_the_private_key_and_prints_both_headers() {
    let body = temp_file(b"{\"type\":1}");
    hooksig()
        .args([
            "sign",
            "-p",
            "discord",
            "--timestamp",
            "1700000000",
            "--payload",
        ])
        .arg(body.path())
        .env("HOOKSIG_SECRET", RFC8032_SEED)
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("X-Signature-Ed25519: "))
        .stdout(predicate::str::contains(
            "\nX-Signature-Timestamp: 1700000000\n",
        ))
        .stdout(predicate::str::contains(RFC8032_SEED).not());
    // A private key of the wrong form is exit 2, naming the form, not the value.
    hooksig()
        .args(["sign", "-p", "discord", "--payload"])
        .arg(body.path())
        .env("HOOKSIG_SECRET", "not-a-seed-at-all")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("64 hex digits"))
        .stderr(predicate::str::contains("not-a-seed").not());
}

#[test]
fn sign_refuses_what_it_cannot_do() {
    hooksig()
        .args(["sign", "-s", "k"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--provider"));
    hooksig()
        .args(["sign", "-p", "fintoc", "--timestamp", "-5", "--secret-file"])
        .arg(example("fintoc/secret.txt"))
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--timestamp must be 0 or more"));
    hooksig()
        .args(["sign", "-p", "fintoc"])
        .env("HOOKSIG_SECRET", "a,b")
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exactly one secret"));
    hooksig()
        .args(["sign", "-p", "fintoc", "--id", "has space"])
        .env("HOOKSIG_SECRET", "k")
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--id"));
}

/// Vectors made with `hooksig sign` and accepted, at authoring time, by the
/// official SDKs: fintoc-python `WebhookSignature.verify_header`,
/// stripe-python `WebhookSignature.verify_header`, `standardwebhooks`
/// `Webhook.verify`, svix `Webhook.verify` (svix-* names), and slack_sdk
/// `SignatureVerifier.is_valid`, each with its clock frozen at `T` (500 random
/// cases, all accepted; this is the first). `sign` must keep producing them.
#[test]
fn sign_output_matches_vectors_the_official_sdks_accepted() {
    const BODY: &[u8] =
        br#"{"id": "evt_0", "n": 0.4523795535098186, "s": "\u00e9\u2028\ud83d\ude00"}"#;
    const T: &str = "1699947561";
    type Case<'a> = (&'a str, &'a str, &'a [&'a str], &'a [(&'a str, &'a str)]);
    let cases: [Case; 4] = [
        (
            "fintoc",
            "whsec_test_0f9fd83ecb68facbb01a8480",
            &[],
            &[(
                "Fintoc-Signature",
                "t=1699947561,v1=f19076caeca0f922cce158027d306b178e156bf3a4daeae16d40384ad2849431",
            )],
        ),
        (
            "stripe",
            "whsec_test_0f9fd83ecb68facbb01a8480",
            &[],
            &[(
                "Stripe-Signature",
                "t=1699947561,v1=f19076caeca0f922cce158027d306b178e156bf3a4daeae16d40384ad2849431",
            )],
        ),
        (
            "standard",
            "whsec_QB4OnKhrna8IlvD4QtcI0LuXvwUFEglH",
            &["--id", "msg_0"],
            &[
                (
                    "webhook-signature",
                    "v1,JlXfruPwOfPXiZhkYNDdWNMljMe8Hq8aK/P/bvTKdh4=",
                ),
                ("webhook-id", "msg_0"),
                ("webhook-timestamp", T),
            ],
        ),
        (
            "slack",
            "39ac827c2413acd6d36caa00b9667c02",
            &[],
            &[
                (
                    "X-Slack-Signature",
                    "v0=b644725589ba65aa1b2bd80ce22ec4e50c52103d98ae66addb033d62323f363f",
                ),
                ("X-Slack-Request-Timestamp", T),
            ],
        ),
    ];
    for (provider, secret, extra, headers) in cases {
        let output = hooksig()
            .args(["sign", "-p", provider, "--timestamp", T, "--format", "json"])
            .args(extra)
            .env("HOOKSIG_SECRET", secret)
            .write_stdin(BODY)
            .output()
            .unwrap();
        let json = json_output(&output);
        let expected: serde_json::Map<String, serde_json::Value> = headers
            .iter()
            .map(|(n, v)| (n.to_string(), serde_json::Value::from(*v)))
            .collect();
        assert_eq!(
            json["headers"],
            serde_json::Value::Object(expected),
            "{provider}"
        );
    }
}
