//! Shared helpers: run the binary, sign test payloads independently.

use std::path::PathBuf;

use assert_cmd::Command;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The binary, with a clean environment (no HOOKSIG_SECRET, no colour) and an
/// empty stdin unless a test gives one.
pub fn hooksig() -> Command {
    let mut cmd = Command::cargo_bin("hooksig").unwrap();
    cmd.env_remove("HOOKSIG_SECRET")
        .env_remove("HOOKSIG_SCHEMES")
        .env("NO_COLOR", "1")
        .write_stdin("");
    cmd
}

/// A path under `examples/`.
pub fn example(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(path)
}

/// An example file's contents without its trailing newline.
pub fn example_text(path: &str) -> String {
    std::fs::read_to_string(example(path))
        .unwrap()
        .trim_end()
        .to_owned()
}

/// HMAC-SHA256, computed here with the RustCrypto crates directly, so the
/// tests do not trust hooksig's own signing code.
pub fn hmac(secret: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// The message id [`signed_headers`] gives Standard Webhooks deliveries.
pub const SIGNED_ID: &str = "msg_e2e";

/// The `Name: value` header lines `provider` sends for `body` at Unix time
/// `t`, signed with `secret` as a user gives it (for Standard Webhooks,
/// `whsec_` and the base64 key; the message id is [`SIGNED_ID`]). Every
/// test that needs a correctly signed webhook gets it here (or from
/// [`signature`]): each scheme is written out once, from its provider's
/// documentation, with [`hmac`], never with hooksig's own signing code.
pub fn signed_headers(provider: &str, secret: &[u8], t: i64, body: &[u8]) -> Vec<String> {
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let mac = |key: &[u8], prefix: &str| hmac(key, &[prefix.as_bytes(), body].concat());
    match provider {
        "flinks" => vec![format!(
            "flinks-authenticity-key: {}",
            b64(&mac(secret, ""))
        )],
        "fintoc" => vec![format!(
            "Fintoc-Signature: t={t},v1={}",
            hex::encode(mac(secret, &format!("{t}.")))
        )],
        "stripe" => vec![format!(
            "Stripe-Signature: t={t},v1={}",
            hex::encode(mac(secret, &format!("{t}.")))
        )],
        "github" => vec![format!(
            "X-Hub-Signature-256: sha256={}",
            hex::encode(mac(secret, ""))
        )],
        "shopify" => vec![format!("X-Shopify-Hmac-Sha256: {}", b64(&mac(secret, "")))],
        "slack" => vec![
            format!(
                "X-Slack-Signature: v0={}",
                hex::encode(mac(secret, &format!("v0:{t}:")))
            ),
            format!("X-Slack-Request-Timestamp: {t}"),
        ],
        "standard" => {
            let key = secret.strip_prefix(b"whsec_").unwrap_or(secret);
            let key = base64::engine::general_purpose::STANDARD
                .decode(key)
                .unwrap();
            vec![
                format!(
                    "webhook-signature: v1,{}",
                    b64(&mac(&key, &format!("{SIGNED_ID}.{t}.")))
                ),
                format!("webhook-id: {SIGNED_ID}"),
                format!("webhook-timestamp: {t}"),
            ]
        }
        _ => panic!("no signing scheme for {provider} in tests/util.rs"),
    }
}

/// The value of the signature header (the first of [`signed_headers`]).
pub fn signature(provider: &str, secret: &[u8], t: i64, body: &[u8]) -> String {
    let headers = signed_headers(provider, secret, t, body);
    let (_, value) = headers[0].split_once(": ").unwrap();
    value.to_owned()
}

/// The Flinks header value for `body`.
pub fn flinks_signature(secret: &str, body: &[u8]) -> String {
    signature("flinks", secret.as_bytes(), 0, body)
}

/// The Fintoc header value for `body` signed at `t`.
pub fn fintoc_signature(secret: &str, t: i64, body: &[u8]) -> String {
    signature("fintoc", secret.as_bytes(), t, body)
}

/// A temporary file holding `contents`, kept alive by the returned guard.
pub fn temp_file(contents: &[u8]) -> tempfile::NamedTempFile {
    use std::io::Write;
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(contents).unwrap();
    file.flush().unwrap();
    file
}

/// Parses stdout as exactly one JSON object on one line.
pub fn json_output(output: &std::process::Output) -> serde_json::Value {
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    assert_eq!(stdout.lines().count(), 1, "not one line: {stdout:?}");
    serde_json::from_str(&stdout).unwrap()
}

/// Fails when `output` contains any of `secrets` raw, in lower-case hex or
/// in standard base64; `context` names the command in the failure.
pub fn assert_no_secret_in(context: &str, output: &[u8], secrets: &[&[u8]]) {
    let b64 = &base64::engine::general_purpose::STANDARD;
    for secret in secrets {
        for form in [
            secret.to_vec(),
            hex::encode(secret).into_bytes(),
            b64.encode(secret).into_bytes(),
        ] {
            assert!(
                !output.windows(form.len()).any(|w| w == &form[..]),
                "{context} leaked {:?}: {}",
                String::from_utf8_lossy(&form),
                String::from_utf8_lossy(output)
            );
        }
    }
}
