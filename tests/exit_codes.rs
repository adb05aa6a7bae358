//! Exit codes: 0 authentic, 1 not authentic, 2 could not judge — in every
//! output mode.

use predicates::prelude::*;

use crate::util::*;

fn flinks(secret: &str, signature: &str, body: &str) -> assert_cmd::Command {
    let mut cmd = hooksig();
    cmd.args(["verify", "-p", "flinks", "-s", secret, "-S", signature])
        .write_stdin(body.to_owned());
    cmd
}

#[test]
fn authentic_is_0_not_authentic_is_1_in_every_format() {
    let sig = flinks_signature("k", b"body");
    for extra in [&[][..], &["--format", "json"], &["-q"], &["-v"]] {
        flinks("k", &sig, "body").args(extra).assert().code(0);
        flinks("k", &sig, "bodY").args(extra).assert().code(1);
    }
}

#[test]
fn quiet_prints_nothing_on_stdout() {
    let sig = flinks_signature("k", b"body");
    flinks("k", &sig, "body")
        .arg("-q")
        .assert()
        .code(0)
        .stdout(predicate::str::is_empty());
    flinks("k", &sig, "other")
        .arg("-q")
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
}

#[test]
fn could_not_judge_is_2_with_a_json_error_object() {
    let output = hooksig()
        .args(["verify", "-p", "flinks", "-S", "x", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let json = json_output(&output);
    assert_eq!(json["error"]["code"], "no_secret");
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("HOOKSIG_SECRET")
    );
}

#[test]
fn clap_usage_errors_are_2_and_json_when_asked() {
    hooksig().args(["verify", "--bogus"]).assert().code(2);
    hooksig().arg("frobnicate").assert().code(2);
    let output = hooksig()
        .args(["verify", "--format", "json", "--tolerance", "-1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(json_output(&output)["error"]["code"], "usage");
}

#[test]
fn help_and_version_exit_0() {
    hooksig()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("verify"));
    hooksig()
        .args(["verify", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Examples:"));
    hooksig()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("hooksig "));
}

#[test]
fn json_not_authentic_has_every_field() {
    let output = flinks("k", &flinks_signature("k", b"a"), "b")
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json = json_output(&output);
    for field in [
        "authentic",
        "provider",
        "reason",
        "message",
        "timestamp",
        "age_seconds",
        "hints",
    ] {
        assert!(json.get(field).is_some(), "missing {field}: {json}");
    }
    assert_eq!(json["authentic"], false);
    assert_eq!(json["reason"], "signature_mismatch");
    assert!(json["hints"].is_array());
}

/// The error codes are the documented, stable list: an argument hooksig
/// cannot use is `usage`, a blank secret is `no_secret`, a capture's own
/// oversized header is `malformed_capture` (0.1 said bad_header,
/// unknown_signature_header and empty_secret).
#[test]
fn could_not_judge_codes_are_the_documented_ones() {
    let code = |args: &[&str], stdin: &[u8]| {
        let output = hooksig()
            .args(args)
            .args(["--format", "json"])
            .env("HOOKSIG_SECRET", "k")
            .write_stdin(stdin.to_vec())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        json_output(&output)["error"]["code"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let verify = ["verify", "-p", "flinks", "-S", "x"];
    assert_eq!(
        code(&[&verify[..], &["-H", "not a header"]].concat(), b""),
        "usage"
    );
    assert_eq!(
        code(&["verify", "-S", "X-Nobody-Signature: v"], b""),
        "usage"
    );
    assert_eq!(
        code(&[&verify[..], &["-s", " "]].concat(), b""),
        "no_secret"
    );
    let long = format!(
        "POST / HTTP/1.1\r\nflinks-authenticity-key: x\r\nX-Long: {}\r\n\r\n",
        "a".repeat(70 * 1024)
    );
    assert_eq!(
        code(&["verify", "--request", "-"], long.as_bytes()),
        "malformed_capture"
    );
}
