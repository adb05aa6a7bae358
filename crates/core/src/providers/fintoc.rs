//! Fintoc: `Fintoc-Signature: t=<unix seconds>,v1=<hex>`.
//!
//! `v1` is hex(HMAC-SHA256(secret, `"<t>.<raw body>"`)), with `t` in canonical
//! decimal form. Several `v1` may be present (key rotation): any one that
//! matches is enough. Whitespace around parts, keys and values is ignored,
//! unknown keys are ignored, hex is accepted in either case. The timestamp
//! window defaults to 300 seconds, in both directions.
//!
//! Where the official SDKs differ (they keep only the last `v1`, compare hex
//! case-sensitively, and some accept future timestamps), the README says
//! what hooksig does and why.

use super::{Claim, Context, Encoding, Provider, Rejection, Scheme, parse};
use crate::headers::Headers;
use crate::mac::Mac;

/// The Fintoc scheme.
pub struct Fintoc;

const HEADER: &str = "Fintoc-Signature";

impl Provider for Fintoc {
    fn name(&self) -> &'static str {
        "fintoc"
    }

    fn headers(&self) -> &'static [&'static str] {
        &[HEADER]
    }

    fn scheme(&self) -> Scheme {
        Scheme {
            signed_message: "{t}.{body}",
            encoding: Encoding::Hex,
            default_tolerance: Some(300),
        }
    }

    fn secret_prefix(&self) -> Option<&'static str> {
        Some("whsec_")
    }

    fn parse(&self, headers: &Headers) -> Result<Claim, Rejection> {
        parse::timestamp_and_v1(HEADER, parse::required(headers, HEADER)?)
    }

    fn signed_prefix(&self, context: &Context) -> Vec<u8> {
        parse::timestamp_dot(context)
    }

    fn signature_headers(&self, mac: &Mac, context: &Context) -> Vec<(String, String)> {
        vec![(
            HEADER.to_owned(),
            parse::timestamp_and_v1_value(mac, context),
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mac::hmac_sha256;
    use crate::providers::Timestamp;

    /// The message layout from Fintoc's "Validate the signature of your
    /// Webhook Endpoint" guide: `'1626102791.{"id":"evt_DyzYBwdC07ao5MqG",…}'`.
    #[test]
    fn signed_message_is_timestamp_dot_body() {
        let context = Context {
            timestamp: Some(Timestamp::from_seconds(1626102791)),
            id: None,
            ..Default::default()
        };
        assert_eq!(Fintoc.signed_prefix(&context), b"1626102791.");
    }

    #[test]
    fn signature_headers_round_trip_through_parse() {
        let context = Context {
            timestamp: Some(Timestamp::from_seconds(1700000000)),
            id: None,
            ..Default::default()
        };
        let mac = hmac_sha256(b"s", &[&Fintoc.signed_prefix(&context), b"{}"]);
        let mut headers = Headers::new();
        for (name, value) in Fintoc.signature_headers(&mac, &context) {
            headers.push(&name, &value).unwrap();
        }
        let claim = Fintoc.parse(&headers).unwrap();
        assert_eq!(claim.signatures, vec![mac]);
        assert_eq!(claim.context, context);
    }
}
