//! GitHub: `X-Hub-Signature-256: sha256=<hex(HMAC-SHA256(secret, body))>`.
//!
//! The key is the webhook secret's UTF-8 bytes; the message is the raw body;
//! the value is `sha256=` (exactly, lower case) followed by 64 hex digits
//! (either case). No timestamp is signed, so a delivery can be replayed.
//!
//! Only `X-Hub-Signature-256` is checked. The legacy `X-Hub-Signature`
//! (`sha1=…`, HMAC-SHA1) is not supported: when it comes alone, the verdict
//! says so instead of only "missing".
//!
//! Source: GitHub Docs, "Validating webhook deliveries".

use super::{Claim, Context, Encoding, Provider, Rejection, Scheme, parse};
use crate::headers::Headers;
use crate::mac::Mac;
use crate::verdict::Reason;

/// The GitHub scheme.
pub struct GitHub;

const HEADER: &str = "X-Hub-Signature-256";
const LEGACY_SHA1_HEADER: &str = "X-Hub-Signature";
const PREFIX: &str = "sha256=";

impl Provider for GitHub {
    fn name(&self) -> &'static str {
        "github"
    }

    /// The legacy SHA-1 header is listed so that it identifies GitHub and
    /// the verdict can explain why it is not enough.
    fn headers(&self) -> &'static [&'static str] {
        &[HEADER, LEGACY_SHA1_HEADER]
    }

    fn scheme(&self) -> Scheme {
        Scheme {
            signed_message: "{body}",
            encoding: Encoding::Hex,
            default_tolerance: None,
        }
    }

    fn parse(&self, headers: &Headers) -> Result<Claim, Rejection> {
        let value = parse::required(headers, HEADER).map_err(|missing| {
            if headers.contains(LEGACY_SHA1_HEADER) {
                Rejection {
                    reason: Reason::MissingSignature,
                    message: format!(
                        "header {HEADER} is missing; {LEGACY_SHA1_HEADER} is GitHub's legacy SHA-1 signature, which hooksig does not check"
                    ),
                }
            } else {
                missing
            }
        })?;
        Ok(Claim {
            context: Context::default(),
            signatures: vec![parse::prefixed_hex(HEADER, value, PREFIX)?],
        })
    }

    fn signed_prefix(&self, _context: &Context) -> Vec<u8> {
        Vec::new()
    }

    fn signature_headers(&self, mac: &Mac, _context: &Context) -> Vec<(String, String)> {
        vec![(
            HEADER.to_owned(),
            format!("{PREFIX}{}", Encoding::Hex.encode(mac)),
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::testing::{assert_round_trip, headers, reason};

    /// PUBLISHED: GitHub Docs, "Validating webhook deliveries", section
    /// "Testing the webhook payload validation".
    const SECRET: &str = "It's a Secret to Everybody";
    const BODY: &[u8] = b"Hello, World!";
    const SIGNATURE: &str =
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    #[test]
    fn published_docs_vector_verifies() {
        let h = headers(&[(HEADER, SIGNATURE)]);
        assert_eq!(reason(&GitHub, &h, BODY, SECRET, 0), Reason::Ok);
        assert_eq!(
            reason(&GitHub, &h, b"Hello, World!\n", SECRET, 0),
            Reason::SignatureMismatch
        );
        assert_eq!(
            reason(&GitHub, &h, BODY, "It's a secret to everybody", 0),
            Reason::SignatureMismatch
        );
    }

    #[test]
    fn anything_but_sha256_and_64_hex_digits_is_malformed() {
        let hex = &SIGNATURE[PREFIX.len()..];
        for value in [
            hex.to_owned(),
            format!("sha1={hex}"),
            format!("SHA256={hex}"),
            format!("sha256={}", &hex[1..]),
            String::new(),
        ] {
            let err = GitHub.parse(&headers(&[(HEADER, &value)])).unwrap_err();
            assert_eq!(err.reason, Reason::MalformedSignature, "{value}");
        }
    }

    #[test]
    fn the_legacy_sha1_header_alone_is_explained() {
        let h = headers(&[(LEGACY_SHA1_HEADER, "sha1=0a0b")]);
        let err = GitHub.parse(&h).unwrap_err();
        assert_eq!(err.reason, Reason::MissingSignature);
        assert!(err.message.contains("legacy SHA-1"), "{}", err.message);
        let err = GitHub.parse(&Headers::new()).unwrap_err();
        assert_eq!(err.message, "header X-Hub-Signature-256 is missing");
    }

    #[test]
    fn signature_headers_round_trip_through_parse() {
        assert_round_trip(&GitHub, &Context::default(), "github-secret");
    }
}
