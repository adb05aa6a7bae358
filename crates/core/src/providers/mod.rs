//! Providers: one file per webhook sender, behind the [`Provider`] trait,
//! and the registry that finds them by name or by their headers.
//!
//! A provider is data plus three small functions: how to read its signature
//! header(s) into a [`Claim`], what bytes it signs before the body, and how
//! it writes a MAC into its header(s). Everything else (streaming the body
//! through HMAC-SHA256, constant-time comparison, the tolerance window) is
//! shared, in [`crate::verify`] and [`parse`].
//!
//! Adding a provider: a new file here implementing [`Provider`], one line in
//! [`PROVIDERS`], and its tests.

use crate::error::{ProviderError, SecretError};
use crate::headers::Headers;
use crate::mac::{Algorithm, Mac};
use crate::public_key::PublicKeyAlgorithm;
use crate::secret::Secret;
use crate::verdict::Reason;

pub mod catalog;
pub mod described;
pub mod fintoc;
pub mod flinks;
pub mod github;
pub mod mercadopago;
pub mod parse;
mod registry;
pub mod scheme_file;
pub mod slack;
pub mod standard;
pub mod stripe;
pub mod twilio;

pub use registry::Catalog;

/// Every supported provider, in the order `hooksig providers` lists them.
pub static PROVIDERS: &[&dyn Provider] = &[
    &flinks::Flinks,
    &fintoc::Fintoc,
    &stripe::Stripe,
    &github::GitHub,
    &catalog::SHOPIFY,
    &slack::Slack,
    &standard::Standard,
    &catalog::PADDLE,
    &catalog::ZOOM,
    &catalog::NOTION,
    &catalog::SANITY,
    &catalog::TYPEFORM,
    &catalog::TWITCH,
    &catalog::META,
    &catalog::PAYSTACK,
    &catalog::RAZORPAY,
    &catalog::LEMONSQUEEZY,
    &catalog::COINBASE,
    &catalog::GOCARDLESS,
    &catalog::CHECKOUT,
    &catalog::SENTRY,
    &catalog::PAGERDUTY,
    &catalog::INTERCOM,
    &catalog::SQUARE,
    &catalog::HUBSPOT,
    &twilio::Twilio,
    &mercadopago::MercadoPago,
    &catalog::GITLAB,
    &catalog::LINEAR,
    &catalog::DISCORD,
    &catalog::SENDGRID,
];

/// How a provider writes its MAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Hexadecimal: written lower-case, read in either case.
    Hex,
    /// Standard base64 with padding.
    Base64,
    /// URL-safe base64 without padding (Sanity).
    Base64Url,
}

impl Encoding {
    /// Every encoding.
    pub const ALL: [Encoding; 3] = [Encoding::Hex, Encoding::Base64, Encoding::Base64Url];

    /// `hex`, `base64` or `base64url`.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Hex => "hex",
            Encoding::Base64 => "base64",
            Encoding::Base64Url => "base64url",
        }
    }

    /// The encoding's name in a sentence: `hex`, `standard base64`,
    /// `unpadded base64url`.
    pub fn describe(self) -> &'static str {
        match self {
            Encoding::Hex => "hex",
            Encoding::Base64 => "standard base64",
            Encoding::Base64Url => "unpadded base64url",
        }
    }

    /// Writes a MAC in this encoding.
    pub fn encode(self, mac: &Mac) -> String {
        match self {
            Encoding::Hex => hex::encode(mac),
            Encoding::Base64 => parse::base64_encode(mac),
            Encoding::Base64Url => parse::base64url_encode(mac),
        }
    }

    /// Reads bytes written in this encoding (hex of either case; base64 in
    /// its canonical form only), or `None`.
    pub fn decode(self, text: &str) -> Option<Vec<u8>> {
        match self {
            Encoding::Hex => hex::decode(text).ok(),
            Encoding::Base64 => parse::base64_decode(text),
            Encoding::Base64Url => parse::base64url_decode(text),
        }
    }
}

/// A provider's scheme, as `hooksig providers` describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// The signed message's layout, e.g. `{t}.{body}`.
    pub signed_message: &'static str,
    /// How the MAC is written.
    pub encoding: Encoding,
    /// The default tolerance window in seconds, for timestamped schemes;
    /// `None` when the scheme signs no timestamp.
    pub default_tolerance: Option<u64>,
}

/// A signed timestamp, as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    /// Unix seconds.
    pub seconds: i64,
    /// The header's text for it (some providers sign the text as received).
    pub text: String,
}

impl Timestamp {
    /// A timestamp whose text is the canonical decimal form of `seconds`.
    pub fn from_seconds(seconds: i64) -> Self {
        Timestamp {
            seconds,
            text: seconds.to_string(),
        }
    }
}

/// Whether a timestamp looks like Unix milliseconds rather than seconds:
/// between 10^12 and 10^13, milliseconds from 2001 to 2286 (as seconds, the
/// year 33658 or later).
pub fn looks_like_milliseconds(value: i64) -> bool {
    (1_000_000_000_000..10_000_000_000_000).contains(&value)
}

/// What, besides the body, goes into a signed message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    /// The signed timestamp, for timestamped schemes.
    pub timestamp: Option<Timestamp>,
    /// The message id, for schemes that sign one (Standard Webhooks).
    pub id: Option<String>,
    /// Other headers' values the signed message names (`{header:NAME}` in a
    /// scheme's template), as `(NAME, value)`.
    pub fields: Vec<(String, String)>,
    /// The request's method, for schemes that sign it (`POST` when unknown).
    pub method: Option<String>,
    /// The request's full URL, for schemes that sign it (or its path).
    pub url: Option<String>,
}

impl Context {
    /// The signed timestamp's Unix seconds; 0 when there is none.
    pub fn seconds(&self) -> i64 {
        self.timestamp.as_ref().map_or(0, |t| t.seconds)
    }
}

/// What a webhook's headers claim: the context of the signed message and
/// the signatures, decoded. Any one signature matching is enough.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Timestamp and id that were signed.
    pub context: Context,
    /// The received signatures, decoded to raw MAC bytes.
    pub signatures: Vec<Mac>,
}

/// Why the headers do not even make a claim: a not-authentic verdict with
/// reason `missing_signature` or `malformed_signature`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// `MissingSignature` or `MalformedSignature`.
    pub reason: Reason,
    /// One sentence naming the header or part at fault.
    pub message: String,
}

impl Rejection {
    /// The header `name` is absent.
    pub fn missing(name: &str) -> Self {
        Rejection {
            reason: Reason::MissingSignature,
            message: format!("header {name} is missing"),
        }
    }

    /// The header is present but unusable, for the reason given.
    pub fn malformed(message: impl Into<String>) -> Self {
        Rejection {
            reason: Reason::MalformedSignature,
            message: message.into(),
        }
    }
}

/// One webhook sender's signature scheme. All schemes are HMAC-SHA256 over
/// `signed_prefix(context)` followed by the raw body.
pub trait Provider: Sync {
    /// The name used with `--provider`, lower case.
    fn name(&self) -> &'static str;

    /// Other names accepted by `--provider`.
    fn aliases(&self) -> &'static [&'static str] {
        &[]
    }

    /// The headers this provider reads. The first is its main signature
    /// header (the one `--signature` stands for); any of them being present
    /// identifies the provider unless [`Provider::identifying_headers`] says
    /// otherwise.
    fn headers(&self) -> &'static [&'static str];

    /// The headers whose presence identifies this provider.
    fn identifying_headers(&self) -> &'static [&'static str] {
        self.headers()
    }

    /// Whether `headers` identify this provider (used without
    /// `--provider`): by default, one of its identifying headers is present.
    fn identifies(&self, headers: &Headers) -> bool {
        self.identifying_headers()
            .iter()
            .any(|h| headers.contains(h))
    }

    /// The spellings of this provider's header set, each with its
    /// signature header first (Standard Webhooks: `webhook-*`, and `svix-*`
    /// named by the alias `svix`). Most providers have one: their
    /// [`Provider::headers`].
    fn header_families(&self) -> Vec<HeaderFamily> {
        vec![HeaderFamily {
            alias: None,
            headers: self.headers(),
        }]
    }

    /// The scheme, for `hooksig providers`.
    fn scheme(&self) -> Scheme;

    /// Reads the signature header(s) into a claim, or says why they make none.
    fn parse(&self, headers: &Headers) -> Result<Claim, Rejection>;

    /// The HMAC key for `secret`. Most providers use the secret's bytes as
    /// they are.
    fn key(&self, secret: &Secret) -> Result<zeroize::Zeroizing<Vec<u8>>, SecretError> {
        Ok(zeroize::Zeroizing::new(secret.expose().to_vec()))
    }

    /// The prefix this provider's webhook secrets carry (`whsec_`), if any;
    /// used by diagnostics to spot a secret from another provider.
    fn secret_prefix(&self) -> Option<&'static str> {
        None
    }

    /// Whether this provider's webhook bodies are always JSON (used by
    /// diagnostics to spot a re-encoded or form-encoded body).
    fn sends_json(&self) -> bool {
        true
    }

    /// The signed timestamp, for a scheme that carries it inside the body
    /// (Linear's `webhookTimestamp`), read from the body once it has been
    /// verified (`None` when the body was too large to keep): `None` for
    /// every other scheme.
    fn body_timestamp(&self, _body: Option<&[u8]>) -> Option<Result<Timestamp, Rejection>> {
        None
    }

    /// The bytes signed before the body (empty for body-only schemes).
    fn signed_prefix(&self, context: &Context) -> Vec<u8>;

    /// The timestamp this scheme writes for `seconds` (`sign --timestamp`):
    /// its decimal text by default; milliseconds or RFC 3339 for schemes
    /// that write those.
    fn stamp(&self, seconds: i64) -> Timestamp {
        Timestamp::from_seconds(seconds)
    }

    /// The bytes signed after the body (HubSpot signs its timestamp there);
    /// empty for most schemes.
    fn signed_suffix(&self, _context: &Context) -> Vec<u8> {
        Vec::new()
    }

    /// Whether the raw body is signed as received, between
    /// [`Provider::signed_prefix`] and [`Provider::signed_suffix`] (and so
    /// streamed). `false` for schemes whose message is built from what the
    /// body says (Twilio's sorted form parameters) or leaves it out (Mercado
    /// Pago): those give [`Provider::signed_messages`] for a body in memory.
    fn signs_raw_body(&self) -> bool {
        true
    }

    /// The signed messages for `body` (in memory) in `context`: any one
    /// matching is enough (Twilio: the URL with and without its port). By
    /// default the one message `signed_prefix + body + signed_suffix`. `Err`
    /// when the body contradicts the claim before any MAC (Twilio's
    /// `bodySHA256`). The first message is the one `sign` signs.
    fn signed_messages(&self, context: &Context, body: &[u8]) -> Result<Vec<Vec<u8>>, Rejection> {
        let mut message = self.signed_prefix(context);
        message.extend_from_slice(body);
        message.extend_from_slice(&self.signed_suffix(context));
        Ok(vec![message])
    }

    /// Whether the signed message holds the request's URL (or its path):
    /// then a URL must be known to judge or sign (`--url`).
    fn signs_url(&self) -> bool {
        false
    }

    /// The HMAC this scheme signs with.
    fn algorithm(&self) -> Algorithm {
        Algorithm::HmacSha256
    }

    /// The public-key algorithm, for schemes checked with the sender's
    /// public key (Discord, SendGrid) rather than an HMAC: then
    /// [`Provider::key`] reads a public key, the received signatures are
    /// checked by the algorithm's `verify` (no MAC, no byte comparison), and
    /// `sign` takes the private key. `None` (HMAC) by default.
    fn public_key(&self) -> Option<PublicKeyAlgorithm> {
        None
    }

    /// The header(s) a sender would attach for `mac` in `context`.
    fn signature_headers(&self, mac: &Mac, context: &Context) -> Vec<(String, String)>;

    /// The provider's description, when it is one (a [`described::Spec`]):
    /// `hooksig providers --format toml` prints it as itself.
    fn spec(&self) -> Option<described::Spec> {
        None
    }
}

/// One spelling of a provider's headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderFamily {
    /// The alias of the provider that names this spelling (`svix`), if any.
    pub alias: Option<&'static str>,
    /// The headers, the signature header first.
    pub headers: &'static [&'static str],
}

/// Every spelling of the provider's signature header: the first header of
/// each of its families.
pub fn signature_header_names(provider: &dyn Provider) -> Vec<&'static str> {
    provider
        .header_families()
        .iter()
        .filter_map(|family| family.headers.first().copied())
        .collect()
}

/// The provider's signature header as received (`svix-signature`,
/// `X-Flinks-Signature`…): the signature header of the first family present
/// in `headers`, else of its first family.
pub fn signature_header(provider: &dyn Provider, headers: &Headers) -> &'static str {
    let signature_headers = signature_header_names(provider);
    signature_headers
        .iter()
        .find(|h| headers.contains(h))
        .or(signature_headers.first())
        .or(provider.headers().first())
        .copied()
        .unwrap_or_default()
}

/// The header a bare signature value (`-S VALUE`) stands for: the signature
/// header of the family whose headers are present (most of them; the first
/// family on a tie), else of the family the provider was `named` by (an
/// alias such as `svix`), else of the first family.
pub fn bare_signature_header(
    provider: &dyn Provider,
    headers: &Headers,
    named: Option<&str>,
) -> &'static str {
    let families = provider.header_families();
    let present = |family: &HeaderFamily| {
        family
            .headers
            .iter()
            .filter(|h| headers.contains(h))
            .count()
    };
    let mut best: Option<(&HeaderFamily, usize)> = None;
    for family in &families {
        let count = present(family);
        if count > 0 && best.is_none_or(|(_, most)| count > most) {
            best = Some((family, count));
        }
    }
    best.map(|(family, _)| family)
        .or_else(|| {
            families.iter().find(|family| {
                family
                    .alias
                    .zip(named)
                    .is_some_and(|(alias, named)| alias.eq_ignore_ascii_case(named))
            })
        })
        .or(families.first())
        .and_then(|family| family.headers.first())
        .or(provider.headers().first())
        .copied()
        .unwrap_or_default()
}

/// Finds a built-in provider by name or alias (case-insensitive); see
/// [`Catalog::by_name`] for the user's schemes too.
pub fn by_name(name: &str) -> Result<&'static dyn Provider, ProviderError> {
    Catalog::builtin().by_name(name)
}

/// The built-in provider whose identifying header is present, when exactly
/// one is; see [`Catalog::infer`].
pub fn infer(headers: &Headers) -> Result<&'static dyn Provider, ProviderError> {
    Catalog::builtin().infer(headers)
}

/// The built-in provider that reads the header `name`, if any; see
/// [`Catalog::by_header`].
pub fn by_header(name: &str) -> Option<&'static dyn Provider> {
    Catalog::builtin().by_header(name)
}

/// Helpers for the providers' unit tests.
/// How many signed messages the copies of a signature header may ask for
/// (copies that sign different timestamps). Each costs one pass over the
/// body per secret; a real sender sends one or two copies, and a hostile
/// capture of thousands must not cost thousands of passes. Copies beyond
/// this many distinct signed messages are not judged.
pub const MAX_SIGNED_MESSAGES: usize = 8;

/// What the headers claim, judging every copy of the signature header: one
/// claim per distinct signed message (copies that sign the same message
/// pool their signatures), at most [`MAX_SIGNED_MESSAGES`]. A copy that
/// makes no claim is skipped when another does; when none does, the first
/// copy's rejection is the answer.
pub(crate) fn claims(provider: &dyn Provider, headers: &Headers) -> Result<Vec<Claim>, Rejection> {
    let name = signature_header(provider, headers);
    let values: Vec<&str> = headers.get_all(name).collect();
    if values.len() < 2 {
        return provider.parse(headers).map(|c| vec![c]);
    }
    let mut pooled: Vec<Claim> = Vec::new();
    let mut first_rejection = None;
    for value in values {
        match provider.parse(&headers.replaced(name, value)) {
            Ok(parsed) => {
                if let Some(known) = pooled.iter_mut().find(|k| k.context == parsed.context) {
                    known.signatures.extend(parsed.signatures);
                } else if pooled.len() < MAX_SIGNED_MESSAGES {
                    pooled.push(parsed);
                }
            }
            Err(rejection) => {
                first_rejection.get_or_insert(rejection);
            }
        }
    }
    match first_rejection {
        Some(rejection) if pooled.is_empty() => Err(rejection),
        _ => Ok(pooled),
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::policy::Policy;
    use crate::verify::verify;

    /// Headers from `(name, value)` pairs.
    pub fn headers(pairs: &[(&str, &str)]) -> Headers {
        let mut headers = Headers::new();
        for (name, value) in pairs {
            headers.push(name, value).unwrap();
        }
        headers
    }

    /// The reason `provider` gives for `body` with `headers` and `secret`,
    /// judged at `now` with its default tolerance.
    pub fn reason(
        provider: &dyn Provider,
        headers: &Headers,
        body: &[u8],
        secret: &str,
        now: i64,
    ) -> Reason {
        let secrets = [Secret::new(secret).unwrap()];
        verify(
            provider,
            headers,
            &mut &body[..],
            &secrets,
            &Policy::at(now),
        )
        .unwrap()
        .reason
    }

    /// What `provider` sends for `body` in `context` parses back to the same
    /// claim and verifies.
    pub fn assert_round_trip(provider: &dyn Provider, context: &Context, secret: &str) {
        let body = b"{\"round\":\"trip\"}";
        let key = provider.key(&Secret::new(secret).unwrap()).unwrap();
        let mac = crate::mac::hmac(
            provider.algorithm(),
            &key,
            &[
                &provider.signed_prefix(context),
                body,
                &provider.signed_suffix(context),
            ],
        );
        let mut headers = Headers::new();
        for (name, value) in provider.signature_headers(&mac, context) {
            headers.push(&name, &value).unwrap();
        }
        let claim = provider.parse(&headers).unwrap();
        assert_eq!(claim.signatures, vec![mac]);
        assert_eq!(&claim.context, context);
        let now = context.timestamp.as_ref().map_or(0, |t| t.seconds);
        assert_eq!(reason(provider, &headers, body, secret, now), Reason::Ok);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_aliases_and_headers_are_unique() {
        let mut names: Vec<String> = PROVIDERS
            .iter()
            .flat_map(|p| std::iter::once(p.name()).chain(p.aliases().iter().copied()))
            .map(str::to_ascii_lowercase)
            .collect();
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count, "a provider name or alias is repeated");

        // Headers read by more than one provider: only these, each told
        // apart by another rule (Meta and Intercom need --provider; a hex
        // Webhook-Signature is GoCardless'; a `ts=…,v1=…` X-Signature is
        // Mercado Pago's, a hex one Lemon Squeezy's).
        let mut headers: Vec<String> = PROVIDERS
            .iter()
            .flat_map(|p| p.headers().iter().copied())
            .map(str::to_ascii_lowercase)
            .collect();
        headers.sort();
        let mut shared: Vec<String> = headers
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| w[0].clone())
            .collect();
        shared.dedup();
        assert_eq!(
            shared,
            [
                "webhook-signature",
                "x-hub-signature",
                "x-hub-signature-256",
                "x-signature"
            ]
        );
    }

    /// The headers `provider` sends for some MAC, as a sender writes them.
    fn sent_by(provider: &dyn Provider) -> Vec<(String, String)> {
        let context = Context {
            timestamp: Some(provider.stamp(1_700_000_000)),
            id: Some("msg_1".to_owned()),
            ..Default::default()
        };
        provider.signature_headers(&vec![7; provider.algorithm().output_len()], &context)
    }

    #[test]
    fn the_main_signature_header_identifies_its_provider() {
        for provider in PROVIDERS {
            let identifying = provider.identifying_headers();
            if identifying.is_empty() {
                // Named with --provider only: its headers are another's.
                let mut headers = Headers::new();
                for (name, value) in sent_by(*provider) {
                    headers.push(&name, &value).unwrap();
                }
                let inferred = infer(&headers).map(|p| p.name());
                assert_ne!(inferred.ok(), Some(provider.name()));
                continue;
            }
            assert_eq!(identifying.first(), provider.headers().first());
            let sent = sent_by(*provider);
            for name in identifying {
                assert!(provider.headers().contains(name), "{name}");
                let value = sent
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map_or("x", |(_, v)| v.as_str());
                let mut headers = Headers::new();
                headers.push(name, value).unwrap();
                assert_eq!(
                    infer(&headers).map(|p| p.name()).ok(),
                    Some(provider.name()),
                    "{name}: {value}"
                );
            }
        }
    }

    #[test]
    fn companion_headers_alone_need_not_identify() {
        let mut headers = Headers::new();
        headers.push("webhook-id", "msg_1").unwrap();
        headers.push("webhook-timestamp", "1").unwrap();
        assert!(matches!(
            infer(&headers),
            Err(ProviderError::NotInferable { .. })
        ));
        headers.push("svix-signature", "v1,x").unwrap();
        assert_eq!(infer(&headers).unwrap().name(), "standard");
    }

    #[test]
    fn a_bare_value_joins_the_header_family_in_use() {
        let standard = by_name("standard").unwrap();
        let mut svix = Headers::new();
        svix.push("svix-id", "msg_1").unwrap();
        svix.push("svix-timestamp", "1").unwrap();
        let mut webhook = Headers::new();
        webhook.push("webhook-id", "msg_1").unwrap();
        let none = Headers::new();
        let bare = bare_signature_header;
        assert_eq!(bare(standard, &svix, None), "svix-signature");
        assert_eq!(bare(standard, &svix, Some("standard")), "svix-signature");
        assert_eq!(bare(standard, &webhook, Some("SVIX")), "webhook-signature");
        assert_eq!(bare(standard, &none, Some("svix")), "svix-signature");
        assert_eq!(bare(standard, &none, Some("standard")), "webhook-signature");
        // Most of a family's headers present wins; a tie goes to the first.
        svix.push("webhook-timestamp", "1").unwrap();
        assert_eq!(bare(standard, &svix, None), "svix-signature");
        webhook.push("svix-id", "msg_1").unwrap();
        assert_eq!(bare(standard, &webhook, Some("svix")), "webhook-signature");

        let flinks = by_name("flinks").unwrap();
        let mut alt = Headers::new();
        alt.push("X-Flinks-Signature", "x").unwrap();
        assert_eq!(bare(flinks, &none, None), "flinks-authenticity-key");
        assert_eq!(bare(flinks, &alt, None), "X-Flinks-Signature");
        assert_eq!(
            bare(by_name("slack").unwrap(), &none, None),
            "X-Slack-Signature"
        );
    }

    #[test]
    fn every_provider_names_its_signature_header_first() {
        for provider in PROVIDERS {
            let names = signature_header_names(*provider);
            assert_eq!(
                names.first(),
                provider.headers().first(),
                "{}",
                provider.name()
            );
            assert_eq!(
                signature_header(*provider, &Headers::new()),
                provider.headers()[0]
            );
            if !provider.identifying_headers().is_empty() {
                for name in names {
                    assert!(provider.identifying_headers().contains(&name), "{name}");
                }
            }
        }
    }

    #[test]
    fn milliseconds_are_told_from_seconds_by_size() {
        assert!(looks_like_milliseconds(1_700_000_000_000));
        assert!(!looks_like_milliseconds(1_700_000_000));
        assert!(!looks_like_milliseconds(i64::MAX));
        assert!(!looks_like_milliseconds(-1_700_000_000_000));
    }

    #[test]
    fn providers_are_found_by_any_case() {
        assert_eq!(by_name("FINTOC").unwrap().name(), "fintoc");
        assert_eq!(by_name("Svix").unwrap().name(), "standard");
        let err = by_name("nope").err().unwrap();
        assert!(err.to_string().contains("flinks"), "{err}");
    }

    #[test]
    fn inference_needs_exactly_one_provider() {
        let mut headers = Headers::new();
        assert!(matches!(
            infer(&headers),
            Err(ProviderError::NotInferable { .. })
        ));
        headers.push("fintoc-signature", "x").unwrap();
        assert_eq!(infer(&headers).unwrap().name(), "fintoc");
        headers.push("Flinks-Authenticity-Key", "y").unwrap();
        assert!(matches!(
            infer(&headers),
            Err(ProviderError::Ambiguous { .. })
        ));
    }
}
