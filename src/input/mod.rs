//! Input: captured headers, `Name: value` lines, payload sources, and raw
//! HTTP request captures ([`request`]).
//!
//! Nothing here looks inside the body: it is read as bytes and handed on
//! unchanged.

use std::borrow::Cow;
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

    /// Adds a header at the end, its value read by [`header_value`] (no CR
    /// or LF, no surrounding spaces or tabs). Fails when the value is over
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
            .push((name.to_owned(), header_value(value).into_owned()));
        Ok(())
    }

    /// Adds every header of `lower` whose name is not already here, all its
    /// copies kept: how a source of higher precedence (`-S`, then `-H`)
    /// replaces a lower one's headers of the same name (`-H`, then a
    /// capture's).
    pub fn extend_missing(&mut self, lower: &Headers) {
        let present = self.entries.len();
        for (name, value) in &lower.entries {
            if !self.entries[..present]
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                self.entries.push((name.clone(), value.clone()));
            }
        }
    }

    /// These headers with every `name` header replaced by one
    /// `name: value` (at the end).
    pub fn replaced(&self, name: &str, value: &str) -> Headers {
        let mut entries: Vec<(String, String)> = self
            .entries
            .iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case(name))
            .cloned()
            .collect();
        entries.push((name.to_owned(), value.to_owned()));
        Headers { entries }
    }

    /// These headers without any of the headers `names`.
    pub fn without(&self, names: &[&str]) -> Headers {
        let entries = self
            .entries
            .iter()
            .filter(|(n, _)| !names.iter().any(|name| n.eq_ignore_ascii_case(name)))
            .cloned()
            .collect();
        Headers { entries }
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

/// A header value as hooksig reads it, wherever it comes from (`-S`, `-H`,
/// a capture): without any CR or LF, and without surrounding spaces and
/// tabs. A header value cannot contain a line break, so one can only come
/// from pasting: a line ending copied with the value (`tjNB…=\r\n`) is
/// dropped, and a break inside it (a long value wrapped over two lines) is
/// removed, joining the pieces; spaces beside it stay.
pub fn header_value(value: &str) -> Cow<'_, str> {
    if value.contains(['\r', '\n']) {
        let joined: String = value
            .chars()
            .filter(|c| !matches!(c, '\r' | '\n'))
            .collect();
        Cow::Owned(trim_ows(&joined).to_owned())
    } else {
        Cow::Borrowed(trim_ows(value))
    }
}

/// A `-S` or `-H` argument as pasted, read into a header: see [`pasted`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pasted {
    /// The header's name, when the argument is `Name: value`.
    pub name: Option<String>,
    /// The value, as [`header_value`] reads it, without the quotes.
    pub value: String,
    /// The quote character of the one pair removed, if any.
    pub unquoted: Option<char>,
    /// Whether a line break inside the value was removed.
    pub line_break_inside: bool,
}

/// Reads a pasted `-S` or `-H` argument: line breaks and surrounding
/// spaces dropped as [`header_value`] does, then one matching pair of
/// surrounding `"` or `'` removed, from the whole argument
/// (`"Fintoc-Signature: t=…"`) or else from the value
/// (`Fintoc-Signature: "t=…"`). Values copied out of JSON logs or shell
/// history arrive quoted, and no scheme's value starts and ends with a
/// quote. A bare value (no `Name:`) has no name.
pub fn pasted(arg: &str) -> Pasted {
    let trimmed = trim_line_breaks(arg);
    let line_break_inside = unquote(trimmed)
        .map_or(trimmed, |(inner, _)| trim_line_breaks(inner))
        .contains(['\r', '\n']);
    let clean = header_value(arg);
    let (whole, mut unquoted) = match unquote(&clean) {
        Some((inner, quote)) => (header_value(inner), Some(quote)),
        None => (Cow::Borrowed(clean.as_ref()), None),
    };
    let (name, value) = match split_header_line(&whole) {
        Some((name, value)) => (Some(name.to_owned()), value),
        None => (None, whole.as_ref()),
    };
    let value = match unquote(value) {
        Some((inner, quote)) if unquoted.is_none() => {
            unquoted = Some(quote);
            header_value(inner)
        }
        _ => header_value(value),
    };
    Pasted {
        name,
        value: value.into_owned(),
        unquoted,
        line_break_inside,
    }
}

/// `text` without line breaks and spaces at either end.
fn trim_line_breaks(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\r', '\n'])
}

/// The text inside one matching pair of surrounding `"` or `'`, and the
/// quote.
fn unquote(text: &str) -> Option<(&str, char)> {
    ['"', '\'']
        .into_iter()
        .find_map(|q| Some((text.strip_prefix(q)?.strip_suffix(q)?, q)))
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

/// Reads a secret from its source: a file, or standard input for `-`
/// (bytes as they are, at most [`MAX_SECRET_FILE`] of them).
pub fn read_secret(source: &PayloadSource) -> Result<Vec<u8>, InputError> {
    match source {
        PayloadSource::File(path) => read_secret_file(path),
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
/// characters.
pub fn read_secret_file(path: &Path) -> Result<Vec<u8>, InputError> {
    let read = || -> io::Result<Vec<u8>> {
        let file = open_file(path)?;
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
    fn header_values_never_hold_line_breaks() {
        assert_eq!(header_value(" sig=\r\n"), "sig=");
        assert_eq!(header_value("sig=\n"), "sig=");
        assert_eq!(header_value("\tsig=\r"), "sig=");
        assert_eq!(header_value("tjNB\npH0s"), "tjNBpH0s");
        assert_eq!(header_value("v1,a\r\n v1,b"), "v1,a v1,b");
        let mut headers = Headers::new();
        headers
            .push("X-Slack-Request-Timestamp", "1531420618\r")
            .unwrap();
        assert_eq!(headers.get("x-slack-request-timestamp"), Some("1531420618"));
    }

    #[test]
    fn pasted_values_lose_one_pair_of_quotes() {
        let read = |arg: &str| {
            let p = pasted(arg);
            (p.name, p.value, p.unquoted)
        };
        let named = |v: &str, q| (Some("Fintoc-Signature".to_owned()), v.to_owned(), q);
        assert_eq!(
            read("\"t=1,v1=ab\"\n"),
            (None, "t=1,v1=ab".to_owned(), Some('"'))
        );
        assert_eq!(read("'tjNB='"), (None, "tjNB=".to_owned(), Some('\'')));
        assert_eq!(read("Fintoc-Signature: \"t=1\""), named("t=1", Some('"')));
        assert_eq!(read("\"Fintoc-Signature: t=1\""), named("t=1", Some('"')));
        assert_eq!(read("Fintoc-Signature: t=1\r\n"), named("t=1", None));
        // One matching pair only, and only around the whole.
        assert_eq!(read("\"\"x\"\""), (None, "\"x\"".to_owned(), Some('"')));
        assert_eq!(read("\"x'"), (None, "\"x'".to_owned(), None));
        assert_eq!(read("\""), (None, "\"".to_owned(), None));
        assert_eq!(read("a\"b\""), (None, "a\"b\"".to_owned(), None));
    }

    #[test]
    fn pasted_values_tell_a_line_break_inside_from_a_line_ending() {
        assert!(!pasted("sig=\r\n").line_break_inside);
        assert!(!pasted("\"sig=\"\n").line_break_inside);
        assert!(pasted("tjNB\npH0s=").line_break_inside);
        assert_eq!(pasted("tjNB\npH0s=").value, "tjNBpH0s=");
    }

    #[test]
    fn higher_sources_replace_lower_ones_by_name_keeping_every_copy() {
        let mut flags = Headers::new();
        flags.push("X-Hub-Signature-256", "a").unwrap();
        flags.push("x-hub-signature-256", "b").unwrap();
        let mut capture = Headers::new();
        capture.push("X-HUB-SIGNATURE-256", "c").unwrap();
        capture.push("Date", "d").unwrap();
        capture.push("Date", "e").unwrap();
        flags.extend_missing(&capture);
        assert_eq!(
            flags.get_all("x-hub-signature-256").collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(flags.get_all("date").collect::<Vec<_>>(), ["d", "e"]);
        let other = flags.replaced("X-Hub-Signature-256", "z");
        assert_eq!(
            other.get_all("x-hub-signature-256").collect::<Vec<_>>(),
            ["z"]
        );
        assert!(
            !flags
                .without(&["x-hub-signature-256"])
                .contains("X-Hub-Signature-256")
        );
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
        let err =
            read_secret_file(Path::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).unwrap_err();
        let message = err.to_string();
        assert!(!message.contains("MfKQ"), "{message}");
        assert!(message.contains("whse…"), "{message}");
        let err = read_secret_file(Path::new("secrt.txt")).unwrap_err();
        assert!(err.to_string().contains("secret file secrt.txt"), "{err}");
    }

    #[test]
    fn shorten_cuts_on_a_char_boundary() {
        let long = "é".repeat(100);
        let short = shorten(&long);
        assert!(short.ends_with('…'));
        assert_eq!(short.chars().count(), 61);
    }
}
