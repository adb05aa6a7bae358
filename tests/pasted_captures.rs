//! Captures and values as support engineers paste them (HTTP/2 dev tools,
//! request bins, editors), and the command-line interfaces around them:
//! notes for ignored bytes, `--now` forms, look-alike header names, write
//! errors on stdout, error codes, the man page.
//!
//! The capture fixtures in `tests/fixtures/captures/` carry Fintoc's example
//! webhook (`examples/fintoc/`: body, signature `t=1743890251`, secret), each
//! in the form a tool writes it; see `tests/fixtures/captures/README.md`.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use predicates::prelude::*;

use crate::util::*;

/// The moment Fintoc's example webhook was received (its `Date` header).
const RECEIVED: &str = "1743890260";

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/captures")
        .join(name)
}

/// `verify --request FIXTURE` with Fintoc's example secret.
fn verify_fixture(name: &str) -> assert_cmd::Command {
    let mut cmd = hooksig();
    cmd.args(["verify", "--request"])
        .arg(fixture(name))
        .arg("--secret-file")
        .arg(example("fintoc/secret.txt"));
    cmd
}

/// `verify --request -` with `capture` on stdin and Fintoc's example secret.
fn verify_stdin(capture: &[u8]) -> assert_cmd::Command {
    let mut cmd = hooksig();
    cmd.args(["verify", "--request", "-", "--secret-file"])
        .arg(example("fintoc/secret.txt"))
        .write_stdin(capture.to_vec());
    cmd
}

/// Fintoc's example capture (`examples/fintoc/request.http`), as bytes.
fn fintoc_capture() -> Vec<u8> {
    std::fs::read(example("fintoc/request.http")).unwrap()
}

/// Fintoc's example capture with its head's lines replaced by `head`
/// (joined with CRLF), and the same body.
fn fintoc_with_head(head: &[&str]) -> Vec<u8> {
    let body = std::fs::read(example("fintoc/body.json")).unwrap();
    [head.join("\r\n").as_bytes(), b"\r\n\r\n", &body].concat()
}

fn fintoc_signature_line() -> String {
    format!("Fintoc-Signature: {}", example_text("fintoc/signature.txt"))
}

/// stdout as one JSON object, and stderr as text.
fn json_and_stderr(cmd: &mut assert_cmd::Command) -> (serde_json::Value, String, Option<i32>) {
    let output = cmd.args(["--format", "json"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (json_output(&output), stderr, output.status.code())
}

// Item 3: bytes after the body are said, for both framings, in both formats.

#[test]
fn bytes_after_a_chunked_body_are_a_note_and_a_count_and_the_verdict_stands() {
    verify_fixture("fintoc_chunked_then_evil.http")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("AUTHENTIC fintoc"))
        .stderr(predicate::str::contains(
            "the capture has 17 bytes after its chunked body; they are not part of the body and were ignored",
        ));
    let (json, stderr, code) =
        json_and_stderr(&mut verify_fixture("fintoc_chunked_then_evil.http"));
    assert_eq!(code, Some(0));
    assert_eq!(json["authentic"], true);
    assert_eq!(json["details"]["ignored_trailing_bytes"], 17, "{json}");
    assert!(
        stderr.contains("17 bytes after its chunked body"),
        "{stderr}"
    );
}

#[test]
fn bytes_after_a_content_length_body_are_counted_in_json_too() {
    let capture = [fintoc_capture(), b"{\"id\":\"evt_EVIL\"}".to_vec()].concat();
    let (json, stderr, code) = json_and_stderr(&mut verify_stdin(&capture));
    assert_eq!(code, Some(0));
    assert_eq!(json["details"]["ignored_trailing_bytes"], 17, "{json}");
    assert!(
        stderr.contains("17 bytes after the 785-byte body its Content-Length announces"),
        "{stderr}"
    );
    verify_stdin(&capture)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("17 bytes after the 785-byte body"));
}

#[test]
fn chunked_trailer_fields_are_not_trailing_bytes() {
    verify_fixture("fintoc_chunked_trailer.http")
        .assert()
        .code(0)
        .stderr(predicate::str::contains("bytes after").not());
    for name in [
        "fintoc_chunked_trailer.http",
        "fintoc_blank_lines_first.http",
    ] {
        let (json, _, code) = json_and_stderr(&mut verify_fixture(name));
        assert_eq!(code, Some(0), "{name}");
        assert!(
            json["details"].get("ignored_trailing_bytes").is_none(),
            "{name}: {json}"
        );
    }
}

#[test]
fn quiet_prints_no_note_about_trailing_bytes() {
    verify_fixture("fintoc_chunked_then_evil.http")
        .arg("-q")
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
}

// Item 6: HTTP/2-style captures.

#[test]
fn http2_pseudo_headers_stand_for_the_request_line_and_host() {
    verify_fixture("fintoc_http2.http")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("AUTHENTIC fintoc"));
}

#[test]
fn pseudo_headers_after_regular_headers_are_accepted() {
    // Tools that sort or re-order headers do not keep HTTP/2's order.
    let capture = fintoc_with_head(&[
        "content-type: application/json",
        "date: Sat, 05 Apr 2025 21:57:40 GMT",
        &fintoc_signature_line(),
        ":path: /webhooks",
        ":method: POST",
        ":authority: hooks.example.com",
    ]);
    verify_stdin(&capture).assert().code(0);
}

#[test]
fn unknown_or_repeated_pseudo_headers_are_named() {
    for (head, says) in [
        (
            ":status: 200",
            "line 2: :status is not a request pseudo-header (:method, :scheme, :authority, :path)",
        ),
        (":path: /other", "line 2: :path is given twice"),
        (":: x", "line 2 is not a 'Name: value' header"),
    ] {
        let capture = fintoc_with_head(&[":path: /webhooks", head, &fintoc_signature_line()]);
        let (json, stderr, code) = json_and_stderr(&mut verify_stdin(&capture));
        assert_eq!(code, Some(2), "{head}: {stderr}");
        assert_eq!(json["error"]["code"], "malformed_capture", "{head}");
        assert!(stderr.contains(says), "{head}: {stderr}");
    }
}

// Item 7: blank lines before the head.

#[test]
fn blank_lines_before_the_request_line_are_skipped() {
    verify_fixture("fintoc_blank_lines_first.http")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("AUTHENTIC fintoc"));
}

#[test]
fn blank_lines_before_the_first_header_are_skipped_and_lines_keep_their_numbers() {
    let body = b"{\"a\":1}";
    let capture = [
        format!(
            "\n \t\r\n\nflinks-authenticity-key: {}\n\n",
            flinks_signature("k", body)
        )
        .as_bytes(),
        body,
    ]
    .concat();
    hooksig()
        .args(["verify", "--request", "-", "-s", "k"])
        .write_stdin(capture)
        .assert()
        .code(0);
    verify_stdin(b"\r\n\r\nX-A: 1\r\nnot a header\r\n\r\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "line 4 is not a 'Name: value' header",
        ));
}

// Item 8: a decoded body under `Transfer-Encoding: chunked`.

#[test]
fn a_decoded_body_under_transfer_encoding_chunked_says_what_to_do() {
    let (json, stderr, code) = json_and_stderr(&mut verify_fixture("fintoc_chunked_decoded.http"));
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(json["error"]["code"], "malformed_capture");
    for says in [
        "Transfer-Encoding: chunked",
        "does not start with a chunk size",
        "remove the Transfer-Encoding line",
        "--payload",
    ] {
        assert!(stderr.contains(says), "{says}: {stderr}");
    }
}

// Item 9: the capture's Date, and the forms of --now.

#[test]
fn a_date_header_that_is_not_an_http_date_is_named_and_the_clock_is_used() {
    verify_fixture("fintoc_date_rfc3339.http")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("timestamp_outside_tolerance"))
        .stderr(predicate::str::contains(
            "the capture's Date header \"2025-04-05T21:57:40Z\" is not an HTTP date",
        ))
        .stderr(predicate::str::contains(
            "timestamps are judged as of the clock; pass --now",
        ));
    verify_fixture("fintoc_date_rfc3339.http")
        .args(["--now", "2025-04-05T21:57:40Z"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("Date").not());
}

#[test]
fn now_takes_unix_seconds_rfc3339_and_http_dates() {
    for (now, code) in [
        (RECEIVED, 0),
        ("1743890260.999", 0),
        ("2025-04-05T21:57:40Z", 0),
        ("2025-04-05t21:57:40.123456789z", 0),
        ("2025-04-05T23:57:40+02:00", 0),
        ("2025-04-05T16:57:40.5-05:00", 0),
        ("2025-04-05 21:57:40Z", 0),
        ("Sat, 05 Apr 2025 21:57:40 GMT", 0),
        // The signature is from 21:57:31: an hour later is outside 300 s.
        ("2025-04-05T22:57:40Z", 1),
        ("2025-04-05T21:57:40+01:00", 1),
        ("Sat, 05 Apr 2025 22:57:40 GMT", 1),
    ] {
        hooksig()
            .args(["verify", "--secret-file"])
            .arg(example("fintoc/secret.txt"))
            .arg("--payload")
            .arg(example("fintoc/body.json"))
            .args(["-S", &fintoc_signature_line(), "--now", now])
            .assert()
            .code(code);
    }
}

#[test]
fn a_now_in_no_known_form_names_the_forms_it_takes() {
    for bad in [
        "yesterday",
        "",
        "2025-02-29T00:00:00Z",
        "2025-04-05T24:00:00Z",
        "2025-04-05T21:57:40",
        "2025-04-05T21:57:40+24:00",
        "99999999999999999999",
        "1e9",
        "Sat, 31 Feb 2025 21:57:40 GMT",
    ] {
        let output = hooksig()
            .args(["verify", "-p", "fintoc", "-s", "k", "-S", "t=1,v1=00"])
            .args(["--format", "json", "--now", bad])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{bad}: {stderr}");
        for says in ["--now", "Unix seconds", "RFC 3339", "HTTP date"] {
            assert!(stderr.contains(says), "{bad}: {says}: {stderr}");
        }
        let json = json_output(&output);
        assert_eq!(json["error"]["code"], "usage", "{bad}");
        assert!(
            json["error"]["message"].as_str().unwrap().contains("--now"),
            "{bad}: {json}"
        );
    }
}

// Item 12: header names with look-alike characters.

#[test]
fn lookalike_characters_in_header_names_are_named_with_their_position() {
    let signature = example_text("fintoc/signature.txt");
    let secret = example("fintoc/secret.txt");
    let run = |flag: &str, line: String| {
        let output = hooksig()
            .args(["verify", "--secret-file"])
            .arg(&secret)
            .arg("--payload")
            .arg(example("fintoc/body.json"))
            .args([flag, &line, "--now", RECEIVED])
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    for (flag, name, says) in [
        (
            "-H",
            "Fintoc\u{2010}Signature",
            "U+2010 HYPHEN at character 7",
        ),
        (
            "-S",
            "Fintoc-Signature\u{a0}",
            "U+00A0 NO-BREAK SPACE at character 17",
        ),
        (
            "-H",
            "\u{feff}Fintoc-Signature",
            "U+FEFF ZERO WIDTH NO-BREAK SPACE (byte-order mark) at character 1",
        ),
        (
            "-S",
            "Fintoc-Signatur\u{435}",
            "U+0435 CYRILLIC SMALL LETTER IE at character 16",
        ),
    ] {
        let (code, stderr) = run(flag, format!("{name}: {signature}"));
        assert_eq!(code, Some(2), "{flag} {name}: {stderr}");
        assert!(stderr.contains(says), "{flag} {name}: {stderr}");
        assert!(
            stderr.contains("Fintoc-Signature"),
            "the name in ASCII: {stderr}"
        );
        assert!(!stderr.contains("write it as"), "{stderr}");
    }
    // Plain mistakes keep the plain message.
    let (code, stderr) = run("-H", "no colon".to_owned());
    assert_eq!(code, Some(2));
    assert!(stderr.contains("write it as 'Name: value'"), "{stderr}");
}

#[test]
fn lookalike_characters_in_a_capture_header_name_are_named() {
    let (json, stderr, code) =
        json_and_stderr(&mut verify_fixture("fintoc_cyrillic_header_name.http"));
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(json["error"]["code"], "malformed_capture");
    assert!(
        stderr.contains("line 7: header name \"Fintoc-Signatur\u{435}\" has U+0435 CYRILLIC SMALL LETTER IE at character 16"),
        "{stderr}"
    );
}

// Item 13: a write error on stdout.

/// Runs hooksig with `args`, stdout on `/dev/full`.
#[cfg(target_os = "linux")]
fn to_dev_full(args: &[&str]) -> std::process::Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    Command::new(assert_cmd::cargo::cargo_bin("hooksig"))
        .args(args)
        .env_remove("HOOKSIG_SECRET")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn a_write_error_on_stdout_is_exit_2_for_every_command() {
    let secret = example("fintoc/secret.txt");
    let secret = secret.to_str().unwrap();
    let body = example("fintoc/body.json");
    let body = body.to_str().unwrap();
    let signature = fintoc_signature_line();
    let commands: [&[&str]; 9] = [
        &["providers"],
        &["providers", "--format", "json"],
        &[
            "sign",
            "-p",
            "fintoc",
            "--secret-file",
            secret,
            "--payload",
            body,
        ],
        &[
            "sign",
            "-p",
            "flinks",
            "--secret-file",
            secret,
            "--payload",
            body,
            "--value",
        ],
        &["fingerprint", "--secret-file", secret],
        &["completions", "bash"],
        &["man"],
        &[
            "verify",
            "--secret-file",
            secret,
            "--payload",
            body,
            "-S",
            &signature,
            "--now",
            RECEIVED,
        ],
        &[
            "verify",
            "--secret-file",
            secret,
            "--payload",
            body,
            "-S",
            &signature,
            "--format",
            "json",
        ],
    ];
    for args in commands {
        let output = to_dev_full(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("hooksig: error: cannot write to standard output"),
            "{args:?}: {stderr}"
        );
    }
}

/// `hooksig … | head -c0`: the reader of stdout is gone before hooksig
/// writes. That is not an error: nothing on stderr, and the exit code is
/// the verdict's, in both formats. (The secret comes from HOOKSIG_SECRET,
/// which prints no warning, so stderr must be empty.)
#[test]
fn a_closed_stdout_pipe_stays_quiet_and_keeps_the_verdicts_exit_code() {
    let signature = flinks_signature("k", b"body");
    for format in ["human", "json"] {
        for (sig, code) in [(signature.as_str(), 0), ("AAAA", 1)] {
            let mut child = Command::new(assert_cmd::cargo::cargo_bin("hooksig"))
                .args(["verify", "-p", "flinks", "-S", sig, "--format", format])
                .env("HOOKSIG_SECRET", "k")
                .env("NO_COLOR", "1")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            // The reader is gone before hooksig has its body, so before it
            // writes: the write meets a closed pipe every time.
            drop(child.stdout.take());
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(b"body").unwrap();
            drop(stdin);
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(code), "{format}: {stderr}");
            assert!(stderr.is_empty(), "{format}: {stderr}");
        }
    }
}

// Item 14: error codes.

#[test]
fn capture_framing_errors_are_malformed_capture() {
    let oversized = [b"X-A: ".as_slice(), &vec![b'a'; 1024 * 1024 + 10]].concat();
    for (capture, says) in [
        (
            b"Content-Length: 100\r\nFintoc-Signature: t=1,v1=00\r\n\r\nabc".as_slice(),
            "body is 3 bytes, but its Content-Length header says 100",
        ),
        (
            b"Transfer-Encoding: chunked\r\nFintoc-Signature: t=1,v1=00\r\n\r\n5\r\nab",
            "ends in the middle of a chunk",
        ),
        (
            b"Transfer-Encoding: chunked\r\nFintoc-Signature: t=1,v1=00\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
            "longer than its size line says",
        ),
        (
            b"Content-Length: x\r\nFintoc-Signature: t=1,v1=00\r\n\r\n",
            "is not a number of bytes",
        ),
        (b"POST /hooks HTTP/1.1 extra\r\nA: 1\r\n\r\n", "line 1 is not"),
        (&oversized, "no empty line ends the headers"),
    ] {
        let (json, stderr, code) = json_and_stderr(&mut verify_stdin(capture));
        assert_eq!(code, Some(2), "{says}: {stderr}");
        assert_eq!(json["error"]["code"], "malformed_capture", "{says}: {json}");
        assert!(stderr.contains(says), "{says}: {stderr}");
    }
}

#[test]
fn json_usage_errors_name_the_offending_argument() {
    for (args, names) in [
        (&["verify", "--bogus"][..], "--bogus"),
        (&["verify", "--tolerance", "-1"], "--tolerance"),
        (&["sign", "--timestamp", "abc"], "--timestamp"),
        (&["verify", "--payload", "a", "--request", "b"], "--request"),
    ] {
        let output = hooksig()
            .args(args)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let json = json_output(&output);
        assert_eq!(json["error"]["code"], "usage");
        let message = json["error"]["message"].as_str().unwrap();
        assert!(message.contains(names), "{args:?}: {message}");
        assert!(!message.contains('\n'), "one line: {message:?}");
        assert!(!message.starts_with("error:"), "{message}");
    }
}

// Item 15: the man page.

#[test]
fn the_man_page_documents_every_subcommand_and_the_exit_status() {
    let output = hooksig().arg("man").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let page = String::from_utf8(output.stdout).unwrap();
    assert_eq!(page.matches(".TH ").count(), 1, "one page");
    for section in [
        "hooksig verify",
        "hooksig sign",
        "hooksig providers",
        "hooksig fingerprint",
        "hooksig completions",
        "hooksig man",
    ] {
        assert!(
            page.contains(&format!(".SH \"{}\"", section.to_uppercase())),
            "{section}"
        );
    }
    for flag in [
        "\\-\\-request",
        "\\-\\-tolerance",
        "\\-\\-now",
        "\\-\\-signature",
        "\\-\\-header",
        "\\-\\-secret\\-file",
        "\\-\\-quiet",
        "\\-\\-timestamp",
        "\\-\\-id",
        "\\-\\-value",
    ] {
        assert!(page.contains(flag), "{flag}");
    }
    assert!(page.contains(".SH \"EXIT STATUS\""));
    for status in ["0", "1", "2", "101"] {
        assert!(page.contains(&format!(".TP\n{status}\n")), "{status}");
    }
    // groff, where present, renders the page without a warning (-k reads
    // UTF-8, as man does).
    if let Ok(mut groff) = Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        groff
            .stdin
            .take()
            .unwrap()
            .write_all(page.as_bytes())
            .unwrap();
        let rendered = groff.wait_with_output().unwrap();
        assert!(rendered.status.success());
        assert_eq!(String::from_utf8_lossy(&rendered.stderr), "");
    }
}
