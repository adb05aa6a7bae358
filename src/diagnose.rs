//! Diagnostics: likely explanations of a not-authentic verdict.
//!
//! After a verdict is reached, hooksig recomputes the signature over likely
//! variants of what it was given (the body with or without a final newline,
//! other line endings, compact JSON, a secret without the whitespace, quotes,
//! `.env` assignment or byte-order mark it was pasted with, another provider's
//! scheme, the other encoding) and reports each variant that matches as a
//! [`Hint`]. Hints never change the verdict: a webhook that matches only after
//! a change is still not authentic.

use crate::input::Headers;
use crate::mac::{constant_time_eq, hmac_sha256};
use crate::providers::{Claim, Encoding, PROVIDERS, Provider, looks_like_milliseconds, parse};
use crate::secret::{Origin, Secret};
use crate::verdict::{Hint, HintCode, Reason, Verdict};
use crate::verify::{Policy, claims, describe_age};

/// The largest body (1 MiB) that diagnostics examine. Verification itself
/// streams bodies of any size; above this limit the variant checks are
/// skipped and a `diagnostics_skipped` hint says so.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// A bounded copy of the body, kept while it streams, for diagnostics.
#[derive(Debug, Clone)]
pub struct BodyCapture {
    bytes: Vec<u8>,
    limit: usize,
    complete: bool,
}

impl BodyCapture {
    /// An empty capture that keeps at most `limit` bytes.
    pub fn new(limit: usize) -> Self {
        BodyCapture {
            bytes: Vec::new(),
            limit,
            complete: true,
        }
    }

    /// Appends a chunk, or gives up (and frees the copy) once over the limit.
    pub fn extend(&mut self, chunk: &[u8]) {
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
    pub fn body(&self) -> Option<&[u8]> {
        self.complete.then_some(self.bytes.as_slice())
    }
}

/// Everything diagnostics may look at.
pub struct Case<'a> {
    /// The provider whose scheme was checked.
    pub provider: &'a dyn Provider,
    /// The captured headers.
    pub headers: &'a Headers,
    /// The parsed claim, when the headers made one.
    pub claim: Option<&'a Claim>,
    /// The body, when it fit under [`BODY_LIMIT`].
    pub body: &'a BodyCapture,
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
/// explanation.
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
    match case.body.body() {
        Some(body) => {
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
            explained.extend(signature_encoding(case, body));
            explained.extend(wrong_provider(case, body));
        }
        None => observed.push(Hint::new(
            HintCode::DiagnosticsSkipped,
            format!(
                "the body is over {} MiB, so the checks for changed newlines, line endings, reformatted JSON, secret whitespace and other providers were skipped",
                BODY_LIMIT / (1024 * 1024)
            ),
        )),
    }
    let unexplained = explained.is_empty();
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
    let Ok(claims) = claims(provider, headers) else {
        return false;
    };
    claims.iter().any(|claim| {
        let prefix = provider.signed_prefix(&claim.context);
        secrets.iter().any(|secret| {
            let Ok(key) = provider.key(secret) else {
                return false;
            };
            let mac = hmac_sha256(&key, &[&prefix, body]);
            claim
                .signatures
                .iter()
                .any(|sig| constant_time_eq(&mac, sig))
        })
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

fn json_reformatted(case: &Case<'_>, body: &[u8]) -> Option<Hint> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let compact = serde_json::to_vec(&value).ok()?;
    let spaced = to_spaced_json(&value)?;
    let candidates = [
        escape_non_ascii(&compact),
        escape_non_ascii(&spaced),
        compact,
        spaced,
    ];
    candidates
        .iter()
        .filter(|c| c.as_slice() != body)
        .any(|c| verifies(case.provider, case.headers, c, case.secrets))
        .then(|| {
            Hint::new(
                HintCode::JsonReformatted,
                "the signature matches the same JSON serialized differently (compact, key order kept): the body was pretty-printed or re-encoded after it was received; use the raw request bytes, not a parsed-and-printed copy",
            )
        })
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

/// How many re-encodable tokens of a signature header [`signature_encoding`]
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
    let tokens = value
        .split([',', ' '])
        .flat_map(|t| [t, t.split_once('=').map_or("", |(_, v)| v)])
        .filter(|t| !t.is_empty());
    let reencodable = tokens.filter_map(|token| {
        let (mac, other) = match encoding {
            Encoding::Base64 => (parse::hex_mac(token), Encoding::Hex),
            Encoding::Hex => (parse::base64_mac(token), Encoding::Base64),
        };
        mac.map(|mac| (token, mac, other))
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
    let names: Vec<&str> = PROVIDERS
        .iter()
        .copied()
        .filter(|p| p.name() != case.provider.name())
        .filter(|p| {
            verifies(*p, case.headers, body, case.secrets)
                || own_value.is_some_and(|value| {
                    let moved = replaced(case.headers, p.headers()[0], value);
                    verifies(*p, &moved, body, case.secrets)
                })
        })
        .map(|p| p.name())
        .collect();
    let first = names.first()?;
    Some(Hint::new(
        HintCode::WrongProvider,
        format!(
            "the signature verifies under the {} scheme, not {}'s: pass --provider {first}",
            names.join(" and "),
            case.provider.name()
        ),
    ))
}

fn secret_format(case: &Case<'_>) -> Vec<Hint> {
    let mut hints = Vec::new();
    let provider = case.provider;
    let body_env = case.body.body().and_then(event_mode);
    for (i, secret) in case.secrets.iter().enumerate() {
        let bytes = secret.expose();
        let which = if case.secrets.len() > 1 {
            format!("secret #{}", i + 1)
        } else {
            "the secret".to_owned()
        };
        const API_KEYS: [(&[u8], &str); 9] = [
            (b"sk_live_", "a secret API key"),
            (b"sk_test_", "a secret API key"),
            (b"pk_live_", "a publishable API key"),
            (b"pk_test_", "a publishable API key"),
            (b"rk_live_", "a restricted API key"),
            (b"rk_test_", "a restricted API key"),
            (b"xoxb-", "a Slack bot token"),
            (b"xoxp-", "a Slack user token"),
            (b"ghp_", "a GitHub personal access token"),
        ];
        if let Some((_, kind)) = API_KEYS.iter().find(|(p, _)| bytes.starts_with(p)) {
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
        } else if bytes.starts_with(b"whsec_") && provider.secret_prefix() != Some("whsec_") {
            let users: Vec<&str> = PROVIDERS
                .iter()
                .filter(|p| p.secret_prefix() == Some("whsec_"))
                .map(|p| p.name())
                .collect();
            hints.push(Hint::new(
                HintCode::SecretFormat,
                format!(
                    "{which} starts with whsec_, the form of {} webhook secrets, but {} secrets have no such prefix: is it the right provider's secret?",
                    users.join(" and "),
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

/// JSON with `", "` and `": "` separators (Python's `json.dumps` default).
fn to_spaced_json(value: &serde_json::Value) -> Option<Vec<u8>> {
    use serde::Serialize as _;
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Spaced);
    value.serialize(&mut ser).ok()?;
    Some(out)
}

struct Spaced;

impl Spaced {
    fn separator<W: ?Sized + std::io::Write>(writer: &mut W, first: bool) -> std::io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }
}

impl serde_json::ser::Formatter for Spaced {
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        Spaced::separator(writer, first)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        Spaced::separator(writer, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        writer.write_all(b": ")
    }
}

/// Escapes every non-ASCII character as `\uXXXX` (surrogate pairs above the
/// BMP), as `ensure_ascii` serializers do. Outside strings JSON is ASCII, so
/// escaping the whole text only touches string contents.
fn escape_non_ascii(json: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(json) else {
        return json.to_vec();
    };
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn replace_converts_line_endings() {
        assert_eq!(replace(b"a\r\nb\r\n", b"\r\n", b"\n"), b"a\nb\n");
        assert_eq!(replace(b"a\nb", b"\n", b"\r\n"), b"a\r\nb");
        assert_eq!(replace(b"", b"\n", b"\r\n"), b"");
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
            serde_json::to_vec(&value).unwrap(),
            "{\"b\":[1,2.50],\"a\":\"é😀\"}".as_bytes()
        );
        // Python: json.dumps(obj) with its default separators and ensure_ascii.
        assert_eq!(
            escape_non_ascii(&to_spaced_json(&value).unwrap()),
            br#"{"b": [1, 2.50], "a": "\u00e9\ud83d\ude00"}"#
        );
    }
}
