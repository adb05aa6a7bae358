//! The whole `hooksig_core::verify` entry point (and so `diagnose::explain`) on
//! arbitrary headers, body, secrets, moment and tolerance.
//!
//! Most random headers do not even parse, so the input can also ask for a
//! correct signature: of the body itself, or of a likely variant of it (a
//! newline added or removed, other line endings, compact JSON, a trimmed
//! secret, another provider's scheme, the other encoding), optionally with
//! one body byte flipped afterwards. That drives verification past the
//! parsers and the diagnostics through their variant checks.
//!
//! Invariants: nothing panics (the human and JSON renderers included: the
//! JSON is one line that parses, the human text has no control character
//! but newlines); `verify` fails only when no secret is
//! usable for the provider (an unusable one beside a usable one is skipped,
//! and listed as such); an authentic verdict has no hints and is
//! backed by an independent recomputation (HMAC from the `hmac` crate,
//! compared here, over each copy of the headers; for Flinks also the header
//! decoded here) with the timestamp inside the window; an exact signature of the body, checked
//! with `--tolerance off`, is always authentic.
#![no_main]

use arbitrary::Arbitrary;
use base64::Engine as _;
use hmac::{Hmac, Mac as _};
use hooksig_core::providers::{Context, PROVIDERS, Provider};
use hooksig::render::{Human, Json, Report};
use hooksig_core::{Headers, Policy, Secret, Tolerance};
use libfuzzer_sys::fuzz_target;
use sha2::Sha256;

#[derive(Arbitrary, Debug)]
struct Case<'a> {
    provider: u8,
    /// Header values under the provider's own names (by index), or under
    /// any name when the index is past them.
    headers: Vec<(u8, &'a str, &'a str)>,
    secrets: Vec<&'a [u8]>,
    body: &'a [u8],
    now: i64,
    tolerance: Window,
    forge: Option<Forge<'a>>,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Window {
    ProviderDefault,
    Seconds(u64),
    Off,
}

/// Sign something close to the case, with the first secret.
#[derive(Arbitrary, Debug)]
struct Forge<'a> {
    timestamp: i64,
    id: &'a str,
    variant: Variant,
    /// Flip one bit of this body byte after signing (index modulo length).
    flip: Option<(u16, u8)>,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Variant {
    Exact,
    AddNewline,
    DropLastByte,
    LfToCrlf,
    CompactJson,
    PaddedSecret,
    OtherProvider(u8),
    OtherEncoding,
}

fuzz_target!(|case: Case<'_>| run(case));

fn run(case: Case<'_>) {
    // HMAC schemes; the public-key ones are fuzz_targets/public_key.rs's.
    let hmac: Vec<&dyn Provider> = PROVIDERS
        .iter()
        .copied()
        .filter(|p| p.public_key().is_none())
        .collect();
    let provider = hmac[usize::from(case.provider) % hmac.len()];
    let secrets: Vec<Secret> = case
        .secrets
        .iter()
        .filter_map(|s| Secret::new(s.to_vec()).ok())
        .take(4)
        .collect();
    let mut body = case.body.to_vec();
    let mut headers = Headers::new();
    let mut exact = false;

    if let (Some(forge), Some(secret)) = (&case.forge, secrets.first()) {
        let context = Context {
            timestamp: Some(provider.stamp(forge.timestamp.max(0))),
            id: Some(id_of(forge.id)),
            ..Default::default()
        };
        let mut signer = provider;
        let mut signed_body = body.clone();
        let signing_secret = secret.clone();
        match forge.variant {
            Variant::Exact => exact = true,
            Variant::AddNewline => signed_body.push(b'\n'),
            Variant::DropLastByte => {
                signed_body.pop();
            }
            Variant::LfToCrlf => signed_body = lf_to_crlf(&signed_body),
            Variant::CompactJson => {
                if let Ok(value) = serde_json_compact(&signed_body) {
                    signed_body = value;
                }
            }
            Variant::PaddedSecret => {
                // The verifier is given the secret padded; the sender used it bare.
                let padded = [b" ", secret.expose(), b"\n"].concat();
                if let Ok(padded) = Secret::new(padded) {
                    return finish(provider, case, padded, signing_secret, body, context);
                }
            }
            Variant::OtherProvider(n) => {
                signer = hmac[usize::from(n) % hmac.len()];
            }
            Variant::OtherEncoding => {}
        }
        if let Ok(signed) = hooksig_core::sign(signer, &mut &signed_body[..], &signing_secret, &context)
        {
            for (i, (name, value)) in signed.into_iter().enumerate() {
                let name = if i == 0 && signer.name() != provider.name() {
                    // The other provider's value, under this provider's header.
                    provider.headers()[0].to_owned()
                } else {
                    name
                };
                let value = if i == 0 && matches!(forge.variant, Variant::OtherEncoding) {
                    reencode(&value)
                } else {
                    value
                };
                let _ = headers.push(&name, &value);
            }
        }
        if let Some((at, bit)) = forge.flip
            && !body.is_empty()
        {
            let at = usize::from(at) % body.len();
            body[at] ^= 1 << (bit % 8);
            exact = false;
        }
    }
    push_arbitrary(provider, &mut headers, &case.headers);
    judge(
        provider,
        &headers,
        &body,
        &secrets,
        case.now,
        case.tolerance,
        exact,
    );
}

/// The padded-secret case: the verifier is given `given`, the sender used
/// `used`.
fn finish(
    provider: &dyn Provider,
    case: Case<'_>,
    given: Secret,
    used: Secret,
    body: Vec<u8>,
    context: Context,
) {
    let mut headers = Headers::new();
    if let Ok(signed) = hooksig_core::sign(provider, &mut &body[..], &used, &context) {
        for (name, value) in signed {
            let _ = headers.push(&name, &value);
        }
    }
    push_arbitrary(provider, &mut headers, &case.headers);
    judge(
        provider,
        &headers,
        &body,
        &[given],
        case.now,
        case.tolerance,
        false,
    );
}

fn push_arbitrary(provider: &dyn Provider, headers: &mut Headers, extra: &[(u8, &str, &str)]) {
    for (index, name, value) in extra {
        let name = provider
            .headers()
            .get(usize::from(*index))
            .copied()
            .unwrap_or(name);
        let _ = headers.push(name, value);
    }
}

fn judge(
    provider: &dyn Provider,
    headers: &Headers,
    body: &[u8],
    secrets: &[Secret],
    now: i64,
    window: Window,
    exact: bool,
) {
    let tolerance = match window {
        Window::ProviderDefault => Tolerance::ProviderDefault,
        Window::Seconds(s) => Tolerance::Seconds(s),
        Window::Off => Tolerance::Off,
    };
    let policy = Policy {
        now,
        tolerance,
        body_digest: now % 2 == 0,
        // Both ways of hashing a large body: the result must not differ.
        parallel: now % 3 == 0,
    };
    let keys_ok = secrets.iter().any(|s| provider.key(s).is_ok());
    let verdict = match hooksig_core::verify(provider, headers, &mut &body[..], secrets, &policy) {
        Ok(verdict) => verdict,
        Err(err) => {
            assert!(
                secrets.is_empty() || !keys_ok,
                "{}: unexpected error {err}",
                provider.name()
            );
            return;
        }
    };
    assert!(!secrets.is_empty() && keys_ok);
    for (secret, check) in secrets.iter().zip(&verdict.details.secrets) {
        assert_eq!(check.unusable.is_none(), provider.key(secret).is_ok());
        assert!(check.unusable.is_none() || !check.matched);
    }
    // Both renderers take any verdict; JSON is one line of valid JSON.
    let json = Json.verdict(&verdict);
    assert_eq!(json.matches('\n').count(), 1, "{json}");
    serde_json::from_str::<serde_json::Value>(&json).expect("the JSON verdict parses");
    let human = Human {
        color: false,
        verbose: true,
    }
    .verdict(&verdict);
    // Nothing from the input reaches a terminal as a control character.
    assert!(
        !human.chars().any(|c| c.is_control() && c != '\n'),
        "{human:?}"
    );
    assert_eq!(verdict.is_authentic(), verdict.reason.as_str() == "ok");
    assert_eq!(verdict.details.body_len, body.len() as u64);

    if exact && matches!(window, Window::Off) {
        assert!(verdict.is_authentic(), "{}: {verdict:?}", provider.name());
    }
    if !verdict.is_authentic() {
        return;
    }
    assert!(verdict.hints.is_empty(), "hints on an authentic verdict");

    // An independent recomputation backs the verdict. hooksig judges every
    // copy of the signature header, so some copy of some header the
    // provider reads, judged alone, must make a claim whose MAC matches,
    // with its timestamp inside the window.
    let mut variants = vec![headers.clone()];
    for name in provider.headers() {
        for value in headers.get_all(name) {
            variants.push(headers.replaced(name, value));
        }
    }
    let limit = match window {
        Window::ProviderDefault => provider.scheme().default_tolerance,
        Window::Seconds(s) => Some(s),
        Window::Off => None,
    };
    let backed = variants
        .iter()
        .filter_map(|h| provider.parse(h).ok())
        .any(|claim| {
            let prefix = provider.signed_prefix(&claim.context);
            let signed = secrets.iter().any(|secret| {
                // A skipped secret backs nothing.
                let Ok(key) = provider.key(secret) else {
                    return false;
                };
                let mac = independent_hmac(&key, &[&prefix, body]);
                // A plain comparison is fine here: this is the fuzzer's own check.
                claim.signatures.contains(&mac)
            });
            let inside = match (claim.context.timestamp.as_ref().map(|t| t.seconds), limit) {
                (Some(t), Some(limit)) => {
                    (i128::from(now) - i128::from(t)).unsigned_abs() <= u128::from(limit)
                }
                _ => true,
            };
            signed && inside
        });
    assert!(
        backed,
        "{}: authentic without a matching MAC inside the window",
        provider.name()
    );
    if provider.name() == "flinks" {
        let name = if headers.contains("flinks-authenticity-key") {
            "flinks-authenticity-key"
        } else {
            "X-Flinks-Signature"
        };
        let sent: Vec<Vec<u8>> = headers
            .get_all(name)
            .filter_map(|value| {
                base64::engine::general_purpose::STANDARD
                    .decode(value.trim())
                    .ok()
            })
            .collect();
        assert!(
            secrets.iter().any(|s| {
                let mac = independent_hmac(s.expose(), &[body]);
                sent.iter().any(|sent| mac[..] == sent[..])
            }),
            "flinks: authentic, but HMAC(secret, body) is no copy of the header"
        );
    }
}

fn independent_hmac(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().to_vec()
}

/// A Standard Webhooks message id: printable ASCII, no spaces or commas.
fn id_of(text: &str) -> String {
    let id: String = text
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != ',')
        .take(40)
        .collect();
    if id.is_empty() {
        "msg_fuzz".to_owned()
    } else {
        id
    }
}

fn lf_to_crlf(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    for &b in body {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

/// A crude compaction: JSON-looking text without the whitespace outside
/// strings (enough to produce the variant diagnostics look for).
fn serde_json_compact(body: &[u8]) -> Result<Vec<u8>, ()> {
    if body.first() != Some(&b'{') {
        return Err(());
    }
    let mut out = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for &b in body {
        if in_string {
            out.push(b);
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if !b.is_ascii_whitespace() {
            in_string = b == b'"';
            out.push(b);
        }
    }
    Ok(out)
}

/// The other encoding of each MAC-sized token: hex ⇄ base64.
fn reencode(value: &str) -> String {
    value
        .split([',', ' '])
        .fold(value.to_owned(), |out, token| {
            let token = token.split_once('=').map_or(token, |(_, v)| v);
            let b64 = base64::engine::general_purpose::STANDARD;
            if let Ok(bytes) = hex::decode(token)
                && bytes.len() == 32
            {
                return out.replacen(token, &b64.encode(bytes), 1);
            }
            match b64.decode(token) {
                Ok(bytes) if bytes.len() == 32 => out.replacen(token, &hex::encode(bytes), 1),
                _ => out,
            }
        })
}
