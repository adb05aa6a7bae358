//! User-defined schemes (`--scheme FILE`, `HOOKSIG_SCHEMES`): a scheme file
//! verifies, signs and auto-detects like a built-in, and every mistake in
//! one is exit 2, `invalid_scheme`, naming `FILE:LINE` and the fix.

use predicates::prelude::*;

use crate::util::*;

const ACME: &str = "custom/acme.toml";
const NORTHWIND: &str = "custom/northwind.toml";

fn scheme(path: &str) -> String {
    example(path).display().to_string()
}

/// The webhook that `examples/custom/acme/` holds, re-signed here with the
/// RustCrypto crates (not hooksig) for a body and time of the test's own.
fn acme_header(secret: &str, t: i64, body: &[u8]) -> String {
    let mut message = format!("{t}.").into_bytes();
    message.extend_from_slice(body);
    format!(
        "X-Acme-Signature: t={t},v1={}",
        hex::encode(hmac(secret.as_bytes(), &message))
    )
}

#[test]
fn a_scheme_file_verifies_a_capture_like_a_built_in() {
    hooksig()
        .args(["verify", "--scheme", &scheme(ACME), "--request"])
        .arg(example("custom/acme/request.http"))
        .arg("--secret-file")
        .arg(example("custom/acme/secret.txt"))
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "AUTHENTIC acme: the signature in X-Acme-Signature matches",
        ));
    hooksig()
        .args(["verify", "--scheme", &scheme(NORTHWIND), "--request"])
        .arg(example("custom/northwind/request.http"))
        .arg("--secret-file")
        .arg(example("custom/northwind/secret.txt"))
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("AUTHENTIC northwind"));
}

#[test]
fn detection_by_header_and_provider_by_name_or_alias() {
    let body = br#"{"id":"evt_1"}"#;
    let payload = temp_file(body);
    let header = acme_header("s3cret", 1_767_225_600, body);
    for provider in [None, Some("acme"), Some("ACME-PAY")] {
        let mut cmd = hooksig();
        cmd.args(["verify", "--scheme", &scheme(ACME), "--secret", "s3cret"])
            .arg("--payload")
            .arg(payload.path())
            .args(["-H", &header, "--now", "1767225610", "--format", "json"]);
        if let Some(name) = provider {
            cmd.args(["-p", name]);
        }
        let output = cmd.output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{provider:?}: {output:?}");
        let json = json_output(&output);
        assert_eq!(json["provider"], "acme");
        assert_eq!(json["reason"], "ok");
    }
    // The same delivery pasted in --signature with its header name.
    hooksig()
        .args(["verify", "--scheme", &scheme(ACME), "--secret", "s3cret"])
        .arg("--payload")
        .arg(payload.path())
        .args(["-S", &header, "--now", "1767225610"])
        .assert()
        .code(0);
    // Tampered: one byte of the body changed.
    let tampered = temp_file(br#"{"id":"evt_2"}"#);
    hooksig()
        .args(["verify", "--scheme", &scheme(ACME), "--secret", "s3cret"])
        .arg("--payload")
        .arg(tampered.path())
        .args(["-H", &header, "--now", "1767225610", "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(r#""reason":"signature_mismatch""#));
    // Out of its tolerance window.
    hooksig()
        .args(["verify", "--scheme", &scheme(ACME), "--secret", "s3cret"])
        .arg("--payload")
        .arg(payload.path())
        .args(["-H", &header, "--now", "1767226000", "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("timestamp_outside_tolerance"));
}

#[test]
fn sign_then_verify_round_trips_through_the_binary() {
    let body = br#"{"event":"order.shipped"}"#;
    let payload = temp_file(body);
    // Acme: hooksig's signature equals the one computed independently.
    let signed = hooksig()
        .args(["sign", "--scheme", &scheme(ACME), "-p", "acme-pay"])
        .args(["--secret", "s3cret", "--timestamp", "1767225600"])
        .arg("--payload")
        .arg(payload.path())
        .output()
        .unwrap();
    assert_eq!(signed.status.code(), Some(0), "{signed:?}");
    let headers = String::from_utf8(signed.stdout).unwrap();
    assert_eq!(
        headers.trim_end(),
        acme_header("s3cret", 1_767_225_600, body)
    );
    // Northwind: two headers (milliseconds), HMAC-SHA512, verified back
    // without --provider.
    let signed = hooksig()
        .args(["sign", "--scheme", &scheme(NORTHWIND), "-p", "northwind"])
        .args(["--secret", "nw", "--timestamp", "1767225600"])
        .arg("--payload")
        .arg(payload.path())
        .output()
        .unwrap();
    assert_eq!(signed.status.code(), Some(0), "{signed:?}");
    let headers = String::from_utf8(signed.stdout).unwrap();
    assert!(
        headers.contains("X-Northwind-Timestamp: 1767225600000\n"),
        "{headers}"
    );
    assert!(
        headers.starts_with("X-Northwind-Signature: sha512="),
        "{headers}"
    );
    let mut verify = hooksig();
    verify
        .args(["verify", "--scheme", &scheme(NORTHWIND), "--secret", "nw"])
        .arg("--payload")
        .arg(payload.path())
        .args(["--now", "1767225630"]);
    for line in headers.lines() {
        verify.args(["-H", line]);
    }
    verify
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("AUTHENTIC northwind"));
}

#[test]
fn hooksig_schemes_names_scheme_files_separated_by_colons() {
    let both = format!("{}:{}", scheme(ACME), scheme(NORTHWIND));
    for (dir, provider) in [("custom/acme", "acme"), ("custom/northwind", "northwind")] {
        hooksig()
            .env("HOOKSIG_SCHEMES", &both)
            .arg("verify")
            .arg("--request")
            .arg(example(&format!("{dir}/request.http")))
            .arg("--secret-file")
            .arg(example(&format!("{dir}/secret.txt")))
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with(format!("AUTHENTIC {provider}")));
    }
    // The same file in the variable and in --scheme is read once.
    hooksig()
        .env("HOOKSIG_SCHEMES", &both)
        .args(["providers", "--scheme", &scheme(ACME), "acme"])
        .assert()
        .code(0);
    // Without it, the provider is unknown.
    hooksig()
        .args(["sign", "-p", "acme", "--secret", "s"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown provider"));
}

#[test]
fn a_scheme_on_a_built_in_header_asks_for_provider() {
    let file = temp_file(
        b"name = \"mine\"\nheader = \"X-Hub-Signature-256\"\nvalue = \"sha256={signature}\"\nmessage = \"{body}\"\n",
    );
    let path = file.path().display().to_string();
    let header = format!(
        "X-Hub-Signature-256: sha256={}",
        hex::encode(hmac(b"k", b"Hello"))
    );
    let body = temp_file(b"Hello");
    hooksig()
        .args(["verify", "--scheme", &path, "--secret", "k", "-H", &header])
        .arg("--payload")
        .arg(body.path())
        .args(["--format", "json"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(r#""code":"ambiguous_provider""#))
        .stdout(predicate::str::contains("github, mine"))
        .stdout(predicate::str::contains("--provider"));
    for provider in ["mine", "github"] {
        hooksig()
            .args(["verify", "--scheme", &path, "--secret", "k", "-H", &header])
            .args(["-p", provider])
            .arg("--payload")
            .arg(body.path())
            .assert()
            .code(0);
    }
}

#[test]
fn diagnostics_search_the_user_s_schemes() {
    // Signed by Acme's scheme, checked as Fintoc (same layout and message,
    // another header): wrong_provider names acme.
    let body = br#"{"id":"evt_1"}"#;
    let payload = temp_file(body);
    let acme = acme_header("s3cret", 1_767_225_600, body);
    let value = acme.trim_start_matches("X-Acme-Signature: ");
    hooksig()
        .args(["verify", "--scheme", &scheme(ACME), "--secret", "s3cret"])
        .arg("--payload")
        .arg(payload.path())
        .args(["-p", "github", "-H", &acme, "--now", "1767225610"])
        .args([
            "-H",
            &format!("X-Hub-Signature-256: sha256={}", "0".repeat(64)),
        ])
        .args(["--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("wrong_provider"))
        .stdout(predicate::str::contains("--provider acme"));
    // A custom secret prefix is known to secret_format.
    let file = temp_file(
        b"name = \"pfx\"\nheader = \"X-Pfx-Signature\"\nmessage = \"{body}\"\nsecret_prefix = \"pfx_\"\n",
    );
    hooksig()
        .args(["verify", "--scheme", &file.path().display().to_string()])
        .args(["--secret", "pfx_abc", "-p", "fintoc"])
        .arg("--payload")
        .arg(payload.path())
        .args(["-S", value, "--now", "1767225610", "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "starts with pfx_, the form of pfx webhook secrets",
        ));
}

#[test]
fn providers_lists_checks_and_prints_schemes() {
    let output = hooksig()
        .args(["providers", "--scheme", &scheme(ACME), "--format", "json"])
        .output()
        .unwrap();
    let json = json_output(&output);
    let list = json["providers"].as_array().unwrap();
    let find = |name: &str| list.iter().find(|p| p["name"] == name).unwrap().clone();
    assert_eq!(
        find("acme"),
        serde_json::json!({"name":"acme","aliases":["acme-pay"],"headers":["X-Acme-Signature"],
            "signed_message":"{timestamp}.{body}","algorithm":"hmac-sha256","encoding":"hex",
            "timestamp":true,"default_tolerance":300,"code":false})
    );
    assert_eq!(find("flinks")["code"], true);
    assert_eq!(find("standard")["code"], true);
    assert_eq!(find("stripe")["code"], false);
    hooksig()
        .arg("providers")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "code:    its rule needs code (hooksig providers --format toml standard says why)",
        ));

    // --format toml NAME: the file as itself, which reads back.
    let output = hooksig()
        .args([
            "providers",
            "--scheme",
            &scheme(ACME),
            "--format",
            "toml",
            "acme-pay",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        text,
        "name = \"acme\"\naliases = [\"acme-pay\"]\nheader = \"X-Acme-Signature\"\nvalue = \"t={timestamp},v1={signature}\"\nalgorithm = \"hmac-sha256\"\nencoding = \"hex\"\nmessage = \"{timestamp}.{body}\"\ntolerance = 300\n"
    );
    let again = temp_file(text.as_bytes());
    hooksig()
        .args(["providers", "--scheme", &again.path().display().to_string()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("acme (acme-pay)"));

    // Every built-in, with what needs code said in comments; Stripe prints
    // the {timestamp} template.
    let output = hooksig()
        .args(["providers", "--format", "toml"])
        .output()
        .unwrap();
    let all = String::from_utf8(output.stdout).unwrap();
    assert!(all.contains("[[provider]]\nname = \"stripe\"\nheader = \"Stripe-Signature\"\nvalue = \"t={timestamp},v1={signature}\"\n"), "{all}");
    assert!(all.contains("# standard: needs code:"), "{all}");
    assert!(all.contains("# value = \"v1,{signature}\""), "{all}");
    assert!(
        all.contains("# stripe: signs the timestamp's canonical integer form"),
        "{all}"
    );
}

/// Scheme-file mistakes: (file, line, words of the fix).
const MISTAKES: &[(&str, usize, &str)] = &[
    (
        "name = \"a\"\nheader = \"X-A\"\nmesage = \"{body}\"\n",
        3,
        "unknown key \"mesage\": did you mean message?",
    ),
    (
        "name = \"a\"\nheader = \"X-A\"\nmessage = \"{timestamp}.{bdy}\"\ntimestamp_header = \"X-T\"\n",
        3,
        "{bdy} is not one of {body}, {timestamp}, {header:NAME}",
    ),
    (
        "name = \"a\"\nheader = \"X-A\"\n\nmessage = \"{timestamp}.{body}\"\n",
        4,
        "add timestamp_header",
    ),
    (
        "name = \"stripe\"\nheader = \"X-A\"\nmessage = \"{body}\"\n",
        1,
        "already a provider's name or alias",
    ),
    (
        "name = \"a\"\naliases = [\"svix\"]\nheader = \"X-A\"\nmessage = \"{body}\"\n",
        2,
        "already a provider's name or alias",
    ),
    (
        "name = \"Acme Pay\"\nheader = \"X-A\"\nmessage = \"{body}\"\n",
        1,
        "lower-case letters, digits, - and _",
    ),
    (
        "name = \"a\"\nheader = \"X-A\"\nvalue = \"v1:{signature}:x\"\nmessage = \"{body}\"\n",
        3,
        "write {signature}, a prefix then {signature}",
    ),
    ("name = \"a\"\nheader = \"X-A\"\n", 1, "add message = "),
    (
        "name = \"a\"\nheader = \"X-A\"\nmessage = \"{body}\"\nalgorithm = \"sha256\"\n",
        4,
        "write hmac-sha256, hmac-sha1, hmac-sha512 or token",
    ),
    (
        "name = \"a\"\nheader = \"X-A\"\nmessage = \"{body}\"\ntolerance = \"5m\"\n",
        4,
        "write tolerance = 300",
    ),
    (
        "name = \"a\"\nheader = \"X A\"\nmessage = \"{body}\"\n",
        2,
        "is not a header name",
    ),
    ("name = \"a\nheader = 1\n", 1, "not TOML"),
    (
        "[[provider]]\nname = \"a\"\nheader = \"X-A\"\nmessage = \"{body}\"\n\n[[provider]]\nname = \"a\"\nheader = \"X-B\"\nmessage = \"{body}\"\n",
        7,
        "choose another name",
    ),
    (
        "name = \"a\"\n[[provider]]\nname = \"b\"\n",
        1,
        "every key goes inside one",
    ),
    ("\u{feff}name = \"a\"\n", 1, ""),
    (
        "name = \"a\"\nheader = \"X-A\"\nvalue = \" v0={signature}\"\nmessage = \"{body}\"\n",
        3,
        "without spaces at either end",
    ),
    (
        "name = \"a\"\nheader = \"X-A\"\nvalue = \"t={timestamp},t={signature}\"\nmessage = \"{timestamp}{body}\"\n",
        3,
        "give them different keys",
    ),
    (
        "name = \"a\"\nheader = \"X-A\"\nmessage = \"{header:x-a}{body}\"\n",
        3,
        "cannot sign itself",
    ),
    (
        "name = \"a\"\nheader = \"X-A\"\nmessage = \"{timestamp}{body}\"\ntimestamp_header = \"X-A\"\n",
        4,
        "is the signature header",
    ),
    (
        "name = \"a\"\nheader = \"X-A\"\nmessage = \"{body}\"\ntimestamp_header = \"X-T\"\n",
        3,
        "does not sign it",
    ),
    (
        "name = \"a\"\nheader = \"X-A\"\nmessage = \"{body}\"\nalgorithm = \"token\"\n",
        3,
        "message is not allowed with algorithm = \"token\"",
    ),
];

#[test]
fn every_kind_of_scheme_file_mistake_names_file_line_and_fix() {
    for (text, line, fix) in MISTAKES {
        let file = temp_file(text.as_bytes());
        let path = file.path().display().to_string();
        for command in [
            &["verify", "-p", "a", "--secret", "s", "--format", "json"][..],
            &["sign", "-p", "a", "--secret", "s", "--format", "json"],
            &["providers", "--format", "json"],
            &["fingerprint", "--secret", "s", "--format", "json"],
        ] {
            let output = hooksig()
                .args(command)
                .args(["--scheme", &path])
                .output()
                .unwrap();
            assert_eq!(
                output.status.code(),
                Some(2),
                "{text:?} {command:?}: {output:?}"
            );
            let json = json_output(&output);
            assert_eq!(json["error"]["code"], "invalid_scheme", "{text:?}: {json}");
            let message = json["error"]["message"].as_str().unwrap();
            assert!(
                message.starts_with(&format!("{path}:{line}: ")),
                "{text:?}: {message}"
            );
            assert!(message.contains(fix), "{text:?}: {message}");
            let stderr = String::from_utf8(output.stderr).unwrap();
            assert_eq!(stderr, format!("hooksig: error: {message}\n"));
        }
    }
}

#[test]
fn a_duplicate_name_across_files_and_odd_files_are_errors_too() {
    let other = temp_file(std::fs::read(example(ACME)).unwrap().as_slice());
    let output = hooksig()
        .args(["providers", "--format", "json", "--scheme", &scheme(ACME)])
        .args(["--scheme", &other.path().display().to_string()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let json = json_output(&output);
    assert_eq!(json["error"]["code"], "invalid_scheme");
    let message = json["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!(
            "{}:4: name \"acme\" is already",
            other.path().display()
        )),
        "{message}"
    );
    // Not UTF-8, on its second line.
    let binary = temp_file(b"name = \"a\"\n\xff\xfe\n");
    hooksig()
        .args([
            "providers",
            "--scheme",
            &binary.path().display().to_string(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(":2: is not UTF-8 text"));
    // A missing file is unreadable input, named.
    hooksig()
        .args([
            "providers",
            "--scheme",
            "no/such/scheme.toml",
            "--format",
            "json",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(r#""code":"unreadable_input""#))
        .stdout(predicate::str::contains("scheme file no/such/scheme.toml"));
    // A file of random bytes: exit 2, never a panic.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for _ in 0..20 {
        let alphabet: &[u8] = b"name=\"[]{}\n\\ header message value t={timestamp},v1={signature}";
        let bytes: Vec<u8> = (0..200)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                alphabet[(state % alphabet.len() as u64) as usize]
            })
            .collect();
        let file = temp_file(&bytes);
        let output = hooksig()
            .args(["providers", "--scheme", &file.path().display().to_string()])
            .output()
            .unwrap();
        assert!(matches!(output.status.code(), Some(0 | 2)), "{output:?}");
    }
}

/// The fuzz target `scheme_file`'s oracle, as a property over random scheme
/// files made of the language's own words (so that many of them parse):
/// reading never panics and names a line in the file, and every scheme that
/// parses signs and verifies back, and not with another body or secret.
mod round_trip {
    use hooksig_core::providers::described::{SecretEncoding, Spec};
    use hooksig_core::providers::{Catalog, Context, Provider, parse};
    use hooksig_core::{Headers, Policy, Secret};
    use proptest::prelude::*;

    const LINES: &[&str] = &[
        "value = \"t={timestamp},v1={signature}\"",
        "value = \"ts={timestamp};h1={signature}\"",
        "value = \"sha256={signature}\"",
        "value = \"v0 {signature}\"",
        "value = \"v1={signature},v1={signature}\"",
        "value = \"{signature}\"",
        "message = \"{body}\"",
        "message = \"{timestamp}.{body}\"",
        "message = \"v0:{timestamp}:{body}\"",
        "message = \"{header:X-Id}.{timestamp}.{body}{{}}\"",
        "message = \"{body}\\n{timestamp}\"",
        "message = \"{body}{body}\"",
        "message = \"{nope}{body}\"",
        "timestamp_header = \"X-Ts\"",
        "timestamp_unit = \"milliseconds\"",
        "timestamp_unit = \"rfc3339\"",
        "tolerance = 0",
        "tolerance = 5",
        "algorithm = \"hmac-sha1\"",
        "algorithm = \"hmac-sha512\"",
        "encoding = \"base64\"",
        "encoding = \"base64url\"",
        "secret_encoding = \"base64\"",
        "secret_encoding = \"hex\"",
        "secret_prefix = \"whsec_\"",
        "aliases = [\"fz2\"]",
        "[[provider]]",
        "name = \"fz3\"",
        "header = \"X-Other\"",
        "mesage = 1",
        "name = ",
        "\"",
    ];

    fn secret_for(spec: &Spec, bytes: &[u8]) -> Option<Secret> {
        let body = match spec.secret_encoding {
            SecretEncoding::Raw => String::from_utf8_lossy(bytes).into_owned(),
            SecretEncoding::Base64 => parse::base64_encode(bytes),
            SecretEncoding::Hex => hex::encode(bytes),
        };
        Secret::new(format!("{}{body}", spec.secret_prefix.unwrap_or_default())).ok()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn scheme_files_never_panic_and_what_parses_round_trips(
            lines in proptest::collection::vec(0..LINES.len(), 0..8),
            prefixed in any::<bool>(),
            noise in "[ -~\n]{0,12}",
            secret in proptest::collection::vec(any::<u8>(), 1..40),
            body in proptest::collection::vec(any::<u8>(), 0..64),
            t in 0u32..4_000_000_000,
        ) {
            let mut text = if prefixed {
                "name = \"fz\"\nheader = \"X-Fz-Signature\"\n".to_owned()
            } else {
                String::new()
            };
            for i in lines {
                text.push_str(LINES[i]);
                text.push('\n');
            }
            text.push_str(&noise);
            let mut catalog = Catalog::builtin();
            let specs = match catalog.load(&text) {
                Ok(specs) => specs,
                Err(e) => {
                    prop_assert!(e.line >= 1 && e.line <= text.lines().count() + 1, "{e:?}");
                    return Ok(());
                }
            };
            for spec in specs {
                let Some(key) = secret_for(spec, &secret) else { continue };
                let provider: &dyn Provider = spec;
                let t = i64::from(t);
                let context = Context {
                    timestamp: Some(provider.stamp(t)),
                    id: Some("msg_1".to_owned()),
                    ..Default::default()
                };
                let signed = hooksig_core::sign(provider, &mut &body[..], &key, &context).unwrap();
                let mut headers = Headers::new();
                for (name, value) in &signed {
                    headers.push(name, value).unwrap();
                }
                let judge = |body: &[u8], key: &Secret| {
                    hooksig_core::verify_in(&catalog, provider, &headers, &mut &body[..],
                        std::slice::from_ref(key), &Policy::at(t)).unwrap()
                };
                let verdict = judge(&body, &key);
                prop_assert!(verdict.is_authentic(), "{text}\n{signed:?}\n{verdict:?}");
                let mut other = body.clone();
                other.push(b'!');
                prop_assert!(!judge(&other, &key).is_authentic());
                let mut bytes = secret.clone();
                bytes.push(b'x');
                if let Some(other) = secret_for(spec, &bytes) {
                    prop_assert!(!judge(&body, &other).is_authentic());
                }
            }
        }
    }
}

/// `algorithm = "token"`: the header carries the secret itself (an
/// in-house webhook, GitLab's X-Gitlab-Token), compared in constant time.
#[test]
fn a_token_scheme_file_verifies_like_gitlab() {
    let file =
        temp_file(b"name = \"inhouse\"\nheader = \"X-Inhouse-Token\"\nalgorithm = \"token\"\n");
    let path = file.path().display().to_string();
    let run = |token: &str| {
        hooksig()
            .args(["verify", "--scheme", &path, "-H"])
            .arg(format!("X-Inhouse-Token: {token}"))
            .env("HOOKSIG_SECRET", "s3cret-token")
            .write_stdin("{}")
            .output()
            .unwrap()
    };
    assert_eq!(run("s3cret-token").status.code(), Some(0));
    assert_eq!(run("s3cret-tokeN").status.code(), Some(1));
}
