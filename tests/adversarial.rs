//! Hostile and broken inputs, end to end: each row runs the binary (with a
//! timeout) and must end with its exit code (1 not authentic, 2 could not
//! judge) and one clear line: the verdict line on stdout for exit 1, one
//! `hooksig: error:` line on stderr for exit 2. None may panic, hang, or
//! print a secret in any form.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::util::*;

/// The secret most rows use (through HOOKSIG_SECRET, which prints no
/// warning); no output may contain it.
const SECRET: &str = "Adv3rsarial-Needle-5ecret";
/// A Standard Webhooks secret (base64 after `whsec_`).
const STANDARD_SECRET: &str = "whsec_QWR2M3JzYXJpYWwtTmVlZGxlLVN0YW5kYXJk";
/// A secret of raw bytes, NUL and invalid UTF-8 included.
const BINARY_SECRET: &[u8] = b"\x00\xffbin\x01ary-Needle\xfe\x00";
/// A non-UTF-8 secret passed with `-s` (unix only: argv bytes).
const ARGV_SECRET: &[u8] = b"argv-\xff\xfe-Needle";

/// How long any one row may take: a hang is a failure, not a stuck suite.
const TIMEOUT: Duration = Duration::from_secs(60);
/// How long the binary waits for a FIFO's writer in these rows (the test
/// hook HOOKSIG_FIFO_WAIT_MS; the binary's own wait is 2 seconds).
const FIFO_WAIT_MS: u64 = 50;

struct Row {
    name: &'static str,
    args: Vec<OsString>,
    stdin: Vec<u8>,
    /// HOOKSIG_SECRET, when the args give no secret.
    env_secret: Option<&'static str>,
    code: i32,
    says: String,
}

fn row(name: &'static str, args: &[&dyn AsArg], code: i32, says: &str) -> Row {
    Row {
        name,
        args: args.iter().map(|a| a.as_arg()).collect(),
        stdin: b"x".to_vec(),
        env_secret: Some(SECRET),
        code,
        says: says.to_owned(),
    }
}

impl Row {
    fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = bytes.into();
        self
    }

    fn env(mut self, secret: Option<&'static str>) -> Self {
        self.env_secret = secret;
        self
    }
}

/// Arguments of several types in one table.
trait AsArg {
    fn as_arg(&self) -> OsString;
}

impl AsArg for &str {
    fn as_arg(&self) -> OsString {
        OsString::from(self)
    }
}

impl AsArg for String {
    fn as_arg(&self) -> OsString {
        OsString::from(self)
    }
}

impl AsArg for PathBuf {
    fn as_arg(&self) -> OsString {
        self.as_os_str().to_owned()
    }
}

impl AsArg for OsString {
    fn as_arg(&self) -> OsString {
        self.clone()
    }
}

fn write(dir: &Path, name: &str, contents: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// A named pipe, when `mkfifo` exists.
fn fifo(dir: &Path, name: &str) -> Option<PathBuf> {
    let path = dir.join(name);
    let made = std::process::Command::new("mkfifo").arg(&path).status();
    made.is_ok_and(|s| s.success()).then_some(path)
}

/// A file that cannot be read, unless this process can read it anyway
/// (root ignores mode 000): then `None`, and the row is skipped.
#[cfg(unix)]
fn unreadable(dir: &Path) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = write(dir, "unreadable", b"x");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::read(&path).is_err().then_some(path)
}

fn capture(head: &str, body: &[u8]) -> Vec<u8> {
    [head.replace('\n', "\r\n").as_bytes(), b"\r\n", body].concat()
}

fn fintoc_header(value: &str) -> String {
    format!("Fintoc-Signature: {value}")
}

fn rows(dir: &Path) -> Vec<Row> {
    let hex = "ab".repeat(32);
    let good_t = fintoc_signature(SECRET, 1000, b"x");
    let kib = |n: usize| "a".repeat(n * 1024);
    let flinks_sig = flinks_signature(SECRET, b"x");
    let binary_secret = write(dir, "binary-secret", BINARY_SECRET);
    let empty_secret = write(dir, "empty-secret", b"");
    let newline_secret = write(dir, "newline-secret", b"\r\n");
    let huge_secret = write(dir, "huge-secret", kib(100).as_bytes());
    let mib_body = write(dir, "mib-body", &vec![b'{'; 1024 * 1024 - 1]);
    let date_bomb = write(
        dir,
        "date-bomb.http",
        &capture(
            &format!(
                "POST / HTTP/1.1\nDate: Sun, 06 Nov 99999999999999999 08:49:37 GMT\n{}\n",
                fintoc_header(&good_t)
            ),
            b"x",
        ),
    );

    let mut rows = vec![
        // Huge values. Linux caps one argument at 128 KiB, so -H and
        // --signature get 100 KiB; the capture gets 1 MiB.
        row(
            "100 KiB -H value",
            &[&"verify", &"-p", &"flinks", &"-S", &flinks_sig, &"-H", &format!("X-Big: {}", kib(100))],
            2,
            "over the 65536-byte limit",
        ),
        row(
            "100 KiB --signature value",
            &[&"verify", &"-p", &"flinks", &"-S", &kib(100)],
            2,
            "over the 65536-byte limit",
        ),
        row(
            "1 MiB header value in a capture",
            &[&"verify", &"--request", &write(dir, "mib-value.http", &capture(&format!("X-Big: {}\n", kib(1024)), b"x"))],
            2,
            "the request capture is malformed: no empty line ends the headers within the first 1024 KiB",
        ),
        row(
            "900 KiB header value in a capture",
            &[&"verify", &"--request", &write(dir, "900k-value.http", &capture(&format!("X-Big: {}\n", kib(900)), b"x"))],
            2,
            "over the 65536-byte limit for a header value",
        ),
        row(
            "head without an empty line over 1 MiB",
            &[&"verify", &"--request", &write(dir, "endless-head.http", format!("A: {}", kib(1100)).as_bytes())],
            2,
            "no empty line ends the headers",
        ),
        // NUL bytes and invalid UTF-8 in captured headers.
        row(
            "NUL in a signature value",
            &[&"verify", &"--request", &"-"],
            1,
            "NOT AUTHENTIC fintoc (malformed_signature)",
        )
        .stdin(capture(&format!("Fintoc-Signature: t=1\0,v1={hex}\n"), b"x")),
        row(
            "NUL in a header name",
            &[&"verify", &"--request", &"-"],
            2,
            "line 1 is not a 'Name: value' header",
        )
        .stdin(capture("Fintoc\0Signature: t=1\n", b"x")),
        row(
            "invalid UTF-8 in a signature value",
            &[&"verify", &"--request", &"-"],
            1,
            "NOT AUTHENTIC flinks (malformed_signature)",
        )
        .stdin([&b"flinks-authenticity-key: \xff\xfe\x80=\r\n\r\n"[..], b"x"].concat()),
        row(
            "invalid UTF-8 in a header name",
            &[&"verify", &"--request", &"-"],
            2,
            "line 2 is not a 'Name: value' header",
        )
        .stdin([&b"POST / HTTP/1.1\r\nX-\xff: 1\r\n\r\n"[..], b"x"].concat()),
        row(
            "binary junk as a capture",
            &[&"verify", &"--request", &"-"],
            2,
            "line 1 is not a 'Name: value' header",
        )
        .stdin(b"\xff\xfe\x00\x01\x02".to_vec()),
        row(
            "NUL bytes only as a capture",
            &[&"verify", &"--request", &"-"],
            2,
            "line 1 is not a 'Name: value' header",
        )
        .stdin(vec![0u8; 4096]),
        row(
            "a folded line with nothing to fold into",
            &[&"verify", &"--request", &"-"],
            2,
            "line 1 is not a 'Name: value' header",
        )
        .stdin(capture(" Fintoc-Signature: t=1\n", b"x")),
        // Secrets.
        row(
            "binary secret file, wrong signature",
            &[&"verify", &"-p", &"flinks", &"-S", &flinks_sig, &"--secret-file", &binary_secret],
            1,
            "NOT AUTHENTIC flinks (signature_mismatch)",
        )
        .env(None),
        row(
            "empty secret file",
            &[&"verify", &"-p", &"flinks", &"-S", &flinks_sig, &"--secret-file", &empty_secret],
            2,
            "the secret is empty",
        )
        .env(None),
        row(
            "secret file holding only a line ending",
            &[&"verify", &"-p", &"flinks", &"-S", &flinks_sig, &"--secret-file", &newline_secret],
            2,
            "the secret is empty",
        )
        .env(None),
        row(
            "secret file over 64 KiB",
            &[&"verify", &"-p", &"flinks", &"-S", &flinks_sig, &"--secret-file", &huge_secret],
            2,
            "over 64 KiB, far longer than any signing secret",
        )
        .env(None),
        row(
            "secret file /dev/zero",
            &[&"verify", &"-p", &"flinks", &"-S", &flinks_sig, &"--secret-file", &"/dev/zero"],
            2,
            "cannot read secret file /dev/zero: it is over 64 KiB",
        )
        .env(None),
        row(
            "secret file that is a directory",
            &[&"verify", &"-p", &"flinks", &"-S", &flinks_sig, &"--secret-file", &dir.to_path_buf()],
            2,
            "cannot read secret file",
        )
        .env(None),
        row(
            "HOOKSIG_SECRET of commas only",
            &[&"verify", &"-p", &"flinks", &"-S", &flinks_sig],
            2,
            "HOOKSIG_SECRET, secret #1",
        )
        .env(Some(",")),
        row(
            "Standard Webhooks secret that is not base64",
            &[&"verify", &"-p", &"standard", &"-S", &"v1,AAAA", &"-H", &"webhook-id: msg_1", &"-H", &"webhook-timestamp: 1"],
            2,
            "the secret is not a valid Standard Webhooks secret",
        ),
        row(
            "Standard Webhooks secret with nothing after whsec_",
            &[&"verify", &"-p", &"standard", &"-S", &"v1,AAAA", &"-H", &"webhook-id: msg_1", &"-H", &"webhook-timestamp: 1"],
            2,
            "it has no key after the whsec_ prefix",
        )
        .env(Some("whsec_")),
        // Timestamps.
        row(
            "t that overflows i64",
            &[&"verify", &"-S", &fintoc_header(&format!("t=9223372036854775808,v1={hex}"))],
            1,
            "the timestamp 9223372036854775808 in Fintoc-Signature is too large",
        ),
        row(
            "negative t",
            &[&"verify", &"-S", &fintoc_header(&format!("t=-1,v1={hex}"))],
            1,
            "is not a whole number of seconds (digits only)",
        ),
        row(
            "t with a plus sign",
            &[&"verify", &"-S", &fintoc_header(&format!("t=+1,v1={hex}"))],
            1,
            "the timestamp \"+1\" in Fintoc-Signature is not a whole number",
        ),
        row(
            "t with a space inside",
            &[&"verify", &"-S", &fintoc_header(&format!("t=17 43,v1={hex}"))],
            1,
            "the timestamp \"17 43\" in Fintoc-Signature is not a whole number",
        ),
        row(
            "t in exponent notation",
            &[&"verify", &"-S", &fintoc_header(&format!("t=1e9,v1={hex}"))],
            1,
            "the timestamp \"1e9\" in Fintoc-Signature is not a whole number",
        ),
        row(
            "empty t",
            &[&"verify", &"-S", &fintoc_header(&format!("t=,v1={hex}"))],
            1,
            "NOT AUTHENTIC fintoc (malformed_signature)",
        ),
        row(
            "two t",
            &[&"verify", &"-S", &fintoc_header(&format!("t=1,t=1,v1={hex}"))],
            1,
            "has more than one t= timestamp",
        ),
        row(
            "Slack timestamp that overflows i64",
            &[&"verify", &"-S", &format!("X-Slack-Signature: v0={hex}"), &"-H", &"X-Slack-Request-Timestamp: 99999999999999999999"],
            1,
            "in X-Slack-Request-Timestamp is too large",
        ),
        row(
            "negative Standard Webhooks timestamp",
            &[&"verify", &"-S", &"webhook-signature: v1,AAAA", &"-H", &"webhook-id: msg_1", &"-H", &"webhook-timestamp: -5"],
            1,
            "NOT AUTHENTIC standard (malformed_signature)",
        )
        .env(Some(STANDARD_SECRET)),
        row(
            "a Date header with a 17-digit year",
            &[&"verify", &"--request", &date_bomb],
            1,
            "NOT AUTHENTIC fintoc (timestamp_outside_tolerance)",
        ),
        // Thousands of signatures: fast, and linear.
        row(
            "10,000 v1= entries, none well formed",
            &[&"verify", &"--now", &"1000", &"-S", &fintoc_header(&format!("t=1000{}", ",v1=0".repeat(10_000)))],
            1,
            "no v1 signature in header Fintoc-Signature is 64 hex digits",
        ),
        row(
            "900 well-formed v1 entries, none matching, 4 secrets",
            &[&"verify", &"--now", &"1000", &"-S", &fintoc_header(&format!("t=1000{}", format!(",v1={hex}").repeat(900)))],
            1,
            "NOT AUTHENTIC fintoc (signature_mismatch)",
        )
        .env(Some("Adv3rsarial-Needle-5ecret,Adv3rsarial-Needle-5ecret-2,Adv3rsarial-Needle-5ecret-3,Adv3rsarial-Needle-5ecret-4")),
        row(
            "1,300 base64 v1 entries over a 1 MiB body, 4 secrets",
            &[&"verify", &"--now", &"1000", &"--payload", &mib_body, &"-S", &fintoc_header(&format!("t=1000{}", format!(",v1={}", "A".repeat(43) + "=").repeat(1_300)))],
            1,
            "NOT AUTHENTIC fintoc (malformed_signature)",
        )
        .env(Some("Adv3rsarial-Needle-5ecret,Adv3rsarial-Needle-5ecret-2,Adv3rsarial-Needle-5ecret-3,Adv3rsarial-Needle-5ecret-4")),
        row(
            "10,000 entries in webhook-signature",
            &[&"verify", &"--now", &"1", &"-S", &format!("webhook-signature:{}", " v1,x".repeat(10_000)), &"-H", &"webhook-id: msg_1", &"-H", &"webhook-timestamp: 1"],
            1,
            "no v1 signature in header webhook-signature is the padded base64 of 32 bytes",
        )
        .env(Some(STANDARD_SECRET)),
        // Request framing.
        row(
            "Content-Length: 0 with bytes after it",
            &[&"verify", &"--request", &"-"],
            1,
            "NOT AUTHENTIC flinks (signature_mismatch)",
        )
        .stdin(capture(&format!("Content-Length: 0\nflinks-authenticity-key: {flinks_sig}\n"), b"x")),
        row(
            "Content-Length claiming 10 GB",
            &[&"verify", &"--request", &"-"],
            2,
            "the capture's body is 1 bytes, but its Content-Length header says 10000000000",
        )
        .stdin(capture(&format!("Content-Length: 10000000000\nflinks-authenticity-key: {flinks_sig}\n"), b"x")),
        row(
            "Content-Length over u64",
            &[&"verify", &"--request", &"-"],
            2,
            "Content-Length 99999999999999999999999 is too large",
        )
        .stdin(capture("Content-Length: 99999999999999999999999\nflinks-authenticity-key: x\n", b"x")),
        row(
            "negative Content-Length",
            &[&"verify", &"--request", &"-"],
            2,
            "Content-Length \"-1\" is not a number of bytes",
        )
        .stdin(capture("Content-Length: -1\nflinks-authenticity-key: x\n", b"x")),
        row(
            "chunked body with an absurd chunk size",
            &[&"verify", &"--request", &"-"],
            2,
            "the chunked body ends in the middle of a chunk",
        )
        .stdin(capture("Transfer-Encoding: chunked\nflinks-authenticity-key: x\n", b"ffffffffffffffff\r\nabc")),
        row(
            "chunked body with a chunk size over u64",
            &[&"verify", &"--request", &"-"],
            2,
            "bad chunk-size line",
        )
        .stdin(capture("Transfer-Encoding: chunked\nflinks-authenticity-key: x\n", b"1ffffffffffffffff\r\nabc")),
        row(
            "chunked body with an endless chunk-size line",
            &[&"verify", &"--request", &write(dir, "endless-chunk-size.http", &capture("Transfer-Encoding: chunked\nflinks-authenticity-key: x\n", "1".repeat(100_000).as_bytes()))],
            2,
            "has an overlong line",
        ),
        // Paths that are not regular files.
        row(
            "payload path that is a directory",
            &[&"verify", &"-p", &"flinks", &"-S", &flinks_sig, &"--payload", &dir.to_path_buf()],
            2,
            "cannot read payload file",
        ),
        // Tolerance and now.
        row(
            "negative --tolerance",
            &[&"verify", &"-S", &fintoc_header(&good_t), &"--tolerance", &"-1"],
            2,
            "--tolerance",
        ),
        row(
            "--tolerance just over u64",
            &[&"verify", &"-S", &fintoc_header(&good_t), &"--tolerance", &"18446744073709551616"],
            2,
            "--tolerance",
        ),
        row(
            "--tolerance u64::MAX - 1 with now and t u64::MAX apart",
            &[&"verify", &"-S", &fintoc_header(&fintoc_signature(SECRET, i64::MAX, b"x")), &"--now", &"-9223372036854775808", &"--tolerance", &"18446744073709551614"],
            1,
            "NOT AUTHENTIC fintoc (timestamp_outside_tolerance)",
        ),
        row(
            "--tolerance u64::MAX, now i64::MIN, t i64::MAX, another body",
            &[&"verify", &"-S", &fintoc_header(&fintoc_signature(SECRET, i64::MAX, b"x")), &"--now", &"-9223372036854775808", &"--tolerance", &"18446744073709551615"],
            1,
            "NOT AUTHENTIC fintoc (signature_mismatch)",
        )
        .stdin("y"),
        row(
            "--now i64::MAX",
            &[&"verify", &"-S", &fintoc_header(&good_t), &"--now", &"9223372036854775807"],
            1,
            "years old, outside the 300-second tolerance",
        ),
        row(
            "--now i64::MIN",
            &[&"verify", &"-S", &fintoc_header(&good_t), &"--now", &"-9223372036854775808"],
            1,
            "years in the future, outside the 300-second tolerance",
        ),
        row(
            "--now past i64::MAX",
            &[&"verify", &"-S", &fintoc_header(&good_t), &"--now", &"9223372036854775808"],
            2,
            "--now",
        ),
        row(
            "--now below i64::MIN",
            &[&"verify", &"-S", &fintoc_header(&good_t), &"--now", &"-9223372036854775809"],
            2,
            "--now",
        ),
        // Names and flags.
        row(
            "a 10,000-character provider name",
            &[&"verify", &"-p", &"x".repeat(10_000), &"-S", &"x"],
            2,
            "unknown provider",
        ),
        row(
            "a -H header name with a space",
            &[&"verify", &"-p", &"flinks", &"-S", &flinks_sig, &"-H", &"Bad Name: v"],
            2,
            "write it as 'Name: value'",
        ),
        row(
            "GitHub's legacy SHA-1 header alone",
            &[&"verify", &"-p", &"github", &"-H", &"X-Hub-Signature: sha1=0123"],
            1,
            "X-Hub-Signature is GitHub's legacy SHA-1 signature",
        ),
    ];

    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        let argv_secret = OsString::from_vec(ARGV_SECRET.to_vec());
        rows.push(
            row(
                "-s with non-UTF-8 bytes, wrong signature",
                &[
                    &"verify",
                    &"-p",
                    &"flinks",
                    &"-S",
                    &flinks_sig,
                    &"-s",
                    &argv_secret,
                ],
                1,
                "NOT AUTHENTIC flinks (signature_mismatch)",
            )
            .env(None),
        );
        if let Some(path) = unreadable(dir) {
            rows.push(row(
                "unreadable payload file",
                &[
                    &"verify",
                    &"-p",
                    &"flinks",
                    &"-S",
                    &flinks_sig,
                    &"--payload",
                    &path,
                ],
                2,
                "Permission denied",
            ));
        }
    }
    // Named pipes nobody writes to: an error after a short wait, not a hang.
    // The rows shorten the wait to FIFO_WAIT_MS (the test hook
    // HOOKSIG_FIFO_WAIT_MS); the error names the wait and the file.
    if let (Some(payload), Some(request), Some(secret)) = (
        fifo(dir, "payload-fifo"),
        fifo(dir, "request-fifo"),
        fifo(dir, "secret-fifo"),
    ) {
        let no_writer = |what: &str, path: &Path| {
            format!(
                "cannot read {what} {}: it is a named pipe (FIFO) and no process opened it for writing within {FIFO_WAIT_MS} milliseconds: start the writer first",
                path.display()
            )
        };
        rows.push(row(
            "payload path that is a FIFO with no writer",
            &[
                &"verify",
                &"-p",
                &"flinks",
                &"-S",
                &flinks_sig,
                &"--payload",
                &payload,
            ],
            2,
            &no_writer("payload file", &payload),
        ));
        rows.push(row(
            "request path that is a FIFO with no writer",
            &[&"verify", &"--request", &request],
            2,
            &no_writer("request file", &request),
        ));
        rows.push(
            row(
                "secret file that is a FIFO with no writer",
                &[
                    &"verify",
                    &"-p",
                    &"flinks",
                    &"-S",
                    &flinks_sig,
                    &"--secret-file",
                    &secret,
                ],
                2,
                &no_writer("secret file", &secret),
            )
            .env(None),
        );
    }
    rows
}

#[test]
fn hostile_inputs_end_with_a_clear_verdict_or_error() {
    let dir = tempfile::tempdir().unwrap();
    let rows = rows(dir.path());
    assert!(rows.len() >= 40, "only {} rows", rows.len());
    let mut outputs = Vec::new();
    for row in &rows {
        let mut cmd = hooksig();
        cmd.args(&row.args)
            .write_stdin(row.stdin.clone())
            .env("HOOKSIG_FIFO_WAIT_MS", FIFO_WAIT_MS.to_string())
            .timeout(TIMEOUT);
        if let Some(secret) = row.env_secret {
            cmd.env("HOOKSIG_SECRET", secret);
        }
        let started = Instant::now();
        let output = cmd.output().unwrap();
        let took = started.elapsed();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let name = row.name;
        assert!(took < TIMEOUT, "{name}: hung ({took:?})");
        assert_eq!(
            output.status.code(),
            Some(row.code),
            "{name}: stdout {stdout:?} stderr {stderr:?}"
        );
        match row.code {
            1 => {
                let verdict = stdout.lines().next().unwrap_or_default();
                assert!(verdict.starts_with("NOT AUTHENTIC"), "{name}: {stdout}");
                assert!(verdict.contains(&row.says), "{name}: {verdict}");
            }
            _ => {
                let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
                assert_eq!(errors.len(), 1, "{name}: {stderr}");
                assert!(errors[0].contains(&row.says), "{name}: {stderr}");
                assert!(stdout.is_empty(), "{name}: {stdout}");
            }
        }
        outputs.push((name, [output.stdout, output.stderr].concat()));
    }

    // No output of any row shows a secret, raw or encoded.
    let secrets: [&[u8]; 6] = [
        SECRET.as_bytes(),
        STANDARD_SECRET.as_bytes(),
        &STANDARD_SECRET.as_bytes()[6..],
        BINARY_SECRET,
        ARGV_SECRET,
        b"Needle",
    ];
    for (name, output) in &outputs {
        assert_no_secret_in(name, output, &secrets);
    }
}

/// Secrets of any bytes are used as they are: a binary secret file and a
/// non-UTF-8 `-s` both verify what they signed.
#[test]
fn binary_and_non_utf8_secrets_verify_their_own_signatures() {
    let body = b"{\"id\":1}";
    let sign = |secret: &[u8]| signature("flinks", secret, 0, body);
    let file = temp_file(BINARY_SECRET);
    hooksig()
        .args(["verify", "-p", "flinks", "-S", &sign(BINARY_SECRET)])
        .arg("--secret-file")
        .arg(file.path())
        .write_stdin(&body[..])
        .assert()
        .code(0);
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        hooksig()
            .args(["verify", "-p", "flinks", "-S", &sign(ARGV_SECRET), "-s"])
            .arg(OsString::from_vec(ARGV_SECRET.to_vec()))
            .write_stdin(&body[..])
            .assert()
            .code(0);
    }
}

/// A FIFO that has a writer is read like any file (as the shell's
/// `<(command)` gives one).
#[cfg(unix)]
#[test]
fn a_fifo_with_a_writer_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let Some(path) = fifo(dir.path(), "body") else {
        return;
    };
    let writer = std::thread::spawn({
        let path = path.clone();
        move || std::fs::write(path, b"x")
    });
    hooksig()
        .args([
            "verify",
            "-p",
            "flinks",
            "-S",
            &flinks_signature(SECRET, b"x"),
            "--payload",
        ])
        .arg(&path)
        .env("HOOKSIG_SECRET", SECRET)
        .timeout(TIMEOUT)
        .assert()
        .code(0);
    writer.join().unwrap().unwrap();
}

/// Control characters in a capture's header values (here a Standard
/// Webhooks `webhook-id`, shown by `-v` in the signed message) are printed
/// escaped: a crafted capture cannot move the cursor, clear the screen or
/// rewrite the verdict line on the support engineer's terminal.
#[test]
fn control_characters_from_a_capture_never_reach_the_terminal() {
    let capture = b"POST / HTTP/1.1\r\n\
        webhook-id: msg\x1b[1A\x1b[2K\rAUTHENTIC standard\x07\x1b]0;title\x07\r\n\
        webhook-timestamp: 1\r\n\
        webhook-signature: v1,\x1b[31mAAAA v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\r\n\
        \r\n\
        {}";
    for format in ["human", "json"] {
        let output = hooksig()
            .args([
                "verify",
                "-v",
                "--now",
                "1",
                "--request",
                "-",
                "--format",
                format,
            ])
            .env("HOOKSIG_SECRET", STANDARD_SECRET)
            .write_stdin(capture.to_vec())
            .timeout(TIMEOUT)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        let all = [output.stdout, output.stderr].concat();
        let text = String::from_utf8_lossy(&all);
        let controls: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && *c != '\n')
            .collect();
        assert!(controls.is_empty(), "{format}: {text:?}");
        assert!(text.contains("msg"), "{format}: {text}");
    }
}

/// The extremes of --now and --tolerance meet without overflow: a
/// timestamp exactly u64::MAX seconds from now is inside a u64::MAX
/// tolerance (the edge is inside), and one second less of tolerance
/// puts it outside (a row of the table above).
#[test]
fn the_widest_window_holds_the_farthest_timestamp() {
    hooksig()
        .args([
            "verify",
            "-S",
            &fintoc_header(&fintoc_signature(SECRET, i64::MAX, b"x")),
            "--now",
            "-9223372036854775808",
            "--tolerance",
            "18446744073709551615",
        ])
        .env("HOOKSIG_SECRET", SECRET)
        .write_stdin("x")
        .timeout(TIMEOUT)
        .assert()
        .code(0);
}
