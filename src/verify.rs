//! Judging a webhook: headers → claim → one streamed pass of the body through
//! HMAC-SHA256 per secret → constant-time comparison → tolerance → verdict.

use std::io::Read;

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::diagnose::{self, BodyCapture};
use crate::error::{Error, InputError, SecretError};
use crate::input::Headers;
use crate::mac::{self, Mac};
use crate::providers::{Claim, Provider, Rejection};
use crate::secret::{Secret, fingerprint};
use crate::verdict::{Details, Reason, SecretCheck, Verdict};

/// How far a signed timestamp may be from `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tolerance {
    /// The provider's default (300 seconds for every timestamped scheme).
    #[default]
    ProviderDefault,
    /// At most this many seconds, in either direction (inclusive).
    Seconds(u64),
    /// Any timestamp is accepted (for checking old captures).
    Off,
}

/// The rules a verdict is reached under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// The moment timestamps are judged against, in Unix seconds. The library
    /// never reads the clock: callers pass it in.
    pub now: i64,
    /// The tolerance window.
    pub tolerance: Tolerance,
    /// Also compute the body's SHA-256 for [`Details::body_sha256`] (a second
    /// hash over the body, so only when it will be shown).
    pub body_digest: bool,
}

impl Policy {
    /// Judges as of `now`, with the provider's default tolerance.
    pub fn at(now: i64) -> Self {
        Policy {
            now,
            tolerance: Tolerance::ProviderDefault,
            body_digest: false,
        }
    }
}

/// Judges a webhook: `headers` as captured, `body` as the exact bytes
/// received (read once, streamed, never altered), signed with any of
/// `secrets`.
///
/// Returns `Err` only when no judgement is possible (no secret, unreadable
/// body); every not-authentic outcome is an `Ok(Verdict)` whose
/// [`Reason`] says why, with [`Hint`](crate::Hint)s that explain a mismatch.
pub fn verify(
    provider: &dyn Provider,
    headers: &Headers,
    body: &mut dyn Read,
    secrets: &[Secret],
    policy: &Policy,
) -> Result<Verdict, Error> {
    if secrets.is_empty() {
        return Err(SecretError::Missing.into());
    }
    let keys: Vec<Zeroizing<Vec<u8>>> = secrets
        .iter()
        .map(|s| provider.key(s))
        .collect::<Result<_, _>>()?;
    let claim = provider.parse(headers);
    let prefix = match &claim {
        Ok(claim) => provider.signed_prefix(&claim.context),
        Err(_) => Vec::new(),
    };

    let mut capture = BodyCapture::new(diagnose::BODY_LIMIT);
    let mut digest = policy.body_digest.then(Sha256::new);
    let key_refs: Vec<&[u8]> = match &claim {
        Ok(_) => keys.iter().map(|k| k.as_slice()).collect(),
        // No claim to check: the body is still read, for diagnostics.
        Err(_) => Vec::new(),
    };
    let (computed, body_len) = mac::stream_hmacs(&key_refs, &prefix, body, &mut |chunk| {
        capture.extend(chunk);
        if let Some(d) = digest.as_mut() {
            d.update(chunk);
        }
    })
    .map_err(|cause| InputError::ReadBody { cause })?;

    let mut details = Details {
        signed_message: None,
        body_len,
        body_sha256: digest.map(|d| hex::encode(d.finalize())),
        secrets: Vec::new(),
        ignored_trailing_bytes: 0,
    };

    let (mut verdict, claim) = match claim {
        Ok(claim) => {
            details.signed_message = Some(format!(
                "{}<body: {body_len} bytes>",
                String::from_utf8_lossy(&prefix)
            ));
            let matched = matching_secret(&computed, &claim.signatures);
            let encoding = provider.scheme().encoding;
            details.secrets = keys
                .iter()
                .zip(&computed)
                .enumerate()
                .map(|(i, (key, mac))| SecretCheck {
                    fingerprint: fingerprint(key),
                    computed: encoding.encode(mac),
                    matched: matched == Some(i),
                })
                .collect();
            let verdict = judge(provider, headers, &claim, matched, policy, details);
            (verdict, Some(claim))
        }
        Err(rejection) => (rejected(provider, rejection, details), None),
    };
    if !verdict.is_authentic() {
        verdict.hints = diagnose::explain(&diagnose::Case {
            provider,
            headers,
            claim: claim.as_ref(),
            body: &capture,
            secrets,
            policy,
            verdict: &verdict,
        });
    }
    Ok(verdict)
}

/// The index of the first secret whose MAC equals any received signature.
/// Every pair is compared in constant time, and all pairs are compared.
fn matching_secret(computed: &[Mac], received: &[Mac]) -> Option<usize> {
    let mut found = None;
    for (i, mac) in computed.iter().enumerate() {
        let hit = received
            .iter()
            .fold(false, |hit, sig| mac::constant_time_eq(mac, sig) | hit);
        if hit && found.is_none() {
            found = Some(i);
        }
    }
    found
}

/// The verdict for headers that make no claim.
fn rejected(provider: &dyn Provider, rejection: Rejection, details: Details) -> Verdict {
    Verdict {
        provider: provider.name(),
        reason: rejection.reason,
        message: rejection.message,
        timestamp: None,
        age_seconds: None,
        hints: Vec::new(),
        details,
    }
}

/// The verdict for a parsed claim: signature first, then the timestamp, so
/// that an old but genuine capture is reported as genuinely signed.
fn judge(
    provider: &dyn Provider,
    headers: &Headers,
    claim: &Claim,
    matched: Option<usize>,
    policy: &Policy,
    details: Details,
) -> Verdict {
    // Name the signature header as received (svix-signature, X-Flinks-Signature…).
    let header = provider
        .identifying_headers()
        .iter()
        .find(|h| headers.contains(h))
        .unwrap_or(&provider.headers()[0]);
    let timestamp = claim.context.timestamp.as_ref().map(|t| t.seconds);
    let age_seconds = timestamp.map(|t| policy.now.saturating_sub(t));
    let tolerance = match policy.tolerance {
        Tolerance::ProviderDefault => provider.scheme().default_tolerance,
        Tolerance::Seconds(s) => Some(s),
        Tolerance::Off => None,
    };
    let which = match matched {
        Some(i) if details.secrets.len() > 1 => format!(
            " with secret #{} ({})",
            i + 1,
            details.secrets[i].fingerprint
        ),
        _ => String::new(),
    };
    let (reason, message) = match (matched, age_seconds, tolerance) {
        (None, _, _) => (
            Reason::SignatureMismatch,
            format!("no signature in {header} matches this body and secret"),
        ),
        (Some(_), Some(age), Some(limit)) if outside(policy.now, timestamp, limit) => (
            Reason::TimestampOutsideTolerance,
            format!(
                "the signature in {header} matches{which}, but its timestamp is {}, outside the {limit}-second tolerance",
                describe_age(age)
            ),
        ),
        (Some(_), _, _) => (
            Reason::Ok,
            format!("the signature in {header} matches this body and secret{which}"),
        ),
    };
    Verdict {
        provider: provider.name(),
        reason,
        message,
        timestamp,
        age_seconds,
        hints: Vec::new(),
        details,
    }
}

/// Whether `timestamp` is more than `limit` seconds from `now`, either way.
/// The distance is exact: `now - timestamp` can exceed `i64` (and so the
/// saturated `age_seconds`), and a saturated age would understate it.
fn outside(now: i64, timestamp: Option<i64>, limit: u64) -> bool {
    timestamp.is_some_and(|t| (i128::from(now) - i128::from(t)).unsigned_abs() > u128::from(limit))
}

/// `42 seconds old`, `3 days old`, `2 hours in the future`.
pub fn describe_age(age: i64) -> String {
    let span = crate::report::human_duration(age.unsigned_abs());
    if age >= 0 {
        format!("{span} old")
    } else {
        format!("{span} in the future")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::{fintoc::Fintoc, flinks::Flinks, parse};

    fn secret(s: &str) -> Vec<Secret> {
        vec![Secret::new(s).unwrap()]
    }

    fn fintoc_headers(secret: &[u8], t: i64, body: &[u8]) -> Headers {
        let mac = mac::hmac_sha256(secret, &[format!("{t}.").as_bytes(), body]);
        let mut headers = Headers::new();
        headers
            .push(
                "Fintoc-Signature",
                &format!("t={t},v1={}", hex::encode(mac)),
            )
            .unwrap();
        headers
    }

    #[test]
    fn flinks_body_signature_verifies_and_any_change_fails() {
        let body = b"{\"a\":1}";
        let mac = mac::hmac_sha256(b"k", &[body]);
        let mut headers = Headers::new();
        headers
            .push("flinks-authenticity-key", &parse::base64_encode(&mac))
            .unwrap();
        let ok = verify(
            &Flinks,
            &headers,
            &mut &body[..],
            &secret("k"),
            &Policy::at(0),
        )
        .unwrap();
        assert_eq!(ok.reason, Reason::Ok);
        let bad = verify(
            &Flinks,
            &headers,
            &mut &b"{\"a\":2}"[..],
            &secret("k"),
            &Policy::at(0),
        )
        .unwrap();
        assert_eq!(bad.reason, Reason::SignatureMismatch);
    }

    #[test]
    fn tolerance_is_inclusive_and_applies_both_ways() {
        let headers = fintoc_headers(b"k", 1000, b"x");
        let judge_at = |now, tolerance| {
            let policy = Policy {
                now,
                tolerance,
                body_digest: false,
            };
            verify(&Fintoc, &headers, &mut &b"x"[..], &secret("k"), &policy)
                .unwrap()
                .reason
        };
        use Tolerance::*;
        assert_eq!(judge_at(1300, ProviderDefault), Reason::Ok);
        assert_eq!(judge_at(700, ProviderDefault), Reason::Ok);
        assert_eq!(
            judge_at(1301, ProviderDefault),
            Reason::TimestampOutsideTolerance
        );
        assert_eq!(
            judge_at(699, ProviderDefault),
            Reason::TimestampOutsideTolerance
        );
        assert_eq!(judge_at(1010, Seconds(10)), Reason::Ok);
        assert_eq!(
            judge_at(1011, Seconds(10)),
            Reason::TimestampOutsideTolerance
        );
        assert_eq!(judge_at(i64::MIN, Off), Reason::Ok);
        assert_eq!(
            judge_at(i64::MAX, ProviderDefault),
            Reason::TimestampOutsideTolerance
        );
    }

    /// Found by the `verify` fuzz target: with `now` and the timestamp more
    /// than `i64::MAX` apart, the saturated age understated the distance, and
    /// a tolerance above `i64::MAX` let a timestamp outside it through.
    #[test]
    fn the_window_is_exact_when_now_and_the_timestamp_are_far_apart() {
        let headers = fintoc_headers(b"k", i64::MAX, b"x");
        let judge_at = |now, tolerance| {
            let policy = Policy {
                now,
                tolerance,
                body_digest: false,
            };
            verify(&Fintoc, &headers, &mut &b"x"[..], &secret("k"), &policy).unwrap()
        };
        // The distance is exactly u64::MAX seconds.
        let far = judge_at(i64::MIN, Tolerance::Seconds(u64::MAX - 1));
        assert_eq!(far.reason, Reason::TimestampOutsideTolerance);
        assert_eq!(far.age_seconds, Some(i64::MIN));
        let inside = judge_at(i64::MIN, Tolerance::Seconds(u64::MAX));
        assert_eq!(inside.reason, Reason::Ok);
    }

    #[test]
    fn signature_is_checked_before_the_timestamp() {
        let headers = fintoc_headers(b"k", 1000, b"x");
        let verdict = verify(
            &Fintoc,
            &headers,
            &mut &b"y"[..],
            &secret("k"),
            &Policy::at(99999),
        )
        .unwrap();
        assert_eq!(verdict.reason, Reason::SignatureMismatch);
    }

    #[test]
    fn any_secret_may_match_and_the_verdict_names_it() {
        let headers = fintoc_headers(b"right", 5, b"x");
        let secrets = vec![Secret::new("wrong").unwrap(), Secret::new("right").unwrap()];
        let verdict = verify(&Fintoc, &headers, &mut &b"x"[..], &secrets, &Policy::at(5)).unwrap();
        assert_eq!(verdict.reason, Reason::Ok);
        assert!(verdict.message.contains("secret #2"), "{}", verdict.message);
        assert!(verdict.details.secrets[1].matched);
        assert!(!verdict.details.secrets[0].matched);
    }

    #[test]
    fn no_secret_is_an_error_not_a_verdict() {
        let headers = fintoc_headers(b"k", 5, b"x");
        let err = verify(&Fintoc, &headers, &mut &b"x"[..], &[], &Policy::at(5)).unwrap_err();
        assert_eq!(err.code(), "missing_secret");
    }

    #[test]
    fn details_describe_what_was_hashed() {
        let headers = fintoc_headers(b"k", 1626102791, b"abc");
        let policy = Policy {
            body_digest: true,
            ..Policy::at(1626102791)
        };
        let verdict = verify(&Fintoc, &headers, &mut &b"abc"[..], &secret("k"), &policy).unwrap();
        let details = verdict.details;
        assert_eq!(
            details.signed_message.as_deref(),
            Some("1626102791.<body: 3 bytes>")
        );
        assert_eq!(details.body_len, 3);
        // sha256("abc"), FIPS 180-2 appendix B.1
        assert_eq!(
            details.body_sha256.as_deref(),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
    }
}
