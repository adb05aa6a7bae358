//! Standard Webhooks (alias `svix`): `webhook-id`, `webhook-timestamp` and
//! `webhook-signature: v1,<base64> [v1,<base64> …]`.
//!
//! Each `v1` signature is base64(HMAC-SHA256(key, `"<id>.<t>.<raw body>"`)),
//! with `<t>` the timestamp in canonical decimal form (the reference
//! libraries parse the header as a number and sign the integer). The key is
//! the secret after an optional `whsec_` prefix, base64-decoded (padding
//! optional: the reference libraries append it); a secret that does not
//! decode is an error (exit 2), not a verdict.
//!
//! The signature header holds space-separated `version,signature` entries
//! (key rotation). Any `v1` entry that matches is enough; other versions,
//! extra spaces and malformed entries are skipped, and the header is
//! malformed only when no `v1` entry is the padded base64 of 32 bytes. The
//! timestamp must be digits only; the window is 300 seconds, both ways.
//!
//! Svix sends the same scheme as `svix-id`, `svix-timestamp` and
//! `svix-signature`. hooksig reads one set, never a mix: `webhook-*` when
//! `webhook-signature` is present, else `svix-*` when `svix-signature` is.
//! (The svix library instead takes each `svix-*` header over its
//! `webhook-*` twin; a sender sends one set, so this only matters for
//! hand-assembled captures.) Only the signature headers identify the
//! provider: `webhook-id` alone is too generic.
//!
//! Source: the Standard Webhooks specification and its reference library
//! (`standardwebhooks/webhooks.py`), and svix's `svix/webhooks.py`.

use zeroize::Zeroizing;

use super::{
    Claim, Context, Encoding, HeaderFamily, Provider, Rejection, Scheme, Timestamp, parse,
};
use crate::error::SecretError;
use crate::headers::Headers;
use crate::mac::Mac;
use crate::secret::Secret;

/// The Standard Webhooks scheme.
pub struct Standard;

/// One spelling of the three headers.
struct Names {
    signature: &'static str,
    id: &'static str,
    timestamp: &'static str,
}

const WEBHOOK: Names = Names {
    signature: "webhook-signature",
    id: "webhook-id",
    timestamp: "webhook-timestamp",
};
const SVIX: Names = Names {
    signature: "svix-signature",
    id: "svix-id",
    timestamp: "svix-timestamp",
};
const SECRET_PREFIX: &[u8] = b"whsec_";

impl Provider for Standard {
    fn name(&self) -> &'static str {
        "standard"
    }

    /// `svix`, and senders that deliver through Svix, each confirmed by its
    /// own docs: Clerk ("Verifies the authenticity of a webhook request
    /// using Svix", clerk.com/docs/references/backend/verify-webhook),
    /// Resend ("deconstruct the Svix headers",
    /// resend.com/docs/dashboard/webhooks/verify-webhooks-requests),
    /// Replicate (`webhook-id`, `webhook-timestamp`, `webhook-signature`,
    /// replicate.com/docs/topics/webhooks/verify-webhook).
    fn aliases(&self) -> &'static [&'static str] {
        &["svix", "clerk", "resend", "replicate"]
    }

    fn headers(&self) -> &'static [&'static str] {
        &[
            WEBHOOK.signature,
            WEBHOOK.id,
            WEBHOOK.timestamp,
            SVIX.signature,
            SVIX.id,
            SVIX.timestamp,
        ]
    }

    fn identifying_headers(&self) -> &'static [&'static str] {
        &[WEBHOOK.signature, SVIX.signature]
    }

    /// `webhook-signature` alone is also GoCardless' header, whose value is
    /// a bare hex MAC: such a value without a `webhook-id` is not ours.
    fn identifies(&self, headers: &Headers) -> bool {
        headers.contains(SVIX.signature)
            || headers.get_all(WEBHOOK.signature).any(|value| {
                headers.contains(WEBHOOK.id) || !value.bytes().all(|b| b.is_ascii_hexdigit())
            })
    }

    fn header_families(&self) -> Vec<HeaderFamily> {
        vec![
            HeaderFamily {
                alias: None,
                headers: &[WEBHOOK.signature, WEBHOOK.id, WEBHOOK.timestamp],
            },
            HeaderFamily {
                alias: Some("svix"),
                headers: &[SVIX.signature, SVIX.id, SVIX.timestamp],
            },
        ]
    }

    fn scheme(&self) -> Scheme {
        Scheme {
            signed_message: "{id}.{t}.{body}",
            encoding: Encoding::Base64,
            default_tolerance: Some(300),
        }
    }

    fn secret_prefix(&self) -> Option<&'static str> {
        Some("whsec_")
    }

    fn parse(&self, headers: &Headers) -> Result<Claim, Rejection> {
        let names = if !headers.contains(WEBHOOK.signature) && headers.contains(SVIX.signature) {
            &SVIX
        } else {
            &WEBHOOK
        };
        let value = parse::required(headers, names.signature)?;
        let id = parse::required(headers, names.id)?;
        let text = parse::required(headers, names.timestamp)?;
        if id.is_empty() {
            return Err(Rejection::malformed(format!(
                "header {} is empty",
                names.id
            )));
        }
        let seconds = parse::unix_seconds(names.timestamp, text)?;
        Ok(Claim {
            context: Context {
                timestamp: Some(Timestamp::from_seconds(seconds)),
                id: Some(id.to_owned()),
                ..Default::default()
            },
            signatures: v1_signatures(names.signature, value)?,
        })
    }

    fn key(&self, secret: &Secret) -> Result<Zeroizing<Vec<u8>>, SecretError> {
        let invalid = |why| SecretError::Invalid {
            provider: "Standard Webhooks",
            why,
        };
        let text = secret.expose();
        let encoded = text.strip_prefix(SECRET_PREFIX).unwrap_or(text);
        let not_base64 = if [&b"live_"[..], b"test_"]
            .iter()
            .any(|m| encoded.starts_with(m))
        {
            // Fintoc's secrets are `whsec_live_…` / `whsec_test_…`.
            "it looks like another provider's secret (Fintoc's are whsec_live_… or whsec_test_…): after the whsec_ prefix a Standard Webhooks secret is base64"
        } else {
            "after the optional whsec_ prefix it is not base64"
        };
        let key = parse::base64_decode_lenient(encoded)
            .map(Zeroizing::new)
            .ok_or_else(|| invalid(not_base64))?;
        if key.is_empty() {
            return Err(invalid("it has no key after the whsec_ prefix"));
        }
        Ok(key)
    }

    /// `<id>.<t>.`. The id is required: [`Provider::parse`] always sets it,
    /// and a caller that signs must set it too (without one the id is
    /// empty, which no sender signs and which parse refuses).
    fn signed_prefix(&self, context: &Context) -> Vec<u8> {
        format!("{}.{}.", message_id(context), context.seconds()).into_bytes()
    }

    fn signature_headers(&self, mac: &Mac, context: &Context) -> Vec<(String, String)> {
        vec![
            (
                WEBHOOK.signature.to_owned(),
                format!("v1,{}", Encoding::Base64.encode(mac)),
            ),
            (WEBHOOK.id.to_owned(), message_id(context).to_owned()),
            (WEBHOOK.timestamp.to_owned(), context.seconds().to_string()),
        ]
    }
}

/// The message id to sign (empty when the context has none).
fn message_id(context: &Context) -> &str {
    context.id.as_deref().unwrap_or_default()
}

/// The `v1` signatures of a `version,base64 version,base64 …` list,
/// skipping other versions and entries that are not a padded base64 MAC.
fn v1_signatures(header: &str, value: &str) -> Result<Vec<Mac>, Rejection> {
    let v1: Vec<&str> = value
        .split_ascii_whitespace()
        .filter_map(|entry| entry.split_once(','))
        .filter(|(version, _)| *version == "v1")
        .map(|(_, signature)| signature)
        .collect();
    let signatures: Vec<Mac> = v1.iter().filter_map(|s| parse::base64_mac(s)).collect();
    if signatures.is_empty() {
        return Err(Rejection::malformed(if v1.is_empty() {
            format!("header {header} has no v1,<base64> signature")
        } else {
            format!("no v1 signature in header {header} is the padded base64 of 32 bytes")
        }));
    }
    Ok(signatures)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::testing::{assert_round_trip, headers, reason};
    use crate::verdict::Reason;

    /// PUBLISHED: `test_sign_function` in standard-webhooks'
    /// `libraries/python/tests/test_webhooks.py` and in svix-webhooks'
    /// `python/tests/test_webhooks.py` (the same vector in both).
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const T: i64 = 1614265330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    /// A well-formed signature that matches nothing, from the reference
    /// libraries' multi-signature tests.
    const OTHER: &str = "Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

    fn published(signature: &str) -> Headers {
        headers(&[
            ("webhook-id", ID),
            ("webhook-timestamp", "1614265330"),
            ("webhook-signature", signature),
        ])
    }

    #[test]
    fn published_vector_verifies_with_or_without_the_whsec_prefix() {
        let h = published(SIGNATURE);
        assert_eq!(reason(&Standard, &h, BODY, SECRET, T), Reason::Ok);
        let bare = SECRET.strip_prefix("whsec_").unwrap();
        assert_eq!(reason(&Standard, &h, BODY, bare, T), Reason::Ok);
        let got = reason(&Standard, &h, BODY, SECRET, T + 301);
        assert_eq!(got, Reason::TimestampOutsideTolerance);
    }

    #[test]
    fn published_negative_case_does_not_match() {
        // Same tests: the signature with its last base64 digit changed.
        let h = published("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=");
        let got = reason(&Standard, &h, BODY, SECRET, T);
        assert_eq!(got, Reason::SignatureMismatch);
    }

    #[test]
    fn any_v1_in_a_multi_signature_header_may_match() {
        // The reference libraries' multi-signature shape, plus what their
        // parsers choke on and hooksig skips: extra spaces, junk entries.
        for value in [
            format!("v1,{OTHER} v2,{OTHER} {SIGNATURE} v1,{OTHER}"),
            format!("  v1,{OTHER}   junk v1,notbase64 v1a,{OTHER}  {SIGNATURE} "),
        ] {
            let got = reason(&Standard, &published(&value), BODY, SECRET, T);
            assert_eq!(got, Reason::Ok, "{value}");
        }
        let only_others = published(&format!("v1,{OTHER} v2,{}", &SIGNATURE[3..]));
        let got = reason(&Standard, &only_others, BODY, SECRET, T);
        assert_eq!(got, Reason::SignatureMismatch);
    }

    #[test]
    fn svix_headers_are_read_but_never_mixed_with_webhook_ones() {
        let svix = headers(&[
            ("svix-id", ID),
            ("svix-timestamp", "1614265330"),
            ("svix-signature", SIGNATURE),
        ]);
        assert_eq!(reason(&Standard, &svix, BODY, SECRET, T), Reason::Ok);
        let mixed = headers(&[
            ("webhook-signature", SIGNATURE),
            ("svix-id", ID),
            ("svix-timestamp", "1614265330"),
        ]);
        let err = Standard.parse(&mixed).unwrap_err();
        assert_eq!(err.reason, Reason::MissingSignature);
        assert_eq!(err.message, "header webhook-id is missing");
    }

    #[test]
    fn malformed_headers_say_what_is_wrong() {
        for (signature, timestamp, says) in [
            (
                format!("v1,{}", &OTHER[1..]),
                "1614265330",
                "padded base64 of 32 bytes",
            ),
            (
                format!("v2,{OTHER}"),
                "1614265330",
                "no v1,<base64> signature",
            ),
            (String::new(), "1614265330", "no v1,<base64> signature"),
            (SIGNATURE.to_owned(), "1614265330.9", "digits only"),
        ] {
            let h = headers(&[
                ("webhook-id", ID),
                ("webhook-timestamp", timestamp),
                ("webhook-signature", &signature),
            ]);
            let err = Standard.parse(&h).unwrap_err();
            assert_eq!(err.reason, Reason::MalformedSignature, "{signature}");
            assert!(err.message.contains(says), "{}", err.message);
        }
    }

    #[test]
    fn secrets_that_are_not_base64_are_refused_without_showing_them() {
        for secret in ["whsec_not*base64!", "whsec_MfKQ-9r8", "plain text"] {
            let err = Standard.key(&Secret::new(secret).unwrap()).unwrap_err();
            assert_eq!(err.code(), "invalid_secret");
            let message = err.to_string();
            assert!(
                message.contains("not a valid Standard Webhooks secret"),
                "{message}"
            );
            assert!(
                !message.contains(secret.trim_start_matches("whsec_")),
                "{message}"
            );
        }
        let err = Standard.key(&Secret::new("whsec_").unwrap()).unwrap_err();
        assert!(err.to_string().contains("no key"), "{err}");
        let unpadded = Standard.key(&Secret::new("whsec_YWI").unwrap()).unwrap();
        assert_eq!(unpadded.as_slice(), b"ab");
    }

    #[test]
    fn signature_headers_round_trip_through_parse() {
        let context = Context {
            timestamp: Some(Timestamp::from_seconds(T)),
            id: Some(ID.to_owned()),
            ..Default::default()
        };
        assert_round_trip(&Standard, &context, SECRET);
    }
}
