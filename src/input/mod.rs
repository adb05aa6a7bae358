//! Input: captured headers, `Name: value` lines, payload sources, and raw
//! HTTP request captures ([`request`]).
//!
//! Nothing here looks inside the body: it is read as bytes and handed on
//! unchanged.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::InputError;

pub mod lookalike;
pub mod request;

/// The longest header value hooksig accepts (64 KiB). Real signature headers
/// are under 1 KiB; the limit keeps hostile input from costing memory or time.
pub const MAX_HEADER_VALUE: usize = 64 * 1024;

/// The largest secret file hooksig reads (64 KiB). Signing secrets are tens
/// of bytes; the limit stops `--secret-file /dev/zero` (or a wrong, huge
/// file) from filling memory.
pub const MAX_SECRET_FILE: u64 = 64 * 1024;

/// How long opening a named pipe (FIFO) waits for a process to open it for
/// writing. Opening a FIFO blocks until a writer comes; a FIFO that nobody
/// writes to is an error after this wait, not a hang.
pub const FIFO_WAIT: Duration = Duration::from_secs(2);

/// Captured request headers, in the order given. Names compare
/// case-insensitively; repeated headers are all kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    entries: Vec<(String, String)>,
}

impl Headers {
    /// No headers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a header at the end. The value's surrounding spaces and tabs are
    /// dropped, as HTTP does. Fails when the value is over
    /// [`MAX_HEADER_VALUE`] bytes.
    pub fn push(&mut self, name: &str, value: &str) -> Result<(), InputError> {
        if value.len() > MAX_HEADER_VALUE {
            return Err(InputError::HeaderTooLong {
                name: shorten(name),
                len: value.len(),
                limit: MAX_HEADER_VALUE,
            });
        }
        self.entries
            .push((name.to_owned(), trim_ows(value).to_owned()));
        Ok(())
    }

    /// Parses a `Name: value` line (as given to `-H`) and adds it.
    pub fn push_line(&mut self, flag: &'static str, line: &str) -> Result<(), InputError> {
        check_header_name(flag, line)?;
        match split_header_line(line) {
            Some((name, value)) => self.push(name, value),
            None => Err(InputError::BadHeader {
                flag,
                value: shorten(line),
            }),
        }
    }

    /// The first value of the header `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of the header `name`, in order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.entries
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether a header `name` is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// All headers as `(name, value)` pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Whether there are no headers.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Splits `Name: value` when the text before the first `:` is a valid HTTP
/// header name (a token: letters, digits and ``!#$%&'*+-.^_`|~``).
/// Returns `None` for anything else, such as a bare signature value.
pub fn split_header_line(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once(':')?;
    let name = trim_ows(name);
    if is_token(name) {
        Some((name, trim_ows(value)))
    } else {
        None
    }
}

/// Refuses a `Name: value` line (given to `flag`) whose name would be a
/// header name but for look-alike characters, naming the character (see
/// [`lookalike::describe`]). Any other line passes: a bare value, or one
/// that [`split_header_line`] parses or refuses on its own.
pub fn check_header_name(flag: &'static str, line: &str) -> Result<(), InputError> {
    let problem = line
        .split_once(':')
        .and_then(|(name, _)| lookalike::describe(trim_ows(name)));
    match problem {
        Some(problem) => Err(InputError::BadHeaderName { flag, problem }),
        None => Ok(()),
    }
}

/// Whether `name` is a valid HTTP header name.
pub fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn trim_ows(s: &str) -> &str {
    s.trim_matches([' ', '\t'])
}

/// Shortens a user-supplied value for an error message.
pub fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

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
    /// (`"payload file"`, `"request file"`).
    pub fn open(&self, what: &'static str) -> Result<Box<dyn Read>, InputError> {
        match self {
            PayloadSource::Stdin => Ok(Box::new(io::stdin().lock())),
            PayloadSource::File(path) => open_file(path)
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

/// Reads a whole file that holds a secret (bytes, as they are), of at most
/// [`MAX_SECRET_FILE`] bytes.
pub fn read_secret_file(path: &Path) -> Result<Vec<u8>, InputError> {
    let read = || -> io::Result<Vec<u8>> {
        let file = open_file(path)?;
        // Sized up front, as std::fs::read does, so that no reallocation
        // leaves a partial copy of the secret behind in freed memory.
        let size = file.metadata().map_or(0, |m| m.len()).min(MAX_SECRET_FILE);
        let mut contents = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
        file.take(MAX_SECRET_FILE + 1).read_to_end(&mut contents)?;
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
    };
    read().map_err(|cause| InputError::ReadFile {
        what: "secret file",
        path: path.to_owned(),
        cause,
    })
}

/// Opens a file for reading. A named pipe (FIFO) is opened on a helper
/// thread, because opening one blocks until some process opens it for
/// writing: when none has within [`FIFO_WAIT`], this fails instead of
/// hanging (the helper thread stays blocked until a writer comes or the
/// process exits). Pipes that already have a writer, such as the shell's
/// `<(command)`, open at once.
pub fn open_file(path: &Path) -> io::Result<File> {
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
    receiver.recv_timeout(FIFO_WAIT).unwrap_or_else(|_| {
        Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!(
                "it is a named pipe (FIFO) and no process opened it for writing within {} seconds: start the writer first",
                FIFO_WAIT.as_secs()
            ),
        ))
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines_split_at_the_first_colon_and_trim_spaces() {
        assert_eq!(
            split_header_line("Fintoc-Signature:  t=1,v1=ab "),
            Some(("Fintoc-Signature", "t=1,v1=ab"))
        );
        assert_eq!(split_header_line("X: a:b"), Some(("X", "a:b")));
        assert_eq!(split_header_line("no colon here"), None);
        assert_eq!(split_header_line("bad name: v"), None);
        assert_eq!(split_header_line(": v"), None);
    }

    #[test]
    fn header_names_are_case_insensitive_and_repeats_are_kept() {
        let mut headers = Headers::new();
        headers.push("Webhook-Signature", "a").unwrap();
        headers.push("webhook-signature", "b").unwrap();
        assert_eq!(headers.get("WEBHOOK-SIGNATURE"), Some("a"));
        assert_eq!(
            headers.get_all("webhook-signature").collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert!(!headers.contains("other"));
    }

    #[test]
    fn oversized_header_values_are_refused() {
        let mut headers = Headers::new();
        let huge = "a".repeat(MAX_HEADER_VALUE + 1);
        let err = headers.push("X", &huge).unwrap_err();
        assert!(err.to_string().contains("limit"), "{err}");
    }

    #[test]
    fn secret_files_over_the_limit_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        let limit = MAX_SECRET_FILE as usize;
        std::fs::write(&path, vec![b'a'; limit]).unwrap();
        assert_eq!(read_secret_file(&path).unwrap().len(), limit);
        std::fs::write(&path, vec![b'a'; limit + 1]).unwrap();
        let err = read_secret_file(&path).unwrap_err();
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
        let err = open_file(&idle).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert!(err.to_string().contains("named pipe (FIFO)"), "{err}");
        assert!(started.elapsed() < FIFO_WAIT + Duration::from_secs(5));

        let writer = std::thread::spawn({
            let fed = fed.clone();
            move || std::fs::write(fed, b"body")
        });
        let mut body = String::new();
        open_file(&fed).unwrap().read_to_string(&mut body).unwrap();
        writer.join().unwrap().unwrap();
        assert_eq!(body, "body");
    }

    #[test]
    fn shorten_cuts_on_a_char_boundary() {
        let long = "é".repeat(100);
        let short = shorten(&long);
        assert!(short.ends_with('…'));
        assert_eq!(short.chars().count(), 61);
    }
}
