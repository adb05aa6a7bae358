//! Input: captured headers, `Name: value` lines, payload sources, and raw
//! HTTP request captures ([`request`]).
//!
//! Nothing here looks inside the body: it is read as bytes and handed on
//! unchanged.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::error::InputError;

pub mod request;

/// The longest header value hooksig accepts (64 KiB). Real signature headers
/// are under 1 KiB; the limit keeps hostile input from costing memory or time.
pub const MAX_HEADER_VALUE: usize = 64 * 1024;

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
pub(crate) fn shorten(s: &str) -> String {
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
            PayloadSource::File(path) => File::open(path)
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

/// Reads a whole file that holds a secret (bytes, as they are).
pub fn read_secret_file(path: &Path) -> Result<Vec<u8>, InputError> {
    std::fs::read(path).map_err(|cause| InputError::ReadFile {
        what: "secret file",
        path: path.to_owned(),
        cause,
    })
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
    fn shorten_cuts_on_a_char_boundary() {
        let long = "é".repeat(100);
        let short = shorten(&long);
        assert!(short.ends_with('…'));
        assert_eq!(short.chars().count(), 61);
    }
}
