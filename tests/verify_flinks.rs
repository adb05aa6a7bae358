//! Flinks: base64(HMAC-SHA256(secret, raw body)) in flinks-authenticity-key.

use predicates::prelude::*;

use crate::util::*;

#[test]
fn shipped_example_is_authentic_from_a_file() {
    hooksig()
        .args(["verify", "-p", "flinks", "--secret-file"])
        .arg(example("flinks/secret.txt"))
        .arg("--payload")
        .arg(example("flinks/body.json"))
        .args(["-S", &example_text("flinks/signature.txt")])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("AUTHENTIC flinks:"));
}

#[test]
fn shipped_example_is_authentic_from_stdin_with_the_header_naming_the_provider() {
    hooksig()
        .args(["verify", "--secret-file"])
        .arg(example("flinks/secret.txt"))
        .args([
            "-H",
            &format!(
                "flinks-authenticity-key: {}",
                example_text("flinks/signature.txt")
            ),
        ])
        .write_stdin(std::fs::read(example("flinks/body.json")).unwrap())
        .assert()
        .code(0);
}

#[test]
fn published_github_mac_in_base64_verifies() {
    // GitHub's documented vector (docs.github.com, "Validating webhook
    // deliveries": secret "It's a Secret to Everybody", body "Hello, World!",
    // sha256=757107ea…3e17), written in base64 as Flinks sends it.
    hooksig()
        .args(["verify", "-p", "flinks", "-s", "It's a Secret to Everybody"])
        .args(["-S", "dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc="])
        .write_stdin("Hello, World!")
        .assert()
        .code(0);
}

#[test]
fn the_alternative_header_name_is_recognized() {
    let body = b"{\"a\":1}";
    hooksig()
        .args(["verify", "-s", "k"])
        .args([
            "-H",
            &format!("X-Flinks-Signature: {}", flinks_signature("k", body)),
        ])
        .write_stdin(&body[..])
        .assert()
        .code(0);
}

#[test]
fn a_tampered_byte_is_not_authentic() {
    let mut body = std::fs::read(example("flinks/body.json")).unwrap();
    body[10] ^= 0x01;
    hooksig()
        .args(["verify", "-p", "flinks", "--secret-file"])
        .arg(example("flinks/secret.txt"))
        .args(["-S", &example_text("flinks/signature.txt")])
        .write_stdin(body)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("signature_mismatch"));
}

#[test]
fn a_wrong_secret_is_not_authentic() {
    hooksig()
        .args(["verify", "-p", "flinks", "-s", "not-the-secret"])
        .arg("--payload")
        .arg(example("flinks/body.json"))
        .args(["-S", &example_text("flinks/signature.txt")])
        .assert()
        .code(1);
}

#[test]
fn binary_and_empty_bodies_are_signed_as_they_are() {
    let binary: Vec<u8> = (0..=255u8).chain([0xff, 0xfe, 0x00, b'\n']).collect();
    for body in [binary, Vec::new(), b"\n".to_vec(), b"{}\r\n".to_vec()] {
        hooksig()
            .args(["verify", "-p", "flinks", "-s", "k"])
            .args(["-S", &flinks_signature("k", &body)])
            .write_stdin(body.clone())
            .assert()
            .code(0);
        // The same body with its last byte dropped (or one added) is not.
        let mut other = body.clone();
        if other.pop().is_none() {
            other.push(b' ');
        }
        hooksig()
            .args(["verify", "-p", "flinks", "-s", "k"])
            .args(["-S", &flinks_signature("k", &body)])
            .write_stdin(other)
            .assert()
            .code(1);
    }
}

#[test]
fn surrounding_whitespace_in_the_value_is_ignored() {
    let body = b"x";
    hooksig()
        .args(["verify", "-p", "flinks", "-s", "k"])
        .args(["-S", &format!("  {}\t", flinks_signature("k", body))])
        .write_stdin(&body[..])
        .assert()
        .code(0);
}

#[test]
fn a_hex_value_is_a_malformed_signature() {
    let mac = hex::encode(hmac(b"k", b"x"));
    hooksig()
        .args(["verify", "-p", "flinks", "-s", "k", "-S", &mac])
        .write_stdin("x")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("malformed_signature"));
}
