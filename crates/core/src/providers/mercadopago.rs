//! Mercado Pago: `x-signature: ts=<unix seconds>,v1=<hex>` and
//! `x-request-id`. `v1` is hex(HMAC-SHA256(secret signature, manifest)),
//! the manifest being `id:<data.id>;request-id:<x-request-id>;ts:<ts>;`
//! where `data.id` comes from the notification URL's query (not the body)
//! and a part whose value is absent or blank is left out (both official
//! SDKs). The body is not signed. `data.id` is signed with its case as
//! received: Mercado Pago's docs say to lower-case it, the SDKs stopped
//! doing so (sdk-nodejs "preserve data.id case"), and hooksig follows the
//! SDKs. The SDKs check no timestamp window unless asked; hooksig applies
//! its default 300 s.
//!
//! Not a template: a query parameter, and parts left out when empty.
//!
//! Source: Mercado Pago "Notifications > Webhooks" docs; mercadopago/
//! sdk-nodejs `src/utils/webhook/index.ts`; sdk-python
//! `mercadopago/webhook/validator.py`.

use super::{Claim, Context, Encoding, Provider, Rejection, Scheme, Timestamp, parse};
use crate::headers::{Headers, shorten};
use crate::mac::Mac;

/// The Mercado Pago scheme.
pub struct MercadoPago;

const HEADER: &str = "x-signature";
const REQUEST_ID: &str = "x-request-id";

impl Provider for MercadoPago {
    fn name(&self) -> &'static str {
        "mercadopago"
    }

    fn headers(&self) -> &'static [&'static str] {
        &[HEADER, REQUEST_ID]
    }

    fn identifying_headers(&self) -> &'static [&'static str] {
        &[HEADER]
    }

    /// `x-signature` is a common name (Lemon Squeezy's holds bare hex): a
    /// Mercado Pago one is a `ts=…,v1=…` list.
    fn identifies(&self, headers: &Headers) -> bool {
        headers.get_all(HEADER).any(|value| {
            let value = value.to_ascii_lowercase();
            value.contains("ts=") && value.contains("v1=")
        })
    }

    fn scheme(&self) -> Scheme {
        Scheme {
            signed_message: "id:{data.id};request-id:{x-request-id};ts:{ts};",
            encoding: Encoding::Hex,
            default_tolerance: Some(300),
        }
    }

    fn signs_url(&self) -> bool {
        true
    }

    fn signs_raw_body(&self) -> bool {
        false
    }

    fn parse(&self, headers: &Headers) -> Result<Claim, Rejection> {
        let value = parse::required(headers, HEADER)?;
        let parts = parse::key_value_list(HEADER, value)?;
        let key = |part: &(&str, &str)| part.0.to_ascii_lowercase();
        let mut stamps = parts.iter().filter(|p| key(p) == "ts").map(|p| p.1);
        let text = match (stamps.next(), stamps.next()) {
            (Some(text), None) => text,
            (None, _) => {
                return Err(Rejection::malformed(format!(
                    "header {HEADER} has no ts= timestamp"
                )));
            }
            (Some(_), Some(_)) => {
                return Err(Rejection::malformed(format!(
                    "header {HEADER} has more than one ts= timestamp"
                )));
            }
        };
        let seconds = parse::unix_seconds(HEADER, text)?;
        let v1: Vec<&str> = parts
            .iter()
            .filter(|p| key(p) == "v1")
            .map(|p| p.1)
            .collect();
        let signatures: Vec<Mac> = v1.iter().filter_map(|v| parse::hex_mac(v)).collect();
        if signatures.is_empty() {
            return Err(Rejection::malformed(match v1.first() {
                Some(v) => format!(
                    "the v1 signature {:?} in header {HEADER} is not 64 hex digits",
                    shorten(v)
                ),
                None => format!("header {HEADER} has no v1= signature"),
            }));
        }
        Ok(Claim {
            context: Context {
                timestamp: Some(Timestamp {
                    seconds,
                    text: text.to_owned(),
                }),
                id: headers
                    .get(REQUEST_ID)
                    .filter(|id| !id.is_empty())
                    .map(str::to_owned),
                url: headers.url().map(str::to_owned),
                ..Context::default()
            },
            signatures,
        })
    }

    fn signed_prefix(&self, _context: &Context) -> Vec<u8> {
        Vec::new()
    }

    fn signed_messages(&self, context: &Context, _body: &[u8]) -> Result<Vec<Vec<u8>>, Rejection> {
        Ok(vec![manifest(context).into_bytes()])
    }

    fn signature_headers(&self, mac: &Mac, context: &Context) -> Vec<(String, String)> {
        let ts = context.timestamp.as_ref().map_or("", |t| t.text.as_str());
        let mut headers = vec![(
            HEADER.to_owned(),
            format!("ts={ts},v1={}", hex::encode(mac)),
        )];
        if let Some(id) = &context.id {
            headers.push((REQUEST_ID.to_owned(), id.clone()));
        }
        headers
    }
}

/// `id:<data.id>;request-id:<x-request-id>;ts:<ts>;`, each part whose value
/// is absent or blank left out.
fn manifest(context: &Context) -> String {
    let data_id = context
        .url
        .as_deref()
        .and_then(|url| parse::query_value(url, "data.id"));
    let ts = context.timestamp.as_ref().map(|t| t.text.clone());
    let mut manifest = String::new();
    for (label, value) in [
        ("id", data_id),
        ("request-id", context.id.clone()),
        ("ts", ts),
    ] {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            manifest.push_str(&format!("{label}:{value};"));
        }
    }
    manifest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_leaves_out_absent_parts() {
        let context = Context {
            timestamp: Some(Timestamp::from_seconds(1742505638)),
            id: Some("req-1".to_owned()),
            url: Some("https://e.test/h?data.id=AbC123&type=payment".to_owned()),
            ..Context::default()
        };
        assert_eq!(
            manifest(&context),
            "id:AbC123;request-id:req-1;ts:1742505638;"
        );
        let bare = Context {
            id: None,
            url: Some("https://e.test/h".to_owned()),
            ..context
        };
        assert_eq!(manifest(&bare), "ts:1742505638;");
    }
}
