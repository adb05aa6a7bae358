//! The JSON format: exactly one object on one line, for every outcome.

use serde_json::{Value, json};

use super::Report;
use hooksig_core::Verdict;
use hooksig_core::providers::{Provider, scheme_file};

/// One JSON object per run; field names and codes are a stable interface.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

impl Report for Json {
    fn verdict(&self, v: &Verdict) -> String {
        let hints: Vec<Value> = v
            .hints
            .iter()
            .map(|h| json!({"code": h.code.as_str(), "message": h.message}))
            .collect();
        let secrets: Vec<Value> = v
            .details
            .secrets
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut secret = json!({
                    "index": i + 1,
                    "fingerprint": s.fingerprint,
                    "matched": s.matched,
                    "usable": s.unusable.is_none(),
                });
                if let (Some(why), Some(fields)) = (&s.unusable, secret.as_object_mut()) {
                    fields.insert("why".to_owned(), Value::from(why.as_str()));
                }
                secret
            })
            .collect();
        let mut details = json!({
            "signed_message": v.details.signed_message,
            "body_bytes": v.details.body_len,
            "body_sha256": v.details.body_sha256,
            "secrets": secrets,
        });
        if v.details.signature_copies > 1 {
            details["signature_copies"] = json!(v.details.signature_copies);
        }
        if v.details.ignored_trailing_bytes > 0 {
            details["ignored_trailing_bytes"] = json!(v.details.ignored_trailing_bytes);
        }
        let object = json!({
            "authentic": v.is_authentic(),
            "provider": v.provider,
            "reason": v.reason.as_str(),
            "message": v.message,
            "timestamp": v.timestamp,
            "age_seconds": v.age_seconds,
            "hints": hints,
            "details": details,
        });
        format!("{object}\n")
    }

    fn error(&self, code: &str, message: &str) -> String {
        format!("{}\n", json!({"error": {"code": code, "message": message}}))
    }

    fn signed(&self, provider: &str, headers: &[(String, String)]) -> String {
        let headers: serde_json::Map<String, Value> = headers
            .iter()
            .map(|(name, value)| (name.clone(), Value::from(value.as_str())))
            .collect();
        format!("{}\n", json!({"provider": provider, "headers": headers}))
    }

    fn providers(&self, providers: &[&dyn Provider]) -> String {
        let list: Vec<Value> = providers
            .iter()
            .map(|p| {
                let scheme = p.scheme();
                json!({
                    "name": p.name(),
                    "aliases": p.aliases(),
                    "headers": p.headers(),
                    "signed_message": scheme.signed_message,
                    "algorithm": p.public_key().map_or(p.algorithm().as_str(), |k| k.as_str()),
                    "encoding": scheme.encoding.as_str(),
                    "timestamp": scheme.default_tolerance.is_some(),
                    "default_tolerance": scheme.default_tolerance,
                    "code": scheme_file::needs_code(*p),
                })
            })
            .collect();
        format!("{}\n", json!({"providers": list}))
    }

    fn fingerprints(&self, fingerprints: &[String]) -> String {
        let list: Vec<Value> = fingerprints
            .iter()
            .enumerate()
            .map(|(i, f)| json!({"index": i + 1, "fingerprint": f}))
            .collect();
        format!("{}\n", json!({"secrets": list}))
    }
}
