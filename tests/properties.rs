//! Properties, checked in-process on random inputs (proptest): for every
//! provider, `sign` then `verify` is authentic, and any single change to the
//! body, the secret, a signed header or the timestamp is not; the parsers
//! never panic on arbitrary headers or captures.

use std::io::Read;

use proptest::prelude::*;

use hooksig_core::mac::Algorithm;
use hooksig_core::providers::{Context, PROVIDERS, Provider, parse};
use hooksig_core::{Headers, Policy, Secret};

/// Moderate case counts keep the suite fast; the fuzz targets go further.
/// XorShift (proptest's default before 1.0) draws the cases: the default
/// ChaCha generator, unoptimized in a debug build, took most of the time.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        rng_algorithm: proptest::test_runner::RngAlgorithm::XorShift,
        ..ProptestConfig::default()
    }
}

/// A secret `provider` accepts, made from `bytes`: Standard Webhooks keys
/// are base64, public-key schemes' private keys 64 hex digits (of the
/// bytes' SHA-256), the others are the bytes themselves.
fn secret_for(provider: &dyn Provider, bytes: &[u8]) -> Secret {
    if provider.public_key().is_some() {
        use sha2::Digest as _;
        return Secret::new(hex::encode(sha2::Sha256::digest(bytes))).unwrap();
    }
    let secret = if provider.name() == "standard" {
        Secret::new(format!("whsec_{}", parse::base64_encode(bytes)))
    } else {
        Secret::new(bytes.to_vec())
    };
    let secret = secret.unwrap();
    assert!(provider.key(&secret).is_ok(), "{}", provider.name());
    secret
}

/// The URL the properties' webhooks are sent to (schemes that sign it).
const URL: &str = "https://example.com/hooks?x=1";

fn headers_of(pairs: &[(String, String)]) -> Headers {
    let mut headers = Headers::new();
    for (name, value) in pairs {
        headers.push(name, value).unwrap();
    }
    headers.set_url(URL);
    headers
}

fn authentic(
    provider: &dyn Provider,
    headers: &Headers,
    body: &[u8],
    secret: &Secret,
    now: i64,
) -> bool {
    // A public-key scheme verifies with the public key of the signing key.
    let key = match provider.public_key() {
        Some(algorithm) => Secret::new(algorithm.public_key_of(secret.expose()).unwrap())
            .unwrap()
            .into_public_key(),
        None => secret.clone(),
    };
    hooksig_core::verify(
        provider,
        headers,
        &mut &body[..],
        std::slice::from_ref(&key),
        &Policy::at(now),
    )
    .unwrap()
    .is_authentic()
}

/// Another character than `c` that is never the same signature: a hex
/// digit becomes a hex digit of another value (not the same one in the
/// other case), anything else another character.
fn other_char(c: char, pick: u8) -> char {
    if let Some(value) = c.to_digit(16) {
        let other = (value + 1 + u32::from(pick) % 15) % 16;
        return char::from_digit(other, 16).unwrap();
    }
    let pool = ['x', 'A', '0', '=', ',', ' ', '+', 'Z'];
    let candidates: Vec<char> = pool.into_iter().filter(|p| *p != c).collect();
    candidates[usize::from(pick) % candidates.len()]
}

fn replace_char(text: &str, at: usize, with: char) -> String {
    text.chars()
        .enumerate()
        .map(|(i, c)| if i == at { with } else { c })
        .collect()
}

proptest! {
    #![proptest_config(config(96))]

    /// A token scheme (`algorithm = "token"`, GitLab): `sign` writes the
    /// secret, `verify` accepts it whatever the body, and any single change
    /// to the token is not authentic.
    #[test]
    fn tokens_are_the_secret_and_only_the_secret(
        token in "[!-~][ -~]{0,40}[!-~]",
        body in proptest::collection::vec(any::<u8>(), 0..100),
        other in proptest::collection::vec(any::<u8>(), 0..100),
        at in any::<usize>(),
        pick in any::<u8>(),
    ) {
        for provider in PROVIDERS.iter().filter(|p| p.algorithm() == Algorithm::Token) {
            let secret = Secret::new(token.clone()).unwrap();
            let signed = hooksig_core::sign(*provider, &mut &body[..], &secret, &Context::default()).unwrap();
            prop_assert_eq!(&signed[0].1, &token);
            let headers = headers_of(&signed);
            prop_assert!(authentic(*provider, &headers, &other, &secret, 0));
            let position = at % token.chars().count();
            let original = token.chars().nth(position).unwrap();
            let changed = replace_char(&token, position, other_char(original, pick));
            let headers = headers_of(&[(signed[0].0.clone(), changed)]);
            prop_assert!(!authentic(*provider, &headers, &body, &secret, 0));
        }
    }

    #[test]
    fn sign_then_verify_is_authentic_and_any_change_is_not(
        which in 0..PROVIDERS.len(),
        body in proptest::collection::vec(any::<u8>(), 0..300),
        key in proptest::collection::vec(any::<u8>(), 1..48)
            .prop_filter("a blank secret is refused", |k| Secret::new(k.clone()).is_ok()),
        t in 0i64..=4_102_444_800,
        id in "[A-Za-z0-9_]{1,24}",
        at in any::<usize>(),
        pick in any::<u8>(),
        shift in 1i64..1_000_000,
    ) {
        let provider = PROVIDERS[which];
        if provider.algorithm() == Algorithm::Token {
            // Nothing is signed: see tokens_are_the_secret_and_only_the_secret.
            return Ok(());
        }
        if provider.body_timestamp(Some(b"{}")).is_some() {
            // Linear: its timestamp is inside the JSON body; the vectors
            // and tests/schemes_misc.rs judge it.
            return Ok(());
        }
        let secret = secret_for(provider, &key);
        let context = Context {
            timestamp: Some(provider.stamp(t)),
            id: Some(id),
            url: Some(URL.to_owned()),
            ..Default::default()
        };
        let signed = hooksig_core::sign(provider, &mut &body[..], &secret, &context).unwrap();
        let headers = headers_of(&signed);
        prop_assert!(authentic(provider, &headers, &body, &secret, t), "{}", provider.name());

        // One body byte changed (schemes that sign the raw body: Mercado
        // Pago signs none of it, Twilio the parameters it holds).
        if !body.is_empty() && provider.signs_raw_body() {
            let mut tampered = body.clone();
            tampered[at % body.len()] ^= 1 << (pick % 8);
            prop_assert!(!authentic(provider, &headers, &tampered, &secret, t));
        }

        // One secret byte changed (of the key bytes, for Standard Webhooks,
        // whose secret text must stay base64).
        let mut other_key = key.clone();
        other_key[at % key.len()] ^= 1 << (pick % 8);
        if provider.name() != "standard" && Secret::new(other_key.clone()).is_err() {
            // The change made it blank (`!` to a space): such a secret
            // cannot even be given, so it authenticates nothing.
            let blank = std::str::from_utf8(&other_key)
                .is_ok_and(|t| t.chars().all(|c| c.is_whitespace() || c == '\u{feff}'));
            prop_assert!(blank, "{other_key:?} refused but not blank");
        } else {
            let other = secret_for(provider, &other_key);
            prop_assert!(!authentic(provider, &headers, &body, &other, t));
        }

        // One character of one signed header's value changed.
        let (index, (name, value)) = {
            let i = at % signed.len();
            (i, &signed[i])
        };
        let position = (at / 7) % value.chars().count();
        let original = value.chars().nth(position).unwrap();
        let changed_value = replace_char(value, position, other_char(original, pick));
        let mut changed = signed.clone();
        changed[index] = (name.clone(), changed_value.clone());
        prop_assert!(
            !authentic(provider, &headers_of(&changed), &body, &secret, t),
            "{}: {name}: {value} -> {changed_value}", provider.name()
        );

        // The timestamp changed: the same MAC claimed for another moment,
        // judged at that moment, is a mismatch; the real one judged far
        // from it is outside the window.
        if provider.scheme().default_tolerance.is_some() {
            let moved = Context {
                timestamp: Some(provider.stamp(t + shift)),
                ..context.clone()
            };
            let claim = provider.parse(&headers).unwrap();
            let relabelled = headers_of(&provider.signature_headers(&claim.signatures[0], &moved));
            prop_assert!(!authentic(provider, &relabelled, &body, &secret, t + shift));
            prop_assert!(!authentic(provider, &headers, &body, &secret, t + 300 + shift));
            prop_assert!(!authentic(provider, &headers, &body, &secret, t - 300 - shift));
        }
    }
}

/// A header name: one a provider reads (in any case), or any token.
fn header_name() -> impl Strategy<Value = String> {
    let known: Vec<String> = PROVIDERS
        .iter()
        .flat_map(|p| p.headers().iter())
        .flat_map(|h| [h.to_string(), h.to_ascii_uppercase()])
        .collect();
    prop_oneof![
        3 => proptest::sample::select(known),
        1 => "[A-Za-z0-9-]{1,20}",
    ]
}

/// A header value: arbitrary text, or text shaped like signature headers.
fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[tv01=, ]{0,40}[0-9a-fA-F]{0,70}[,= ]{0,3}",
        "(v1,)?[A-Za-z0-9+/=]{0,50}( v1,[A-Za-z0-9+/=]{40,46})*",
        "(sha256=|v0=)?[0-9a-fA-F]{60,68}",
        "[0-9+-. e]{0,25}",
    ]
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn every_parser_takes_arbitrary_headers_without_panicking(
        pairs in proptest::collection::vec((header_name(), header_value()), 0..8),
    ) {
        let mut headers = Headers::new();
        for (name, value) in &pairs {
            headers.push(name, value).unwrap();
            let _ = parse::key_value_list("H", value);
            let _ = parse::unix_seconds("H", value);
            let _ = parse::timestamp_and_v1("H", value);
            let _ = hooksig_core::time::parse_http_date(value);
        }
        for provider in PROVIDERS {
            if let Ok(claim) = provider.parse(&headers) {
                prop_assert!(!claim.signatures.is_empty());
            }
        }
        let _ = hooksig_core::providers::infer(&headers);
    }

    #[test]
    fn the_request_parser_takes_arbitrary_bytes_without_panicking(
        head in proptest::collection::vec(
            prop_oneof![
                Just("Content-Length: 3".to_owned()),
                Just("Transfer-Encoding: chunked".to_owned()),
                Just("POST /hooks HTTP/1.1".to_owned()),
                Just(" folded".to_owned()),
                (header_name(), header_value()).prop_map(|(n, v)| format!("{n}: {v}")),
                any::<String>(),
            ],
            0..6,
        ),
        crlf in any::<bool>(),
        body in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut capture = head.join(eol).into_bytes();
        capture.extend_from_slice(eol.as_bytes());
        capture.extend_from_slice(eol.as_bytes());
        capture.extend_from_slice(&body);
        if let Ok(mut request) = hooksig_capture::parse_request(Box::new(std::io::Cursor::new(capture.clone()))) {
            let mut read = Vec::new();
            if request.body.read_to_end(&mut read).is_ok() {
                prop_assert!(read.len() <= capture.len());
            }
        }
    }

    #[test]
    fn the_request_parser_takes_raw_bytes_without_panicking(
        capture in proptest::collection::vec(any::<u8>(), 0..600),
    ) {
        if let Ok(mut request) = hooksig_capture::parse_request(Box::new(std::io::Cursor::new(capture))) {
            let _ = request.body.read_to_end(&mut Vec::new());
        }
    }
}
