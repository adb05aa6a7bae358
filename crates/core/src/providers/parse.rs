//! Parsing shared by providers: required headers, `key=value` lists, hex and
//! base64 MACs, Unix timestamps, and the `t=…,v1=…` form. Providers call
//! these rather than parsing (or writing) their headers on their own.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::general_purpose::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use super::{Claim, Context, Rejection, Timestamp};
use crate::headers::{Headers, shorten};
use crate::mac::Mac;

/// Standard base64 that decodes with or without padding and ignores
/// non-zero trailing bits, as Python's `base64.b64decode(text + "==")` does.
const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// The value of the header `name`, or a `missing_signature` rejection
/// naming it ("header webhook-id is missing").
pub fn required<'a>(headers: &'a Headers, name: &str) -> Result<&'a str, Rejection> {
    headers.get(name).ok_or_else(|| Rejection::missing(name))
}

/// Standard base64, padded.
pub fn base64_encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// URL-safe base64 without padding (Sanity's signatures).
pub fn base64url_encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes canonical unpadded URL-safe base64, or `None`.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .ok()
}

/// Decodes standard padded base64 (no surrounding whitespace), or `None`.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    STANDARD.decode(text).ok()
}

/// Decodes standard base64 whether or not it is padded, or `None`. For
/// secrets, not signatures: signatures are always padded.
pub fn base64_decode_lenient(text: &[u8]) -> Option<Vec<u8>> {
    STANDARD_LENIENT.decode(text).ok()
}

/// A 32-byte MAC written as standard padded base64 (44 characters), or
/// `None`.
pub fn base64_mac(text: &str) -> Option<Mac> {
    base64_decode(text).filter(|bytes| bytes.len() == 32)
}

/// A header whose whole value is the standard padded base64 of the MAC
/// (Flinks, Shopify).
pub fn base64_header(header: &str, value: &str) -> Result<Mac, Rejection> {
    base64_mac(value).ok_or_else(|| {
        Rejection::malformed(format!(
            "header {header} is not the standard base64 of a 32-byte HMAC-SHA256"
        ))
    })
}

/// A 32-byte MAC written as 64 hex digits, either case, or `None`.
pub fn hex_mac(text: &str) -> Option<Mac> {
    let mut mac = [0u8; 32];
    hex::decode_to_slice(text, &mut mac).ok()?;
    Some(mac.to_vec())
}

/// A header whose value is `prefix` (matched exactly, case included)
/// followed by 64 hex digits of either case: GitHub's `sha256=<hex>`,
/// Slack's `v0=<hex>`.
pub fn prefixed_hex(header: &str, value: &str, prefix: &str) -> Result<Mac, Rejection> {
    value.strip_prefix(prefix).and_then(hex_mac).ok_or_else(|| {
        Rejection::malformed(format!(
            "header {header} is not {prefix} followed by 64 hex digits"
        ))
    })
}

/// Splits a `k1=v1,k2=v2` header value into trimmed `(key, value)` pairs.
/// Empty parts (a trailing comma) are skipped; a part without `=` is an
/// error naming it. Values may themselves contain `=` (base64 padding).
pub fn key_value_list<'a>(
    header: &str,
    value: &'a str,
) -> Result<Vec<(&'a str, &'a str)>, Rejection> {
    value
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((k, v)) => Ok((k.trim(), v.trim())),
            None => Err(Rejection::malformed(format!(
                "header {header} has a part {:?} that is not key=value",
                shorten(part)
            ))),
        })
        .collect()
}

/// Unix seconds written as ASCII decimal digits only (no sign, no spaces,
/// no exponent), fitting in an `i64`. Leading zeros are allowed.
pub fn unix_seconds(header: &str, text: &str) -> Result<i64, Rejection> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Rejection::malformed(format!(
            "the timestamp {:?} in {header} is not a whole number of seconds (digits only)",
            shorten(text)
        )));
    }
    text.parse().map_err(|_| {
        Rejection::malformed(format!(
            "the timestamp {} in {header} is too large",
            shorten(text)
        ))
    })
}

/// The `t=<unix seconds>,v1=<hex>[,v1=<hex>…]` form shared by Fintoc and
/// Stripe: `t` exactly once; any number of `v1`, of which those that are not
/// 64 hex digits are ignored; other keys ignored. The timestamp is signed in
/// canonical decimal form (leading zeros dropped), as the official SDKs'
/// integer parsing does.
pub fn timestamp_and_v1(header: &str, value: &str) -> Result<Claim, Rejection> {
    let parts = key_value_list(header, value)?;
    let mut stamps = parts.iter().filter(|(k, _)| *k == "t").map(|(_, v)| *v);
    let seconds = match (stamps.next(), stamps.next()) {
        (Some(t), None) => unix_seconds(header, t)?,
        (None, _) => {
            return Err(Rejection::malformed(format!(
                "header {header} has no t= timestamp"
            )));
        }
        (Some(_), Some(_)) => {
            return Err(Rejection::malformed(format!(
                "header {header} has more than one t= timestamp"
            )));
        }
    };
    let signatures: Vec<Mac> = parts
        .iter()
        .filter(|(k, _)| *k == "v1")
        .filter_map(|(_, v)| hex_mac(v))
        .collect();
    if signatures.is_empty() {
        let any_v1 = parts.iter().any(|(k, _)| *k == "v1");
        return Err(Rejection::malformed(if any_v1 {
            format!("no v1 signature in header {header} is 64 hex digits")
        } else {
            format!("header {header} has no v1= signature")
        }));
    }
    Ok(Claim {
        context: Context {
            timestamp: Some(Timestamp::from_seconds(seconds)),
            id: None,
            ..Default::default()
        },
        signatures,
    })
}

/// Decodes form-encoded text (a query, an `x-www-form-urlencoded` body):
/// `+` is a space, `%XX` a byte; a `%` not followed by two hex digits stays
/// as it is. Bytes, not text: two bodies that differ only in invalid UTF-8
/// must not decode alike.
pub fn form_decode(text: &[u8]) -> Vec<u8> {
    let bytes = text;
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let escaped = bytes
            .get(i + 1..i + 3)
            .filter(|_| b == b'%')
            .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (b, escaped) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// The decoded `name=value` pairs of form-encoded text, in order (a pair
/// without `=` has an empty value; empty pieces between `&`s are skipped).
pub fn form_pairs(text: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
    text.split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.iter().position(|&b| b == b'=') {
            Some(i) => (form_decode(&pair[..i]), form_decode(&pair[i + 1..])),
            None => (form_decode(pair), Vec::new()),
        })
        .collect()
}

/// A URL's query: after the first `?`, before any `#`; empty when none.
pub fn url_query(url: &str) -> &str {
    let before_fragment = url.split('#').next().unwrap_or_default();
    before_fragment
        .split_once('?')
        .map_or("", |(_, query)| query)
}

/// The first value of the query parameter `name` in `url`, decoded.
pub fn query_value(url: &str, name: &str) -> Option<String> {
    form_pairs(url_query(url).as_bytes())
        .into_iter()
        .find(|(n, _)| n == name.as_bytes())
        .map(|(_, value)| String::from_utf8_lossy(&value).into_owned())
}

/// `<t>.`: what Fintoc and Stripe sign before the body, with `t` in
/// canonical decimal form (0 when the context has no timestamp).
pub fn timestamp_dot(context: &Context) -> Vec<u8> {
    format!("{}.", context.seconds()).into_bytes()
}

/// `t=<t>,v1=<hex>`: the header value Fintoc and Stripe send for `mac`.
pub fn timestamp_and_v1_value(mac: &Mac, context: &Context) -> String {
    format!("t={},v1={}", context.seconds(), hex::encode(mac))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::Reason;

    const HEX: &str = "1f3a9c0e1f3a9c0e1f3a9c0e1f3a9c0e1f3a9c0e1f3a9c0e1f3a9c0e1f3a9c0e";

    #[test]
    fn hex_macs_are_64_digits_of_either_case() {
        assert!(hex_mac(HEX).is_some());
        assert_eq!(hex_mac(&HEX.to_uppercase()), hex_mac(HEX));
        assert!(hex_mac(&HEX[1..]).is_none());
        assert!(hex_mac(&format!("{HEX}00")).is_none());
        assert!(hex_mac(&HEX.replace('f', "g")).is_none());
    }

    #[test]
    fn base64_macs_are_32_bytes_padded() {
        let mac = [9u8; 32];
        let text = base64_encode(&mac);
        assert_eq!(text.len(), 44);
        assert_eq!(base64_mac(&text), Some(mac.to_vec()));
        assert!(base64_mac(text.trim_end_matches('=')).is_none());
        assert!(base64_mac(&base64_encode(&[9u8; 31])).is_none());
    }

    #[test]
    fn prefixed_hex_needs_the_exact_prefix_and_64_hex_digits() {
        let mac = prefixed_hex("H", &format!("sha256={HEX}"), "sha256=").unwrap();
        assert_eq!(Some(mac), hex_mac(HEX));
        for bad in [
            HEX.to_owned(),
            format!("SHA256={HEX}"),
            format!("sha256= {HEX}"),
            format!("sha256={}", &HEX[2..]),
            format!("sha1={HEX}"),
        ] {
            let err = prefixed_hex("H", &bad, "sha256=").unwrap_err();
            assert_eq!(err.reason, Reason::MalformedSignature, "{bad}");
            assert_eq!(
                err.message,
                "header H is not sha256= followed by 64 hex digits"
            );
        }
    }

    #[test]
    fn lenient_base64_takes_secrets_with_or_without_padding() {
        assert_eq!(base64_decode_lenient(b"YWI="), Some(b"ab".to_vec()));
        assert_eq!(base64_decode_lenient(b"YWI"), Some(b"ab".to_vec()));
        assert_eq!(base64_decode_lenient(b"YWJj"), Some(b"abc".to_vec()));
        for bad in [&b"YW I="[..], b"YWI-", b"Y"] {
            assert_eq!(base64_decode_lenient(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn required_headers_are_named_when_missing() {
        let mut headers = Headers::new();
        headers.push("Webhook-Id", "msg_1").unwrap();
        assert_eq!(required(&headers, "webhook-id"), Ok("msg_1"));
        let err = required(&headers, "webhook-timestamp").unwrap_err();
        assert_eq!(err.reason, Reason::MissingSignature);
        assert_eq!(err.message, "header webhook-timestamp is missing");
    }

    #[test]
    fn timestamps_are_plain_digits_that_fit() {
        assert_eq!(unix_seconds("H", "0001626102791").unwrap(), 1626102791);
        for bad in [
            "",
            "+1",
            "-1",
            " 1",
            "1e9",
            "1.5",
            "٣",
            "9223372036854775808",
        ] {
            let err = unix_seconds("H", bad).unwrap_err();
            assert_eq!(err.reason, Reason::MalformedSignature, "{bad:?}");
        }
        assert_eq!(unix_seconds("H", "9223372036854775807").unwrap(), i64::MAX);
    }

    #[test]
    fn t_v1_headers_tolerate_spacing_unknown_keys_and_bad_v1s() {
        let value = format!(" t = 0042 , v0=zz, v1=nothex, v1={HEX} ,");
        let claim = timestamp_and_v1("H", &value).unwrap();
        let ts = claim.context.timestamp.unwrap();
        assert_eq!((ts.seconds, ts.text.as_str()), (42, "42"));
        assert_eq!(claim.signatures.len(), 1);
    }

    #[test]
    fn t_v1_headers_need_one_t_and_a_well_formed_v1() {
        let cases = [
            (format!("v1={HEX}"), "no t="),
            (format!("t=1,t=2,v1={HEX}"), "more than one t="),
            (format!("t=x,v1={HEX}"), "not a whole number"),
            ("t=1".to_owned(), "no v1="),
            ("t=1,v1=abc".to_owned(), "64 hex digits"),
            (format!("t=1,{HEX}"), "not key=value"),
        ];
        for (value, expected) in cases {
            let err = timestamp_and_v1("H", &value).unwrap_err();
            assert_eq!(err.reason, Reason::MalformedSignature);
            assert!(err.message.contains(expected), "{value}: {}", err.message);
        }
    }

    #[test]
    fn form_text_decodes_like_the_sdks() {
        assert_eq!(form_decode(b"a+b%2B%41%zz%4%+1%80"), b"a b+A%zz%4% 1\x80");
        let pair = |n: &str, v: &str| (n.as_bytes().to_vec(), v.as_bytes().to_vec());
        assert_eq!(
            form_pairs(b"From=%2B1415&x&&Digits=1&Digits=2"),
            vec![
                pair("From", "+1415"),
                pair("x", ""),
                pair("Digits", "1"),
                pair("Digits", "2"),
            ]
        );
        assert_eq!(url_query("https://h/p?a=1&b=2#f?x"), "a=1&b=2");
        assert_eq!(url_query("https://h/p"), "");
        assert_eq!(
            query_value("https://h/p?type=x&data.id=AB%2F1", "data.id").as_deref(),
            Some("AB/1")
        );
        assert_eq!(query_value("https://h/p?data.idx=1", "data.id"), None);
    }
}
