//! The raw HTTP request capture parser, `hooksig_capture::parse_request`,
//! with its body read to the end, and `parse_http_date`.
//!
//! The first byte of the input says how many bytes (1 to 16) the capture's
//! reader hands out per read; the rest is the capture. Seeds:
//! `fuzz/corpus/http_request/` (the shipped examples, LF and CRLF captures,
//! chunked bodies, folded headers, bad framing), each with a leading step
//! byte.
//!
//! Invariants: nothing panics; the capture parses to the same request line,
//! headers, body (or error) whether it arrives whole or a few bytes at a
//! time; a body framed by Content-Length has exactly that many bytes; a
//! body is never longer than the capture; a parsed Date is a moment of
//! years 0000 to 9999.
#![no_main]

use std::io::{self, Read};

use hooksig_core::time::parse_http_date;
use hooksig_core::time::utc_datetime;
use libfuzzer_sys::fuzz_target;

/// The request line, headers, body and trailing-bytes flag, or the error.
type Parsed = Result<(Option<String>, Vec<(String, String)>, Vec<u8>, bool), String>;

fuzz_target!(|data: &[u8]| {
    let Some((&step, capture)) = data.split_first() else {
        return;
    };
    let whole = read(capture, usize::MAX);
    let trickled = read(capture, usize::from(step % 16) + 1);
    assert_eq!(whole, trickled);

    let text = String::from_utf8_lossy(capture);
    for line in text.lines() {
        let value = line.split_once(':').map_or(line, |(_, v)| v);
        if let Some(t) = parse_http_date(value) {
            // 0000-01-01 to 9999-12-31 23:59:60 (a leap second).
            assert!((-62_167_219_200..=253_402_300_800).contains(&t), "{t}");
            let _ = utc_datetime(t);
        }
    }
});

fn read(capture: &[u8], step: usize) -> Parsed {
    let reader = Trickle {
        bytes: capture.to_vec(),
        at: 0,
        step,
    };
    let mut request = hooksig_capture::parse_request(Box::new(reader)).map_err(|e| e.to_string())?;
    let mut body = Vec::new();
    request
        .body
        .read_to_end(&mut body)
        .map_err(|e| e.to_string())?;
    assert!(body.len() <= capture.len());
    if let Some(length) = request.body.content_length() {
        assert_eq!(body.len() as u64, length);
    }
    let headers = request
        .headers
        .iter()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    Ok((
        request.request_line,
        headers,
        body,
        request.body.has_trailing_bytes(),
    ))
}

/// A reader that hands out at most `step` bytes per read, as a pipe or a
/// socket may.
struct Trickle {
    bytes: Vec<u8>,
    at: usize,
    step: usize,
}

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.step).min(self.bytes.len() - self.at);
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
