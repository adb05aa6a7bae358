//! Raw HTTP/1.x request captures (from a request bin, `nc -l`, a proxy log):
//! an optional request line, headers up to the first empty line (CRLF or LF),
//! then the body.
//!
//! The head is read into memory (at most [`MAX_HEAD`] bytes); the body is
//! streamed, framed by `Content-Length` or decoded from
//! `Transfer-Encoding: chunked`, and otherwise taken to the end of the input.

use std::io::{self, BufRead, BufReader, Cursor, Read};

use super::{Headers, is_token, shorten};
use crate::error::InputError;

/// The largest request head (request line and headers) accepted: 1 MiB.
pub const MAX_HEAD: usize = 1024 * 1024;

/// The longest chunk-size line accepted in a chunked body.
const MAX_CHUNK_LINE: u64 = 4096;

/// A parsed capture: its headers, and its body as a stream.
pub struct Request {
    /// The request line (`POST /hooks HTTP/1.1`), when the capture has one.
    pub request_line: Option<String>,
    /// The captured headers, in order.
    pub headers: Headers,
    /// The body, framed as the headers say.
    pub body: RequestBody,
}

/// Reads a capture's head from `input` and returns the headers and a stream
/// over the body.
pub fn parse(mut input: Box<dyn Read>) -> Result<Request, InputError> {
    let (head, rest) = read_head(&mut input)?;
    let (request_line, headers) = parse_head(&head)?;
    let stream = BufReader::new(Cursor::new(rest).chain(input));
    let framing = framing(&headers)?;
    Ok(Request {
        request_line,
        headers,
        body: RequestBody {
            stream,
            framing,
            trailing: false,
        },
    })
}

/// Splits the input at the first empty line: (head, bytes already read past it).
fn read_head(input: &mut dyn Read) -> Result<(Vec<u8>, Vec<u8>), InputError> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let mut searched = 0;
    let too_long = || {
        InputError::BadRequest(format!(
            "no empty line ends the headers within the first {} KiB: is this a raw HTTP request?",
            MAX_HEAD / 1024
        ))
    };
    loop {
        if let Some((end, body_start)) = find_blank_line(&buf, searched) {
            // The limit holds however the input was split into reads.
            if end > MAX_HEAD {
                return Err(too_long());
            }
            let rest = buf.split_off(body_start);
            buf.truncate(end);
            return Ok((buf, rest));
        }
        searched = buf.len().saturating_sub(3);
        // Two bytes past the limit may still complete a blank line
        // (`\r\n`) that ends a head of exactly MAX_HEAD bytes.
        if buf.len() > MAX_HEAD + 2 {
            return Err(too_long());
        }
        let n = match input.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(InputError::ReadBody { cause: e }),
        };
        if n == 0 {
            // Headers and no body.
            return Ok((buf, Vec::new()));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// The end of the head and the start of the body: the first `\n\n` or
/// `\n\r\n` at or after `from`.
fn find_blank_line(buf: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut i = from;
    while i < buf.len() {
        if buf[i] == b'\n' {
            match buf.get(i + 1..) {
                Some([b'\n', ..]) => return Some((i + 1, i + 2)),
                Some([b'\r', b'\n', ..]) => return Some((i + 1, i + 3)),
                _ => {}
            }
        }
        i += 1;
    }
    None
}

fn parse_head(head: &[u8]) -> Result<(Option<String>, Headers), InputError> {
    let text = String::from_utf8_lossy(head);
    let mut headers = Headers::new();
    let mut request_line = None;
    let mut pending: Option<(String, String)> = None;
    for (n, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            // An obsolete folded continuation of the previous header.
            match pending.as_mut() {
                Some((_, value)) => {
                    value.push(' ');
                    value.push_str(line.trim());
                    continue;
                }
                None => return Err(not_a_header(n, line)),
            }
        }
        if let Some((name, value)) = pending.take() {
            headers.push(&name, &value)?;
        }
        match line.split_once(':') {
            Some((name, value)) if is_token(name) => {
                pending = Some((name.to_owned(), value.to_owned()));
            }
            _ if n == 0 && looks_like_request_line(line) => {
                request_line = Some(line.to_owned());
            }
            _ => return Err(not_a_header(n, line)),
        }
    }
    if let Some((name, value)) = pending {
        headers.push(&name, &value)?;
    }
    Ok((request_line, headers))
}

fn looks_like_request_line(line: &str) -> bool {
    let mut parts = line.split(' ');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some(method), Some(target), Some(version), None)
            if is_token(method) && !target.is_empty() && version.starts_with("HTTP/")
    )
}

fn not_a_header(index: usize, line: &str) -> InputError {
    InputError::BadRequest(format!(
        "line {} is not a 'Name: value' header: {:?}",
        index + 1,
        shorten(line)
    ))
}

/// How the body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    /// To the end of the input.
    ToEnd,
    /// Exactly this many bytes (`Content-Length`); `remaining` counts down.
    Length { expected: u64, remaining: u64 },
    /// Chunked transfer coding; `remaining` is left in the current chunk.
    Chunked { remaining: u64, done: bool },
}

fn framing(headers: &Headers) -> Result<Framing, InputError> {
    let chunked = headers.get_all("Transfer-Encoding").any(|v| {
        v.rsplit(',')
            .next()
            .is_some_and(|last| last.trim().eq_ignore_ascii_case("chunked"))
    });
    if chunked {
        return Ok(Framing::Chunked {
            remaining: 0,
            done: false,
        });
    }
    let mut lengths = headers.get_all("Content-Length").flat_map(|v| v.split(','));
    let Some(first) = lengths.next() else {
        return Ok(Framing::ToEnd);
    };
    let parse = |v: &str| -> Result<u64, InputError> {
        let v = v.trim();
        if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(InputError::BadRequest(format!(
                "Content-Length {:?} is not a number of bytes",
                shorten(v)
            )));
        }
        v.parse().map_err(|_| {
            InputError::BadRequest(format!("Content-Length {} is too large", shorten(v)))
        })
    };
    let expected = parse(first)?;
    for other in lengths {
        if parse(other)? != expected {
            return Err(InputError::BadRequest(
                "the Content-Length headers disagree".to_owned(),
            ));
        }
    }
    Ok(Framing::Length {
        expected,
        remaining: expected,
    })
}

/// The bytes after the head: those already read, then the rest of the input.
type BodyStream = BufReader<std::io::Chain<Cursor<Vec<u8>>, Box<dyn Read>>>;

/// A capture's body, as a stream. Read it to the end, then ask
/// [`RequestBody::has_trailing_bytes`] whether the capture held more than
/// `Content-Length` said.
pub struct RequestBody {
    stream: BodyStream,
    framing: Framing,
    trailing: bool,
}

impl RequestBody {
    /// Whether bytes followed the `Content-Length` body (they are not part of
    /// the body and were not signed). Meaningful once the body is read.
    pub fn has_trailing_bytes(&self) -> bool {
        self.trailing
    }

    /// The number of bytes `Content-Length` announced, if it did.
    pub fn content_length(&self) -> Option<u64> {
        match self.framing {
            Framing::Length { expected, .. } => Some(expected),
            _ => None,
        }
    }

    /// Reads at most `limit` bytes of the stream into `buf`.
    fn read_at_most(&mut self, buf: &mut [u8], limit: u64) -> io::Result<usize> {
        let want = buf.len().min(usize::try_from(limit).unwrap_or(usize::MAX));
        self.stream.read(&mut buf[..want])
    }

    fn read_chunk_size(&mut self) -> io::Result<u64> {
        let line = self.read_line("a chunk size")?;
        let size = line.split(';').next().unwrap_or("").trim();
        u64::from_str_radix(size, 16).map_err(|_| {
            bad_data(format!(
                "the chunked body has a bad chunk-size line {:?}",
                shorten(&line)
            ))
        })
    }

    fn read_line(&mut self, what: &str) -> io::Result<String> {
        let mut line = Vec::new();
        (&mut self.stream)
            .take(MAX_CHUNK_LINE)
            .read_until(b'\n', &mut line)?;
        if !line.ends_with(b"\n") {
            return Err(bad_data(format!(
                "the chunked body ends, or has an overlong line, where {what} was expected"
            )));
        }
        let text = String::from_utf8_lossy(&line);
        Ok(text.trim_end_matches(['\r', '\n']).to_owned())
    }
}

fn bad_data(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

impl Read for RequestBody {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.framing {
            Framing::ToEnd => self.stream.read(buf),
            Framing::Length {
                expected,
                remaining,
            } => {
                if remaining == 0 {
                    if !self.trailing {
                        self.trailing = !self.stream.fill_buf()?.is_empty();
                    }
                    return Ok(0);
                }
                let n = self.read_at_most(buf, remaining)?;
                if n == 0 {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!(
                            "the capture's body is {} bytes, but its Content-Length header says {expected}",
                            expected - remaining
                        ),
                    ));
                }
                self.framing = Framing::Length {
                    expected,
                    remaining: remaining - n as u64,
                };
                Ok(n)
            }
            Framing::Chunked { done: true, .. } => Ok(0),
            Framing::Chunked { remaining, .. } => {
                let mut remaining = remaining;
                if remaining == 0 {
                    remaining = self.read_chunk_size()?;
                    if remaining == 0 {
                        // The last chunk: skip trailer fields up to the empty line.
                        while !self.read_line("the end of the trailers")?.is_empty() {}
                        self.framing = Framing::Chunked {
                            remaining: 0,
                            done: true,
                        };
                        return Ok(0);
                    }
                }
                let n = self.read_at_most(buf, remaining)?;
                if n == 0 {
                    return Err(bad_data(
                        "the chunked body ends in the middle of a chunk".to_owned(),
                    ));
                }
                remaining -= n as u64;
                if remaining == 0 && !self.read_line("the end of a chunk")?.is_empty() {
                    return Err(bad_data(
                        "a chunk of the chunked body is longer than its size line says".to_owned(),
                    ));
                }
                self.framing = Framing::Chunked {
                    remaining,
                    done: false,
                };
                Ok(n)
            }
        }
    }
}

/// Parses an HTTP `Date` header in the preferred IMF-fixdate form
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) to Unix seconds. Every number has its
/// fixed number of ASCII digits (a 4-digit year, 2-digit day and time), as
/// RFC 9110 writes them, so no value can overflow the arithmetic.
pub fn parse_http_date(value: &str) -> Option<i64> {
    let rest = value.trim().split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let day = fixed_digits(parts.next()?, 2)?;
    let month = parts.next()?;
    let year = fixed_digits(parts.next()?, 4)?;
    let time = parts.next()?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let mut hms = time.split(':').map(|p| fixed_digits(p, 2));
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + m * 60 + s)
}

/// `text` as a number when it is exactly `width` ASCII digits.
fn fixed_digits(text: &str, width: usize) -> Option<i64> {
    if text.len() != width || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capture(bytes: &[u8]) -> Result<(Request, Vec<u8>), InputError> {
        let mut request = parse(Box::new(Cursor::new(bytes.to_vec())))?;
        let mut body = Vec::new();
        request
            .body
            .read_to_end(&mut body)
            .map_err(|cause| InputError::ReadBody { cause })?;
        Ok((request, body))
    }

    #[test]
    fn request_line_headers_and_body_with_crlf() {
        let (req, body) = capture(
            b"POST /hooks HTTP/1.1\r\nHost: x\r\nFintoc-Signature: t=1,v1=a\r\nX-Dup: 1\r\nx-dup: 2\r\n\r\n{\"a\":1}\r\n",
        )
        .unwrap();
        assert_eq!(req.request_line.as_deref(), Some("POST /hooks HTTP/1.1"));
        assert_eq!(req.headers.get("fintoc-signature"), Some("t=1,v1=a"));
        assert_eq!(req.headers.get_all("X-DUP").collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(body, b"{\"a\":1}\r\n");
    }

    #[test]
    fn lf_only_captures_and_no_request_line() {
        let (req, body) = capture(b"A: 1\nB: 2\n\nbody\n\n").unwrap();
        assert_eq!(req.request_line, None);
        assert_eq!(req.headers.get("b"), Some("2"));
        assert_eq!(body, b"body\n\n");
    }

    #[test]
    fn content_length_frames_the_body() {
        let (req, body) = capture(b"Content-Length: 3\r\n\r\nabcdef").unwrap();
        assert_eq!(body, b"abc");
        assert!(req.body.has_trailing_bytes());
        let (req, body) = capture(b"Content-Length: 3\r\n\r\nabc").unwrap();
        assert_eq!(body, b"abc");
        assert!(!req.body.has_trailing_bytes());
        let err = capture(b"Content-Length: 10000000000\r\n\r\nabc")
            .err()
            .unwrap();
        assert!(err.to_string().contains("body is 3 bytes"), "{err}");
        for bad in ["-1", "1e3", "", "99999999999999999999999"] {
            let text = format!("Content-Length: {bad}\r\n\r\nabc");
            assert!(capture(text.as_bytes()).is_err(), "{bad}");
        }
        assert!(capture(b"Content-Length: 1\r\nContent-Length: 2\r\n\r\nab").is_err());
    }

    #[test]
    fn chunked_bodies_are_decoded() {
        let (_, body) = capture(
            b"Transfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n6;ext=1\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nX-Trailer: 1\r\n\r\n",
        )
        .unwrap();
        assert_eq!(body, b"Wikipedia in \r\n\r\nchunks.");
        for bad in [
            &b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc"[..],
            b"Transfer-Encoding: chunked\r\n\r\n5\r\nab",
            b"Transfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
            b"Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n",
        ] {
            assert!(capture(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn folded_headers_are_joined_and_junk_is_refused() {
        let (req, _) = capture(b"X-Long: a\r\n  b\r\n\r\n").unwrap();
        assert_eq!(req.headers.get("x-long"), Some("a b"));
        let err = capture(b"{\"not\": \"a request\"}\n").err().unwrap();
        assert!(
            err.to_string()
                .contains("line 1 is not a 'Name: value' header"),
            "{err}"
        );
        assert!(capture(b"A: 1\r\nnot a header\r\n\r\n").is_err());
    }

    #[test]
    fn an_endless_head_is_refused() {
        let head = vec![b'a'; MAX_HEAD + 10];
        let err = capture(&head).err().unwrap();
        assert!(err.to_string().contains("no empty line"), "{err}");
    }

    /// A head just over the limit was accepted when it arrived in large
    /// reads and refused in small ones: the limit is now exact.
    #[test]
    fn the_head_limit_is_exact_whatever_the_reads() {
        // `X: aaa…\r\n` lines, then the blank line, `end` bytes of head.
        let head_of = |end: usize| {
            let mut head = b"X: ".to_vec();
            head.resize(end - 2, b'a');
            head.extend_from_slice(b"\r\n\r\nbody");
            head
        };
        let fits = head_of(MAX_HEAD);
        let over = head_of(MAX_HEAD + 1);
        for step in [1, 7, 8192, usize::MAX] {
            let (head, read_past) = read_head(&mut Trickle(&fits[..], step)).unwrap();
            assert_eq!(head.len(), MAX_HEAD);
            assert!(b"body".starts_with(&read_past), "{read_past:?}");
            let err = read_head(&mut Trickle(&over[..], step)).unwrap_err();
            assert!(err.to_string().contains("no empty line"), "{err}");
        }
    }

    /// Hands out at most `.1` bytes per read.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.1).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn http_dates_parse_imf_fixdate_only() {
        // RFC 9110's example: Sun, 06 Nov 1994 08:49:37 GMT = 784111777.
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784111777)
        );
        assert_eq!(
            parse_http_date("Sat, 05 Apr 2025 21:57:40 GMT"),
            Some(1743890260)
        );
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), None);
        assert_eq!(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"), None);
    }

    /// Found by the `http_request` fuzz target: a year of 17 digits
    /// overflowed the day arithmetic (a panic in debug builds, a wrong
    /// moment in release builds). Signs and other widths are refused too.
    #[test]
    fn http_dates_with_huge_signed_or_odd_width_fields_are_refused() {
        for bad in [
            "Sun, 06 Nov 99999999999999999 08:49:37 GMT",
            "Sun, 06 Nov 9223372036854775807 08:49:37 GMT",
            "Sun, 06 Nov -1994 08:49:37 GMT",
            "Sun, 06 Nov +1994 08:49:37 GMT",
            "Sun, +6 Nov 1994 08:49:37 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 -8:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37:00 GMT",
            "Sun, 06 Nov 94 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
        assert_eq!(
            parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT"),
            Some(253_402_300_799)
        );
        assert_eq!(
            parse_http_date("Sat, 01 Jan 0000 00:00:00 GMT"),
            Some(-62_167_219_200)
        );
    }
}
