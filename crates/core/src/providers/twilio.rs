//! Twilio: `X-Twilio-Signature: base64(HMAC-SHA1(auth token, S))`.
//!
//! For a form post, S is the full URL as Twilio requested it (query
//! included) followed, for each POST parameter name in sorted order and each
//! of its distinct values in sorted order, by `name` then `value`, both
//! form-decoded. For a JSON post Twilio adds `bodySHA256=<hex SHA-256 of the
//! body>` to the URL's query and signs the URL alone; the body's hash must
//! then be that one. The official SDK (twilio-python 9.13.0
//! `RequestValidator.validate`) accepts the signature over the URL with its
//! port removed or with the default port added (`:443`, `:80`), since
//! Twilio's own signing is inconsistent: so does hooksig. No timestamp.
//!
//! Not a template: the message is made from what the body says, not from
//! its bytes (see [`Provider::signs_raw_body`]).
//!
//! Source: Twilio's "Webhooks security" docs; twilio/twilio-python
//! `twilio/request_validator.py`, `tests/unit/test_request_validator.py`.

use sha2::{Digest, Sha256};

use super::{Claim, Context, Encoding, Provider, Rejection, Scheme, parse};
use crate::headers::{Headers, default_port, split_port, split_url};
use crate::mac::{Algorithm, Mac, constant_time_eq};

/// The Twilio scheme.
pub struct Twilio;

const HEADER: &str = "X-Twilio-Signature";

impl Provider for Twilio {
    fn name(&self) -> &'static str {
        "twilio"
    }

    fn headers(&self) -> &'static [&'static str] {
        &[HEADER]
    }

    fn scheme(&self) -> Scheme {
        Scheme {
            signed_message: "{url}{form parameters, sorted}",
            encoding: Encoding::Base64,
            default_tolerance: None,
        }
    }

    fn algorithm(&self) -> Algorithm {
        Algorithm::HmacSha1
    }

    fn signs_url(&self) -> bool {
        true
    }

    fn signs_raw_body(&self) -> bool {
        false
    }

    fn sends_json(&self) -> bool {
        false
    }

    fn parse(&self, headers: &Headers) -> Result<Claim, Rejection> {
        let value = parse::required(headers, HEADER)?;
        let signature = Encoding::Base64
            .decode(value)
            .filter(|bytes| bytes.len() == Algorithm::HmacSha1.output_len())
            .ok_or_else(|| {
                Rejection::malformed(format!(
                    "header {HEADER} is not the standard base64 of a 20-byte HMAC-SHA1"
                ))
            })?;
        Ok(Claim {
            context: Context {
                url: headers.url().map(str::to_owned),
                ..Context::default()
            },
            signatures: vec![signature],
        })
    }

    fn signed_prefix(&self, _context: &Context) -> Vec<u8> {
        Vec::new()
    }

    fn signed_messages(&self, context: &Context, body: &[u8]) -> Result<Vec<Vec<u8>>, Rejection> {
        let url = context.url.as_deref().unwrap_or_default();
        let params = match parse::query_value(url, "bodySHA256") {
            Some(expected) => {
                let actual = hex::encode(Sha256::digest(body));
                if !constant_time_eq(actual.as_bytes(), expected.to_ascii_lowercase().as_bytes()) {
                    return Err(Rejection {
                        reason: crate::verdict::Reason::SignatureMismatch,
                        message: format!(
                            "the body's SHA-256 ({}…) is not the bodySHA256 the URL carries: the body is not the one Twilio sent",
                            &actual[..8]
                        ),
                    });
                }
                Vec::new()
            }
            None => sorted_parameters(body),
        };
        let mut messages: Vec<Vec<u8>> = Vec::new();
        for variant in [url.to_owned(), without_port(url), with_default_port(url)] {
            let mut message = variant.into_bytes();
            message.extend_from_slice(&params);
            if !messages.contains(&message) {
                messages.push(message);
            }
        }
        Ok(messages)
    }

    fn signature_headers(&self, mac: &Mac, _context: &Context) -> Vec<(String, String)> {
        vec![(HEADER.to_owned(), Encoding::Base64.encode(mac))]
    }
}

/// `name` + `value` for every distinct form parameter of `body`, names
/// sorted, each name's distinct values sorted.
fn sorted_parameters(body: &[u8]) -> Vec<u8> {
    let mut pairs = parse::form_pairs(body);
    pairs.sort();
    pairs.dedup();
    pairs
        .into_iter()
        .flat_map(|(name, value)| [name, value])
        .flatten()
        .collect()
}

/// The URL without its port (as given when it has none).
fn without_port(url: &str) -> String {
    match split_url(url) {
        Some((scheme, authority, rest)) => match split_port(authority) {
            Some((host, _)) => format!("{scheme}{host}{rest}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// The URL with the default port of its scheme added (as given when it has
/// a port).
fn with_default_port(url: &str) -> String {
    match split_url(url) {
        Some((scheme, authority, rest)) if split_port(authority).is_none() => {
            format!("{scheme}{authority}:{}{rest}", default_port(scheme))
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_variants_drop_or_add_the_port() {
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assert_eq!(without_port(url), url);
        assert_eq!(
            with_default_port(url),
            "https://mycompany.com:443/myapp.php?foo=1&bar=2"
        );
        assert_eq!(
            without_port("https://mycompany.com:1234/myapp.php"),
            "https://mycompany.com/myapp.php"
        );
        assert_eq!(with_default_port("http://h.test"), "http://h.test:80");
        assert_eq!(
            with_default_port("http://h.test:8080/x"),
            "http://h.test:8080/x"
        );
        assert_eq!(without_port("not a url"), "not a url");
    }

    #[test]
    fn parameters_sort_by_name_then_value_once_each() {
        assert_eq!(
            sorted_parameters(b"Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234&Digits=1234"),
            b"Digits1234Digits5678SidCA123SidAccountAC123"
        );
        assert_eq!(sorted_parameters(b"From=%2B1+2"), b"From+1 2");
    }
}
