//! Scheme files: a user's own providers, written in TOML in the language
//! [`Spec`] reads (`--scheme FILE`), and the built-ins printed back in it
//! (`hooksig providers --format toml`).
//!
//! A file holds one provider as top-level keys, or several as
//! `[[provider]]` tables. Every mistake is a [`SchemeError`] with the line
//! it is on and the fix; no input panics (a fuzz target and a property test
//! hold that).
//!
//! The layouts and templates are read by `described.rs`'s
//! `parse_layout` and `parse_template`: the language has one
//! implementation, shared with the engine.

use super::described::{
    Detect, Layout, Piece, SecretEncoding, Spec, TimestampUnit, parse_layout, parse_template,
};
use super::{Encoding, Provider};
use crate::error::SchemeError;
use crate::mac::Algorithm;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The keys a provider's table may hold, in the order the language lists
/// them.
pub const KEYS: [&str; 13] = [
    "name",
    "aliases",
    "header",
    "value",
    "algorithm",
    "encoding",
    "message",
    "timestamp_header",
    "timestamp_unit",
    "tolerance",
    "secret_encoding",
    "secret_prefix",
    "provider",
];

/// Reads a scheme file's text into its providers. `taken` says whether a
/// name (or alias) is already used, by a built-in or another file; it is
/// asked for every name and alias, lower-cased.
///
/// The strings of each [`Spec`] are leaked to become `&'static`: the
/// engine's descriptions are static data, and a CLI process loads a
/// handful of scheme files once, for its whole life.
pub fn parse(text: &str, taken: &dyn Fn(&str) -> bool) -> Result<Vec<&'static Spec>, SchemeError> {
    let at = |offset: usize, message: String| SchemeError {
        line: line_of(text, offset),
        message,
    };
    let root = DeTable::parse(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        at(
            offset,
            format!(
                "not TOML: {}; a scheme file is key = \"value\" lines (see hooksig providers --format toml)",
                e.message().trim_end()
            ),
        )
    })?;
    let root_span = root.span();
    let root = root.into_inner();
    let tables: Vec<(usize, &DeTable<'_>)> = match root
        .iter()
        .find(|(k, _)| k.get_ref() == "provider")
    {
        Some((key, list)) => {
            if let Some((other, _)) = root.iter().find(|(k, _)| k.get_ref() != "provider") {
                return Err(at(
                    other.span().start,
                    format!(
                        "key {:?} is outside the [[provider]] tables: with [[provider]] tables, every key goes inside one (move it below a [[provider]] line)",
                        other.get_ref()
                    ),
                ));
            }
            let DeValue::Array(items) = list.get_ref() else {
                return Err(at(
                    key.span().start,
                    "provider must be a list of tables: write [[provider]] above each provider's keys".to_owned(),
                ));
            };
            let mut tables = Vec::new();
            for item in items.iter() {
                let DeValue::Table(table) = item.get_ref() else {
                    return Err(at(
                        item.span().start,
                        "provider must be a list of tables: write [[provider]] above each provider's keys".to_owned(),
                    ));
                };
                tables.push((item.span().start, table));
            }
            if tables.is_empty() {
                return Err(at(
                    key.span().start,
                    "provider is an empty list: write a [[provider]] table with name, header and message".to_owned(),
                ));
            }
            tables
        }
        None => vec![(root_span.start, &root)],
    };
    let mut specs: Vec<&'static Spec> = Vec::new();
    for (start, table) in tables {
        let spec = one(text, start, table, &|name: &str| {
            taken(name)
                || specs.iter().any(|s| {
                    s.name.eq_ignore_ascii_case(name)
                        || s.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
                })
        })?;
        specs.push(spec);
    }
    Ok(specs)
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Leaks a string for the life of the process (see [`parse`]).
fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

fn one(
    text: &str,
    start: usize,
    table: &DeTable<'_>,
    taken: &dyn Fn(&str) -> bool,
) -> Result<&'static Spec, SchemeError> {
    let at = |offset: usize, message: String| SchemeError {
        line: line_of(text, offset),
        message,
    };
    // Keys in file order, so the first mistake reported is the first one.
    let mut entries: Vec<(&Spanned<_>, &Spanned<DeValue<'_>>)> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    for (key, _) in &entries {
        let name: &str = key.get_ref();
        if !KEYS[..KEYS.len() - 1].contains(&name) {
            let near = KEYS[..KEYS.len() - 1]
                .iter()
                .min_by_key(|k| distance(k, name))
                .filter(|k| distance(k, name) <= 2)
                .map(|k| format!("did you mean {k}? "))
                .unwrap_or_default();
            return Err(at(
                key.span().start,
                format!(
                    "unknown key {name:?}: {near}the keys are {}",
                    KEYS[..KEYS.len() - 1].join(", ")
                ),
            ));
        }
    }
    let get = |name: &str| entries.iter().find(|(k, _)| k.get_ref() == name).copied();
    let string = |name: &str| -> Result<Option<(usize, &str)>, SchemeError> {
        match get(name) {
            None => Ok(None),
            Some((_, value)) => match value.get_ref() {
                DeValue::String(s) => Ok(Some((value.span().start, s.as_ref()))),
                _ => Err(at(
                    value.span().start,
                    format!("{name} must be a string: write {name} = \"…\""),
                )),
            },
        }
    };
    let required = |name: &str, example: &str| -> Result<(usize, &str), SchemeError> {
        string(name)?.ok_or_else(|| {
            at(
                start,
                format!("this provider has no {name}: add {name} = \"{example}\""),
            )
        })
    };

    let (name_at, name) = required("name", "acme")?;
    check_name(name).map_err(|why| at(name_at, format!("name {name:?} {why}")))?;
    if taken(&name.to_ascii_lowercase()) {
        return Err(at(
            name_at,
            format!(
                "name {name:?} is already a provider's name or alias (a built-in or another scheme file's): choose another name"
            ),
        ));
    }
    let mut aliases = Vec::new();
    if let Some((_, value)) = get("aliases") {
        let DeValue::Array(items) = value.get_ref() else {
            return Err(at(
                value.span().start,
                "aliases must be a list of strings: write aliases = [\"acme-pay\"]".to_owned(),
            ));
        };
        for item in items.iter() {
            let DeValue::String(alias) = item.get_ref() else {
                return Err(at(
                    item.span().start,
                    "aliases must be a list of strings: write aliases = [\"acme-pay\"]".to_owned(),
                ));
            };
            let alias: &str = alias.as_ref();
            check_name(alias)
                .map_err(|why| at(item.span().start, format!("alias {alias:?} {why}")))?;
            if taken(&alias.to_ascii_lowercase())
                || alias.eq_ignore_ascii_case(name)
                || aliases.iter().any(|a: &&str| a.eq_ignore_ascii_case(alias))
            {
                return Err(at(
                    item.span().start,
                    format!(
                        "alias {alias:?} is already a provider's name or alias: choose another alias"
                    ),
                ));
            }
            aliases.push(leak(alias));
        }
    }

    let (header_at, header) = required("header", "X-Acme-Signature")?;
    if !crate::headers::is_token(header) {
        return Err(at(
            header_at,
            format!(
                "header {header:?} is not a header name: write the name only, letters, digits and - (X-Acme-Signature)"
            ),
        ));
    }

    let algorithm = match string("algorithm")? {
        None => Algorithm::HmacSha256,
        Some((at_, text)) => match text {
            "hmac-sha256" => Algorithm::HmacSha256,
            "hmac-sha1" => Algorithm::HmacSha1,
            "hmac-sha512" => Algorithm::HmacSha512,
            "token" => Algorithm::Token,
            other => {
                return Err(at(
                    at_,
                    format!(
                        "algorithm {other:?} is not one hooksig knows: write hmac-sha256, hmac-sha1, hmac-sha512 or token"
                    ),
                ));
            }
        },
    };
    let encoding = match string("encoding")? {
        None => Encoding::Hex,
        Some((at_, text)) => Encoding::ALL
            .into_iter()
            .find(|e| e.as_str() == text)
            .ok_or_else(|| {
                at(
                    at_,
                    format!(
                        "encoding {text:?} is not one hooksig knows: write hex, base64 or base64url"
                    ),
                )
            })?,
    };

    let (value_at, value) = string("value")?.unwrap_or((start, "{signature}"));
    if value.starts_with(' ')
        || value.ends_with(' ')
        || !value.bytes().all(|b| (b' '..=b'~').contains(&b))
    {
        return Err(at(
            value_at,
            format!(
                "value {value:?} must be printable ASCII without spaces at either end (a header value's edges are trimmed): write it as the header shows it"
            ),
        ));
    }
    let layout = parse_layout(value).map_err(|why| at(value_at, why))?;
    if let Layout::List {
        signature_key,
        timestamp_key: Some(timestamp_key),
        ..
    } = layout
    {
        if signature_key == timestamp_key {
            return Err(at(
                value_at,
                format!(
                    "value {value:?} uses the key {signature_key} for both the signature and the timestamp: give them different keys"
                ),
            ));
        }
    }
    let token = algorithm == Algorithm::Token;
    if token {
        // The header's value is the secret itself: nothing is signed, so
        // nothing about a signed message may be said.
        for key in [
            "message",
            "encoding",
            "timestamp_header",
            "timestamp_unit",
            "tolerance",
        ] {
            if let Some((key_span, _)) = get(key) {
                return Err(at(
                    key_span.span().start,
                    format!(
                        "{key} is not allowed with algorithm = \"token\" (the header carries the secret itself; nothing is signed): remove it"
                    ),
                ));
            }
        }
    }
    let (message_at, message) = if token {
        (start, "")
    } else {
        required("message", "{body}")?
    };
    let pieces = if token {
        Vec::new()
    } else {
        parse_template(message).map_err(|why| at(message_at, why))?
    };

    let timestamp_header = string("timestamp_header")?;
    if let Some((at_, name)) = timestamp_header {
        if !crate::headers::is_token(name) {
            return Err(at(
                at_,
                format!(
                    "timestamp_header {name:?} is not a header name: write the name only (X-Acme-Timestamp)"
                ),
            ));
        }
    }
    if let Some((at_, name)) =
        timestamp_header.filter(|(_, name)| name.eq_ignore_ascii_case(header))
    {
        return Err(at(
            at_,
            format!(
                "timestamp_header {name:?} is the signature header: name the header that holds the timestamp, or put a t={{timestamp}} part in value"
            ),
        ));
    }
    for piece in &pieces {
        let Piece::Header(name) = piece else { continue };
        let clash = if name.eq_ignore_ascii_case(header) {
            Some("the signature header, which cannot sign itself")
        } else if timestamp_header.is_some_and(|(_, t)| name.eq_ignore_ascii_case(t)) {
            Some("the timestamp header: write {timestamp} instead")
        } else {
            None
        };
        if let Some(why) = clash {
            return Err(at(
                message_at,
                format!("message signs {{header:{name}}}, {why}"),
            ));
        }
    }
    let in_value = matches!(
        layout,
        Layout::List {
            timestamp_key: Some(_),
            ..
        }
    );
    if in_value {
        if let Some((at_, _)) = timestamp_header {
            return Err(at(
                at_,
                "the timestamp is both in value ({timestamp}) and in timestamp_header: keep one"
                    .to_owned(),
            ));
        }
    }
    let has_source = in_value || timestamp_header.is_some();
    let signs_timestamp = pieces.contains(&Piece::Timestamp);
    if signs_timestamp && !has_source {
        return Err(at(
            message_at,
            "message uses {timestamp}, but the scheme says nowhere where it comes from: add timestamp_header = \"X-Acme-Timestamp\", or a t={timestamp} part to value".to_owned(),
        ));
    }
    if has_source && !signs_timestamp {
        return Err(at(
            message_at,
            "the scheme has a timestamp (in value or timestamp_header), but message does not sign it, so it would not be checked: add {timestamp} to message, or remove the timestamp".to_owned(),
        ));
    }
    let timestamp_unit = match string("timestamp_unit")? {
        None => TimestampUnit::Seconds,
        Some((at_, text)) => {
            let unit = [
                TimestampUnit::Seconds,
                TimestampUnit::Milliseconds,
                TimestampUnit::Rfc3339,
            ]
            .into_iter()
            .find(|u| u.as_str() == text)
            .ok_or_else(|| {
                at(
                    at_,
                    format!(
                        "timestamp_unit {text:?} is not one hooksig knows: write seconds, milliseconds or rfc3339"
                    ),
                )
            })?;
            if !signs_timestamp {
                return Err(at(
                    at_,
                    "timestamp_unit is set, but the scheme signs no {timestamp}: remove it, or add the timestamp".to_owned(),
                ));
            }
            unit
        }
    };
    let tolerance = match get("tolerance") {
        None => None,
        Some((_, value)) => {
            let seconds = match value.get_ref() {
                DeValue::Integer(n) => u64::from_str_radix(n.as_str(), n.radix())
                    .ok()
                    .filter(|n| *n <= 10 * 365 * 86_400),
                _ => None,
            };
            let Some(seconds) = seconds else {
                return Err(at(
                    value.span().start,
                    "tolerance must be a whole number of seconds, 0 to ten years: write tolerance = 300".to_owned(),
                ));
            };
            if !signs_timestamp {
                return Err(at(
                    value.span().start,
                    "tolerance is set, but the scheme signs no {timestamp}: remove it, or add the timestamp".to_owned(),
                ));
            }
            Some(seconds)
        }
    };
    let secret_encoding = match string("secret_encoding")? {
        None => SecretEncoding::Raw,
        Some((at_, text)) => [
            SecretEncoding::Raw,
            SecretEncoding::Base64,
            SecretEncoding::Hex,
        ]
        .into_iter()
        .find(|e| e.as_str() == text)
        .ok_or_else(|| {
            at(
                at_,
                format!(
                    "secret_encoding {text:?} is not one hooksig knows: write raw, base64 or hex"
                ),
            )
        })?,
    };
    let secret_prefix = match string("secret_prefix")? {
        None => None,
        Some((at_, "")) => {
            return Err(at(
                at_,
                "secret_prefix is empty: remove it, or write the prefix (whsec_)".to_owned(),
            ));
        }
        Some((_, prefix)) => Some(leak(prefix)),
    };

    let mut headers: Vec<&'static str> = vec![leak(header)];
    let mut add = |name: &str| {
        if !headers.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            headers.push(leak(name));
        }
    };
    if let Some((_, name)) = timestamp_header {
        add(name);
    }
    for piece in &pieces {
        if let Piece::Header(name) = piece {
            add(name);
        }
    }
    let spec = Spec {
        name: leak(&name.to_ascii_lowercase()),
        aliases: aliases.leak(),
        headers: headers.leak(),
        value: leak(value),
        algorithm,
        encoding,
        message: leak(message),
        timestamp_header: timestamp_header.map(|(_, name)| leak(name)),
        // A timestamp inside the body (Linear) is a built-in's rule; the
        // file language has no key for it yet.
        timestamp_json: None,
        // Public-key schemes are built-ins only for now.
        public_key: None,
        timestamp_unit,
        tolerance,
        secret_encoding,
        secret_prefix,
        detect: Detect::Header,
        sends_json: true,
    };
    Ok(Box::leak(Box::new(spec)))
}

/// Why a name or alias is not `[a-z0-9_-]+`.
fn check_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("is empty: write a name of lower-case letters, digits, - and _ (acme)");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        return Err("is not a name of lower-case letters, digits, - and _: write it so (acme-pay)");
    }
    Ok(())
}

/// Edit distance, for "did you mean" (keys are short).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().take(64).collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(current).min(row[j])
            };
            previous = current;
        }
    }
    row[b.len()]
}

/// How a built-in fits the language: as itself, as an equivalent scheme
/// with a note on what it counts as, or not at all (its rule needs code).
#[derive(Debug, Clone, Copy)]
pub enum Described {
    /// The provider is a [`Spec`]: it prints as itself.
    Spec(Spec),
    /// A code provider whose rule the language says; the note is printed
    /// as a TOML comment.
    Equivalent(Spec, &'static str),
    /// The language cannot say the rule; the note says why. `Some` holds
    /// the nearest scheme, printed with the note.
    NeedsCode(Option<Spec>, &'static str),
}

/// The provider in the scheme language.
pub fn describe(provider: &dyn Provider) -> Described {
    if let Some(spec) = provider.spec() {
        if spec.timestamp_json.is_some() {
            return Described::NeedsCode(
                Some(spec),
                "needs code: the timestamp is a field of the JSON body (webhookTimestamp, in milliseconds), which a scheme file cannot name yet",
            );
        }
        return Described::Spec(spec);
    }
    match provider.name() {
        "fintoc" => Described::Equivalent(FINTOC, CANONICAL),
        "stripe" => Described::Equivalent(STRIPE, CANONICAL),
        "github" => Described::Equivalent(GITHUB, ""),
        "shopify" => Described::Equivalent(SHOPIFY, ""),
        "slack" => Described::Equivalent(SLACK, ""),
        "flinks" => Described::NeedsCode(
            Some(FLINKS),
            "needs code: the signature is read from flinks-authenticity-key or, failing that, X-Flinks-Signature; a scheme file names one header",
        ),
        "standard" => Described::NeedsCode(
            Some(STANDARD),
            "needs code: webhook-signature holds space-separated v1,<signature> entries (a layout the language cannot say), and the svix-* spelling of the headers is read too; {timestamp} counts as the canonical integer timestamp",
        ),
        _ => Described::NeedsCode(
            None,
            "needs code: its rule is not said in the scheme language",
        ),
    }
}

/// Whether the provider's rule needs code (`hooksig providers` marks it).
pub fn needs_code(provider: &dyn Provider) -> bool {
    matches!(describe(provider), Described::NeedsCode(..))
}

const CANONICAL: &str = "signs the timestamp's canonical integer form (a leading zero is not signed as sent); {timestamp} counts as fitting";

static FINTOC: Spec = Spec {
    name: "fintoc",
    headers: &["Fintoc-Signature"],
    value: "t={timestamp},v1={signature}",
    message: "{timestamp}.{body}",
    tolerance: Some(300),
    ..Spec::DEFAULT
};
static STRIPE: Spec = Spec {
    name: "stripe",
    headers: &["Stripe-Signature"],
    secret_prefix: None,
    ..FINTOC
};
static GITHUB: Spec = Spec {
    name: "github",
    headers: &["X-Hub-Signature-256"],
    value: "sha256={signature}",
    ..Spec::DEFAULT
};
static SHOPIFY: Spec = Spec {
    name: "shopify",
    headers: &["X-Shopify-Hmac-Sha256"],
    encoding: Encoding::Base64,
    ..Spec::DEFAULT
};
static SLACK: Spec = Spec {
    name: "slack",
    headers: &["X-Slack-Signature", "X-Slack-Request-Timestamp"],
    value: "v0={signature}",
    message: "v0:{timestamp}:{body}",
    timestamp_header: Some("X-Slack-Request-Timestamp"),
    tolerance: Some(300),
    ..Spec::DEFAULT
};
static FLINKS: Spec = Spec {
    name: "flinks",
    headers: &["flinks-authenticity-key"],
    encoding: Encoding::Base64,
    ..Spec::DEFAULT
};
static STANDARD: Spec = Spec {
    name: "standard",
    aliases: &["svix"],
    headers: &["webhook-signature", "webhook-timestamp", "webhook-id"],
    value: "v1,{signature}",
    encoding: Encoding::Base64,
    message: "{header:webhook-id}.{timestamp}.{body}",
    timestamp_header: Some("webhook-timestamp"),
    tolerance: Some(300),
    secret_encoding: SecretEncoding::Base64,
    secret_prefix: Some("whsec_"),
    ..Spec::DEFAULT
};

/// The provider as a scheme file's text: its keys at the top level, or
/// under a `[[provider]]` line when `table` (several in one file). A rule
/// that needs code is said in comments.
pub fn to_toml(provider: &dyn Provider, table: bool) -> String {
    let mut out = String::new();
    let (spec, note) = match describe(provider) {
        Described::Spec(spec) => (Some(spec), ""),
        Described::Equivalent(spec, note) => (Some(spec), note),
        Described::NeedsCode(spec, note) => (spec, note),
    };
    let name = provider.name();
    if !note.is_empty() {
        out.push_str(&format!("# {name}: {note}\n"));
    }
    if table {
        out.push_str("[[provider]]\n");
    }
    let Some(spec) = spec.as_ref() else {
        out.push_str(&format!("# name = {}\n", quote(name)));
        return out;
    };
    let mut line = |key: &str, value: String| out.push_str(&format!("{key} = {value}\n"));
    line("name", quote(spec.name));
    if !spec.aliases.is_empty() {
        let list: Vec<String> = spec.aliases.iter().map(|a| quote(a)).collect();
        line("aliases", format!("[{}]", list.join(", ")));
    }
    line("header", quote(spec.header()));
    if spec.value != "{signature}" {
        // A layout only code reads (Standard Webhooks' `v1,…` entries) is
        // said, commented out, so the text stays a valid scheme file.
        let commented = if parse_layout(spec.value).is_ok() {
            ""
        } else {
            "# "
        };
        line(&format!("{commented}value"), quote(spec.value));
    }
    line("algorithm", quote(spec.algorithm.as_str()));
    if spec.algorithm != Algorithm::Token {
        line("encoding", quote(spec.encoding.as_str()));
        line("message", quote(spec.message));
    }
    if let Some(header) = spec.timestamp_header {
        line("timestamp_header", quote(header));
    }
    if spec.timestamped() {
        if spec.timestamp_unit != TimestampUnit::Seconds {
            line("timestamp_unit", quote(spec.timestamp_unit.as_str()));
        }
        line("tolerance", spec.tolerance.unwrap_or(300).to_string());
    }
    if spec.secret_encoding != SecretEncoding::Raw {
        line("secret_encoding", quote(spec.secret_encoding.as_str()));
    }
    if let Some(prefix) = spec.secret_prefix {
        line("secret_prefix", quote(prefix));
    }
    out
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::PROVIDERS;

    fn none(_: &str) -> bool {
        false
    }

    fn error(text: &str) -> SchemeError {
        match parse(text, &none) {
            Ok(specs) => panic!("{text:?} parsed: {specs:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn one_provider_at_the_top_level_or_several_in_tables() {
        let specs = parse(
            "name = \"acme\"\nheader = \"X-Acme-Signature\"\nvalue = \"t={timestamp},v1={signature}\"\nmessage = \"{timestamp}.{body}\"\n",
            &none,
        )
        .unwrap();
        assert_eq!(specs.len(), 1);
        assert_eq!(specs[0].name, "acme");
        assert!(specs[0].timestamped());
        let specs = parse(
            "[[provider]]\nname = \"a\"\nheader = \"X-A\"\nmessage = \"{body}\"\n[[provider]]\nname = \"b\"\naliases = [\"bee\"]\nheader = \"X-B\"\nmessage = \"v0:{header:X-Id}:{body}\"\n",
            &none,
        )
        .unwrap();
        assert_eq!(specs.len(), 2);
        assert_eq!(specs[1].headers, ["X-B", "X-Id"]);
    }

    #[test]
    fn mistakes_name_their_line_and_the_fix() {
        let cases = [
            (
                "name = \"a\"\nheader = \"X-A\"\nmesage = \"{body}\"\n",
                3,
                "did you mean message?",
            ),
            (
                "name = \"a\"\nheader = \"X-A\"\nmessage = \"{bdy}\"\n",
                3,
                "{bdy}",
            ),
            (
                "name = \"a\"\nheader = \"X-A\"\nmessage = \"{timestamp}.{body}\"\n",
                3,
                "timestamp_header",
            ),
            (
                "name = \"A B\"\nheader = \"X-A\"\nmessage = \"{body}\"\n",
                1,
                "lower-case",
            ),
            ("name = \"a\"\nheader = \"X-A\"\n", 1, "add message"),
            (
                "name = \"a\"\n\nheader = \"X-A\"\nvalue = \"{sig}\"\nmessage = \"{body}\"\n",
                4,
                "layout",
            ),
            (
                "name = \"a\"\nheader = \"X-A\"\nmessage = \"{body}\"\nalgorithm = \"md5\"\n",
                4,
                "hmac-sha1",
            ),
            (
                "name = \"a\"\nheader = \"X-A\"\nmessage = \"{body}\"\nalgorithm = \"token\"\n",
                3,
                "not allowed with algorithm",
            ),
            (
                "name = \"a\"\nheader = \"X-A\"\nmessage = \"{body}\"\ntolerance = 5\n",
                4,
                "signs no",
            ),
            (
                "name = \"a\"\nheader = \"X-A\"\nmessage = \"{body}\"\nencoding = \"b64\"\n",
                4,
                "base64url",
            ),
            ("name = \"a\nheader = \"X-A\"\n", 1, "not TOML"),
            ("name = 1\n", 1, "must be a string"),
            (
                "[[provider]]\nname = \"a\"\nheader = \"X-A\"\nmessage = \"{body}\"\n[[provider]]\nname = \"a\"\nheader = \"X-B\"\nmessage = \"{body}\"\n",
                6,
                "already",
            ),
        ];
        for (text, line, fix) in cases {
            let e = error(text);
            assert_eq!(e.line, line, "{text:?}: {e:?}");
            assert!(e.message.contains(fix), "{text:?}: {e:?}");
        }
        let taken = |name: &str| name == "stripe";
        let e = parse(
            "name = \"Stripe\"\nheader = \"X\"\nmessage = \"{body}\"",
            &taken,
        )
        .unwrap_err();
        assert!(e.message.contains("lower-case"), "{e:?}");
        let e = parse(
            "name = \"stripe\"\nheader = \"X\"\nmessage = \"{body}\"",
            &taken,
        )
        .unwrap_err();
        assert!(e.message.contains("already"), "{e:?}");
    }

    #[test]
    fn every_built_in_that_fits_prints_as_a_file_that_reads_back() {
        for provider in PROVIDERS {
            let text = to_toml(*provider, false);
            let described = describe(*provider);
            let (Described::Spec(spec) | Described::Equivalent(spec, _)) = described else {
                continue;
            };
            let read = parse(&text, &none).unwrap_or_else(|e| panic!("{text}\n{e:?}"));
            let read = read[0];
            assert_eq!(
                (
                    read.name,
                    read.header(),
                    read.value,
                    read.message,
                    read.algorithm,
                    read.encoding
                ),
                (
                    spec.name,
                    spec.header(),
                    spec.value,
                    spec.message,
                    spec.algorithm,
                    spec.encoding
                ),
                "{text}"
            );
            assert_eq!(read.timestamp_header, spec.timestamp_header, "{text}");
            assert_eq!(read.secret_prefix, spec.secret_prefix, "{text}");
            assert_eq!(read.secret_encoding, spec.secret_encoding, "{text}");
        }
    }
}
