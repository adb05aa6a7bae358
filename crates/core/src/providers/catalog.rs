//! The built-in schemes that the scheme language says whole: each entry is
//! what its provider's `--scheme` file would hold. The providers whose rules
//! need code have a file of their own beside this one.
//!
//! Every entry is backed by `tests/vectors/<name>.toml` (published vectors
//! or vectors accepted by the provider's official SDK, provenance in each).

use super::Encoding;
use super::described::{Detect, Spec, TimestampUnit};
use crate::mac::Algorithm;
use crate::public_key::PublicKeyAlgorithm;

/// Paddle Billing: `Paddle-Signature: ts=<unix seconds>;h1=<hex>`, `h1`
/// repeated during a secret rotation, over `<ts>:<raw body>`, keyed with the
/// endpoint secret key as text (`pdl_ntfset_…`, prefix included). Paddle's
/// SDKs allow 5 seconds.
pub static PADDLE: Spec = Spec {
    name: "paddle",
    headers: &["Paddle-Signature"],
    value: "ts={timestamp};h1={signature}",
    message: "{timestamp}:{body}",
    tolerance: Some(5),
    ..Spec::DEFAULT
};

/// Zoom: `x-zm-signature: v0=<hex>` over `v0:<x-zm-request-timestamp>:<raw
/// body>`, keyed with the app's secret token.
pub static ZOOM: Spec = Spec {
    name: "zoom",
    headers: &["x-zm-signature", "x-zm-request-timestamp"],
    value: "v0={signature}",
    message: "v0:{timestamp}:{body}",
    timestamp_header: Some("x-zm-request-timestamp"),
    ..Spec::DEFAULT
};

/// Notion: `X-Notion-Signature: sha256=<hex>` of the raw body, keyed with
/// the subscription's verification token.
pub static NOTION: Spec = Spec {
    name: "notion",
    headers: &["X-Notion-Signature"],
    value: "sha256={signature}",
    ..Spec::DEFAULT
};

/// Sanity: `sanity-webhook-signature: t=<unix ms>,v1=<base64url>` over
/// `<t>.<raw body>` (t as received, in milliseconds).
pub static SANITY: Spec = Spec {
    name: "sanity",
    headers: &["sanity-webhook-signature"],
    value: "t={timestamp},v1={signature}",
    encoding: Encoding::Base64Url,
    message: "{timestamp}.{body}",
    timestamp_unit: TimestampUnit::Milliseconds,
    ..Spec::DEFAULT
};

/// Typeform: `Typeform-Signature: sha256=<base64>` of the raw body.
pub static TYPEFORM: Spec = Spec {
    name: "typeform",
    headers: &["Typeform-Signature"],
    value: "sha256={signature}",
    encoding: Encoding::Base64,
    ..Spec::DEFAULT
};

/// Twitch EventSub: `Twitch-Eventsub-Message-Signature: sha256=<hex>` over
/// the message id, the RFC 3339 timestamp (as received) and the raw body;
/// Twitch documents a 10-minute window.
pub static TWITCH: Spec = Spec {
    name: "twitch",
    headers: &[
        "Twitch-Eventsub-Message-Signature",
        "Twitch-Eventsub-Message-Timestamp",
        "Twitch-Eventsub-Message-Id",
    ],
    value: "sha256={signature}",
    message: "{header:Twitch-Eventsub-Message-Id}{timestamp}{body}",
    timestamp_header: Some("Twitch-Eventsub-Message-Timestamp"),
    timestamp_unit: TimestampUnit::Rfc3339,
    tolerance: Some(600),
    ..Spec::DEFAULT
};

/// Meta (WhatsApp Cloud API, Messenger, Instagram): `X-Hub-Signature-256:
/// sha256=<hex>` of the raw body, keyed with the app secret. GitHub sends the
/// same header with the same rule, so Meta is named with `--provider`.
pub static META: Spec = Spec {
    name: "meta",
    aliases: &["whatsapp"],
    headers: &["X-Hub-Signature-256"],
    value: "sha256={signature}",
    detect: Detect::Never,
    ..Spec::DEFAULT
};

/// Paystack: `x-paystack-signature`, hex HMAC-SHA512 of the raw body, keyed
/// with the secret key.
pub static PAYSTACK: Spec = Spec {
    name: "paystack",
    headers: &["x-paystack-signature"],
    algorithm: Algorithm::HmacSha512,
    ..Spec::DEFAULT
};

/// Razorpay: `X-Razorpay-Signature`, hex of the raw body.
pub static RAZORPAY: Spec = Spec {
    name: "razorpay",
    headers: &["X-Razorpay-Signature"],
    ..Spec::DEFAULT
};

/// Lemon Squeezy: `X-Signature`, hex of the raw body.
pub static LEMONSQUEEZY: Spec = Spec {
    name: "lemonsqueezy",
    headers: &["X-Signature"],
    detect: Detect::HeaderAndValue,
    ..Spec::DEFAULT
};

/// Coinbase Commerce: `X-CC-Webhook-Signature`, hex of the raw body, keyed
/// with the shared secret.
pub static COINBASE: Spec = Spec {
    name: "coinbase",
    headers: &["X-CC-Webhook-Signature"],
    ..Spec::DEFAULT
};

/// GoCardless: `Webhook-Signature`, hex of the raw body. Standard Webhooks
/// uses the same name for `v1,<base64>` values: a hex value tells.
pub static GOCARDLESS: Spec = Spec {
    name: "gocardless",
    headers: &["Webhook-Signature"],
    detect: Detect::HeaderAndValue,
    ..Spec::DEFAULT
};

/// Checkout.com: `Cko-Signature`, hex of the raw body, keyed with the
/// webhook's secret key.
pub static CHECKOUT: Spec = Spec {
    name: "checkout",
    headers: &["Cko-Signature"],
    ..Spec::DEFAULT
};

/// Sentry integrations: `Sentry-Hook-Signature`, hex of the raw body, keyed
/// with the client secret (`Sentry-Hook-Timestamp` is not signed).
pub static SENTRY: Spec = Spec {
    name: "sentry",
    headers: &["Sentry-Hook-Signature"],
    ..Spec::DEFAULT
};

/// PagerDuty (v3 webhooks): `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…]`
/// of the raw body; any `v1` matching is enough.
pub static PAGERDUTY: Spec = Spec {
    name: "pagerduty",
    headers: &["X-PagerDuty-Signature"],
    value: "v1={signature}",
    ..Spec::DEFAULT
};

/// Intercom: `X-Hub-Signature: sha1=<hex>`, HMAC-SHA1 of the raw body, keyed
/// with the app's client secret. GitHub's legacy header has the same name,
/// so Intercom is named with `--provider`.
pub static INTERCOM: Spec = Spec {
    name: "intercom",
    headers: &["X-Hub-Signature"],
    value: "sha1={signature}",
    algorithm: Algorithm::HmacSha1,
    detect: Detect::Never,
    ..Spec::DEFAULT
};

/// Square: `x-square-hmacsha256-signature: <base64>` over the notification
/// URL (exactly as configured in the Developer Console) then the raw body,
/// keyed with the subscription's signature key. No timestamp.
pub static SQUARE: Spec = Spec {
    name: "square",
    headers: &["x-square-hmacsha256-signature"],
    encoding: Encoding::Base64,
    message: "{url}{body}",
    ..Spec::DEFAULT
};

/// HubSpot (v3): `X-HubSpot-Signature-v3: <base64>` over method, full URL,
/// raw body and `X-HubSpot-Request-Timestamp` (Unix milliseconds, signed as
/// received), keyed with the app's client secret; 5 minutes' tolerance.
pub static HUBSPOT: Spec = Spec {
    name: "hubspot",
    headers: &["X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp"],
    encoding: Encoding::Base64,
    message: "{method}{url}{body}{timestamp}",
    timestamp_header: Some("X-HubSpot-Request-Timestamp"),
    timestamp_unit: TimestampUnit::Milliseconds,
    tolerance: Some(300),
    ..Spec::DEFAULT
};

/// GitLab: `X-Gitlab-Token` carries the webhook's secret token itself
/// (`algorithm = "token"`): nothing is signed, the value must equal the
/// secret (compared in constant time). GitLab's newer signing tokens send
/// Standard Webhooks headers: such deliveries are `standard`.
pub static GITLAB: Spec = Spec {
    name: "gitlab",
    headers: &["X-Gitlab-Token"],
    algorithm: Algorithm::Token,
    message: "",
    ..Spec::DEFAULT
};

/// Linear: `Linear-Signature`, hex of the raw body. The timestamp is the
/// JSON body's own `webhookTimestamp` (Unix milliseconds), so the MAC covers
/// it; `@linear/sdk` checks the signature, then a 60-second window (the
/// `Linear-Timestamp` header is ignored, as the SDK does).
pub static LINEAR: Spec = Spec {
    name: "linear",
    headers: &["Linear-Signature"],
    timestamp_json: Some("webhookTimestamp"),
    timestamp_unit: TimestampUnit::Milliseconds,
    tolerance: Some(60),
    ..Spec::DEFAULT
};

/// Shopify (0.1): `X-Shopify-Hmac-Sha256`, standard padded base64 of the raw
/// body, keyed with the app's client secret (`shpss_…`, as text): Flinks'
/// scheme under another header. Shopify publishes no vector: its data file
/// uses GitHub's published MAC in base64.
pub static SHOPIFY: Spec = Spec {
    name: "shopify",
    headers: &["X-Shopify-Hmac-Sha256"],
    encoding: Encoding::Base64,
    ..Spec::DEFAULT
};

/// Discord (interactions): `X-Signature-Ed25519: <hex>` (64 bytes), an
/// Ed25519 signature over `<X-Signature-Timestamp><raw body>`, checked with
/// the application's public key (`--public-key`, 64 hex digits). Discord's
/// libraries check no window; hooksig's default 300 seconds applies.
pub static DISCORD: Spec = Spec {
    name: "discord",
    headers: &["X-Signature-Ed25519", "X-Signature-Timestamp"],
    public_key: Some(PublicKeyAlgorithm::Ed25519),
    message: "{timestamp}{body}",
    timestamp_header: Some("X-Signature-Timestamp"),
    ..Spec::DEFAULT
};

/// SendGrid (signed Event Webhook): `X-Twilio-Email-Event-Webhook-Signature:
/// <base64 DER>`, an ECDSA P-256/SHA-256 signature over
/// `<X-Twilio-Email-Event-Webhook-Timestamp><raw body>`, checked with the
/// verification key (`--public-key`, base64 DER SubjectPublicKeyInfo).
/// SendGrid's libraries check no window; hooksig's default 300 seconds
/// applies.
pub static SENDGRID: Spec = Spec {
    name: "sendgrid",
    headers: &[
        "X-Twilio-Email-Event-Webhook-Signature",
        "X-Twilio-Email-Event-Webhook-Timestamp",
    ],
    public_key: Some(PublicKeyAlgorithm::EcdsaP256),
    encoding: Encoding::Base64,
    message: "{timestamp}{body}",
    timestamp_header: Some("X-Twilio-Email-Event-Webhook-Timestamp"),
    ..Spec::DEFAULT
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::headers::Headers;
    use crate::providers::testing::{assert_round_trip, headers};
    use crate::providers::{Context, Provider, parse};
    use crate::verdict::Reason;

    /// Shopify's tests from 0.1 that are not vectors (its vectors run from
    /// tests/vectors/shopify.toml).
    #[test]
    fn shopify_hex_or_unpadded_values_are_malformed() {
        let header = "X-Shopify-Hmac-Sha256";
        let mac = [7u8; 32];
        let padded = parse::base64_encode(&mac);
        for value in [hex::encode(mac), padded.trim_end_matches('=').to_owned()] {
            let err = SHOPIFY.parse(&headers(&[(header, &value)])).unwrap_err();
            assert_eq!(err.reason, Reason::MalformedSignature, "{value}");
            assert_eq!(
                err.message,
                "header X-Shopify-Hmac-Sha256 is not the standard base64 of a 32-byte HMAC-SHA256"
            );
        }
        let err = SHOPIFY.parse(&Headers::new()).unwrap_err();
        assert_eq!(err.message, "header X-Shopify-Hmac-Sha256 is missing");
    }

    #[test]
    fn shopify_signature_headers_round_trip_through_parse() {
        assert_round_trip(&SHOPIFY, &Context::default(), "shpss_round_trip");
    }
}
