//! Hints for not-authentic verdicts: each code is produced by exactly the
//! mistake it names, and a hint never turns a verdict into "authentic".

use crate::util::*;

/// Runs `verify --format json` and returns the hint codes, checking that the
/// verdict is "not authentic" (exit 1) whatever the hints say.
fn hint_codes(args: &[&str], env_secret: Option<&str>, body: &[u8]) -> Vec<String> {
    let mut cmd = hooksig();
    cmd.arg("verify").args(args).args(["--format", "json"]);
    if let Some(secret) = env_secret {
        cmd.env("HOOKSIG_SECRET", secret);
    }
    let output = cmd.write_stdin(body.to_vec()).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
    let json = json_output(&output);
    assert_eq!(json["authentic"], false);
    json["hints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            assert!(!h["message"].as_str().unwrap().is_empty());
            h["code"].as_str().unwrap().to_owned()
        })
        .collect()
}

fn flinks_hints(signed: &[u8], given: &[u8]) -> Vec<String> {
    let sig = flinks_signature("k", signed);
    hint_codes(&["-p", "flinks", "-S", &sig], Some("k"), given)
}

#[test]
fn an_authentic_webhook_has_no_hints() {
    let sig = flinks_signature("k", b"{}");
    let output = hooksig()
        .args(["verify", "-p", "flinks", "-S", &sig, "--format", "json"])
        .env("HOOKSIG_SECRET", "k")
        .write_stdin("{}")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json_output(&output)["hints"], serde_json::json!([]));
}

#[test]
fn trailing_newline_added_or_lost() {
    assert_eq!(
        flinks_hints(b"{\"a\":1}", b"{\"a\":1}\n"),
        ["trailing_newline"]
    );
    assert_eq!(
        flinks_hints(b"{\"a\":1}", b"{\"a\":1}\r\n"),
        ["trailing_newline"]
    );
    assert_eq!(
        flinks_hints(b"{\"a\":1}\n", b"{\"a\":1}"),
        ["trailing_newline"]
    );
}

#[test]
fn line_endings_converted() {
    let lf = b"line one\nline two\n{\"a\": 1}";
    let crlf = b"line one\r\nline two\r\n{\"a\": 1}";
    assert_eq!(flinks_hints(lf, crlf), ["line_endings"]);
    assert_eq!(flinks_hints(crlf, lf), ["line_endings"]);
}

#[test]
fn json_reformatted_after_capture() {
    let signed = br#"{"id":"evt_1","data":{"amount":1000,"note":"caf\u00e9"},"list":[1,2.50]}"#;
    let pretty = b"{\n  \"id\": \"evt_1\",\n  \"data\": {\n    \"amount\": 1000,\n    \"note\": \"caf\xc3\xa9\"\n  },\n  \"list\": [\n    1,\n    2.50\n  ]\n}";
    assert_eq!(flinks_hints(signed, pretty), ["json_reformatted"]);
    // Python's default separators (", " and ": "), as Standard Webhooks' vector.
    let spaced = br#"{"test": 2432232314}"#;
    assert_eq!(
        flinks_hints(spaced, b"{\"test\":2432232314}"),
        ["json_reformatted"]
    );
}

#[test]
fn byte_level_explanations_win_over_json_reformatting() {
    // Compacting the given body would also match, but the simpler story is
    // the added newline.
    assert_eq!(flinks_hints(b"{\"a\":1}", b"{\"a\": 1}\n").len(), 1);
    assert_eq!(
        flinks_hints(b"{\"a\":1}", b"{\"a\":1}\n"),
        ["trailing_newline"]
    );
}

#[test]
fn secret_with_surrounding_whitespace() {
    let sig = flinks_signature("k3y", b"x");
    assert_eq!(
        hint_codes(&["-p", "flinks", "-S", &sig], Some(" k3y\t"), b"x"),
        ["secret_whitespace"]
    );
}

#[test]
fn wrong_provider_names_the_scheme_that_verifies() {
    // A Flinks value given as Fintoc's.
    let sig = flinks_signature("k", b"x");
    assert_eq!(
        hint_codes(&["-p", "fintoc", "-S", &sig], Some("k"), b"x"),
        ["wrong_provider"]
    );
    // A Fintoc header checked as Flinks: missing signature, but Fintoc verifies.
    let fintoc = fintoc_signature("k", 1000, b"x");
    let header = format!("Fintoc-Signature: {fintoc}");
    assert_eq!(
        hint_codes(
            &["-p", "flinks", "-H", &header, "--now", "1000"],
            Some("k"),
            b"x"
        ),
        ["wrong_provider"]
    );
}

#[test]
fn signature_encoding_hex_for_base64() {
    let hex_value = hex::encode(hmac(b"k", b"x"));
    assert_eq!(
        hint_codes(&["-p", "flinks", "-S", &hex_value], Some("k"), b"x"),
        ["signature_encoding"]
    );
}

#[test]
fn signature_encoding_base64_for_hex() {
    let mut message = b"1000.".to_vec();
    message.extend_from_slice(b"x");
    let b64 = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        hmac(b"k", &message),
    );
    let header = format!("t=1000,v1={b64}");
    assert_eq!(
        hint_codes(
            &["-p", "fintoc", "-S", &header, "--now", "1000"],
            Some("k"),
            b"x"
        ),
        ["signature_encoding"]
    );
}

#[test]
fn stale_timestamp_says_how_old_and_how_to_check_a_capture() {
    let sig = fintoc_signature("k", 1000, b"x");
    let output = hooksig()
        .args([
            "verify", "-p", "fintoc", "-S", &sig, "--now", "8200", "--format", "json",
        ])
        .env("HOOKSIG_SECRET", "k")
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json = json_output(&output);
    assert_eq!(json["reason"], "timestamp_outside_tolerance");
    assert_eq!(json["hints"].as_array().unwrap().len(), 1);
    assert_eq!(json["hints"][0]["code"], "stale_timestamp");
    let message = json["hints"][0]["message"].as_str().unwrap();
    assert!(message.contains("2 hours old"), "{message}");
    assert!(message.contains("--now") && message.contains("--tolerance off"));
}

#[test]
fn secret_format_flags_prefixes_of_other_providers_and_api_keys() {
    let sig = flinks_signature("k", b"x");
    for secret in ["whsec_abc", "sk_live_abc", "v1,abc"] {
        // A file, since HOOKSIG_SECRET would split "v1,abc" at the comma.
        let file = temp_file(secret.as_bytes());
        let path = file.path().to_str().unwrap();
        assert_eq!(
            hint_codes(
                &["-p", "flinks", "-S", &sig, "--secret-file", path],
                None,
                b"x"
            ),
            ["secret_format", "unexplained_mismatch"],
            "{secret}"
        );
    }
    // A live-mode secret for a test-mode Fintoc event.
    let body = br#"{"id":"evt_1","mode":"test"}"#;
    let fintoc = fintoc_signature("whsec_test_right", 1000, body);
    assert_eq!(
        hint_codes(
            &["-p", "fintoc", "-S", &fintoc, "--now", "1000"],
            Some("whsec_live_x"),
            body
        ),
        ["secret_format", "unexplained_mismatch"]
    );
}

#[test]
fn unexplained_mismatch_when_nothing_matches() {
    assert_eq!(flinks_hints(b"signed", b"other"), ["unexplained_mismatch"]);
}

/// Above the size limit no variant is tried, so no hint may claim that none
/// matched (`unexplained_mismatch`): the one hint says the checks were
/// skipped, in both formats.
#[test]
fn diagnostics_are_skipped_above_the_size_limit() {
    let big = vec![b'a'; hooksig_core::BODY_LIMIT + 1];
    let mut given = big.clone();
    given.push(b'\n');
    let codes = flinks_hints(&big, &given);
    assert_eq!(codes, ["diagnostics_skipped"]);
    let output = hooksig()
        .args(["verify", "-p", "flinks", "-S", &flinks_signature("k", &big)])
        .env("HOOKSIG_SECRET", "k")
        .write_stdin(given)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("hint (diagnostics_skipped)"), "{stdout}");
    assert!(!stdout.contains("no variant"), "{stdout}");
}

#[test]
fn quiet_prints_no_hints() {
    let sig = flinks_signature("k", b"x");
    hooksig()
        .args(["verify", "-p", "flinks", "-S", &sig, "-q"])
        .env("HOOKSIG_SECRET", "k")
        .write_stdin("x\n")
        .assert()
        .code(1)
        .stdout("");
}

#[test]
fn human_output_lists_hints_after_the_verdict() {
    let sig = flinks_signature("k", b"x");
    let output = hooksig()
        .args(["verify", "-p", "flinks", "-S", &sig])
        .env("HOOKSIG_SECRET", "k")
        .write_stdin("x\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("NOT AUTHENTIC flinks (signature_mismatch)"));
    assert!(
        lines[1].starts_with("  hint (trailing_newline): "),
        "{stdout}"
    );
    assert_eq!(lines.len(), 2);
}

#[test]
fn byte_order_mark_added_by_an_editor() {
    let mut given = b"\xEF\xBB\xBF".to_vec();
    given.extend_from_slice(b"{\"a\":1}");
    assert_eq!(flinks_hints(b"{\"a\":1}", &given), ["byte_order_mark"]);
    // A BOM that does not explain the mismatch is still worth saying.
    assert_eq!(
        flinks_hints(b"other", &given),
        ["byte_order_mark", "unexplained_mismatch"]
    );
}

#[test]
fn invalid_utf8_says_where_and_spots_latin1_re_encoding() {
    let signed = "{\"name\":\"José\"}".as_bytes();
    let latin1 = b"{\"name\":\"Jos\xe9\"}";
    assert_eq!(flinks_hints(signed, latin1), ["invalid_utf8"]);
    let sig = flinks_signature("k", b"other");
    let output = hooksig()
        .args(["verify", "-p", "flinks", "-S", &sig, "--format", "json"])
        .env("HOOKSIG_SECRET", "k")
        .write_stdin(&latin1[..])
        .output()
        .unwrap();
    let json = json_output(&output);
    assert_eq!(json["hints"][0]["code"], "invalid_utf8");
    assert!(
        json["hints"][0]["message"]
            .as_str()
            .unwrap()
            .contains("offset 12"),
        "{json}"
    );
    assert_eq!(json["hints"][1]["code"], "unexplained_mismatch");
}

#[test]
fn form_encoded_json_is_recognized() {
    let json = br#"{"type":"event","n":1}"#;
    let form = b"payload=%7B%22type%22%3A%22event%22%2C%22n%22%3A1%7D";
    assert_eq!(flinks_hints(json, form), ["form_encoded"]);
    assert_eq!(
        flinks_hints(json, b"token=abc&team_id=T1"),
        ["form_encoded", "unexplained_mismatch"]
    );
}
