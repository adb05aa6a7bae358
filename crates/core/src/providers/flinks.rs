//! Flinks: `flinks-authenticity-key: base64(HMAC-SHA256(secret, body))`.
//!
//! The key is the HMAC secret's UTF-8 bytes; the message is the raw body;
//! the value is standard padded base64. No timestamp is signed, so a Flinks
//! webhook can be replayed: that is the scheme, not something hooksig can
//! check. Flinks' HMAC reference page names the header
//! `flinks-authenticity-key`; its webhook guide's code sample calls it
//! `X-Flinks-Signature`. Both are read, the first one found wins.

use super::{Claim, Context, Encoding, HeaderFamily, Provider, Rejection, Scheme, parse};
use crate::headers::Headers;
use crate::mac::Mac;

/// The Flinks scheme.
pub struct Flinks;

const HEADER: &str = "flinks-authenticity-key";
const ALT_HEADER: &str = "X-Flinks-Signature";

impl Provider for Flinks {
    fn name(&self) -> &'static str {
        "flinks"
    }

    fn headers(&self) -> &'static [&'static str] {
        &[HEADER, ALT_HEADER]
    }

    /// Two spellings of the one signature header.
    fn header_families(&self) -> Vec<HeaderFamily> {
        vec![
            HeaderFamily {
                alias: None,
                headers: &[HEADER],
            },
            HeaderFamily {
                alias: None,
                headers: &[ALT_HEADER],
            },
        ]
    }

    fn scheme(&self) -> Scheme {
        Scheme {
            signed_message: "{body}",
            encoding: Encoding::Base64,
            default_tolerance: None,
        }
    }

    fn parse(&self, headers: &Headers) -> Result<Claim, Rejection> {
        let (name, value) = [HEADER, ALT_HEADER]
            .into_iter()
            .find_map(|name| headers.get(name).map(|value| (name, value)))
            .ok_or_else(|| Rejection::missing(HEADER))?;
        Ok(Claim {
            context: Context::default(),
            signatures: vec![parse::base64_header(name, value)?],
        })
    }

    fn signed_prefix(&self, _context: &Context) -> Vec<u8> {
        Vec::new()
    }

    fn signature_headers(&self, mac: &Mac, _context: &Context) -> Vec<(String, String)> {
        vec![(HEADER.to_owned(), Encoding::Base64.encode(mac))]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::Reason;

    fn headers(name: &str, value: &str) -> Headers {
        let mut h = Headers::new();
        h.push(name, value).unwrap();
        h
    }

    #[test]
    fn both_header_names_are_read() {
        let value = parse::base64_encode(&[1u8; 32]);
        for name in ["flinks-authenticity-key", "X-Flinks-Signature"] {
            let claim = Flinks.parse(&headers(name, &value)).unwrap();
            assert_eq!(claim.signatures, vec![[1u8; 32]]);
        }
    }

    #[test]
    fn hex_or_truncated_values_are_malformed() {
        for value in [hex::encode([1u8; 32]), "abc".to_owned(), String::new()] {
            let err = Flinks.parse(&headers(HEADER, &value)).unwrap_err();
            assert_eq!(err.reason, Reason::MalformedSignature, "{value}");
        }
        let err = Flinks.parse(&Headers::new()).unwrap_err();
        assert_eq!(err.reason, Reason::MissingSignature);
        assert_eq!(err.message, "header flinks-authenticity-key is missing");
    }
}
