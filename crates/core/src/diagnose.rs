//! Diagnostics: likely explanations of a not-authentic verdict.
//!
//! After a verdict is reached, hooksig recomputes the signature over likely
//! variants of what it was given (the body with or without a final newline,
//! other line endings, the JSON written as other senders' serializers write
//! it, a secret without the whitespace, quotes, `.env` assignment or
//! byte-order mark it was pasted with, another provider's scheme, the other
//! encoding) and reports each variant that matches as a [`Hint`]. Hints never
//! change the verdict: a webhook that matches only after a change is still
//! not authentic.

use crate::headers::{Headers, default_port, split_port, split_url};
use crate::mac::{constant_time_eq, hmac};
use crate::policy::Policy;
use crate::providers::claims;
use crate::providers::described::{Detect, Spec};
use crate::providers::{Catalog, Encoding, Provider, looks_like_milliseconds};
use crate::secret::{Origin, Secret};
use crate::time::describe_age;
use crate::verdict::{Hint, HintCode, Reason, Verdict};

/// The largest body (1 MiB) that diagnostics examine. Verification itself
/// streams bodies of any size; above this limit the variant checks are
/// skipped and a `diagnostics_skipped` hint says so.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// Everything diagnostics may look at.
pub struct Case<'a> {
    /// The providers `wrong_provider` and `secret_format` search.
    pub catalog: &'a Catalog,
    /// The provider whose scheme was checked.
    pub provider: &'a dyn Provider,
    /// The captured headers.
    pub headers: &'a Headers,
    /// The body, when it fit under [`BODY_LIMIT`].
    pub body: Option<&'a [u8]>,
    /// The secrets tried.
    pub secrets: &'a [Secret],
    /// The policy the verdict was reached under.
    pub policy: &'a Policy,
    /// The verdict to explain.
    pub verdict: &'a Verdict,
}

/// The hints that explain `case.verdict`; empty for an authentic one.
///
/// Only the simplest explanation of the body is reported: byte-level
/// variants (`trailing_newline`, `line_endings`) win over `json_reformatted`.
/// `unexplained_mismatch` is added when a signature mismatch has no other
/// explanation (an empty body is one: `empty_body`), and never when the
/// body was over [`BODY_LIMIT`] (`diagnostics_skipped`: nothing was tried).
pub fn explain(case: &Case<'_>) -> Vec<Hint> {
    let mut hints = Vec::new();
    match case.verdict.reason {
        Reason::Ok => return hints,
        Reason::TimestampOutsideTolerance => {
            let milliseconds = timestamp_milliseconds(case);
            let stale = stale_timestamp(case, milliseconds.is_some());
            hints.extend(milliseconds);
            hints.extend(stale);
            return hints;
        }
        Reason::SignatureMismatch | Reason::MalformedSignature | Reason::MissingSignature => {}
    }

    // Hints whose variant made the signature match: they explain it.
    let mut explained = Vec::new();
    // Observations that may explain it, without a variant that proves it.
    let mut observed = Vec::new();
    match case.body {
        Some(body) => {
            observed.extend(empty_body(case, body));
            if case.verdict.reason == Reason::SignatureMismatch {
                let byte_level = byte_level_variants(case, body);
                if byte_level.is_empty() {
                    explained.extend(json_reformatted(case, body));
                }
                explained.extend(byte_level);
                let (proven, seen) = secret_variants(case, body);
                explained.extend(proven);
                observed.extend(seen);
                if case.provider.sends_json() {
                    let (proven, seen) = encoding_variants(case, body);
                    explained.extend(proven);
                    observed.extend(seen);
                }
            }
            if case.verdict.reason == Reason::SignatureMismatch {
                explained.extend(url_mismatch(case, body));
            }
            // The same scheme with the value re-encoded is a simpler
            // explanation than another scheme: many providers sign the body
            // alone, so a re-encoded MAC would also "verify" under each of
            // them once moved into their header.
            match signature_encoding(case, body) {
                Some(hint) => explained.push(hint),
                None => explained.extend(wrong_provider(case, body)),
            }
        }
        None => observed.push(Hint::new(
            HintCode::DiagnosticsSkipped,
            format!(
                "the body is over {} MiB, so the checks for changed newlines, line endings, reformatted JSON, secret whitespace and other providers were skipped",
                BODY_LIMIT / (1024 * 1024)
            ),
        )),
    }
    // An empty body is a likelier story than a wrong secret. Above the size
    // limit no variant was tried, so none can be said not to match.
    let unexplained = explained.is_empty()
        && case.body.is_some()
        && !observed.iter().any(|hint| hint.code == HintCode::EmptyBody);
    hints.extend(explained);
    hints.extend(observed);
    hints.extend(secret_format(case));
    if case.verdict.reason == Reason::SignatureMismatch && unexplained {
        hints.push(Hint::new(
            HintCode::UnexplainedMismatch,
            "no variant of the body, the secret or the scheme matches: most likely the secret is wrong (test instead of live, rotated, another endpoint's) or the body is not the bytes that were signed",
        ));
    }
    hints
}

/// Whether `headers` and `body` verify under `provider` with any of
/// `secrets`: the whole check, recomputed for one variant.
/// Every copy of the signature header is judged, as [`crate::verify`] does.
fn verifies(provider: &dyn Provider, headers: &Headers, body: &[u8], secrets: &[Secret]) -> bool {
    // A scheme that signs the URL says nothing without one.
    if provider.signs_url() && headers.url().is_none() {
        return false;
    }
    let Ok(claims) = claims(provider, headers) else {
        return false;
    };
    if !provider.signs_raw_body() {
        return claims.iter().any(|claim| {
            let Ok(messages) = provider.signed_messages(&claim.context, body) else {
                return false;
            };
            secrets.iter().any(|secret| {
                let Ok(key) = provider.key(secret) else {
                    return false;
                };
                messages.iter().any(|message| {
                    let mac = hmac(provider.algorithm(), &key, &[message]);
                    claim
                        .signatures
                        .iter()
                        .any(|sig| constant_time_eq(&mac, sig))
                })
            })
        });
    }
    claims.iter().any(|claim| {
        let prefix = provider.signed_prefix(&claim.context);
        let suffix = provider.signed_suffix(&claim.context);
        let message = provider
            .public_key()
            .map(|_| [prefix.as_slice(), body, &suffix].concat());
        secrets.iter().any(|secret| {
            let Ok(key) = provider.key(secret) else {
                return false;
            };
            if let (Some(algorithm), Some(message)) = (provider.public_key(), &message) {
                return claim
                    .signatures
                    .iter()
                    .any(|sig| algorithm.verify(&key, message, sig));
            }
            let mac = hmac(provider.algorithm(), &key, &[&prefix, body, &suffix]);
            claim
                .signatures
                .iter()
                .any(|sig| constant_time_eq(&mac, sig))
        })
    })
}

/// For a scheme that signs the URL: the URL the sender signed, when it is
/// another form of the one judged (a proxy ended TLS or rewrote `Host`, a
/// default port written or left out).
fn url_mismatch(case: &Case<'_>, body: &[u8]) -> Option<Hint> {
    if !case.provider.signs_url() {
        return None;
    }
    let url = case.headers.url()?;
    let (scheme, authority, rest) = split_url(url)?;
    let mut variants: Vec<(String, String)> = Vec::new();
    let other_scheme = if scheme.eq_ignore_ascii_case("https://") {
        "http://"
    } else {
        "https://"
    };
    variants.push((
        format!("{other_scheme}{authority}{rest}"),
        format!(
            "the sender signed the {other_scheme} URL, not the {} one (a proxy in front of the receiver ends or adds TLS)",
            scheme.to_ascii_lowercase()
        ),
    ));
    for (header, host) in forwarded_hosts(case.headers) {
        if !host.eq_ignore_ascii_case(authority) {
            variants.push((
                format!("{scheme}{host}{rest}"),
                format!("the sender signed the host {host} that {header} names, not {authority} (a proxy rewrote Host)"),
            ));
        }
    }
    let port = default_port(scheme);
    match split_port(authority) {
        Some((host, p)) if p == port.to_string() => variants.push((
            format!("{scheme}{host}{rest}"),
            format!("the sender signed the URL without its default port :{port}"),
        )),
        Some(_) => {}
        None => variants.push((
            format!("{scheme}{authority}:{port}{rest}"),
            format!("the sender signed the URL with the default port :{port} written out"),
        )),
    }
    variants.into_iter().find_map(|(variant, why)| {
        let mut moved = case.headers.clone();
        moved.set_url(&variant);
        verifies(case.provider, &moved, body, case.secrets).then(|| {
            Hint::new(
                HintCode::UrlMismatch,
                format!("the signature matches the URL {variant}: {why}; pass --url '{variant}'"),
            )
        })
    })
}

/// The hosts a proxy says the request was sent to: the first
/// `X-Forwarded-Host` entry, and the first `Forwarded` header's `host=`.
fn forwarded_hosts(headers: &Headers) -> Vec<(&'static str, String)> {
    let mut hosts = Vec::new();
    if let Some(host) = headers
        .get("X-Forwarded-Host")
        .and_then(|v| v.split(',').next())
        .map(str::trim)
        .filter(|h| !h.is_empty())
    {
        hosts.push(("X-Forwarded-Host", host.to_owned()));
    }
    if let Some(host) = headers.get("Forwarded").and_then(|v| {
        v.split([',', ';'])
            .filter_map(|part| part.trim().split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("host"))
            .map(|(_, h)| h.trim().trim_matches('"').to_owned())
            .filter(|h| !h.is_empty())
    }) {
        hosts.push(("Forwarded", host));
    }
    hosts
}

/// A 0-byte body where the scheme signs one: most often the body was lost
/// before it reached hooksig.
fn empty_body(case: &Case<'_>, body: &[u8]) -> Option<Hint> {
    let signs_body = case.provider.scheme().signed_message.contains("{body}");
    (body.is_empty() && signs_body).then(|| {
        Hint::new(
            HintCode::EmptyBody,
            "the body is empty: most likely the webhook's body was not captured (a log that drops bodies, `curl -d @file` with a wrong path, a framework that consumed the stream before verification); give hooksig the body exactly as received",
        )
    })
}

/// When a millisecond value explains the distance, the advice is in the
/// `timestamp_milliseconds` hint: passing `--now` (which may be the very
/// value at fault) is not it.
fn stale_timestamp(case: &Case<'_>, milliseconds: bool) -> Option<Hint> {
    let age = case.verdict.age_seconds?;
    let advice = if milliseconds {
        ""
    } else {
        "; to check a captured webhook, pass --now with the Unix time it was received, or --tolerance off"
    };
    Some(Hint::new(
        HintCode::StaleTimestamp,
        format!(
            "the signature is genuine but the timestamp is {}{advice}",
            describe_age(age)
        ),
    ))
}

/// The signed timestamp, or the moment it is judged against (`--now`), is
/// in milliseconds where the scheme signs Unix seconds: it has the size of
/// milliseconds since 2001 and the other has not, so divided by 1000 it
/// lands where the other is (inside the window when the rest is right).
/// JavaScript's `Date.now()`, and many request bins, give milliseconds.
fn timestamp_milliseconds(case: &Case<'_>) -> Option<Hint> {
    let signed = case.verdict.timestamp?;
    let now = case.policy.now;
    let name = case.provider.name();
    if looks_like_milliseconds(signed) && !looks_like_milliseconds(now) {
        Some(Hint::new(
            HintCode::TimestampMilliseconds,
            format!(
                "the signed timestamp {signed} looks like milliseconds: the sender wrote milliseconds where {name} signs Unix seconds ({}); fix the sender, or pass --tolerance off to check the signature alone",
                signed / 1000
            ),
        ))
    } else if looks_like_milliseconds(now) && !looks_like_milliseconds(signed) {
        Some(Hint::new(
            HintCode::TimestampMilliseconds,
            format!("--now {now} looks like milliseconds: use {}", now / 1000),
        ))
    } else {
        None
    }
}

fn byte_level_variants(case: &Case<'_>, body: &[u8]) -> Vec<Hint> {
    let matches = |variant: &[u8]| verifies(case.provider, case.headers, variant, case.secrets);
    let mut hints = Vec::new();

    let trailing = if let Some(stripped) = body.strip_suffix(b"\r\n") {
        vec![(stripped.to_vec(), "without its final CRLF")]
    } else if let Some(stripped) = body.strip_suffix(b"\n") {
        vec![(stripped.to_vec(), "without its final newline")]
    } else {
        vec![
            ([body, b"\n"].concat(), "with a final newline added"),
            ([body, b"\r\n"].concat(), "with a final CRLF added"),
        ]
    };
    if let Some((_, how)) = trailing.iter().find(|(variant, _)| matches(variant)) {
        let advice = if how.starts_with("without") {
            "an editor or `echo` added it after capture; save the body byte for byte (the raw export of your request log, or `printf '%s'`)"
        } else {
            "it was lost when the body was copied; take the raw bytes from the request log"
        };
        hints.push(Hint::new(
            HintCode::TrailingNewline,
            format!("the signature matches the body {how}: {advice}"),
        ));
    }

    let crlf_to_lf = replace(body, b"\r\n", b"\n");
    let lf_to_crlf = replace(&crlf_to_lf, b"\n", b"\r\n");
    for (variant, how) in [
        (crlf_to_lf, "CRLF line endings converted to LF"),
        (lf_to_crlf, "LF line endings converted to CRLF"),
    ] {
        if variant != body && matches(&variant) {
            hints.push(Hint::new(
                HintCode::LineEndings,
                format!(
                    "the signature matches the body with {how}: the line endings were changed after capture (an editor, a Windows copy, git's autocrlf); mark fixture files -text in .gitattributes"
                ),
            ));
            break;
        }
    }
    hints
}

/// The body parsed and written again in each style of [`JSON_STYLES`] (key
/// order and number text kept); the first style whose bytes verify is named.
/// The variants re-serialize the same parsed value, so a body whose values
/// changed never gets this hint.
fn json_reformatted(case: &Case<'_>, body: &[u8]) -> Option<Hint> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let cap = body
        .len()
        .saturating_mul(MAX_VARIANT_GROWTH)
        .saturating_add(VARIANT_SLACK);
    let style = JSON_STYLES.iter().find(|style| {
        reserialize(&value, style, cap).is_some_and(|variant| {
            variant != body && verifies(case.provider, case.headers, &variant, case.secrets)
        })
    })?;
    Some(Hint::new(
        HintCode::JsonReformatted,
        format!(
            "the sender wrote this JSON {}, and the body given here is the same value re-serialized after it was received (pretty-printed by a tool, or parsed and printed again, as `JSON.stringify(req.body)` or `json.dumps(request.json)` do): the signature matches the sender's form; verify the raw request bytes, not a parsed-and-printed copy",
            style.name
        ),
    ))
}

/// Variants of a JSON provider's body that was re-encoded after receipt: a
/// byte-order mark added, Latin-1 bytes, or JSON wrapped in a form field.
/// Returns (hints a matching variant proves, observations without proof).
fn encoding_variants(case: &Case<'_>, body: &[u8]) -> (Vec<Hint>, Vec<Hint>) {
    let matches = |variant: &[u8]| verifies(case.provider, case.headers, variant, case.secrets);
    let name = case.provider.name();
    let (mut proven, mut seen) = (Vec::new(), Vec::new());

    if let Some(rest) = body.strip_prefix(b"\xEF\xBB\xBF") {
        if matches(rest) {
            proven.push(Hint::new(
                HintCode::ByteOrderMark,
                "the signature matches the body without the UTF-8 byte-order mark at its start: an editor or Windows tool added it; save the raw bytes",
            ));
        } else {
            seen.push(Hint::new(
                HintCode::ByteOrderMark,
                format!("the body starts with a UTF-8 byte-order mark, which {name} does not send: the body was re-saved by an editor"),
            ));
        }
    }

    if let Err(e) = std::str::from_utf8(body) {
        let offset = e.valid_up_to();
        let latin1_as_utf8: Vec<u8> = body
            .iter()
            .map(|&b| char::from(b))
            .collect::<String>()
            .into_bytes();
        if matches(&latin1_as_utf8) {
            proven.push(Hint::new(
                HintCode::InvalidUtf8,
                format!("the signature matches the body decoded from Latin-1 to UTF-8: the body was re-encoded after receipt (its first non-UTF-8 byte is at offset {offset}); save the raw bytes"),
            ));
        } else {
            seen.push(Hint::new(
                HintCode::InvalidUtf8,
                format!("the body is not valid UTF-8 (first bad byte at offset {offset}), but {name} sends JSON, which is UTF-8: the capture was re-encoded or cut short"),
            ));
        }
    }

    if looks_form_encoded(body) {
        let json = body
            .strip_prefix(b"payload=")
            .map(percent_decode)
            .filter(|json| matches(json));
        if json.is_some() {
            proven.push(Hint::new(
                HintCode::FormEncoded,
                "the signature matches the JSON inside the form field payload=: the body was form-encoded after it was received (a framework or proxy); use the raw JSON body",
            ));
        } else {
            seen.push(Hint::new(
                HintCode::FormEncoded,
                format!("the body looks form-encoded (name=value&…), but {name} signs a JSON body: this is not the raw body of the webhook request"),
            ));
        }
    }
    (proven, seen)
}

/// `name=value[&name=value…]` with no JSON or whitespace in sight.
fn looks_form_encoded(body: &[u8]) -> bool {
    let Some(eq) = body.iter().position(|&b| b == b'=') else {
        return false;
    };
    eq > 0
        && body[..eq]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"_.-[]".contains(b))
        && body.iter().all(|b| b.is_ascii_graphic())
}

/// Decodes `%XX` escapes and `+` (a space) in a form value.
fn percent_decode(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        match value[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = value.get(i + 1..i + 3).and_then(|h| {
                    std::str::from_utf8(h)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                });
                if let Some(byte) = hex {
                    out.push(byte);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            b'&' => break,
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// The UTF-8 byte-order mark, which Windows Notepad writes at the start of
/// a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Variants of each secret as it was likely pasted: without a UTF-8
/// byte-order mark, without surrounding whitespace, without a `.env`
/// assignment (`NAME=`, `export NAME=`, and the value's quotes), without
/// surrounding quotes. The first variant that makes the signature match is
/// reported, naming the secret. Returns (hints a matching variant proves,
/// observations without proof).
fn secret_variants(case: &Case<'_>, body: &[u8]) -> (Vec<Hint>, Vec<Hint>) {
    let (mut proven, mut seen) = (Vec::new(), Vec::new());
    let matches = |variant: &[u8]| {
        Secret::new(variant.to_vec()).is_ok_and(|secret| {
            verifies(
                case.provider,
                case.headers,
                body,
                std::slice::from_ref(&secret),
            )
        })
    };
    for (i, secret) in case.secrets.iter().enumerate() {
        let which = if case.secrets.len() > 1 {
            format!("secret #{}", i + 1)
        } else {
            "the secret".to_owned()
        };
        let bytes = secret.expose();
        let (bom, rest) = match bytes.strip_prefix(BOM) {
            Some(rest) => (true, rest),
            None => (false, bytes),
        };
        let lead = leading_whitespace(rest);
        let trail = trailing_whitespace(&rest[lead.len()..]);
        let core = &rest[lead.len()..rest.len() - trail.len()];
        let padded = core.len() != rest.len();
        let origin = secret.origin();

        let hint = if bom && matches(rest) {
            Some(byte_order_mark_hint(&which, origin, false))
        } else if bom && padded && matches(core) {
            Some(byte_order_mark_hint(&which, origin, true))
        } else if !bom && padded && matches(core) {
            Some(whitespace_hint(&which, origin, lead, trail))
        } else if let Some((value, assignment)) = env_assignment(core) {
            matches(value).then(|| {
                Hint::new(
                    HintCode::SecretAssignment,
                    format!(
                        "the signature matches {which} without its {assignment}: a whole line of a .env file or shell script was copied; give only the value"
                    ),
                )
            })
        } else if let Some((value, quote)) = unquote(core) {
            matches(value).then(|| {
                Hint::new(
                    HintCode::SecretQuoted,
                    format!(
                        "the signature matches {which} without the {} quotes around it: they were copied with the value (from a .env file, JSON or a shell line); give the value without them",
                        if quote == b'"' { "double" } else { "single" }
                    ),
                )
            })
        } else {
            None
        };
        match hint {
            Some(hint) => proven.push(hint),
            None if bom => seen.push(Hint::new(
                HintCode::SecretByteOrderMark,
                format!(
                    "{which} starts with a UTF-8 byte-order mark, as Windows Notepad saves files; it is part of the key hooksig uses (the signature does not match without it either): save the secret without it"
                ),
            )),
            None => {}
        }
    }
    (proven, seen)
}

fn byte_order_mark_hint(which: &str, origin: &Origin, and_whitespace: bool) -> Hint {
    let saved = match origin {
        Origin::File(name) => name.as_str(),
        _ => "it",
    };
    Hint::new(
        HintCode::SecretByteOrderMark,
        format!(
            "the signature matches {which} without the UTF-8 byte-order mark at its start{}: {saved} was saved with one, as Windows Notepad does; save it as UTF-8 without a byte-order mark",
            if and_whitespace {
                " and the whitespace around it"
            } else {
                ""
            }
        ),
    )
}

/// `secret_whitespace`, naming the secret, each stray character and where
/// it is: "a space at the start of secret #2", "the space after the comma
/// in HOOKSIG_SECRET (secret #2)".
fn whitespace_hint(which: &str, origin: &Origin, lead: &str, trail: &str) -> Hint {
    let (list, before, after) = match origin {
        Origin::ListEntry {
            variable,
            before,
            after,
        } => (Some(variable.as_str()), *before, *after),
        _ => (None, None, None),
    };
    let mut strays = Vec::new();
    let mut beside_separator = false;
    for (run, separator, at, beside) in [
        (lead, before, "at the start of", "after"),
        (trail, after, "at the end of", "before"),
    ] {
        if run.is_empty() {
            continue;
        }
        strays.push(match (list, separator) {
            (Some(variable), Some(separator)) => {
                beside_separator = true;
                format!(
                    "the {} {beside} the {} in {variable} ({which})",
                    name_run(run, false),
                    if separator == ',' { "comma" } else { "newline" }
                )
            }
            _ => format!("{} {at} {which}", name_run(run, true)),
        });
    }
    let advice = match origin {
        Origin::ListEntry { variable, .. } if beside_separator => format!(
            "separate the secrets in {variable} with a bare comma (old,new) or a newline"
        ),
        Origin::ListEntry { variable, .. } => format!("fix the {variable} variable"),
        Origin::File(name) => format!(
            "fix {name} (hooksig drops only one final line ending from a secret file)"
        ),
        Origin::Argument(flag) => format!("fix the {flag} value"),
        Origin::Unknown => "fix the secret file or variable (hooksig drops only one final newline from a secret file)".to_owned(),
    };
    Hint::new(
        HintCode::SecretWhitespace,
        format!(
            "the signature matches without {}: {advice}",
            strays.join(" and ")
        ),
    )
}

/// Names a run of whitespace characters: `a space`, `2 spaces`, `a carriage
/// return and a newline`; without articles (`space`, `tab and space`) when
/// `indefinite` is false, for "the … after the comma".
fn name_run(run: &str, indefinite: bool) -> String {
    let mut groups: Vec<(char, usize)> = Vec::new();
    for c in run.chars() {
        match groups.last_mut() {
            Some((last, n)) if *last == c => *n += 1,
            _ => groups.push((c, 1)),
        }
    }
    let names: Vec<String> = groups
        .iter()
        .map(|&(c, n)| {
            let name = match c {
                ' ' => "space".to_owned(),
                '\t' => "tab".to_owned(),
                '\n' => "newline".to_owned(),
                '\r' => "carriage return".to_owned(),
                '\u{a0}' => "no-break space".to_owned(),
                '\u{b}' => "vertical tab".to_owned(),
                '\u{c}' => "form feed".to_owned(),
                other => format!("U+{:04X} space", u32::from(other)),
            };
            match (n, indefinite) {
                (1, true) => format!("a {name}"),
                (1, false) => name,
                _ => format!("{n} {name}s"),
            }
        })
        .collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The whitespace (Unicode's) at the start of `bytes`, read as UTF-8.
fn leading_whitespace(bytes: &[u8]) -> &str {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
    };
    let end = text
        .find(|c: char| !c.is_whitespace())
        .unwrap_or(text.len());
    &text[..end]
}

/// The whitespace (Unicode's) at the end of `bytes`, read as UTF-8 one
/// character at a time from the end (the rest need not be UTF-8).
fn trailing_whitespace(bytes: &[u8]) -> &str {
    let mut start = bytes.len();
    'chars: while start > 0 {
        for len in 1..=start.min(4) {
            if let Ok(c) = std::str::from_utf8(&bytes[start - len..start]) {
                if c.chars().all(char::is_whitespace) {
                    start -= len;
                    continue 'chars;
                }
                break 'chars;
            }
        }
        break;
    }
    std::str::from_utf8(&bytes[start..]).unwrap_or_default()
}

/// The value of a `.env` or shell assignment, `NAME=value` or `export
/// NAME=value` (spaces around `=` allowed; the value's surrounding quotes
/// dropped), and what was removed, for the hint (`` `export NAME=` part``,
/// never the name itself).
fn env_assignment(line: &[u8]) -> Option<(&[u8], String)> {
    let (export, rest) = match line.strip_prefix(b"export") {
        Some(rest) if rest.first().is_some_and(|b| *b == b' ' || *b == b'\t') => {
            (true, rest.trim_ascii_start())
        }
        _ => (false, line),
    };
    let name_len = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))?;
    if name_len == 0 || rest[0].is_ascii_digit() {
        return None;
    }
    let value = rest[name_len..]
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let export = if export { "export " } else { "" };
    let (value, quotes) = match unquote(value) {
        Some((inner, _)) => (inner, " and the quotes around the value"),
        None => (value, ""),
    };
    // The variable's name is not shown: those bytes were given as part of
    // the secret.
    (!value.is_empty()).then(|| (value, format!("`{export}NAME=` part{quotes}")))
}

/// `bytes` without one pair of matching surrounding quotes (`"…"` or
/// `'…'`), and the quote.
fn unquote(bytes: &[u8]) -> Option<(&[u8], u8)> {
    match bytes {
        [q @ (b'"' | b'\''), inner @ .., last] if last == q => Some((inner, *q)),
        _ => None,
    }
}

/// How many re-encodable tokens of a signature header `signature_encoding`
/// tries. Each try recomputes the MAC over the whole body, so without a cap
/// a hostile 64 KiB header of ~1,300 tokens would cost ~1,300 passes over a
/// 1 MiB body per secret; real headers carry a handful of signatures.
pub const MAX_REENCODED_TOKENS: usize = 8;

/// The value is the right MAC in the other encoding (hex for base64, or the
/// reverse): re-encode each token of the main header's value and re-check.
fn signature_encoding(case: &Case<'_>, body: &[u8]) -> Option<Hint> {
    let provider = case.provider;
    let name = provider.headers()[0];
    let value = case.headers.get(name)?;
    let encoding = provider.scheme().encoding;
    let length = match provider.public_key() {
        Some(algorithm) => algorithm.signature_len()?,
        None => provider.algorithm().output_len(),
    };
    let tokens = value
        .split([',', ';', ' '])
        .flat_map(|t| [t, t.split_once('=').map_or("", |(_, v)| v)])
        .filter(|t| !t.is_empty());
    let reencodable = tokens.filter_map(|token| {
        Encoding::ALL
            .into_iter()
            .filter(|other| *other != encoding)
            .find_map(|other| {
                // A MAC's length is public: the algorithm's.
                let decoded = other.decode(token).filter(|d| d.len() == length)?;
                Some((token, decoded, other))
            })
    });
    for (token, mac, other) in reencodable.take(MAX_REENCODED_TOKENS) {
        let fixed = value.replacen(token, &encoding.encode(&mac), 1);
        let headers = replaced(case.headers, name, &fixed);
        if verifies(provider, &headers, body, case.secrets) {
            return Some(Hint::new(
                HintCode::SignatureEncoding,
                format!(
                    "the signature is right but written in {}, and {} sends {}: it was copied from a log or tool that re-encodes it, or computed by your own code, not taken from the received {name} header",
                    other.as_str(),
                    provider.name(),
                    encoding.as_str()
                ),
            ));
        }
    }
    None
}

/// The headers verify under other providers' schemes, either as they are or
/// with the main signature value moved to the other provider's header.
fn wrong_provider(case: &Case<'_>, body: &[u8]) -> Option<Hint> {
    let own_value = case.headers.get(case.provider.headers()[0]);
    // Providers that share a rule (GitHub and Meta; the many that sign the
    // body alone in hex) are checked once per rule: the cost grows with
    // distinct schemes, not with the catalog. The direct check depends on
    // the signature header's name too; the moved one (our value under their
    // header) does not.
    let mut direct: Vec<(Spec, &str, bool)> = Vec::new();
    let mut moved: Vec<(Spec, bool)> = Vec::new();
    let names: Vec<&str> = case
        .catalog
        .iter()
        .filter(|p| p.name() != case.provider.name())
        .filter(|p| {
            let rule = p.spec().map(|spec| rule_of(&spec));
            let header = p.headers()[0];
            let direct_hit = match rule.and_then(|r| {
                direct
                    .iter()
                    .find(|(k, h, _)| *k == r && h.eq_ignore_ascii_case(header))
            }) {
                Some((_, _, hit)) => *hit,
                None => {
                    let hit = verifies(*p, case.headers, body, case.secrets);
                    if let Some(rule) = rule {
                        direct.push((rule, header, hit));
                    }
                    hit
                }
            };
            direct_hit
                || own_value.is_some_and(|value| {
                    match rule.and_then(|r| moved.iter().find(|(k, _)| *k == r)) {
                        Some((_, hit)) => *hit,
                        None => {
                            let shifted = replaced(case.headers, header, value);
                            let hit = verifies(*p, &shifted, body, case.secrets);
                            if let Some(rule) = rule {
                                moved.push((rule, hit));
                            }
                            hit
                        }
                    }
                })
        })
        .map(|p| p.name())
        .collect();
    let (first, last) = (names.first()?, names.last()?);
    let listed = match names.len() {
        1 | 2 => names.join(" and "),
        n => format!("{} and {last}", names[..n - 1].join(", ")),
    };
    Some(Hint::new(
        HintCode::WrongProvider,
        format!(
            "the signature verifies under the {listed} scheme{}, not the {} one: pass --provider {first}",
            if names.len() > 1 { "s" } else { "" },
            case.provider.name()
        ),
    ))
}

/// What a described scheme signs by, apart from what names it and which
/// header carries the signature: two providers with the same rule verify
/// the same moved value alike.
fn rule_of(spec: &Spec) -> Spec {
    Spec {
        name: "",
        aliases: &[],
        headers: spec.headers.get(1..).unwrap_or_default(),
        detect: Detect::Header,
        sends_json: true,
        ..*spec
    }
}

/// API keys and tokens pasted where a webhook secret belongs: their prefix,
/// what they are, and the providers that do sign with that key (Paystack
/// signs with the secret API key).
const API_KEYS: [(&[u8], &str, &[&str]); 14] = [
    (b"sk_live_", "a secret API key", &["paystack"]),
    (b"sk_test_", "a secret API key", &["paystack"]),
    (b"pk_live_", "a publishable API key", &[]),
    (b"pk_test_", "a publishable API key", &[]),
    (b"rk_live_", "a restricted API key", &[]),
    (b"rk_test_", "a restricted API key", &[]),
    (b"xoxb-", "a Slack bot token", &[]),
    (b"xoxp-", "a Slack user token", &[]),
    (b"xapp-", "a Slack app-level token", &[]),
    (b"ghp_", "a GitHub personal access token", &[]),
    (
        b"github_pat_",
        "a GitHub fine-grained personal access token",
        &[],
    ),
    (b"shpat_", "a Shopify Admin API access token", &[]),
    (b"pdl_live_apikey_", "a Paddle API key", &[]),
    (b"pdl_sdbx_apikey_", "a Paddle API key", &[]),
];

/// Webhook secrets whose prefix names their provider, kept as part of the
/// key (so not a [`Provider::secret_prefix`], which is stripped): Paddle's
/// notification-destination secrets, Shopify's app client secrets. `whsec_`
/// is found through the providers' own prefixes.
const OTHER_SECRET_FORMS: [(&str, &str); 3] = [
    ("pdl_ntfset_", "paddle"),
    ("pdl_ntf_", "paddle"),
    ("shpss_", "shopify"),
];

fn secret_format(case: &Case<'_>) -> Vec<Hint> {
    let mut hints = Vec::new();
    let provider = case.provider;
    let body_env = case.body.and_then(event_mode);
    for (i, secret) in case.secrets.iter().enumerate() {
        let bytes = secret.expose();
        let which = if case.secrets.len() > 1 {
            format!("secret #{}", i + 1)
        } else {
            "the secret".to_owned()
        };
        let own = |keyed: &[&str]| keyed.contains(&provider.name());
        let other_form = OTHER_SECRET_FORMS
            .iter()
            .find(|(p, owner)| bytes.starts_with(p.as_bytes()) && *owner != provider.name());
        if let Some((_, kind, _)) = API_KEYS
            .iter()
            .find(|(p, _, keyed)| bytes.starts_with(p) && !own(keyed))
        {
            hints.push(Hint::new(
                HintCode::SecretFormat,
                format!(
                    "{which} looks like {kind}, not a webhook signing secret: use the secret shown for the webhook endpoint"
                ),
            ));
        } else if bytes.starts_with(b"v1,") {
            hints.push(Hint::new(
                HintCode::SecretFormat,
                format!(
                    "{which} starts with 'v1,', the form of a Standard Webhooks signature, not a secret: the signature header's value was pasted as the secret"
                ),
            ));
        } else if let Some(prefix) = case
            .catalog
            .iter()
            .filter_map(|p| p.secret_prefix())
            .filter(|prefix| !prefix.is_empty() && provider.secret_prefix() != Some(*prefix))
            .find(|prefix| bytes.starts_with(prefix.as_bytes()))
        {
            let users: Vec<&str> = case
                .catalog
                .iter()
                .filter(|p| p.secret_prefix() == Some(prefix))
                .map(|p| p.name())
                .collect();
            hints.push(Hint::new(
                HintCode::SecretFormat,
                format!(
                    "{which} starts with {prefix}, the form of {} webhook secrets, but {} secrets have no such prefix: is it the right provider's secret?",
                    users.join(" and "),
                    provider.name()
                ),
            ));
        } else if let Some((prefix, owner)) = other_form {
            hints.push(Hint::new(
                HintCode::SecretFormat,
                format!(
                    "{which} starts with {prefix}, the form of {owner} webhook secrets, but {} secrets have no such prefix: is it the right provider's secret?",
                    provider.name()
                ),
            ));
        } else if let Some(hint) = body_env.and_then(|env| environment_mismatch(&which, bytes, env))
        {
            hints.push(hint);
        }
    }
    hints
}

/// The mode a JSON event was sent in: Fintoc's `"mode"`, Stripe's
/// `"livemode"`; `None` when the body says neither.
fn event_mode(body: &[u8]) -> Option<&'static str> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    match (value.get("mode"), value.get("livemode")) {
        (Some(serde_json::Value::String(mode)), _) => match mode.as_str() {
            "test" => Some("test"),
            "live" => Some("live"),
            _ => None,
        },
        (_, Some(serde_json::Value::Bool(live))) => Some(if *live { "live" } else { "test" }),
        _ => None,
    }
}

/// A `…_test_…` secret for a live event, or a `…_live_…` one for a test
/// event.
fn environment_mismatch(which: &str, secret: &[u8], body_env: &str) -> Option<Hint> {
    let secret_env = if contains(secret, b"_test_") {
        "test"
    } else if contains(secret, b"_live_") {
        "live"
    } else {
        return None;
    };
    (body_env != secret_env).then(|| {
        Hint::new(
            HintCode::SecretFormat,
            format!(
                "{which} looks like a {secret_env}-mode secret, but the event was sent in {body_env} mode: use the {body_env} endpoint's secret"
            ),
        )
    })
}

/// `headers` with every `name` header replaced by one `name: value`.
fn replaced(headers: &Headers, name: &str, value: &str) -> Headers {
    headers.replaced(name, value)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn replace(body: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + body.len() / 8);
    let mut rest = body;
    while !rest.is_empty() {
        if rest.starts_with(from) {
            out.extend_from_slice(to);
            rest = &rest[from.len()..];
        } else {
            out.push(rest[0]);
            rest = &rest[1..];
        }
    }
    out
}

/// How many times the body's size a re-serialized variant may reach before
/// it is abandoned (plus [`VARIANT_SLACK`]). Real senders' forms of one value
/// differ by well under this (pretty-printing a compact event with 4-space
/// indent, or `\uXXXX` for every non-ASCII character, about doubles it), but
/// pretty-printing hostile JSON nested 127 deep indents every value by up to
/// 508 spaces. With the cap, the [`JSON_STYLES`] variants cost at most
/// `JSON_STYLES.len() × MAX_VARIANT_GROWTH` passes over the body per secret.
const MAX_VARIANT_GROWTH: usize = 4;

/// Bytes a variant may have beyond [`MAX_VARIANT_GROWTH`] times the body,
/// so that tiny bodies (`[[]]` is 4 bytes, 11 once pretty-printed) fit.
const VARIANT_SLACK: usize = 1024;

/// One way a sender's serializer writes JSON.
struct JsonStyle {
    /// How the hint names it: "the sender wrote this JSON {name}".
    name: &'static str,
    layout: Layout,
    escapes: Escapes,
}

/// Where a style puts spaces and line breaks.
#[derive(Clone, Copy)]
enum Layout {
    /// `,` and `:` alone.
    Compact,
    /// `, ` and `: ` (Python's `json.dumps` default).
    Spaced,
    /// One member per line, indented by `indent` per level, `: ` after keys.
    Pretty {
        indent: &'static [u8],
        /// Empty arrays as `[`, a blank line, `]` and empty objects as `{`,
        /// `}` on two lines, as Ruby's json gem (before 2.10) writes them;
        /// otherwise `[]` and `{}`.
        ruby_empties: bool,
    },
}

/// Which characters a style writes as escapes, beyond the `"`, `\` and
/// control characters every serializer escapes (as `\n`, `\t`… and
/// `\u001f`, in lower-case hex, like serde_json).
#[derive(Clone, Copy)]
struct Escapes {
    /// `/` as `\/` (PHP).
    slash: bool,
    /// Every non-ASCII character as `\uXXXX`, in lower-case hex, with a
    /// surrogate pair above U+FFFF (PHP; Python's `ensure_ascii`).
    non_ascii: bool,
    /// DEL (U+007F) as `\u007f` (Python's `ensure_ascii`).
    delete: bool,
    /// `<`, `>`, `&`, U+2028 and U+2029 as `\u003c`, `\u003e`, `\u0026`,
    /// `\u2028`, `\u2029` (Go's `encoding/json`; Rails).
    html: bool,
}

const RAW: Escapes = Escapes {
    slash: false,
    non_ascii: false,
    delete: false,
    html: false,
};
const PYTHON_ASCII: Escapes = Escapes {
    non_ascii: true,
    delete: true,
    ..RAW
};
const PHP: Escapes = Escapes {
    slash: true,
    non_ascii: true,
    ..RAW
};
const HTML_SAFE: Escapes = Escapes { html: true, ..RAW };

const TWO: &[u8] = b"  ";
const FOUR: &[u8] = b"    ";

/// The serializer styles webhook senders use, tried in this order; each was
/// checked byte for byte against the real serializer (the fixtures in
/// `tests/fixtures/reserialized/`). Where two styles give the same bytes for
/// a body, the first is named, so the order puts the most common sender
/// first among equals (Stripe before any other 2-space indent).
const JSON_STYLES: [JsonStyle; 13] = [
    JsonStyle {
        name: "compact (no spaces or line breaks), as JSON.stringify writes it",
        layout: Layout::Compact,
        escapes: RAW,
    },
    JsonStyle {
        name: "compact with \\uXXXX escapes, as Python's json.dumps(…, separators=(',', ':')) writes it",
        layout: Layout::Compact,
        escapes: PYTHON_ASCII,
    },
    JsonStyle {
        name: "as PHP's json_encode writes it (compact, escaped slashes and \\uXXXX)",
        layout: Layout::Compact,
        escapes: PHP,
    },
    JsonStyle {
        name: "as Go's encoding/json writes it (compact, with \\u003c, \\u003e and \\u0026 for <, > and &)",
        layout: Layout::Compact,
        escapes: HTML_SAFE,
    },
    JsonStyle {
        name: "as Python's json.dumps writes it (', ' and ': ' separators, \\uXXXX escapes)",
        layout: Layout::Spaced,
        escapes: PYTHON_ASCII,
    },
    JsonStyle {
        name: "with ', ' and ': ' separators, as Python's json.dumps(…, ensure_ascii=False) writes it",
        layout: Layout::Spaced,
        escapes: RAW,
    },
    JsonStyle {
        name: "pretty-printed with 2-space indent, as Stripe does",
        layout: Layout::Pretty {
            indent: TWO,
            ruby_empties: true,
        },
        escapes: HTML_SAFE,
    },
    JsonStyle {
        name: "pretty-printed with 2-space indent, as Ruby's JSON.pretty_generate writes it",
        layout: Layout::Pretty {
            indent: TWO,
            ruby_empties: true,
        },
        escapes: RAW,
    },
    JsonStyle {
        name: "pretty-printed with 2-space indent, as JSON.stringify(body, null, 2) writes it",
        layout: Layout::Pretty {
            indent: TWO,
            ruby_empties: false,
        },
        escapes: RAW,
    },
    JsonStyle {
        name: "pretty-printed with 2-space indent and \\uXXXX escapes, as Python's json.dumps(…, indent=2) writes it",
        layout: Layout::Pretty {
            indent: TWO,
            ruby_empties: false,
        },
        escapes: PYTHON_ASCII,
    },
    JsonStyle {
        name: "pretty-printed with 4-space indent, as PHP's json_encode(…, JSON_PRETTY_PRINT) writes it (escaped slashes and \\uXXXX)",
        layout: Layout::Pretty {
            indent: FOUR,
            ruby_empties: false,
        },
        escapes: PHP,
    },
    JsonStyle {
        name: "pretty-printed with 4-space indent, as JSON.stringify(body, null, 4) writes it",
        layout: Layout::Pretty {
            indent: FOUR,
            ruby_empties: false,
        },
        escapes: RAW,
    },
    JsonStyle {
        name: "pretty-printed with 4-space indent and \\uXXXX escapes, as Python's json.dumps(…, indent=4) writes it",
        layout: Layout::Pretty {
            indent: FOUR,
            ruby_empties: false,
        },
        escapes: PYTHON_ASCII,
    },
];

/// `value` written in `style`, or `None` once it would exceed `cap` bytes.
fn reserialize(value: &serde_json::Value, style: &JsonStyle, cap: usize) -> Option<Vec<u8>> {
    use serde::Serialize as _;
    let mut out = Capped {
        bytes: Vec::new(),
        cap,
    };
    let formatter = StyleFormatter {
        style,
        depth: 0,
        has_value: false,
    };
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    value.serialize(&mut serializer).ok()?;
    Some(out.bytes)
}

/// A buffer that refuses to grow past `cap` bytes.
struct Capped {
    bytes: Vec<u8>,
    cap: usize,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len().saturating_add(buf.len()) > self.cap {
            return Err(std::io::Error::other("variant over its size cap"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A serde_json formatter that writes a [`JsonStyle`]. Numbers are written
/// as their original text (`arbitrary_precision`), and keys in their
/// original order (`preserve_order`).
struct StyleFormatter<'a> {
    style: &'a JsonStyle,
    /// How many arrays and objects enclose the current position.
    depth: usize,
    /// Whether the innermost open array or object has a member yet.
    has_value: bool,
}

impl StyleFormatter<'_> {
    fn indent<W: ?Sized + std::io::Write>(&self, writer: &mut W) -> std::io::Result<()> {
        if let Layout::Pretty { indent, .. } = self.style.layout {
            for _ in 0..self.depth {
                writer.write_all(indent)?;
            }
        }
        Ok(())
    }

    /// Before a member of an array or object.
    fn separate<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        match (self.style.layout, first) {
            (Layout::Compact | Layout::Spaced, true) => Ok(()),
            (Layout::Compact, false) => writer.write_all(b","),
            (Layout::Spaced, false) => writer.write_all(b", "),
            (Layout::Pretty { .. }, _) => {
                writer.write_all(if first { b"\n" } else { b",\n" })?;
                self.indent(writer)
            }
        }
    }

    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth = self.depth.saturating_add(1);
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// Closes an array (`ruby_empty` is `b"\n\n"`) or an object (`b"\n"`).
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
        ruby_empty: &[u8],
    ) -> std::io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if let Layout::Pretty { ruby_empties, .. } = self.style.layout {
            if self.has_value {
                writer.write_all(b"\n")?;
                self.indent(writer)?;
            } else if ruby_empties {
                writer.write_all(ruby_empty)?;
                self.indent(writer)?;
            }
        }
        writer.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for StyleFormatter<'_> {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]", b"\n\n")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.separate(writer, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}", b"\n")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.separate(writer, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        match self.style.layout {
            Layout::Compact => writer.write_all(b":"),
            Layout::Spaced | Layout::Pretty { .. } => writer.write_all(b": "),
        }
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    /// A run of string characters that need no JSON escape; escapes the
    /// ones the style escapes anyway.
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let escapes = self.style.escapes;
        let mut unescaped = 0;
        for (at, c) in fragment.char_indices() {
            let escaped = match c {
                '/' => escapes.slash,
                '\u{7f}' => escapes.delete,
                '<' | '>' | '&' => escapes.html,
                '\u{2028}' | '\u{2029}' => escapes.html || escapes.non_ascii,
                c => escapes.non_ascii && !c.is_ascii(),
            };
            if !escaped {
                continue;
            }
            // In bounds: `unescaped <= at < fragment.len()`.
            writer.write_all(&fragment.as_bytes()[unescaped..at])?;
            if c == '/' {
                writer.write_all(b"\\/")?;
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
            }
            unescaped = at + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[unescaped..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_converts_line_endings() {
        assert_eq!(replace(b"a\r\nb\r\n", b"\r\n", b"\n"), b"a\nb\n");
        assert_eq!(replace(b"a\nb", b"\n", b"\r\n"), b"a\r\nb");
        assert_eq!(replace(b"", b"\n", b"\r\n"), b"");
    }

    /// The first style whose name contains `needle`.
    fn style(needle: &str) -> &'static JsonStyle {
        JSON_STYLES
            .iter()
            .find(|s| s.name.contains(needle))
            .unwrap()
    }

    #[test]
    fn stray_whitespace_is_found_at_both_ends_of_any_bytes() {
        assert_eq!(leading_whitespace(b" \t\xc2\xa0k "), " \t\u{a0}");
        assert_eq!(leading_whitespace(b"\xffk"), "");
        assert_eq!(trailing_whitespace(b"k\xff\r\n"), "\r\n");
        assert_eq!(trailing_whitespace(b"k\xe3\x80\x80"), "\u{3000}");
        // A non-whitespace multibyte character ends the run.
        assert_eq!(trailing_whitespace("k\u{e9} ".as_bytes()), " ");
        assert_eq!(trailing_whitespace(b"\xa0"), "");
    }

    #[test]
    fn whitespace_runs_are_named_character_by_character() {
        assert_eq!(name_run(" ", true), "a space");
        assert_eq!(name_run("  ", true), "2 spaces");
        assert_eq!(name_run("\r\n", true), "a carriage return and a newline");
        assert_eq!(
            name_run("\t \u{2003}", false),
            "tab, space and U+2003 space"
        );
    }

    #[test]
    fn env_assignments_and_quotes_are_recognised() {
        let value = |line: &[u8]| env_assignment(line).map(|(v, what)| (v.to_vec(), what));
        assert_eq!(
            value(b"export FINTOC_SECRET='k=1'"),
            Some((
                b"k=1".to_vec(),
                "`export NAME=` part and the quotes around the value".to_owned()
            ))
        );
        assert_eq!(
            value(b"A_1 = k"),
            Some((b"k".to_vec(), "`NAME=` part".to_owned()))
        );
        // Base64 padding is not an assignment; nor is a name starting with a digit.
        for not_one in [&b"whsec_YWI="[..], b"1A=k", b"=k", b"exportA", b"A=\"\""] {
            assert_eq!(value(not_one), None, "{not_one:?}");
        }
        assert_eq!(unquote(b"\"k\""), Some((&b"k"[..], b'"')));
        assert_eq!(unquote(b"'k'"), Some((&b"k"[..], b'\'')));
        assert_eq!(unquote(b"''"), Some((&b""[..], b'\'')));
        for not_quoted in [&b"\"k'"[..], b"\"", b"k\""] {
            assert_eq!(unquote(not_quoted), None, "{not_quoted:?}");
        }
    }

    #[test]
    fn json_variants_match_common_serializers() {
        let value: serde_json::Value =
            serde_json::from_str("{\n  \"b\": [1, 2.50],\n  \"a\": \"é😀\"\n}").unwrap();
        assert_eq!(
            reserialize(&value, style("compact (no spaces"), 1000).unwrap(),
            "{\"b\":[1,2.50],\"a\":\"é😀\"}".as_bytes()
        );
        // Python: json.dumps(obj) with its default separators and ensure_ascii.
        assert_eq!(
            reserialize(&value, style("as Python's json.dumps writes it"), 1000).unwrap(),
            br#"{"b": [1, 2.50], "a": "\u00e9\ud83d\ude00"}"#
        );
    }

    #[test]
    fn ruby_writes_empty_arrays_and_objects_on_several_lines() {
        let value: serde_json::Value = serde_json::from_str(r#"{"a":[],"b":{},"c":[[]]}"#).unwrap();
        assert_eq!(
            reserialize(&value, style("Ruby's"), 1000).unwrap(),
            b"{\n  \"a\": [\n\n  ],\n  \"b\": {\n  },\n  \"c\": [\n    [\n\n    ]\n  ]\n}"
        );
        assert_eq!(
            reserialize(&value, style("JSON.stringify(body, null, 2)"), 1000).unwrap(),
            b"{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    []\n  ]\n}"
        );
        let empty: serde_json::Value = serde_json::from_str("[]").unwrap();
        assert_eq!(
            reserialize(&empty, style("Ruby's"), 1000).unwrap(),
            b"[\n\n]"
        );
    }

    #[test]
    fn every_style_writes_the_same_value() {
        let text =
            r#"{"s":"a/b <&> é 😀 \u2028 \u007f \n\t\u0001","n":[1.50,-0,1e400],"o":{"":[{}]}}"#;
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        for style in &JSON_STYLES {
            let variant = reserialize(&value, style, 10_000).unwrap();
            let back: serde_json::Value = serde_json::from_slice(&variant).unwrap();
            assert_eq!(back, value, "{}", style.name);
            assert_eq!(
                serde_json::to_string(&back).unwrap(),
                serde_json::to_string(&value).unwrap(),
                "{}",
                style.name
            );
        }
    }

    #[test]
    fn variants_stop_at_their_cap() {
        // 100 levels of arrays: pretty-printed, the inner value is indented
        // by 200 or 400 spaces.
        let text = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let cap = text.len() * MAX_VARIANT_GROWTH;
        assert!(reserialize(&value, style("compact (no spaces"), cap).is_some());
        assert!(reserialize(&value, style("JSON.stringify(body, null, 4)"), cap).is_none());
        assert!(reserialize(&value, style("JSON.stringify(body, null, 4)"), 100_000).is_some());
    }
}
