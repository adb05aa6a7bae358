//! Every provider's signature-header parser, and the shared parsing helpers,
//! on arbitrary text.
//!
//! The input is read as lines (lossy UTF-8). Each line goes through the
//! shared helpers (`key_value_list`, `unix_seconds`, `timestamp_and_v1`, the
//! MAC decoders, …). Then every provider parses (1) the `Name: value` lines
//! as headers, and (2) the lines' values placed, in order, under the
//! provider's own header names, so that mutated values reach each parser
//! whatever their names. Seeds: `fuzz/corpus/parse_headers/`, one provider's
//! headers per file, in the order the provider lists them.
//!
//! Invariants: nothing panics; a pasted `-S`/`-H` value keeps no line
//! break; a claim has at least one signature and a
//! timestamp exactly when the scheme signs one; the header(s) a sender would
//! write for each claimed MAC parse back to the same claim; the helpers'
//! successes are consistent with their documented rules.
#![no_main]

use hooksig_core::headers::{Headers, is_token, pasted, split_header_line};
use hooksig_core::providers::{PROVIDERS, Provider, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect();

    let mut named = Headers::new();
    for line in &lines {
        shared_helpers(line);
        // Read as a pasted -S/-H argument: no line break survives.
        let pasted = pasted(line);
        assert!(!pasted.value.contains(['\r', '\n']), "{pasted:?}");
        assert!(pasted.name.as_deref().is_none_or(is_token), "{pasted:?}");
        if let Some((name, value)) = split_header_line(line) {
            assert!(is_token(name));
            let _ = named.push(name, value);
        }
    }
    for provider in PROVIDERS {
        check(*provider, &named);

        let mut positional = Headers::new();
        for (name, line) in provider.headers().iter().zip(&lines) {
            let value = split_header_line(line).map_or(*line, |(_, v)| v);
            let _ = positional.push(name, value);
        }
        check(*provider, &positional);
    }
});

fn check(provider: &dyn Provider, headers: &Headers) {
    let Ok(claim) = provider.parse(headers) else {
        return;
    };
    assert!(!claim.signatures.is_empty(), "{}", provider.name());
    assert_eq!(
        claim.context.timestamp.is_some(),
        provider.scheme().default_tolerance.is_some(),
        "{}",
        provider.name()
    );
    // What a sender writes for each MAC parses back to the same claim.
    for mac in &claim.signatures {
        let mut sent = Headers::new();
        for (name, value) in provider.signature_headers(mac, &claim.context) {
            sent.push(&name, &value)
                .expect("a sent header fits the limit");
        }
        let again = provider
            .parse(&sent)
            .unwrap_or_else(|r| panic!("{}: {}", provider.name(), r.message));
        assert_eq!(again.signatures, vec![mac.clone()], "{}", provider.name());
        assert_eq!(again.context, claim.context, "{}", provider.name());
    }
}

fn shared_helpers(line: &str) {
    if let Ok(pairs) = parse::key_value_list("H", line) {
        for (key, value) in pairs {
            assert!(!key.contains(',') && !value.contains(','));
            assert_eq!(key, key.trim());
            assert_eq!(value, value.trim());
        }
    }
    if let Ok(seconds) = parse::unix_seconds("H", line) {
        assert!(seconds >= 0);
        let digits = line.trim_start_matches('0');
        let canonical = if digits.is_empty() { "0" } else { digits };
        assert_eq!(seconds.to_string(), canonical);
    }
    if let Some(mac) = parse::hex_mac(line) {
        assert!(hex::encode(mac).eq_ignore_ascii_case(line));
    }
    if let Some(mac) = parse::base64_mac(line) {
        // Signatures decode strictly: one text per MAC.
        assert_eq!(parse::base64_encode(&mac), line);
    }
    let _ = parse::base64_decode_lenient(line.as_bytes());
    if let Ok(claim) = parse::timestamp_and_v1("H", line) {
        assert!(!claim.signatures.is_empty());
        assert!(claim.context.timestamp.is_some());
    }
    if let Ok(mac) = parse::prefixed_hex("H", line, "v0=") {
        assert!(line.starts_with("v0=") && line.len() == 67);
        assert_eq!(parse::hex_mac(&line[3..]), Some(mac));
    }
    let _ = parse::base64_header("H", line);
}
