//! Signing: the header(s) a provider would send for a body, for testing
//! webhook receivers and making fixtures. The same streamed HMAC as
//! verification, so `sign` then `verify` always round-trips.

use std::io::Read;

use crate::error::{Error, InputError};
use crate::mac;
use crate::providers::{Context, Provider};
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
        for provider in PROVIDERS {
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
}
