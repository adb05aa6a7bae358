//! `hooksig providers`, `completions`, `man` and `fingerprint`.

use predicates::prelude::*;

use crate::util::*;

#[test]
fn providers_lists_each_scheme_for_people_and_machines() {
    hooksig()
        .arg("providers")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PROVIDER"))
        .stdout(predicate::str::contains("Fintoc-Signature"))
        .stdout(predicate::str::contains("{t}.{body}"));
    let output = hooksig()
        .args(["providers", "--format", "json"])
        .output()
        .unwrap();
    let json = json_output(&output);
    let fintoc = json["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "fintoc")
        .unwrap()
        .clone();
    assert_eq!(
        fintoc,
        serde_json::json!({"name":"fintoc","aliases":[],"headers":["Fintoc-Signature"],
            "signed_message":"{t}.{body}","algorithm":"hmac-sha256","encoding":"hex",
            "timestamp":true,"default_tolerance":300,"code":false})
    );
    // Schemes that use another HMAC say which.
    let paystack = json["providers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "paystack")
        .unwrap()
        .clone();
    assert_eq!(paystack["algorithm"], "hmac-sha512");
}

#[test]
fn completions_generate_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        hooksig()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("verify"));
    }
    hooksig().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_page_is_roff() {
    hooksig()
        .arg("man")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(".TH hooksig 1"))
        .stdout(predicate::str::contains("verify"));
}

#[test]
fn fingerprints_identify_secrets_without_showing_them() {
    // sha256("abc") starts ba7816bf (FIPS 180-2, appendix B.1).
    hooksig()
        .arg("fingerprint")
        .env("HOOKSIG_SECRET", "abc")
        .assert()
        .code(0)
        .stdout("secret #1 (3 bytes, sha256:ba7816bf)\n");
}

#[test]
fn color_is_chosen_before_the_command() {
    let sig = flinks_signature("k", b"body");
    let run = |color: &str| {
        hooksig()
            .args([
                "--color", color, "verify", "-p", "flinks", "-s", "k", "-S", &sig,
            ])
            .write_stdin("body")
            .output()
            .unwrap()
    };
    let always = run("always");
    assert_eq!(always.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&always.stdout).contains("\x1b["));
    let never = run("never");
    assert_eq!(never.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&never.stdout).contains('\x1b'));
}
