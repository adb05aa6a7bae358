//! Captured headers: `Name: value` lines as pasted or captured, read into
//! [`Headers`] (names case-insensitive, every copy kept, in order).

use std::borrow::Cow;

use crate::error::InputError;

pub mod lookalike;

/// The longest header value hooksig accepts (64 KiB). Real signature headers
/// are under 1 KiB; the limit keeps hostile input from costing memory or time.
pub const MAX_HEADER_VALUE: usize = 64 * 1024;

/// The captured request head: its headers, in the order given (names
/// compare case-insensitively; repeated headers are all kept), and, when the
/// caller knows them, the request's method and full URL (schemes that sign
/// `{method}`, `{url}` or `{path}` read them from here).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    entries: Vec<(String, String)>,
    method: Option<String>,
    url: Option<String>,
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
        Headers {
            entries,
            ..self.clone_head()
        }
    }

    /// These headers without any of the headers `names`.
    pub fn without(&self, names: &[&str]) -> Headers {
        let entries = self
            .entries
            .iter()
            .filter(|(n, _)| !names.iter().any(|name| n.eq_ignore_ascii_case(name)))
            .cloned()
            .collect();
        Headers {
            entries,
            ..self.clone_head()
        }
    }

    /// No headers, this request's method and URL.
    fn clone_head(&self) -> Headers {
        Headers {
            entries: Vec::new(),
            method: self.method.clone(),
            url: self.url.clone(),
        }
    }

    /// Sets the request's method (`POST`), as received.
    pub fn set_method(&mut self, method: &str) {
        self.method = Some(method.to_owned());
    }

    /// Sets the request's full URL (`https://example.com/hooks?x=1`), as
    /// the sender addressed it.
    pub fn set_url(&mut self, url: &str) {
        self.url = Some(url.to_owned());
    }

    /// The request's method, when known.
    pub fn method(&self) -> Option<&str> {
        self.method.as_deref()
    }

    /// The request's full URL, when known.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
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

/// The request target of a full URL (`https://example.com/hooks?x=1`): its
/// path and query (`/hooks?x=1`), `/` standing for an empty path.
pub fn url_target(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let target = rest.find(['/', '?', '#']).map_or("", |i| &rest[i..]);
    let target = target.split('#').next().unwrap_or_default();
    if target.starts_with('/') {
        target.to_owned()
    } else {
        format!("/{target}")
    }
}

/// A full URL's three parts: its scheme with `://` (`https://`), its
/// authority (host and any port, `example.com:8443`) and the rest (path,
/// query, fragment); `None` when it has no `://`.
pub fn split_url(url: &str) -> Option<(&str, &str, &str)> {
    let start = url.find("://")? + 3;
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    Some((&url[..start], &url[start..end], &url[end..]))
}

/// An authority's host and port, when it has a port (`host:8443`,
/// `[::1]:8443`).
pub fn split_port(authority: &str) -> Option<(&str, &str)> {
    let (host, port) = authority.rsplit_once(':')?;
    (!port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && !host.ends_with(':'))
        .then_some((host, port))
}

/// The default port of a URL scheme (`https://` → 443, else 80).
pub fn default_port(scheme: &str) -> u16 {
    if scheme.eq_ignore_ascii_case("https://") {
        443
    } else {
        80
    }
}

/// Shortens a user-supplied value for an error message.
pub fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
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
    fn shorten_cuts_on_a_char_boundary() {
        let long = "é".repeat(100);
        let short = shorten(&long);
        assert!(short.ends_with('…'));
        assert_eq!(short.chars().count(), 61);
    }
}
