//! Shopify: `X-Shopify-Hmac-Sha256: base64(HMAC-SHA256(secret, body))`.
//!
//! The key is the app's client secret, UTF-8 bytes as they are; the message
//! is the raw body; the value is standard padded base64 (surrounding
//! whitespace ignored). No timestamp is signed, so a webhook can be
//! replayed. This is the same scheme as Flinks', under another header.
//!
//! Source: Shopify's "Verify webhooks" docs (shopify.dev) and
//! `Shopify/shopify-app-js` (`createHmac('sha256', secret).update(body)
//! .digest('base64')`).

use super::{Claim, Context, Encoding, Provider, Rejection, Scheme, parse};
use crate::headers::Headers;
use crate::mac::Mac;

/// The Shopify scheme.
pub struct Shopify;

const HEADER: &str = "X-Shopify-Hmac-Sha256";

impl Provider for Shopify {
    fn name(&self) -> &'static str {
        "shopify"
    }

    fn headers(&self) -> &'static [&'static str] {
        &[HEADER]
    }

    fn scheme(&self) -> Scheme {
        Scheme {
            signed_message: "{body}",
            encoding: Encoding::Base64,
            default_tolerance: None,
        }
    }

    fn parse(&self, headers: &Headers) -> Result<Claim, Rejection> {
        let value = parse::required(headers, HEADER)?;
        Ok(Claim {
            context: Context::default(),
            signatures: vec![parse::base64_header(HEADER, value)?],
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
    use crate::providers::testing::{assert_round_trip, headers, reason};
    use crate::verdict::Reason;

    /// DERIVED: Shopify publishes no webhook signature (its SDK tests compute
    /// one at run time). This is the MAC of GitHub's published vector (GitHub
    /// Docs, "Validating webhook deliveries": secret "It's a Secret to
    /// Everybody", body "Hello, World!", sha256=757107ea…3e17) in base64.
    #[test]
    fn github_published_mac_in_base64_verifies() {
        let h = headers(&[(HEADER, "dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc=")]);
        let secret = "It's a Secret to Everybody";
        assert_eq!(
            reason(&Shopify, &h, b"Hello, World!", secret, 0),
            Reason::Ok
        );
        assert_eq!(
            reason(&Shopify, &h, b"Hello, World?", secret, 0),
            Reason::SignatureMismatch
        );
    }

    #[test]
    fn hex_or_unpadded_values_are_malformed() {
        let mac = [7u8; 32];
        let padded = parse::base64_encode(&mac);
        for value in [hex::encode(mac), padded.trim_end_matches('=').to_owned()] {
            let err = Shopify.parse(&headers(&[(HEADER, &value)])).unwrap_err();
            assert_eq!(err.reason, Reason::MalformedSignature, "{value}");
        }
        let err = Shopify.parse(&Headers::new()).unwrap_err();
        assert_eq!(err.message, "header X-Shopify-Hmac-Sha256 is missing");
    }

    #[test]
    fn signature_headers_round_trip_through_parse() {
        assert_round_trip(&Shopify, &Context::default(), "shpss_round_trip");
    }
}
