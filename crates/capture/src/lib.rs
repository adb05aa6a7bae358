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
    /// The request's method (`POST`), from its request line.
    pub fn method(&self) -> Option<&str> {
        self.request_line.as_deref()?.split(' ').next()
    }

    /// The request target as received (`/hooks?x=1`), from its request line.
    pub fn target(&self) -> Option<&str> {
        self.request_line.as_deref()?.split(' ').nth(1)
    }

    /// The request's full URL: `https://` + its `Host` + its request-line
    /// target (a target already in absolute form, `https://host/path`, as it
    /// is). `None` without a request line, or without a Host for a target
    /// that is only a path. The scheme is assumed: a capture does not say
    /// whether TLS was used (`--url` says it).
    pub fn url(&self) -> Option<String> {
        let target = self.target()?;
        if target.starts_with("http://") || target.starts_with("https://") {
            return Some(target.to_owned());
        }
        let host = self.headers.get("Host").filter(|h| !h.is_empty())?;
        Some(format!("https://{host}{target}"))
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(request_line: Option<&str>, host: Option<&str>) -> Delivery<()> {
        let mut headers = Headers::new();
        if let Some(host) = host {
            headers.push("Host", host).unwrap();
        }
        Delivery {
            request_line: request_line.map(str::to_owned),
            headers,
            body: (),
        }
    }

    #[test]
    fn the_url_is_https_host_and_target() {
        let d = delivery(
            Some("POST /hooks?a=1&b=2 HTTP/1.1"),
            Some("example.com:8443"),
        );
        assert_eq!(d.method(), Some("POST"));
        assert_eq!(d.target(), Some("/hooks?a=1&b=2"));
        assert_eq!(
            d.url().as_deref(),
            Some("https://example.com:8443/hooks?a=1&b=2")
        );
        let absolute = delivery(Some("PUT http://h.test/x HTTP/1.1"), Some("other"));
        assert_eq!(absolute.url().as_deref(), Some("http://h.test/x"));
        assert_eq!(delivery(Some("POST /x HTTP/1.1"), None).url(), None);
        assert_eq!(delivery(None, Some("example.com")).url(), None);
        assert_eq!(delivery(None, Some("example.com")).method(), None);
    }
}
