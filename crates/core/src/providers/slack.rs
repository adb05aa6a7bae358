//! Slack: `X-Slack-Signature: v0=<hex>` with `X-Slack-Request-Timestamp: <t>`.
//!
//! The signature is `v0=` (exactly) followed by hex(HMAC-SHA256(signing
//! secret, `"v0:<t>:<raw body>"`)), 64 hex digits of either case. The key is
//! the signing secret's UTF-8 bytes. `<t>` is the timestamp header's text
//! *as received*, not a re-formatted number: Slack's SDKs sign the header
//! string, so a leading zero is signed as sent. The header must be ASCII
//! digits only (its value is read with [`parse::unix_seconds`]). The window
//! is 300 seconds in both directions, as in the SDKs.
//!
//! Source: Slack's "Verifying requests from Slack" guide and
//! `slack_sdk/signature/__init__.py` (python-slack-sdk).

use super::{Claim, Context, Encoding, Provider, Rejection, Scheme, Timestamp, parse};
use crate::headers::Headers;
use crate::mac::Mac;

/// The Slack scheme.
pub struct Slack;

const HEADER: &str = "X-Slack-Signature";
const TIMESTAMP_HEADER: &str = "X-Slack-Request-Timestamp";
const VERSION: &str = "v0";

impl Provider for Slack {
    fn name(&self) -> &'static str {
        "slack"
    }

    fn headers(&self) -> &'static [&'static str] {
        &[HEADER, TIMESTAMP_HEADER]
    }

    fn scheme(&self) -> Scheme {
        Scheme {
            signed_message: "v0:{t}:{body}",
            encoding: Encoding::Hex,
            default_tolerance: Some(300),
        }
    }

    /// Slack signs JSON (Events API) and form-encoded bodies (slash
    /// commands, interactivity) alike.
    fn sends_json(&self) -> bool {
        false
    }

    fn parse(&self, headers: &Headers) -> Result<Claim, Rejection> {
        let value = parse::required(headers, HEADER)?;
        let text = parse::required(headers, TIMESTAMP_HEADER)?;
        let seconds = parse::unix_seconds(TIMESTAMP_HEADER, text)?;
        let mac = parse::prefixed_hex(HEADER, value, &format!("{VERSION}="))?;
        Ok(Claim {
            context: Context {
                timestamp: Some(Timestamp {
                    seconds,
                    text: text.to_owned(),
                }),
                id: None,
                ..Default::default()
            },
            signatures: vec![mac],
        })
    }

    fn signed_prefix(&self, context: &Context) -> Vec<u8> {
        format!("{VERSION}:{}:", timestamp_text(context)).into_bytes()
    }

    fn signature_headers(&self, mac: &Mac, context: &Context) -> Vec<(String, String)> {
        vec![
            (
                HEADER.to_owned(),
                format!("{VERSION}={}", Encoding::Hex.encode(mac)),
            ),
            (
                TIMESTAMP_HEADER.to_owned(),
                timestamp_text(context).to_owned(),
            ),
        ]
    }
}

/// The timestamp as the header carried it ("0" when there is none).
fn timestamp_text(context: &Context) -> &str {
    context.timestamp.as_ref().map_or("0", |t| t.text.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mac::hmac_sha256;
    use crate::providers::testing::{assert_round_trip, headers, reason};
    use crate::verdict::Reason;

    /// PUBLISHED: python-slack-sdk `tests/slack_sdk/signature/
    /// test_signature_verifier.py`, which cites Slack's "Verifying requests
    /// from Slack" guide: this secret, timestamp, 362-byte slash-command body
    /// and signature.
    const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
    const T: i64 = 1531420618;
    const BODY: &[u8] = include_bytes!("../../../../tests/fixtures/slack_body.txt");
    const SIGNATURE: &str = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    fn published(timestamp: &str) -> Headers {
        headers(&[(HEADER, SIGNATURE), (TIMESTAMP_HEADER, timestamp)])
    }

    #[test]
    fn published_sdk_vector_verifies_within_300_seconds_either_way() {
        assert_eq!(BODY.len(), 362);
        let h = published("1531420618");
        assert_eq!(reason(&Slack, &h, BODY, SECRET, T), Reason::Ok);
        assert_eq!(reason(&Slack, &h, BODY, SECRET, T + 300), Reason::Ok);
        assert_eq!(reason(&Slack, &h, BODY, SECRET, T - 300), Reason::Ok);
        for now in [T + 301, T - 301] {
            let got = reason(&Slack, &h, BODY, SECRET, now);
            assert_eq!(got, Reason::TimestampOutsideTolerance, "{now}");
        }
        let tampered = &BODY[..BODY.len() - 1];
        assert_eq!(
            reason(&Slack, &h, tampered, SECRET, T),
            Reason::SignatureMismatch
        );
    }

    #[test]
    fn the_timestamp_is_signed_as_received() {
        // Same number, other text: the signed message changes, as in the SDK.
        let h = published("01531420618");
        assert_eq!(
            reason(&Slack, &h, BODY, SECRET, T),
            Reason::SignatureMismatch
        );
        let mac = hmac_sha256(SECRET.as_bytes(), &[b"v0:01531420618:", BODY]);
        let value = format!("v0={}", hex::encode(mac));
        let h = headers(&[(HEADER, &value), (TIMESTAMP_HEADER, "01531420618")]);
        assert_eq!(reason(&Slack, &h, BODY, SECRET, T), Reason::Ok);
    }

    #[test]
    fn missing_or_malformed_headers_are_named() {
        let err = Slack.parse(&headers(&[(HEADER, SIGNATURE)])).unwrap_err();
        assert_eq!(err.reason, Reason::MissingSignature);
        assert_eq!(err.message, "header X-Slack-Request-Timestamp is missing");
        for (value, timestamp, says) in [
            (SIGNATURE, "+1531420618", "digits only"),
            (SIGNATURE, "1531420618.5", "digits only"),
            (
                &SIGNATURE[3..],
                "1531420618",
                "v0= followed by 64 hex digits",
            ),
            ("v1=a2114d57", "1531420618", "v0= followed by 64 hex digits"),
        ] {
            let h = headers(&[(HEADER, value), (TIMESTAMP_HEADER, timestamp)]);
            let err = Slack.parse(&h).unwrap_err();
            assert_eq!(
                err.reason,
                Reason::MalformedSignature,
                "{value} {timestamp}"
            );
            assert!(err.message.contains(says), "{}", err.message);
        }
    }

    #[test]
    fn signature_headers_round_trip_through_parse() {
        let context = Context {
            timestamp: Some(Timestamp {
                seconds: 42,
                text: "0042".to_owned(),
            }),
            id: None,
            ..Default::default()
        };
        assert_round_trip(&Slack, &context, SECRET);
    }
}
