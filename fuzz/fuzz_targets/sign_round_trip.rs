//! `hooksig_core::sign` then `hooksig_core::verify` round-trips for every provider,
//! and any change to the body, the timestamp or the secret breaks it.
//!
//! Invariants: what `sign` writes for a body verifies as authentic at the
//! signing moment; with one body bit flipped, the moment moved past the
//! window, or another secret, it does not; nothing panics.
#![no_main]

use arbitrary::Arbitrary;
use hooksig_core::providers::{Context, PROVIDERS};
use hooksig_core::{Headers, Policy, Secret};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Case<'a> {
    provider: u8,
    secret: &'a [u8],
    body: &'a [u8],
    timestamp: u32,
    id: &'a str,
    flip: (u16, u8),
}

fuzz_target!(|case: Case<'_>| {
    // HMAC schemes; the public-key ones are fuzz_targets/public_key.rs's.
    let hmac: Vec<_> = PROVIDERS.iter().filter(|p| p.public_key().is_none()).collect();
    let provider = *hmac[usize::from(case.provider) % hmac.len()];
    // Standard Webhooks keys are base64: make one from the bytes.
    let secret = if provider.name() == "standard" {
        let encoded = hooksig_core::providers::parse::base64_encode(case.secret);
        Secret::new(format!("whsec_{encoded}"))
    } else {
        Secret::new(case.secret.to_vec())
    };
    let Ok(secret) = secret else { return };
    if provider.key(&secret).is_err() {
        // Only the empty key after whsec_: nothing to sign with.
        assert!(case.secret.is_empty());
        return;
    }
    let id: String = case
        .id
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != ',')
        .collect();
    let t = i64::from(case.timestamp);
    let context = Context {
        timestamp: Some(provider.stamp(t)),
        id: Some(if id.is_empty() {
            "msg_1".to_owned()
        } else {
            id
        }),
        ..Default::default()
    };
    let signed = hooksig_core::sign(provider, &mut &case.body[..], &secret, &context)
        .expect("signing a slice with a usable key cannot fail");
    let mut headers = Headers::new();
    for (name, value) in &signed {
        headers
            .push(name, value)
            .expect("signed headers fit the limit");
    }
    let judge = |body: &[u8], secret: &Secret, now: i64| {
        hooksig_core::verify(
            provider,
            &headers,
            &mut &body[..],
            std::slice::from_ref(secret),
            &Policy::at(now),
        )
        .expect("a usable key gives a verdict")
    };

    let verdict = judge(case.body, &secret, t);
    assert!(verdict.is_authentic(), "{}: {verdict:?}", provider.name());

    if !case.body.is_empty() {
        let mut tampered = case.body.to_vec();
        let at = usize::from(case.flip.0) % tampered.len();
        tampered[at] ^= 1 << (case.flip.1 % 8);
        assert!(!judge(&tampered, &secret, t).is_authentic());
    }
    if provider.scheme().default_tolerance.is_some() {
        assert!(!judge(case.body, &secret, t + 301).is_authentic());
        assert!(!judge(case.body, &secret, t - 301).is_authentic());
    }
    let other = if provider.name() == "standard" {
        let mut bytes = case.secret.to_vec();
        bytes[0] ^= 1;
        Secret::new(format!(
            "whsec_{}",
            hooksig_core::providers::parse::base64_encode(&bytes)
        ))
    } else {
        Secret::new([case.secret, b"x"].concat())
    };
    let other = other.expect("not empty");
    assert!(!judge(case.body, &other, t).is_authentic());
});
