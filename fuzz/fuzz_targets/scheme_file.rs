//! Scheme files (`--scheme FILE`): `Catalog::load` on arbitrary text, then,
//! for every provider a file describes, `sign` then `verify` through the
//! one engine (layouts, templates, encodings, timestamp units, secret forms).
//!
//! Invariants: reading never panics; an error names a line inside the text;
//! what `sign` writes for a user's scheme verifies as authentic at the
//! signing moment, and not with one body bit flipped or another secret.
#![no_main]

use arbitrary::Arbitrary;
use hooksig_core::providers::described::SecretEncoding;
use hooksig_core::providers::{Catalog, Context, Provider};
use hooksig_core::{Headers, Policy, Secret};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Case<'a> {
    /// Put the required name and header in front, so the fuzzer spends its
    /// time on the other keys.
    prefixed: bool,
    text: &'a str,
    secret: &'a [u8],
    body: &'a [u8],
    timestamp: u32,
    flip: (u16, u8),
}

fuzz_target!(|case: Case<'_>| {
    let text = if case.prefixed {
        format!("name = \"fz\"\nheader = \"X-Fz-Signature\"\n{}", case.text)
    } else {
        case.text.to_owned()
    };
    let mut catalog = Catalog::builtin();
    let specs = match catalog.load(&text) {
        Ok(specs) => specs,
        Err(e) => {
            assert!(e.line >= 1 && e.line <= text.lines().count().max(1) + 1, "{e:?}");
            assert!(!e.message.is_empty());
            return;
        }
    };
    for spec in specs {
        round_trip(&catalog, spec, &case);
    }
});

/// A secret whose key is `bytes`, in the scheme's secret form.
fn secret_for(encoding: SecretEncoding, prefix: Option<&str>, bytes: &[u8]) -> Option<Secret> {
    let body = match encoding {
        SecretEncoding::Raw => String::from_utf8_lossy(bytes).into_owned(),
        SecretEncoding::Base64 => hooksig_core::providers::parse::base64_encode(bytes),
        SecretEncoding::Hex => hex::encode(bytes),
    };
    let text = format!("{}{body}", prefix.unwrap_or_default());
    Secret::new(text).ok()
}

fn round_trip(catalog: &Catalog, spec: &'static hooksig_core::providers::described::Spec, case: &Case<'_>) {
    let provider: &dyn Provider = spec;
    let mut bytes = case.secret.to_vec();
    bytes.push(b'k');
    let Some(secret) = secret_for(spec.secret_encoding, spec.secret_prefix, &bytes) else {
        return;
    };
    if provider.key(&secret).is_err() {
        return;
    }
    let t = i64::from(case.timestamp);
    let context = Context {
        timestamp: Some(provider.stamp(t)),
        id: Some("msg_1".to_owned()),
        ..Default::default()
    };
    let signed = hooksig_core::sign(provider, &mut &case.body[..], &secret, &context)
        .expect("signing a slice with a usable key cannot fail");
    let mut headers = Headers::new();
    for (name, value) in &signed {
        if headers.push(name, value).is_err() {
            // A value over the header-length limit (a long literal prefix).
            return;
        }
    }
    let judge = |body: &[u8], secret: &Secret| {
        hooksig_core::verify_in(
            catalog,
            provider,
            &headers,
            &mut &body[..],
            std::slice::from_ref(secret),
            &Policy::at(t),
        )
        .expect("a usable key gives a verdict")
    };
    let verdict = judge(case.body, &secret);
    assert!(verdict.is_authentic(), "{spec:?} {signed:?}: {verdict:?}");
    if !case.body.is_empty() {
        let mut tampered = case.body.to_vec();
        let at = usize::from(case.flip.0) % tampered.len();
        tampered[at] ^= 1 << (case.flip.1 % 8);
        assert!(!judge(&tampered, &secret).is_authentic());
    }
    bytes.push(b'x');
    if let Some(other) = secret_for(spec.secret_encoding, spec.secret_prefix, &bytes) {
        assert!(!judge(case.body, &other).is_authentic());
    }
}
