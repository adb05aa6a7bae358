//! hooksig-capture: pure parsers for the forms people hold a webhook in,
//! each giving the same [`Delivery`] (method, target, headers, when it was
//! received, and the body) that `hooksig_core::verify` judges. No file,
//! socket or clock is touched here: the caller hands over a reader.
//!
//! Today: raw HTTP/1.x request captures and HTTP/2-style captures
//! ([`parse_request`]). A new format is one more module and one fuzz target.

mod request;

pub use request::{MAX_HEAD, RequestBody, body_error, parse as parse_request};

use hooksig_core::Headers;
use hooksig_core::time::parse_http_date;

/// One webhook delivery, as a capture holds it.
pub struct Delivery<B> {
    /// The request line (`POST /hooks HTTP/1.1`), when the capture has one;
    /// for an HTTP/2 capture, `METHOD PATH HTTP/2` from its `:method` and
    /// `:path`.
    pub request_line: Option<String>,
    /// The captured headers, in order (pseudo-headers are not headers).
    pub headers: Headers,
    /// The body.
    pub body: B,
}

/// When a capture says it was received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceivedAt {
    /// Its `Date` header, an HTTP date, in Unix seconds.
    Date(i64),
    /// Its `Date` header is not an HTTP date (the text, as captured): the
    /// caller should say so and judge as of another moment.
    NotAnHttpDate(String),
    /// The capture does not say.
    Unknown,
}

impl<B> Delivery<B> {
    /// When the capture says it was received: its `Date` header when that
    /// is an HTTP date (`Sat, 05 Apr 2025 21:57:40 GMT`).
    pub fn received_at(&self) -> ReceivedAt {
        match self.headers.get("Date") {
            Some(text) => match parse_http_date(text) {
                Some(seconds) => ReceivedAt::Date(seconds),
                None => ReceivedAt::NotAnHttpDate(text.to_owned()),
            },
            None => ReceivedAt::Unknown,
        }
    }
}
