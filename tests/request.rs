//! `verify --request`: whole raw HTTP request captures.

use predicates::prelude::*;

use crate::util::*;

fn verify_capture(capture: &[u8], secret: &str) -> assert_cmd::Command {
    let mut cmd = hooksig();
    cmd.args(["verify", "--request", "-"])
        .env("HOOKSIG_SECRET", secret)
        .write_stdin(capture.to_vec());
    cmd
}

#[test]
fn shipped_captures_verify_with_only_the_secret() {
    let mut seen = 0;
    for dir in std::fs::read_dir(example("")).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.join("request.http").exists() {
            continue;
        }
        let provider = dir.file_name().unwrap().to_str().unwrap().to_owned();
        hooksig()
            .args(["verify", "--request"])
            .arg(dir.join("request.http"))
            .arg("--secret-file")
            .arg(dir.join("secret.txt"))
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with(format!(
                "AUTHENTIC {provider}:"
            )));
        seen += 1;
    }
    assert_eq!(seen, 7, "one example capture per provider");
}

#[test]
fn the_date_header_is_the_default_moment_and_now_overrides_it() {
    hooksig()
        .args(["verify", "--request"])
        .arg(example("fintoc/request.http"))
        .arg("--secret-file")
        .arg(example("fintoc/secret.txt"))
        .assert()
        .stderr(predicate::str::contains(
            "judged as of the capture's Date header",
        ));
    hooksig()
        .args(["verify", "--now", "1800000000", "--request"])
        .arg(example("fintoc/request.http"))
        .arg("--secret-file")
        .arg(example("fintoc/secret.txt"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("timestamp_outside_tolerance"));
}

#[test]
fn lf_captures_without_request_line_or_length_work() {
    let body = b"{\"a\":1}\n";
    let capture = [
        format!(
            "flinks-authenticity-key: {}\n\n",
            flinks_signature("k", body)
        )
        .as_bytes(),
        body,
    ]
    .concat();
    verify_capture(&capture, "k").assert().code(0);
}

#[test]
fn content_length_frames_the_body_and_extra_bytes_are_a_note() {
    let body = b"{\"a\":1}";
    let head = format!(
        "POST /h HTTP/1.1\r\nContent-Length: {}\r\nflinks-authenticity-key: {}\r\n\r\n",
        body.len(),
        flinks_signature("k", body)
    );
    let capture = [head.as_bytes(), body, b"\r\n"].concat();
    verify_capture(&capture, "k")
        .assert()
        .code(0)
        .stderr(predicate::str::contains("bytes after the 7-byte body"));
}

#[test]
fn a_short_body_is_an_error() {
    let capture = b"Content-Length: 10000000000\r\nflinks-authenticity-key: x\r\n\r\nabc";
    verify_capture(capture, "k")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "body is 3 bytes, but its Content-Length header says 10000000000",
        ));
}

#[test]
fn chunked_bodies_are_decoded_before_checking() {
    let body = b"{\"hello\":\"world\"}";
    let capture = [
        format!(
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nFintoc-Signature: {}\r\n\r\n",
            fintoc_signature("k", 1000, body)
        )
        .as_bytes(),
        b"5\r\n{\"hel\r\nc\r\nlo\":\"world\"}\r\n0\r\n\r\n",
    ]
    .concat();
    verify_capture(&capture, "k")
        .args(["--now", "1000"])
        .assert()
        .code(0);
}

#[test]
fn several_providers_in_one_capture_ask_for_provider() {
    let capture = b"Fintoc-Signature: t=1,v1=a\r\nflinks-authenticity-key: b\r\n\r\n{}";
    verify_capture(capture, "k")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --provider NAME"));
    verify_capture(capture, "k")
        .args(["-p", "flinks"])
        .assert()
        .code(1);
}

#[test]
fn a_body_file_given_as_a_request_is_refused_clearly() {
    hooksig()
        .args(["verify", "-s", "k", "--request"])
        .arg(example("fintoc/body.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "line 1 is not a 'Name: value' header",
        ));
}

#[test]
fn request_and_payload_together_are_a_usage_error() {
    hooksig()
        .args(["verify", "-s", "k", "--request", "a", "--payload", "b"])
        .assert()
        .code(2);
}

#[test]
fn a_bare_signature_overrides_the_capture_whose_headers_name_the_provider() {
    let body = b"{\"a\":1}";
    let capture = [
        b"POST / HTTP/1.1\r\nFintoc-Signature: t=1,v1=00\r\n\r\n".as_slice(),
        body,
    ]
    .concat();
    verify_capture(&capture, "k")
        .args(["-S", &fintoc_signature("k", 1000, body), "--now", "1000"])
        .assert()
        .code(0);
}
