//! Stripe: `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=…]`.
//!
//! `v1` is hex(HMAC-SHA256(secret, `"<t>.<raw body>"`)), with `t` in canonical
//! decimal form. The key is the endpoint secret's UTF-8 bytes exactly as
//! shown in the dashboard, `whsec_` prefix included: it is not decoded.
//! Several `v1` may be present (secret rolling): any one that matches is
//! enough. `v0` (Stripe's test-mode legacy scheme) and other keys are
//! ignored. The header is read as Fintoc's is ([`parse::timestamp_and_v1`]).
//! The timestamp window defaults to 300 seconds, Stripe's
//! `DEFAULT_TOLERANCE`, in both directions.
//!
//! Source: Stripe's "Verify webhook signatures manually" guide and
//! stripe-python's `stripe/_webhook.py`. Where stripe-python differs
//! (future timestamps are accepted; keys are not trimmed; hex is compared
//! case-sensitively; the first `t` wins where hooksig refuses two), hooksig
//! keeps the rules it applies to Fintoc.

use super::{Claim, Context, Encoding, Provider, Rejection, Scheme, parse};
use crate::headers::Headers;
use crate::mac::Mac;

/// The Stripe scheme.
pub struct Stripe;

const HEADER: &str = "Stripe-Signature";

impl Provider for Stripe {
    fn name(&self) -> &'static str {
        "stripe"
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
    use crate::providers::Timestamp;
    use crate::providers::testing::{assert_round_trip, headers, reason};
    use crate::verdict::Reason;

    /// DERIVED, not published: Stripe publishes no signature. The inputs are
    /// stripe-python's `tests/test_webhook.py` (`DUMMY_WEBHOOK_PAYLOAD`, secret
    /// `whsec_test_secret`, `timestamp=12345`); the signature was computed
    /// with Python's `hmac` and `stripe.WebhookSignature.generate_signature_header`
    /// at authoring time, and is now also accepted by stripe-python 16.1.0
    /// (tests/vectors/stripe.toml), so it shows agreement, not truth.
    const BODY: &[u8] = include_bytes!("../../../../tests/fixtures/stripe_body.json");
    const SIGNATURE: &str =
        "t=12345,v1=07b1ede164afb7b5de91267ffa656f568c65d6e0783ce0ac55ee094643578eda";

    #[test]
    fn derived_stripe_python_vector_verifies_with_the_whsec_prefix_kept() {
        let h = headers(&[(HEADER, SIGNATURE)]);
        assert_eq!(
            reason(&Stripe, &h, BODY, "whsec_test_secret", 12345),
            Reason::Ok
        );
        assert_eq!(
            reason(&Stripe, &h, BODY, "test_secret", 12345),
            Reason::SignatureMismatch
        );
        assert_eq!(
            reason(&Stripe, &h, &BODY[1..], "whsec_test_secret", 12345),
            Reason::SignatureMismatch
        );
        assert_eq!(
            reason(&Stripe, &h, BODY, "whsec_test_secret", 12345 + 301),
            Reason::TimestampOutsideTolerance
        );
    }

    #[test]
    fn any_v1_may_match_and_v0_is_ignored() {
        let v1 = SIGNATURE.split_once("v1=").unwrap().1;
        let value = format!("t=12345,v1={},v1={v1},v0={v1}", "0".repeat(64));
        let h = headers(&[(HEADER, &value)]);
        assert_eq!(
            reason(&Stripe, &h, BODY, "whsec_test_secret", 12345),
            Reason::Ok
        );
        let only_v0 = headers(&[(HEADER, &format!("t=12345,v0={v1}"))]);
        let err = Stripe.parse(&only_v0).unwrap_err();
        assert_eq!(err.message, "header Stripe-Signature has no v1= signature");
    }

    #[test]
    fn signature_headers_round_trip_through_parse() {
        let context = Context {
            timestamp: Some(Timestamp::from_seconds(1700000000)),
            id: None,
            ..Default::default()
        };
        assert_round_trip(&Stripe, &context, "whsec_round_trip");
    }
}
