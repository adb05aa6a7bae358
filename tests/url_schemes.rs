//! Schemes that sign the request's method and URL (square, hubspot, twilio,
//! mercadopago): `--url`, `--method`, and the URL a `--request` capture
//! gives (https:// + Host + request-line target).

use predicates::prelude::*;

use crate::util::*;

/// Square's published SDK vector (tests/vectors/square.toml, sdk_test_pass).
const SQUARE_KEY: &str = "Ibxx_5AKakO-3qeNVR61Dw";
const SQUARE_SIGNATURE: &str = "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=";
const SQUARE_URL: &str = "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9";

fn square_body() -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/vectors/square/sdk_test_pass.body"),
    )
    .unwrap()
}

fn square_capture(host: &str, target: &str, extra: &str) -> Vec<u8> {
    let body = square_body();
    let mut capture = format!(
        "POST {target} HTTP/1.1\r\nHost: {host}\r\n{extra}x-square-hmacsha256-signature: {SQUARE_SIGNATURE}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    capture.extend_from_slice(&body);
    capture
}

#[test]
fn a_url_signing_scheme_without_a_url_is_exit_2_saying_to_pass_url() {
    let body = temp_file(&square_body());
    hooksig()
        .args(["verify", "-p", "square", "--payload"])
        .arg(body.path())
        .args([
            "-H",
            &format!("x-square-hmacsha256-signature: {SQUARE_SIGNATURE}"),
        ])
        .env("HOOKSIG_SECRET", SQUARE_KEY)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --url URL"));
    hooksig()
        .args(["verify", "-p", "square", "--format", "json", "--payload"])
        .arg(body.path())
        .args([
            "-H",
            &format!("x-square-hmacsha256-signature: {SQUARE_SIGNATURE}"),
        ])
        .env("HOOKSIG_SECRET", SQUARE_KEY)
        .assert()
        .code(2)
        .stdout(predicate::str::contains(r#""code":"usage""#));
    hooksig()
        .args(["sign", "-p", "hubspot", "--secret", "s", "--payload"])
        .arg(body.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --url URL"));
}

#[test]
fn url_given_with_url_verifies_and_a_bad_url_is_a_usage_error() {
    let body = temp_file(&square_body());
    let verify = |url: &str| {
        let mut cmd = hooksig();
        cmd.args(["verify", "-p", "square", "--url", url, "--payload"])
            .arg(body.path())
            .args([
                "-H",
                &format!("x-square-hmacsha256-signature: {SQUARE_SIGNATURE}"),
            ])
            .env("HOOKSIG_SECRET", SQUARE_KEY);
        cmd
    };
    verify(SQUARE_URL).assert().code(0);
    verify(&format!("{SQUARE_URL}x")).assert().code(1);
    verify("webhook.site/679a4f3a")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("https://example.com/hooks"));
}

#[test]
fn a_capture_gives_https_host_and_its_request_target() {
    let capture = square_capture("webhook.site", "/679a4f3a-dcfa-49ee-bac5-9d0edad886b9", "");
    hooksig()
        .args(["verify", "--request", "-"])
        .env("HOOKSIG_SECRET", SQUARE_KEY)
        .write_stdin(capture.clone())
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("AUTHENTIC square:"));
    // --url wins over the capture's Host and target.
    hooksig()
        .args([
            "verify",
            "--request",
            "-",
            "--url",
            "https://other.example/x",
        ])
        .env("HOOKSIG_SECRET", SQUARE_KEY)
        .write_stdin(capture)
        .assert()
        .code(1);
    // A capture without a Host (and no --url) cannot give a URL.
    let body = square_body();
    let mut headless = format!(
        "POST /x HTTP/1.1\r\nx-square-hmacsha256-signature: {SQUARE_SIGNATURE}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    headless.extend_from_slice(&body);
    hooksig()
        .args(["verify", "--request", "-"])
        .env("HOOKSIG_SECRET", SQUARE_KEY)
        .write_stdin(headless)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--url"));
}

/// HubSpot signs the method: a capture's request line gives it, --method
/// overrides it, and sign --method/--url round-trips through verify.
#[test]
fn the_method_comes_from_the_capture_or_method_and_sign_round_trips() {
    let body = br#"{"example_field":"example_value"}"#;
    let payload = temp_file(body);
    let signed = hooksig()
        .args(["sign", "-p", "hubspot", "--secret", "client-secret"])
        .args(["--timestamp", "1700000000", "--method", "PUT"])
        .args(["--url", "https://hooks.example.com/hubspot?portal=1"])
        .arg("--payload")
        .arg(payload.path())
        .output()
        .unwrap();
    assert!(signed.status.success(), "{signed:?}");
    let headers = String::from_utf8(signed.stdout).unwrap();
    assert!(
        headers.contains("X-HubSpot-Request-Timestamp: 1700000000000"),
        "{headers}"
    );
    let mut capture = String::from("PUT /hubspot?portal=1 HTTP/1.1\r\nHost: hooks.example.com\r\n");
    for line in headers.lines() {
        capture.push_str(line);
        capture.push_str("\r\n");
    }
    capture.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut capture = capture.into_bytes();
    capture.extend_from_slice(body);
    let verify = |extra: &[&str]| {
        let mut cmd = hooksig();
        cmd.args(["verify", "--request", "-", "--now", "1700000000"])
            .args(extra)
            .env("HOOKSIG_SECRET", "client-secret")
            .write_stdin(capture.clone());
        cmd
    };
    verify(&[]).assert().code(0);
    verify(&["--method", "POST"]).assert().code(1);
}

/// Mercado Pago signs the URL's data.id, not the body: a capture gives the
/// URL, and its `ts=…,v1=…` x-signature names the provider (a hex
/// X-Signature stays Lemon Squeezy's).
#[test]
fn mercadopago_is_told_from_its_x_signature_and_reads_data_id_from_the_url() {
    let capture = |target: &str| {
        format!(
            "POST {target} HTTP/1.1\r\nHost: example.com\r\nx-signature: ts=1742505638,v1=7d51eedd98ab67683eeea4a3a00710f2498292e736e2dd8eb107b0d8c6c58448\r\nx-request-id: 2066ca19-c6f1-498a-be75-1923005edd06\r\nContent-Length: 2\r\n\r\n{{}}"
        )
    };
    let verify = |target: &str| {
        let mut cmd = hooksig();
        cmd.args(["verify", "--request", "-", "--now", "1742505638"])
            .env("HOOKSIG_SECRET", "your_secret_key_here")
            .write_stdin(capture(target));
        cmd
    };
    verify("/webhooks/mercadopago?data.id=123456&type=payment")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("AUTHENTIC mercadopago:"));
    verify("/webhooks/mercadopago?data.id=123457&type=payment")
        .assert()
        .code(1);
    let lemon = hooksig()
        .args(["verify", "--payload", "-", "--secret", "k"])
        .args(["-H", &format!("X-Signature: {}", "ab".repeat(32))])
        .write_stdin("{}")
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&lemon.stdout).contains("lemonsqueezy"),
        "{lemon:?}"
    );
}

/// Twilio: form parameters sorted, a JSON body checked against the URL's
/// bodySHA256; sign then verify round-trips.
#[test]
fn twilio_signs_the_url_and_sorted_form_parameters() {
    let body = "To=%2B18005551212&Digits=1234&From=%2B14158675309";
    let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    let signed = hooksig()
        .args([
            "sign", "-p", "twilio", "--secret", "12345", "--url", url, "--value",
        ])
        .write_stdin(body)
        .output()
        .unwrap();
    assert!(signed.status.success(), "{signed:?}");
    let value = String::from_utf8(signed.stdout).unwrap();
    let verify = |body: &str, url: &str| {
        let mut cmd = hooksig();
        cmd.args(["verify", "-p", "twilio", "--secret", "12345", "--url", url])
            .args(["-S", value.trim()])
            .write_stdin(body.to_owned());
        cmd
    };
    verify(body, url).assert().code(0);
    // Reordered parameters sign the same string; another value does not.
    verify("Digits=1234&From=%2B14158675309&To=%2B18005551212", url)
        .assert()
        .code(0);
    verify("To=%2B18005551212&Digits=1235&From=%2B14158675309", url)
        .assert()
        .code(1);
    // The port Twilio may or may not have signed.
    verify(body, "https://mycompany.com:443/myapp.php?foo=1&bar=2")
        .assert()
        .code(0);
}

/// The hint codes and exit code of `verify --format json` on a Square
/// capture with `extra` headers, judged with `args`.
fn square_hints(host: &str, extra: &str, args: &[&str]) -> (Option<i32>, Vec<(String, String)>) {
    let output = hooksig()
        .args(["verify", "--request", "-", "--format", "json"])
        .args(args)
        .env("HOOKSIG_SECRET", SQUARE_KEY)
        .write_stdin(square_capture(
            host,
            "/679a4f3a-dcfa-49ee-bac5-9d0edad886b9",
            extra,
        ))
        .output()
        .unwrap();
    let json = json_output(&output);
    let hints = json["hints"]
        .as_array()
        .map(|hints| {
            hints
                .iter()
                .map(|h| {
                    (
                        h["code"].as_str().unwrap_or_default().to_owned(),
                        h["message"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (output.status.code(), hints)
}

#[test]
fn url_mismatch_names_the_url_that_matches_and_never_changes_the_verdict() {
    // Judged at http:// (a proxy ended TLS): the signature is over https://.
    let (code, hints) = square_hints(
        "webhook.site",
        "",
        &["--url", &SQUARE_URL.replace("https://", "http://")],
    );
    assert_eq!(code, Some(1));
    assert_eq!(hints.len(), 1, "{hints:?}");
    assert_eq!(hints[0].0, "url_mismatch");
    assert!(
        hints[0].1.contains(&format!("--url '{SQUARE_URL}'")),
        "{hints:?}"
    );
    assert!(hints[0].1.contains("https://"), "{hints:?}");

    // A proxy rewrote Host; X-Forwarded-Host or Forwarded keeps the original.
    for extra in [
        "X-Forwarded-Host: webhook.site\r\n",
        "Forwarded: for=192.0.2.60;proto=https;host=\"webhook.site\"\r\n",
    ] {
        let (code, hints) = square_hints("internal:8080", extra, &[]);
        assert_eq!(code, Some(1));
        assert_eq!(hints.len(), 1, "{extra}: {hints:?}");
        assert_eq!(hints[0].0, "url_mismatch");
        assert!(hints[0].1.contains("a proxy rewrote Host"), "{hints:?}");
        assert!(
            hints[0].1.contains(&format!("--url '{SQUARE_URL}'")),
            "{hints:?}"
        );
    }

    // The default port written out where the sender left it out.
    let (code, hints) = square_hints("webhook.site:443", "", &[]);
    assert_eq!(code, Some(1));
    assert_eq!(hints[0].0, "url_mismatch", "{hints:?}");
    assert!(
        hints[0].1.contains("without its default port :443"),
        "{hints:?}"
    );

    // Another path is not a form of the same URL: no url_mismatch.
    let (code, hints) = square_hints("webhook.site", "", &["--url", "https://webhook.site/other"]);
    assert_eq!(code, Some(1));
    assert!(hints.iter().all(|(c, _)| c != "url_mismatch"), "{hints:?}");
}
