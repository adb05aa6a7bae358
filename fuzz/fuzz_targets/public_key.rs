//! The public-key path of `hooksig_core::verify` (Discord's Ed25519,
//! SendGrid's ECDSA P-256): genuine signatures made with a private key taken
//! from the input, optionally judged with another key, a flipped body bit or
//! arbitrary extra headers and keys; and `sign` with arbitrary private keys.
//!
//! Invariants: nothing panics (renderers included); a shared secret given
//! to a public-key scheme is always an error, never a verdict; `verify`
//! fails otherwise only when no key is usable; a genuine signature judged
//! with its public key and `--tolerance off` is authentic; one flipped body
//! bit, or only another key, is never authentic; an authentic verdict has
//! no hints and is backed by a signature that verifies over exactly the
//! signed message under one of the given keys, inside the window.
#![no_main]

use arbitrary::Arbitrary;
use hooksig::render::{Human, Json, Report};
use hooksig_core::providers::{Context, PROVIDERS, Provider};
use hooksig_core::{Headers, Policy, Secret, Tolerance};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Case<'a> {
    provider: u8,
    /// The private key's 32 bytes (an Ed25519 seed, a P-256 scalar).
    private: [u8; 32],
    /// A private key given as text to `sign`, whatever it holds.
    private_text: &'a [u8],
    /// Extra "public keys", as given (mostly malformed).
    extra_keys: Vec<&'a [u8]>,
    headers: Vec<(u8, &'a str, &'a str)>,
    body: &'a [u8],
    timestamp: u32,
    now: i64,
    tolerance: Option<u64>,
    forge: bool,
    wrong_key: bool,
    flip: Option<(u16, u8)>,
}

fuzz_target!(|case: Case<'_>| run(case));

fn run(case: Case<'_>) {
    let public_key_providers: Vec<&dyn Provider> = PROVIDERS
        .iter()
        .copied()
        .filter(|p| p.public_key().is_some())
        .collect();
    let provider = public_key_providers[usize::from(case.provider) % public_key_providers.len()];
    let Some(algorithm) = provider.public_key() else {
        return;
    };
    let context = Context {
        timestamp: Some(provider.stamp(i64::from(case.timestamp))),
        ..Default::default()
    };

    // `sign` takes any text as a private key without panicking.
    if let Ok(text) = Secret::new(case.private_text.to_vec()) {
        let _ = hooksig_core::sign(provider, &mut &case.body[..], &text, &context);
    }

    let private = hex::encode(case.private);
    let Ok(public) = algorithm.public_key_of(private.as_bytes()) else {
        // Only a P-256 scalar of 0 or at least the group order is refused.
        return;
    };
    let signer = Secret::new(private.clone()).expect("64 hex digits are not blank");
    let mut other = case.private;
    other[0] ^= 1;
    let other_public = algorithm.public_key_of(hex::encode(other).as_bytes()).ok();

    let mut keys: Vec<Secret> = Vec::new();
    if case.wrong_key {
        keys.extend(other_public.and_then(|k| Secret::new(k).ok()));
    } else {
        keys.extend(Secret::new(public).ok());
    }
    keys.extend(
        case.extra_keys
            .iter()
            .take(3)
            .filter_map(|k| Secret::new(k.to_vec()).ok()),
    );
    let keys: Vec<Secret> = keys.into_iter().map(Secret::into_public_key).collect();

    let mut headers = Headers::new();
    let mut body = case.body.to_vec();
    let mut flipped = false;
    if case.forge {
        let signed = hooksig_core::sign(provider, &mut &body[..], &signer, &context)
            .expect("a valid private key signs any short body");
        for (name, value) in signed {
            headers.push(&name, &value).expect("sign writes valid headers");
        }
        if let Some((at, bit)) = case.flip
            && !body.is_empty()
        {
            let at = usize::from(at) % body.len();
            body[at] ^= 1 << (bit % 8);
            flipped = true;
        }
    }
    for (index, name, value) in &case.headers {
        let name = provider
            .headers()
            .get(usize::from(*index))
            .copied()
            .unwrap_or(name);
        let _ = headers.push(name, value);
    }

    let tolerance = case.tolerance.map_or(Tolerance::Off, Tolerance::Seconds);
    let policy = Policy {
        now: case.now,
        tolerance,
        body_digest: case.now % 2 == 0,
        parallel: case.now % 3 == 0,
    };

    // A shared secret is never a verification key here.
    let secret_given = hooksig_core::verify(
        provider,
        &headers,
        &mut &body[..],
        std::slice::from_ref(&signer),
        &policy,
    );
    assert!(secret_given.is_err(), "{}: a secret was judged", provider.name());

    let usable = keys.iter().any(|k| provider.key(k).is_ok());
    let verdict = match hooksig_core::verify(provider, &headers, &mut &body[..], &keys, &policy) {
        Ok(verdict) => verdict,
        Err(err) => {
            assert!(!usable, "{}: unexpected error {err}", provider.name());
            return;
        }
    };
    assert!(usable);
    let json = Json.verdict(&verdict);
    assert_eq!(json.matches('\n').count(), 1, "{json}");
    serde_json::from_str::<serde_json::Value>(&json).expect("the JSON verdict parses");
    let human = Human {
        color: false,
        verbose: true,
    }
    .verdict(&verdict);
    assert!(
        !human.chars().any(|c| c.is_control() && c != '\n'),
        "{human:?}"
    );
    // No key is ever shown: not the key text, not its hex.
    assert!(!json.contains(&private), "{json}");

    let clean = case.headers.is_empty() && case.extra_keys.is_empty();
    if case.forge && clean && !case.wrong_key && !flipped && case.tolerance.is_none() {
        assert!(verdict.is_authentic(), "{}: {verdict:?}", provider.name());
    }
    if (flipped || case.wrong_key) && clean {
        assert!(!verdict.is_authentic(), "{}: {verdict:?}", provider.name());
    }
    if !verdict.is_authentic() {
        return;
    }
    assert!(verdict.hints.is_empty(), "hints on an authentic verdict");

    // Backed: some copy of the headers makes a claim whose signature
    // verifies over exactly the signed message under a given key.
    let mut variants = vec![headers.clone()];
    for name in provider.headers() {
        for value in headers.get_all(name) {
            variants.push(headers.replaced(name, value));
        }
    }
    let backed = variants
        .iter()
        .filter_map(|h| provider.parse(h).ok())
        .any(|claim| {
            let message = [
                provider.signed_prefix(&claim.context).as_slice(),
                &body,
                &provider.signed_suffix(&claim.context),
            ]
            .concat();
            let signed = keys.iter().any(|key| {
                provider.key(key).is_ok_and(|key| {
                    claim
                        .signatures
                        .iter()
                        .any(|sig| algorithm.verify(&key, &message, sig))
                })
            });
            let inside = match (claim.context.timestamp.as_ref(), case.tolerance) {
                (Some(t), Some(limit)) => {
                    (i128::from(case.now) - i128::from(t.seconds)).unsigned_abs()
                        <= u128::from(limit)
                }
                _ => true,
            };
            signed && inside
        });
    assert!(backed, "{}: authentic without a verifying signature", provider.name());
}
