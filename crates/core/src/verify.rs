//! Judging a webhook: headers → claim → one streamed pass of the body through
//! HMAC-SHA256 per secret → constant-time comparison → tolerance → verdict.

use std::io::Read;

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::diagnose;
use crate::error::{Error, InputError, SecretError};
use crate::headers::Headers;
use crate::mac::{self, Algorithm, Mac};
use crate::policy::{Policy, window};
use crate::providers::{Catalog, Claim, Provider, Rejection, claims, signature_header};
use crate::public_key::{self, PublicKeyAlgorithm};
use crate::secret::{Secret, fingerprint};
use crate::time::describe_age;
use crate::verdict::{COMPUTED_PREFIX, Details, Reason, SecretCheck, Verdict};

/// Judges a webhook: `headers` as captured, `body` as the exact bytes
/// received (read once, streamed, never altered), signed with any of
/// `secrets`.
///
/// A secret that cannot be a key for this provider's scheme is skipped (and
/// listed with why in [`Details::secrets`]) while another one can.
///
/// Returns `Err` only when no judgement is possible (no secret, no secret
/// usable for the scheme, unreadable body); every not-authentic outcome is an `Ok(Verdict)` whose
/// [`Reason`] says why, with [`Hint`](crate::Hint)s that explain a mismatch.
pub fn verify(
    provider: &dyn Provider,
    headers: &Headers,
    body: &mut dyn Read,
    secrets: &[Secret],
    policy: &Policy,
) -> Result<Verdict, Error> {
    verify_in(
        &Catalog::builtin(),
        provider,
        headers,
        body,
        secrets,
        policy,
    )
}

/// [`verify`] within `catalog`: its diagnostics (`wrong_provider`,
/// `secret_format`) search the catalog's providers, the user's schemes
/// included.
pub fn verify_in(
    catalog: &Catalog,
    provider: &dyn Provider,
    headers: &Headers,
    body: &mut dyn Read,
    secrets: &[Secret],
    policy: &Policy,
) -> Result<Verdict, Error> {
    if secrets.is_empty() {
        return Err(SecretError::Missing.into());
    }
    if provider.signs_url() && headers.url().is_none() {
        return Err(InputError::NoUrl {
            provider: provider.name(),
        }
        .into());
    }
    let public = provider.public_key();
    check_key_kinds(provider, secrets)?;
    let keys = usable_keys(provider, secrets)?;
    // The usable keys, with their secrets' positions.
    let usable: Vec<(usize, &[u8])> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, key)| key.as_ref().ok().map(|k| (i, k.as_slice())))
        .collect();
    // Most schemes sign the raw body between a prefix and a suffix, and it
    // is streamed; the others' messages are made from the body in memory.
    let raw = provider.signs_raw_body();
    let mut claims = claims(provider, headers);
    // One signed message per distinct claim, each under every usable key.
    let mut messages: Vec<(Vec<u8>, Vec<u8>)> = match &claims {
        Ok(_) if !raw => Vec::new(),
        Ok(claims) => claims
            .iter()
            .map(|c| {
                (
                    provider.signed_prefix(&c.context),
                    provider.signed_suffix(&c.context),
                )
            })
            .collect(),
        // No claim to check: the body is still read, for diagnostics.
        Err(_) => Vec::new(),
    };
    let algorithm = provider.algorithm();
    // A public-key scheme computes no MAC: its check needs the whole message.
    let hmac_messages = if public.is_some() { &[][..] } else { &messages };
    let jobs: Vec<mac::Job<'_>> = hmac_messages
        .iter()
        .flat_map(|(prefix, suffix)| {
            usable.iter().map(move |&(_, key)| mac::Job {
                algorithm,
                key,
                prefix,
                suffix,
            })
        })
        .collect();

    let mut capture = BodyCapture::new(diagnose::BODY_LIMIT);
    let mut digest = policy.body_digest.then(Sha256::new);
    let mut whole = Vec::new();
    let mut observe = |chunk: &[u8]| {
        capture.extend(chunk);
        if !raw {
            whole.extend_from_slice(chunk);
        }
        if let Some(d) = digest.as_mut() {
            d.update(chunk);
        }
    };
    let (mut computed, body_len) = mac::stream_jobs(&jobs, body, &mut observe, policy.parallel)
        .map_err(|cause| InputError::ReadBody { cause })?;
    if !raw {
        let keys: Vec<&[u8]> = usable.iter().map(|&(_, key)| key).collect();
        (claims, messages, computed) = in_memory(provider, claims, &whole, &keys);
    }

    let mut details = Details {
        signed_message: None,
        body_len,
        body_sha256: digest.map(|d| hex::encode(d.finalize())),
        secrets: Vec::new(),
        signature_copies: headers.get_all(signature_header(provider, headers)).count(),
        ignored_trailing_bytes: 0,
    };

    // Every claim's MACs are compared (in constant time); the first claim
    // with a matching secret is the one reported, else the first.
    let per_claim: Vec<&[Mac]> = computed.chunks(usable.len().max(1)).collect();
    let found: Vec<Option<usize>> = match (&claims, public) {
        (Ok(claims), None) => claims
            .iter()
            .zip(&per_claim)
            .map(|(c, macs)| matching_secret(macs, &c.signatures))
            .collect(),
        (Ok(claims), Some(algorithm)) => {
            let Some(body) = capture.body() else {
                return Err(InputError::MessageTooLong {
                    provider: provider.name(),
                    len: body_len,
                    limit: public_key::MESSAGE_LIMIT,
                }
                .into());
            };
            claims
                .iter()
                .zip(&messages)
                .map(|(c, (prefix, suffix))| {
                    let message = [prefix.as_slice(), body, suffix].concat();
                    matching_key(algorithm, &usable, &message, &c.signatures)
                })
                .collect()
        }
        (Err(_), _) => Vec::new(),
    };
    let chosen = found.iter().position(Option::is_some).unwrap_or(0);
    // The matching secret's position among all the secrets given.
    let matched = found
        .get(chosen)
        .copied()
        .flatten()
        .and_then(|j| usable.get(j).map(|&(i, _)| i));
    let claim = claims.and_then(|claims| {
        claims
            .into_iter()
            .nth(chosen)
            .ok_or_else(|| Rejection::missing(signature_header(provider, headers)))
    });

    // A timestamp signed inside the body (Linear) is read once the body is.
    // Without a usable one, a signature that matches still makes no
    // authentic webhook (and nothing for diagnostics to explain); one that
    // does not match is a mismatch.
    let mut unstamped = false;
    let claim = claim.and_then(|mut claim| match provider.body_timestamp(capture.body()) {
        Some(Ok(timestamp)) => {
            claim.context.timestamp = Some(timestamp);
            Ok(claim)
        }
        Some(Err(rejection)) if matched.is_some() => {
            unstamped = true;
            Err(Rejection::malformed(format!(
                "the signature in {} matches, but {}",
                signature_header(provider, headers),
                rejection.message
            )))
        }
        Some(Err(_)) | None => Ok(claim),
    });
    let mut verdict = match claim {
        Ok(claim) => {
            let (prefix, suffix) = messages
                .get(chosen)
                .map_or((&[][..], &[][..]), |(p, s)| (p.as_slice(), s.as_slice()));
            // A token scheme signs nothing, and its "computed" value is the
            // secret itself: neither is shown.
            let token = algorithm == Algorithm::Token;
            details.signed_message = (!token).then(|| {
                if raw {
                    format!(
                        "{}<body: {body_len} bytes>{}",
                        String::from_utf8_lossy(prefix),
                        String::from_utf8_lossy(suffix)
                    )
                } else {
                    String::from_utf8_lossy(prefix).into_owned()
                }
            });
            let encoding = provider.scheme().encoding;
            let mut macs = per_claim.get(chosen).copied().unwrap_or_default().iter();
            details.secrets = keys
                .iter()
                .zip(secrets)
                .enumerate()
                .map(|(i, (key, secret))| match key {
                    Ok(key) => {
                        let hit = matched == Some(i);
                        SecretCheck {
                            fingerprint: fingerprint(key),
                            computed: macs
                                .next()
                                .filter(|_| !token)
                                .map(|mac| shown(encoding.encode(mac), hit))
                                .unwrap_or_default(),
                            matched: hit,
                            unusable: None,
                        }
                    }
                    Err(why) => SecretCheck {
                        fingerprint: secret.fingerprint(),
                        computed: String::new(),
                        matched: false,
                        unusable: Some(unusable_why(why)),
                    },
                })
                .collect();
            judge(provider, headers, &claim, matched, policy, details)
        }
        Err(rejection) => rejected(provider, rejection, details),
    };
    if !verdict.is_authentic() && !unstamped {
        verdict.hints = diagnose::explain(&diagnose::Case {
            catalog,
            provider,
            headers,
            body: capture.body(),
            secrets,
            policy,
            verdict: &verdict,
        });
    }
    Ok(verdict)
}

/// For a scheme that does not sign the raw body (see
/// [`Provider::signs_raw_body`]): each of a claim's signed messages made
/// from the body in memory, as a claim of its own (the message whole, as
/// the prefix), and their MACs under every key, in the order `verify`
/// reads them. A claim whose messages cannot be made is dropped while
/// another claim has some; when none has, the first one's rejection is the
/// answer.
#[allow(clippy::type_complexity)]
fn in_memory(
    provider: &dyn Provider,
    claims: Result<Vec<Claim>, Rejection>,
    body: &[u8],
    keys: &[&[u8]],
) -> (
    Result<Vec<Claim>, Rejection>,
    Vec<(Vec<u8>, Vec<u8>)>,
    Vec<Mac>,
) {
    let claims = match claims {
        Ok(claims) => claims,
        Err(rejection) => return (Err(rejection), Vec::new(), Vec::new()),
    };
    let (mut expanded, mut messages, mut macs) = (Vec::new(), Vec::new(), Vec::new());
    let mut first_rejection = None;
    for claim in claims {
        match provider.signed_messages(&claim.context, body) {
            Ok(made) => {
                for message in made {
                    macs.extend(
                        keys.iter()
                            .map(|key| mac::hmac(provider.algorithm(), key, &[&message])),
                    );
                    messages.push((message, Vec::new()));
                    expanded.push(claim.clone());
                }
            }
            Err(rejection) => {
                first_rejection.get_or_insert(rejection);
            }
        }
    }
    match first_rejection {
        Some(rejection) if expanded.is_empty() => (Err(rejection), messages, macs),
        _ => (Ok(expanded), messages, macs),
    }
}

/// [`verify`] for a body already in memory: the same judgement, on this
/// thread alone (whatever [`Policy::parallel`] says).
pub fn verify_bytes(
    provider: &dyn Provider,
    headers: &Headers,
    body: &[u8],
    secrets: &[Secret],
    policy: &Policy,
) -> Result<Verdict, Error> {
    let policy = Policy {
        parallel: false,
        ..*policy
    };
    verify(provider, headers, &mut &body[..], secrets, &policy)
}

/// A secret's HMAC key, or why it cannot be one.
type KeyOrWhy = Result<Zeroizing<Vec<u8>>, SecretError>;

/// The HMAC key of each secret, or why it cannot be one for this scheme (a
/// Fintoc `whsec_live_…` secret is not a Standard Webhooks key). Such a
/// secret is skipped while another one is usable; when none is, the error
/// says why for each.
fn usable_keys(provider: &dyn Provider, secrets: &[Secret]) -> Result<Vec<KeyOrWhy>, Error> {
    let mut keys: Vec<_> = secrets.iter().map(|s| provider.key(s)).collect();
    if keys.iter().any(Result::is_ok) {
        return Ok(keys);
    }
    if keys.len() == 1 {
        if let Some(Err(only)) = keys.pop() {
            return Err(only.into());
        }
    }
    let provider_name = keys
        .iter()
        .find_map(|key| match key {
            Err(SecretError::Invalid { provider, .. }) => Some(*provider),
            _ => None,
        })
        .unwrap_or(provider.name());
    let whys: Vec<String> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, key)| key.as_ref().err().map(|e| (i, e)))
        .map(|(i, e)| match e {
            SecretError::Invalid { why, .. } => format!("secret #{}: {why}", i + 1),
            other => format!("secret #{}: {other}", i + 1),
        })
        .collect();
    Err(SecretError::NoneUsable {
        provider: provider_name,
        count: secrets.len(),
        whys: whys.join("; "),
    }
    .into())
}

/// Why a secret cannot be a key, as a phrase without the secret.
fn unusable_why(err: &SecretError) -> String {
    match err {
        SecretError::Invalid { provider, why } => format!("not a {provider} secret: {why}"),
        other => other.to_string(),
    }
}

/// A computed signature as verbose output may show it: whole when it
/// matched, else only its first [`COMPUTED_PREFIX`] characters and `…`
/// (see [`SecretCheck::computed`]).
fn shown(encoded: String, matched: bool) -> String {
    if matched {
        encoded
    } else {
        let prefix: String = encoded.chars().take(COMPUTED_PREFIX).collect();
        format!("{prefix}…")
    }
}

/// A bounded copy of the body, kept while it streams, for diagnostics.
#[derive(Debug, Clone)]
struct BodyCapture {
    bytes: Vec<u8>,
    limit: usize,
    complete: bool,
}

impl BodyCapture {
    /// An empty capture that keeps at most `limit` bytes.
    fn new(limit: usize) -> Self {
        BodyCapture {
            bytes: Vec::new(),
            limit,
            complete: true,
        }
    }

    /// Appends a chunk, or gives up (and frees the copy) once over the limit.
    fn extend(&mut self, chunk: &[u8]) {
        if !self.complete {
            return;
        }
        if self.bytes.len() + chunk.len() > self.limit {
            self.complete = false;
            self.bytes = Vec::new();
        } else {
            self.bytes.extend_from_slice(chunk);
        }
    }

    /// The whole body, when it fit under the limit.
    fn body(&self) -> Option<&[u8]> {
        self.complete.then_some(self.bytes.as_slice())
    }
}

/// The index (among `usable`) of the first public key under which any
/// received signature verifies. Every pair is checked; the signature
/// crate's `verify` is the check (there are no bytes to compare).
fn matching_key(
    algorithm: PublicKeyAlgorithm,
    usable: &[(usize, &[u8])],
    message: &[u8],
    received: &[Mac],
) -> Option<usize> {
    let mut found = None;
    for (i, &(_, key)) in usable.iter().enumerate() {
        let hit = received
            .iter()
            .fold(false, |hit, sig| algorithm.verify(key, message, sig) | hit);
        if hit && found.is_none() {
            found = Some(i);
        }
    }
    found
}

/// A public key given to an HMAC scheme, or a shared secret to a
/// public-key scheme: an error naming the flag to use.
fn check_key_kinds(provider: &dyn Provider, secrets: &[Secret]) -> Result<(), Error> {
    match provider.public_key() {
        Some(algorithm) if secrets.iter().any(|s| !s.is_public_key()) => {
            Err(SecretError::PublicKeyNeeded {
                provider: provider.name(),
                algorithm: algorithm.display_name(),
            }
            .into())
        }
        None if secrets.iter().any(Secret::is_public_key) => Err(SecretError::SecretNeeded {
            provider: provider.name(),
        }
        .into()),
        _ => Ok(()),
    }
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
    let header = signature_header(provider, headers);
    let copies = details.signature_copies;
    let place = if copies > 1 {
        format!("one of the {copies} {header} headers")
    } else {
        header.to_owned()
    };
    let timestamp = claim.context.timestamp.as_ref().map(|t| t.seconds);
    let age_seconds = timestamp.map(|t| policy.now.saturating_sub(t));
    let tolerance = window(provider, policy);
    let key_word = if provider.public_key().is_some() {
        "public key"
    } else {
        "secret"
    };
    let which = match matched {
        Some(i) if details.secrets.len() > 1 => format!(
            " with {key_word} #{} ({})",
            i + 1,
            details.secrets[i].fingerprint
        ),
        _ => String::new(),
    };
    let token = provider.algorithm() == Algorithm::Token;
    let (reason, message) = match (matched, age_seconds, tolerance) {
        (None, _, _) if token => (
            Reason::SignatureMismatch,
            format!("the token in {place} is not the secret"),
        ),
        (Some(_), _, _) if token => (
            Reason::Ok,
            format!("the token in {place} is the secret{which}"),
        ),
        (None, _, _) if copies > 1 => (
            Reason::SignatureMismatch,
            format!(
                "no signature in the {copies} {header} headers matches this body and {key_word}"
            ),
        ),
        (None, _, _) => (
            Reason::SignatureMismatch,
            format!("no signature in {header} matches this body and {key_word}"),
        ),
        (Some(_), Some(age), Some(limit)) if outside(policy.now, timestamp, limit) => (
            Reason::TimestampOutsideTolerance,
            format!(
                "the signature in {place} matches{which}, but its timestamp is {}, outside the {limit}-second tolerance",
                describe_age(age)
            ),
        ),
        (Some(_), _, _) => (
            Reason::Ok,
            format!("the signature in {place} matches this body and {key_word}{which}"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Tolerance;
    use crate::providers::MAX_SIGNED_MESSAGES;
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
    fn capture_gives_up_past_its_limit() {
        let mut capture = BodyCapture::new(4);
        capture.extend(b"ab");
        capture.extend(b"cd");
        assert_eq!(capture.body(), Some(&b"abcd"[..]));
        capture.extend(b"e");
        assert_eq!(capture.body(), None);
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
                parallel: false,
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
                parallel: false,
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
    fn a_secret_unusable_for_the_scheme_is_skipped_while_another_fits() {
        use crate::providers::standard::Standard;
        let body = b"x";
        let key = b"0123456789abcdef";
        let prefix = b"msg_1.5.";
        let mac = mac::hmac_sha256(key, &[prefix, body]);
        let mut headers = Headers::new();
        for (name, value) in [
            ("webhook-id", "msg_1".to_owned()),
            ("webhook-timestamp", "5".to_owned()),
            (
                "webhook-signature",
                format!("v1,{}", parse::base64_encode(&mac)),
            ),
        ] {
            headers.push(name, &value).unwrap();
        }
        let usable = Secret::new(format!("whsec_{}", parse::base64_encode(key))).unwrap();
        let unusable = Secret::new("whsec_live_abc").unwrap();
        let judge = |secrets: &[Secret]| {
            verify(&Standard, &headers, &mut &body[..], secrets, &Policy::at(5))
        };

        let verdict = judge(&[unusable.clone(), usable]).unwrap();
        assert_eq!(verdict.reason, Reason::Ok);
        assert!(verdict.message.contains("secret #2"), "{}", verdict.message);
        let [skipped, used] = &verdict.details.secrets[..] else {
            panic!("{:?}", verdict.details.secrets);
        };
        assert!(
            skipped
                .unusable
                .as_deref()
                .is_some_and(|why| why.contains("Fintoc"))
        );
        assert!(!skipped.matched && skipped.computed.is_empty());
        assert!(used.unusable.is_none() && used.matched);

        let err = judge(&[unusable.clone(), unusable]).unwrap_err();
        assert_eq!(err.code(), "invalid_secret");
        assert!(
            err.to_string().starts_with("none of the 2 secrets"),
            "{err}"
        );
    }

    #[test]
    fn every_copy_of_the_signature_header_is_judged() {
        let good = fintoc_headers(b"k", 1000, b"x");
        let good = good.get("Fintoc-Signature").unwrap().to_owned();
        let stale = format!("t=900,v1={}", "a".repeat(64));
        let mut headers = Headers::new();
        for value in ["t=1", &stale, &good] {
            headers.push("Fintoc-Signature", value).unwrap();
        }
        let verdict = verify(
            &Fintoc,
            &headers,
            &mut &b"x"[..],
            &secret("k"),
            &Policy::at(1000),
        )
        .unwrap();
        assert_eq!(verdict.reason, Reason::Ok);
        assert_eq!(verdict.timestamp, Some(1000));
        assert_eq!(verdict.details.signature_copies, 3);
        assert_eq!(
            verdict.details.signed_message.as_deref(),
            Some("1000.<body: 1 bytes>")
        );
        assert!(
            verdict
                .message
                .contains("one of the 3 Fintoc-Signature headers"),
            "{}",
            verdict.message
        );

        // Every copy malformed: the first copy's reason.
        let mut malformed = Headers::new();
        malformed.push("Fintoc-Signature", "t=1").unwrap();
        malformed.push("Fintoc-Signature", "v1=ab").unwrap();
        let verdict = verify(
            &Fintoc,
            &malformed,
            &mut &b"x"[..],
            &secret("k"),
            &Policy::at(1000),
        )
        .unwrap();
        assert_eq!(verdict.reason, Reason::MalformedSignature);
        assert!(verdict.message.contains("no v1="), "{}", verdict.message);
    }

    #[test]
    fn copies_pool_their_signatures_per_signed_message_up_to_a_limit() {
        let mut headers = Headers::new();
        for t in 0..20 {
            headers
                .push(
                    "Fintoc-Signature",
                    &format!("t={},v1={}", t % 10, "a".repeat(64)),
                )
                .unwrap();
        }
        let claims = claims(&Fintoc, &headers).unwrap();
        assert_eq!(claims.len(), MAX_SIGNED_MESSAGES);
        assert!(claims.iter().all(|c| c.signatures.len() == 2));
        // A genuine copy past the limit of distinct messages is not judged.
        let genuine = fintoc_headers(b"k", 77, b"x");
        let mut late = headers.clone();
        late.push("Fintoc-Signature", genuine.get("Fintoc-Signature").unwrap())
            .unwrap();
        let verdict = verify(
            &Fintoc,
            &late,
            &mut &b"x"[..],
            &secret("k"),
            &Policy::at(77),
        )
        .unwrap();
        assert_eq!(verdict.reason, Reason::SignatureMismatch);
    }

    #[test]
    fn only_a_matching_signature_is_shown_whole() {
        let headers = fintoc_headers(b"right", 5, b"x");
        let secrets = vec![Secret::new("other").unwrap(), Secret::new("right").unwrap()];
        let verdict = verify(&Fintoc, &headers, &mut &b"x"[..], &secrets, &Policy::at(5)).unwrap();
        let other = hex::encode(mac::hmac_sha256(b"other", &[b"5.", b"x"]));
        let right = hex::encode(mac::hmac_sha256(b"right", &[b"5.", b"x"]));
        assert_eq!(
            verdict.details.secrets[0].computed,
            format!("{}…", &other[..8])
        );
        assert_eq!(verdict.details.secrets[1].computed, right);
    }

    #[test]
    fn no_secret_is_an_error_not_a_verdict() {
        let headers = fintoc_headers(b"k", 5, b"x");
        let err = verify(&Fintoc, &headers, &mut &b"x"[..], &[], &Policy::at(5)).unwrap_err();
        assert_eq!(err.code(), "no_secret");
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
