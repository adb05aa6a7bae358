//! Signing: the header(s) a provider would send for a body, for testing
//! webhook receivers and making fixtures. The same streamed HMAC as
//! verification, so `sign` then `verify` always round-trips.

use std::io::Read;

use crate::error::{Error, InputError, SecretError};
use crate::mac;
use crate::providers::{Context, Provider};
use crate::public_key::{MESSAGE_LIMIT, PublicKeyAlgorithm};
use crate::secret::Secret;

/// The signature header(s) `provider` would attach to `body`, signed with
/// `secret` in `context` (timestamp, message id). Headers come in the order
/// the provider lists them, the signature header first.
pub fn sign(
    provider: &dyn Provider,
    body: &mut dyn Read,
    secret: &Secret,
    context: &Context,
) -> Result<Vec<(String, String)>, Error> {
    if provider.signs_url() && context.url.is_none() {
        return Err(InputError::NoUrl {
            provider: provider.name(),
        }
        .into());
    }
    if let Some(algorithm) = provider.public_key() {
        return sign_with_private_key(provider, algorithm, body, secret, context);
    }
    let key = provider.key(secret)?;
    if !provider.signs_raw_body() {
        let mut whole = Vec::new();
        body.read_to_end(&mut whole)
            .map_err(|cause| InputError::ReadBody { cause })?;
        let messages = provider
            .signed_messages(context, &whole)
            .map_err(|rejection| InputError::Unsignable {
                provider: provider.name(),
                why: rejection.message,
            })?;
        let message = messages.first().map(Vec::as_slice).unwrap_or_default();
        let mac = mac::hmac(provider.algorithm(), &key, &[message]);
        return Ok(provider.signature_headers(&mac, context));
    }
    let prefix = provider.signed_prefix(context);
    let suffix = provider.signed_suffix(context);
    let job = mac::Job {
        algorithm: provider.algorithm(),
        key: &key,
        prefix: &prefix,
        suffix: &suffix,
    };
    let (macs, _) = mac::stream_jobs(&[job], body, &mut |_| {}, false)
        .map_err(|cause| InputError::ReadBody { cause })?;
    let mac = macs.into_iter().next().unwrap_or_default();
    Ok(provider.signature_headers(&mac, context))
}

/// A public-key scheme's signature: the whole message (at most
/// [`MESSAGE_LIMIT`] bytes) signed with the private key `secret`.
fn sign_with_private_key(
    provider: &dyn Provider,
    algorithm: PublicKeyAlgorithm,
    body: &mut dyn Read,
    secret: &Secret,
    context: &Context,
) -> Result<Vec<(String, String)>, Error> {
    let mut message = provider.signed_prefix(context);
    let limit = MESSAGE_LIMIT.saturating_sub(message.len());
    let mut bytes = Vec::new();
    body.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|cause| InputError::ReadBody { cause })?;
    if bytes.len() > limit {
        return Err(InputError::MessageTooLong {
            provider: provider.name(),
            len: (message.len() + bytes.len()) as u64,
            limit: MESSAGE_LIMIT,
        }
        .into());
    }
    message.extend_from_slice(&bytes);
    message.extend_from_slice(&provider.signed_suffix(context));
    let signature =
        algorithm
            .sign(secret.expose(), &message)
            .map_err(|why| SecretError::Invalid {
                provider: provider.name(),
                why,
            })?;
    Ok(provider.signature_headers(&signature, context))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::headers::Headers;
    use crate::policy::Policy;
    use crate::providers::PROVIDERS;
    use crate::verify::verify;

    #[test]
    fn every_provider_round_trips_sign_then_verify() {
        let secret = Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        for provider in PROVIDERS.iter().filter(|p| p.public_key().is_none()) {
            let context = Context {
                timestamp: Some(provider.stamp(1_700_000_000)),
                id: Some("msg_test".to_owned()),
                url: Some("https://example.com/hooks?x=1".to_owned()),
                ..Default::default()
            };
            // A JSON body with Linear's webhookTimestamp, signed inside it.
            let body = br#"{"id":"evt_1","webhookTimestamp":1700000000000}"#;
            let signed = sign(*provider, &mut &body[..], &secret, &context).unwrap();
            let mut headers = Headers::new();
            for (name, value) in &signed {
                headers.push(name, value).unwrap();
            }
            headers.set_url("https://example.com/hooks?x=1");
            let verdict = verify(
                *provider,
                &headers,
                &mut &body[..],
                std::slice::from_ref(&secret),
                &Policy::at(1_700_000_000),
            )
            .unwrap();
            assert!(verdict.is_authentic(), "{}: {verdict:?}", provider.name());
        }
    }

    #[test]
    fn a_scheme_that_signs_the_url_needs_one() {
        let secret = Secret::new("k").unwrap();
        let square = crate::providers::by_name("square").unwrap();
        let err = sign(square, &mut &b"{}"[..], &secret, &Context::default()).unwrap_err();
        assert!(err.to_string().contains("--url"), "{err}");
        let mut headers = Headers::new();
        headers
            .push(
                "x-square-hmacsha256-signature",
                "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=",
            )
            .unwrap();
        let err = verify(square, &headers, &mut &b"{}"[..], &[secret], &Policy::at(0)).unwrap_err();
        assert_eq!(err.code(), "usage");
        assert!(err.to_string().contains("pass --url URL"), "{err}");
    }

    #[test]
    fn public_key_providers_sign_with_the_private_key_and_verify_with_the_public_one() {
        let private = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
        for provider in PROVIDERS {
            let Some(algorithm) = provider.public_key() else {
                continue;
            };
            let public = algorithm.public_key_of(private.as_bytes()).unwrap();
            let context = Context {
                timestamp: Some(provider.stamp(1_700_000_000)),
                ..Default::default()
            };
            let body = br#"{"type":1}"#;
            let secret = Secret::new(private).unwrap();
            let signed = sign(*provider, &mut &body[..], &secret, &context).unwrap();
            let mut headers = Headers::new();
            for (name, value) in &signed {
                headers.push(name, value).unwrap();
            }
            let key = Secret::new(public).unwrap().into_public_key();
            let judge = |body: &[u8]| {
                verify(
                    *provider,
                    &headers,
                    &mut &body[..],
                    std::slice::from_ref(&key),
                    &Policy::at(1_700_000_000),
                )
                .unwrap()
                .reason
            };
            assert_eq!(judge(body), crate::Reason::Ok, "{}", provider.name());
            assert_eq!(
                judge(br#"{"type":2}"#),
                crate::Reason::SignatureMismatch,
                "{}",
                provider.name()
            );
            // The secret itself is not a verification key: the error names --public-key.
            let err = verify(
                *provider,
                &headers,
                &mut &body[..],
                &[secret],
                &Policy::at(1_700_000_000),
            )
            .unwrap_err();
            assert!(err.to_string().contains("--public-key"), "{err}");
        }
    }
}
