//! Where bytes come from: standard input, files and named pipes (FIFOs),
//! for payloads, captures and secrets. The only place that opens them.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use std::io::IsTerminal;

use hooksig_core::{Error, InputError};

use crate::failure::{Failure, usage};

/// The largest secret file hooksig reads (64 KiB). Signing secrets are tens
/// of bytes; the limit stops `--secret-file /dev/zero` (or a wrong, huge
/// file) from filling memory.
pub const MAX_SECRET_FILE: u64 = 64 * 1024;

/// How long opening a named pipe (FIFO) waits for a process to open it for
/// writing, unless the command says otherwise. Opening a FIFO blocks until
/// a writer comes; a FIFO that nobody writes to is an error after this
/// wait, not a hang. The functions that open files take the wait as a
/// parameter, so tests can make it a few milliseconds.
pub const FIFO_WAIT: Duration = Duration::from_secs(2);

/// Where the webhook body comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayloadSource {
    /// Standard input.
    Stdin,
    /// A file, read as raw bytes.
    File(PathBuf),
}

impl PayloadSource {
    /// `-` means standard input; anything else is a path.
    pub fn from_arg(arg: &Path) -> Self {
        if arg == Path::new("-") {
            PayloadSource::Stdin
        } else {
            PayloadSource::File(arg.to_owned())
        }
    }

    /// Opens the source for reading; `what` names it in errors
    /// (`"payload file"`, `"request file"`). A FIFO waits at most
    /// `fifo_wait` for its writer (see [`open_file`]).
    pub fn open(
        &self,
        what: &'static str,
        fifo_wait: Duration,
    ) -> Result<Box<dyn Read>, InputError> {
        match self {
            PayloadSource::Stdin => Ok(Box::new(io::stdin().lock())),
            PayloadSource::File(path) => open_file(path, fifo_wait)
                .map(|f| Box::new(f) as Box<dyn Read>)
                .map_err(|cause| self.read_error_as(what, cause)),
        }
    }

    /// The error for a failed read from this source, as a payload file.
    pub fn read_error(&self, cause: io::Error) -> InputError {
        self.read_error_as("payload file", cause)
    }

    /// The error for a failed read from this source; `what` names it.
    pub fn read_error_as(&self, what: &'static str, cause: io::Error) -> InputError {
        match self {
            PayloadSource::Stdin => InputError::ReadStdin {
                what: if what == "request file" {
                    "the request"
                } else {
                    "the payload"
                },
                cause,
            },
            PayloadSource::File(path) => InputError::ReadFile {
                what,
                path: path.clone(),
                cause,
            },
        }
    }
}

/// Reads a secret from its source: a file, or standard input for `-`
/// (bytes as they are, at most [`MAX_SECRET_FILE`] of them). A FIFO waits
/// at most `fifo_wait` for its writer (see [`open_file`]).
pub fn read_secret(source: &PayloadSource, fifo_wait: Duration) -> Result<Vec<u8>, InputError> {
    match source {
        PayloadSource::File(path) => read_secret_file(path, fifo_wait),
        PayloadSource::Stdin => {
            read_bounded(io::stdin().lock(), 0).map_err(|cause| InputError::ReadStdin {
                what: "the secret",
                cause,
            })
        }
    }
}

/// Reads a whole file that holds a secret (bytes, as they are), of at most
/// [`MAX_SECRET_FILE`] bytes.
///
/// A path that names nothing and looks like a secret's value (`whsec_…`,
/// `sk_live_…`, a long token) is not repeated in the error, which CI logs
/// keep: [`InputError::SecretAsPath`] shows at most its first four
/// characters. A FIFO waits at most `fifo_wait` for its writer (see
/// [`open_file`]).
pub fn read_secret_file(path: &Path, fifo_wait: Duration) -> Result<Vec<u8>, InputError> {
    let read = || -> io::Result<Vec<u8>> {
        let file = open_file(path, fifo_wait)?;
        let size = file.metadata().map_or(0, |m| m.len());
        read_bounded(file, size)
    };
    read().map_err(|cause| {
        let missing = std::fs::symlink_metadata(path).is_err();
        match path.to_str().and_then(secret_like_start) {
            Some(start) if missing => InputError::SecretAsPath {
                start: start.to_owned(),
                chars: path.to_str().map_or(0, |p| p.chars().count()),
            },
            _ => InputError::ReadFile {
                what: "secret file",
                path: path.to_owned(),
                cause,
            },
        }
    })
}

/// Reads at most [`MAX_SECRET_FILE`] bytes; `size` is the expected length
/// (0 when unknown).
fn read_bounded(reader: impl Read, size: u64) -> io::Result<Vec<u8>> {
    // Sized up front, as std::fs::read does, so that no reallocation leaves
    // a partial copy of the secret behind in freed memory (for a file; a
    // pipe's length is not known ahead).
    let size = size.min(MAX_SECRET_FILE);
    let mut contents = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
    reader
        .take(MAX_SECRET_FILE + 1)
        .read_to_end(&mut contents)?;
    if contents.len() as u64 > MAX_SECRET_FILE {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "it is over {} KiB, far longer than any signing secret: is it the right file?",
                MAX_SECRET_FILE / 1024
            ),
        ));
    }
    Ok(contents)
}

/// Prefixes of secrets and API keys (webhook secrets of Stripe, Svix and
/// Fintoc; Stripe, Slack, Shopify and GitHub keys and tokens).
const SECRET_PREFIXES: [&str; 17] = [
    "whsec_",
    "sk_",
    "rk_",
    "pk_",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xoxe-",
    "xapp-",
    "shpss_",
    "shpat_",
    "shpca_",
    "shppa_",
    "ghp_",
    "gho_",
    "ghs_",
    "github_pat_",
];

/// When `arg` looks like a secret's value rather than a path, the part of it
/// that may be shown: the first four characters, and no more than a known
/// prefix (`sk_`), which is public. A secret looks like a known prefix
/// followed by more, or a token of 20 characters or more with no `/`, `\`,
/// `.` or whitespace (a file name has an extension or a directory, mostly).
pub fn secret_like_start(arg: &str) -> Option<&str> {
    let first_four = arg
        .char_indices()
        .nth(4)
        .map_or(arg, |(end, _)| &arg[..end]);
    if let Some(prefix) = SECRET_PREFIXES
        .iter()
        .find(|p| arg.len() > p.len() && arg.starts_with(*p))
    {
        return Some(if prefix.len() < first_four.len() {
            prefix
        } else {
            first_four
        });
    }
    let token = arg.chars().count() >= 20
        && !arg.contains(['/', '\\', '.'])
        && !arg.chars().any(char::is_whitespace);
    token.then_some(first_four)
}

/// Opens a file for reading. A named pipe (FIFO) is opened on a helper
/// thread, because opening one blocks until some process opens it for
/// writing: when none has within `fifo_wait` (the binary's is
/// [`FIFO_WAIT`]), this fails instead of hanging (the helper thread stays
/// blocked until a writer comes or the process exits). Pipes that already
/// have a writer, such as the shell's `<(command)`, open at once.
pub fn open_file(path: &Path, fifo_wait: Duration) -> io::Result<File> {
    if !is_fifo(path) {
        return File::open(path);
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    let owned = path.to_owned();
    std::thread::Builder::new()
        .name("open-fifo".to_owned())
        .spawn(move || {
            // The receiver is gone after a timeout; the file is then dropped.
            let _ = sender.send(File::open(owned));
        })?;
    receiver.recv_timeout(fifo_wait).unwrap_or_else(|_| {
        Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!(
                "it is a named pipe (FIFO) and no process opened it for writing within {}: start the writer first",
                describe_wait(fifo_wait)
            ),
        ))
    })
}

/// A wait in words: `2 seconds`, or `50 milliseconds` when it is not a
/// whole number of seconds.
fn describe_wait(wait: Duration) -> String {
    match (wait.as_secs(), wait.subsec_nanos()) {
        (1, 0) => "1 second".to_owned(),
        (seconds, 0) => format!("{seconds} seconds"),
        _ => format!("{} milliseconds", wait.as_millis()),
    }
}

#[cfg(unix)]
fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

#[cfg(not(unix))]
fn is_fifo(_path: &Path) -> bool {
    false
}

/// The source a flag names: `-` or absent means stdin, which must then not
/// be a terminal (an error, not a wait for typing).
pub fn input_source(path: Option<&Path>, flag: &str) -> Result<PayloadSource, Failure> {
    let source = path.map_or(PayloadSource::Stdin, PayloadSource::from_arg);
    if source == PayloadSource::Stdin && std::io::stdin().is_terminal() {
        usage!(
            "no payload: standard input is a terminal; pass {flag} FILE or pipe the body in (… | hooksig …)"
        );
    }
    Ok(source)
}

/// Maps the library's "cannot read the payload" to a failure naming the
/// source (`payload file body.json`, `request file capture.http`, stdin).
pub fn name_read_error(err: Error, source: &PayloadSource, what: &'static str) -> Failure {
    match err {
        // A capture's framing fault is a malformed capture, not a read error.
        Error::Input(InputError::ReadBody { cause }) => match hooksig_capture::body_error(cause) {
            InputError::ReadBody { cause } => source.read_error_as(what, cause).into(),
            malformed => malformed.into(),
        },
        other => other.into(),
    }
}

/// An input other than the secret that reads standard input (only one
/// input can).
#[derive(Debug, Clone, Copy)]
pub struct StdinUser {
    /// How to name it: `--payload -`, `--request -`.
    pub input: &'static str,
    /// What to pass instead: `--payload FILE`.
    pub instead: &'static str,
}

impl StdinUser {
    /// The payload's (or request's) reader, when it is standard input.
    pub fn of(path: Option<&Path>, flag: &'static str) -> Option<Self> {
        let (input, instead) = match (path, flag) {
            (None, _) => (
                "the payload (read from standard input without --payload)",
                "--payload FILE",
            ),
            (Some(p), "--request") if p.as_os_str() == "-" => ("--request -", "--request FILE"),
            (Some(p), _) if p.as_os_str() == "-" => ("--payload -", "--payload FILE"),
            (Some(_), _) => return None,
        };
        Some(StdinUser { input, instead })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A FIFO wait short enough that the test of it takes milliseconds.
    const SHORT_WAIT: Duration = Duration::from_millis(20);

    #[test]
    fn secret_files_over_the_limit_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        let limit = MAX_SECRET_FILE as usize;
        std::fs::write(&path, vec![b'a'; limit]).unwrap();
        assert_eq!(read_secret_file(&path, FIFO_WAIT).unwrap().len(), limit);
        std::fs::write(&path, vec![b'a'; limit + 1]).unwrap();
        let err = read_secret_file(&path, FIFO_WAIT).unwrap_err();
        assert!(err.to_string().contains("over 64 KiB"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_without_a_writer_is_an_error_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        let mkfifo = |name: &str| {
            let path = dir.path().join(name);
            let made = std::process::Command::new("mkfifo").arg(&path).status();
            made.is_ok_and(|s| s.success()).then_some(path)
        };
        // Without mkfifo there is no FIFO to test with.
        let (Some(idle), Some(fed)) = (mkfifo("idle"), mkfifo("fed")) else {
            return;
        };
        let started = std::time::Instant::now();
        let err = open_file(&idle, SHORT_WAIT).unwrap_err();
        let took = started.elapsed();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert!(err.to_string().contains("named pipe (FIFO)"), "{err}");
        assert!(err.to_string().contains("within 20 milliseconds"), "{err}");
        // It is the wait given that ends the open, not some other error.
        assert!(took >= SHORT_WAIT, "{took:?}");
        assert!(took < SHORT_WAIT + Duration::from_secs(5), "{took:?}");

        let writer = std::thread::spawn({
            let fed = fed.clone();
            move || std::fs::write(fed, b"body")
        });
        let mut body = String::new();
        // The writer may open the pipe after the reader started waiting.
        open_file(&fed, FIFO_WAIT)
            .unwrap()
            .read_to_string(&mut body)
            .unwrap();
        writer.join().unwrap().unwrap();
        assert_eq!(body, "body");
    }

    #[test]
    fn waits_are_described_in_seconds_or_milliseconds() {
        assert_eq!(describe_wait(FIFO_WAIT), "2 seconds");
        assert_eq!(describe_wait(Duration::from_secs(1)), "1 second");
        assert_eq!(describe_wait(Duration::from_millis(50)), "50 milliseconds");
        assert_eq!(
            describe_wait(Duration::from_millis(1500)),
            "1500 milliseconds"
        );
    }

    #[test]
    fn secret_like_arguments_show_at_most_a_public_prefix() {
        assert_eq!(
            secret_like_start("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            Some("whse")
        );
        assert_eq!(secret_like_start("sk_live_51Habc"), Some("sk_"));
        assert_eq!(
            secret_like_start("Zm9vYmFyYmF6cXV4cXV1eHF1dXg"),
            Some("Zm9v")
        );
        for path in [
            "secrt.txt",
            "./x",
            "/tmp/nope",
            "sk_",
            "fintoc_secret",
            "C:\\secrets\\fintoc_webhook_secret",
            "my fintoc webhook secret file",
            "fintoc-webhook-secret.production",
        ] {
            assert_eq!(secret_like_start(path), None, "{path}");
        }
    }

    #[test]
    fn a_missing_secret_like_path_is_not_repeated() {
        let err = read_secret_file(
            Path::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            FIFO_WAIT,
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(!message.contains("MfKQ"), "{message}");
        assert!(message.contains("whse…"), "{message}");
        let err = read_secret_file(Path::new("secrt.txt"), FIFO_WAIT).unwrap_err();
        assert!(err.to_string().contains("secret file secrt.txt"), "{err}");
    }
}
