//! Schemes described as data: one [`Spec`] says what a provider signs and
//! how it sends it, and one engine (the [`Provider`] implementation below)
//! reads every such description. The built-in catalog is made of these
//! (`catalog.rs`), and so is a user's own scheme file (`--scheme FILE`).
//!
//! The language, field by field, is the scheme-file language:
//! - `header`: the signature header.
//! - `value`: its layout: `{signature}` (the whole value), a fixed prefix and
//!   then `{signature}` (`sha256={signature}`), or `key=placeholder` parts
//!   joined by `,` or `;` (`t={timestamp},v1={signature}`). In a list the
//!   parts come in any order, unknown keys are ignored and the signature key
//!   may repeat (any one matching is enough); `key={signature}` alone is a
//!   list of one key (PagerDuty's `v1=…,v1=…` during a rotation).
//! - `message`: the signed bytes: `{body}` (exactly once), `{timestamp}` (the
//!   timestamp's text as received), `{header:NAME}`, `{method}` (the
//!   request's method, `POST` when the input has none), `{url}` (the full
//!   request URL), `{path}` (its path and query), literal text; `{{` and
//!   `}}` are braces.
//! - `algorithm`, `encoding`, `timestamp_header`, `timestamp_unit`,
//!   `tolerance`, `secret_encoding`, `secret_prefix`: see [`Spec`].
//! - `algorithm = "token"`: no MAC; the header's value (after the `value`
//!   layout) must equal the secret. The engine's "computed" value is then the
//!   key itself ([`Algorithm::Token`]), so the same streaming pass and the
//!   same constant-time comparison judge it; no template is read.
//! - `timestamp_json = "FIELD"`: the timestamp is a top-level field of the
//!   JSON body (Linear's `webhookTimestamp`), read after the signature
//!   matched ([`Provider::body_timestamp`]).

use std::borrow::Cow;

use zeroize::Zeroizing;

use super::{Claim, Context, Encoding, Provider, Rejection, Scheme, Timestamp, parse};
use crate::error::SecretError;
use crate::headers::{Headers, shorten, url_target};
use crate::mac::{Algorithm, Mac};
use crate::public_key::PublicKeyAlgorithm;
use crate::secret::Secret;

/// A signature scheme described as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// The name used with `--provider`: `[a-z0-9_-]+`.
    pub name: &'static str,
    /// Other names `--provider` accepts.
    pub aliases: &'static [&'static str],
    /// Every header the scheme reads: the signature header first, then the
    /// timestamp header and the headers the message names, if any.
    pub headers: &'static [&'static str],
    /// The signature header's value layout; `{signature}` by default.
    pub value: &'static str,
    /// The MAC.
    pub algorithm: Algorithm,
    /// The public-key algorithm that replaces the MAC, for schemes checked
    /// with the sender's public key (Discord, SendGrid); `None` for HMAC.
    pub public_key: Option<PublicKeyAlgorithm>,
    /// How the MAC is written.
    pub encoding: Encoding,
    /// The signed message's template.
    pub message: &'static str,
    /// The header holding `{timestamp}`, when the value layout has none.
    pub timestamp_header: Option<&'static str>,
    /// A top-level field of the JSON body holding the timestamp (Linear's
    /// `webhookTimestamp`), when the scheme signs it inside the body rather
    /// than beside it. Judged after the signature, like every timestamp.
    pub timestamp_json: Option<&'static str>,
    /// How the timestamp is written.
    pub timestamp_unit: TimestampUnit,
    /// The default tolerance window in seconds (timestamped schemes).
    pub tolerance: Option<u64>,
    /// How the secret's text becomes the key.
    pub secret_encoding: SecretEncoding,
    /// A prefix the secret carries, stripped before decoding when present
    /// (and used by diagnostics to spot another provider's secret).
    pub secret_prefix: Option<&'static str>,
    /// How the provider is told from headers, without `--provider`.
    pub detect: Detect,
    /// Whether the bodies are always JSON (diagnostics).
    pub sends_json: bool,
}

impl Spec {
    /// A scheme that signs the raw body with HMAC-SHA256, hex, the whole
    /// header value being the signature: the defaults every field starts
    /// from.
    pub const DEFAULT: Spec = Spec {
        name: "",
        aliases: &[],
        headers: &[],
        value: "{signature}",
        algorithm: Algorithm::HmacSha256,
        public_key: None,
        encoding: Encoding::Hex,
        message: "{body}",
        timestamp_header: None,
        timestamp_json: None,
        timestamp_unit: TimestampUnit::Seconds,
        tolerance: None,
        secret_encoding: SecretEncoding::Raw,
        secret_prefix: None,
        detect: Detect::Header,
        sends_json: true,
    };

    /// The signature header.
    pub fn header(&self) -> &'static str {
        self.headers.first().copied().unwrap_or_default()
    }

    /// Whether the signed message holds a timestamp.
    pub fn timestamped(&self) -> bool {
        self.message.contains("{timestamp}") || self.timestamp_json.is_some()
    }

    /// Whether the header carries the secret itself (`algorithm = "token"`):
    /// nothing is signed, no template is read.
    pub fn token(&self) -> bool {
        self.algorithm == Algorithm::Token
    }

    /// Whether the signed message holds the request's URL or its path.
    pub fn signs_url(&self) -> bool {
        self.pieces()
            .iter()
            .any(|p| matches!(p, Piece::Url | Piece::Path))
    }

    /// Whether the signed message holds the request's method.
    fn signs_method(&self) -> bool {
        self.pieces().contains(&Piece::Method)
    }

    /// The message template's pieces (none when it does not parse).
    fn pieces(&self) -> Vec<Piece<'static>> {
        parse_template(self.message).unwrap_or_default()
    }
}

/// How a timestamp is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimestampUnit {
    /// Unix seconds, digits only.
    #[default]
    Seconds,
    /// Unix milliseconds, digits only (Sanity, HubSpot, Linear).
    Milliseconds,
    /// RFC 3339 (Twitch).
    Rfc3339,
}

impl TimestampUnit {
    /// `seconds`, `milliseconds`, `rfc3339`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimestampUnit::Seconds => "seconds",
            TimestampUnit::Milliseconds => "milliseconds",
            TimestampUnit::Rfc3339 => "rfc3339",
        }
    }
}

/// How a secret's text becomes the HMAC key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SecretEncoding {
    /// Its bytes, as given.
    #[default]
    Raw,
    /// Standard base64, decoded (padding optional).
    Base64,
    /// Hexadecimal, decoded.
    Hex,
}

impl SecretEncoding {
    /// `raw`, `base64`, `hex`.
    pub fn as_str(self) -> &'static str {
        match self {
            SecretEncoding::Raw => "raw",
            SecretEncoding::Base64 => "base64",
            SecretEncoding::Hex => "hex",
        }
    }
}

/// How a described provider is told from headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detect {
    /// By its signature header.
    #[default]
    Header,
    /// By its signature header when the value is the MAC in the scheme's
    /// encoding (GoCardless' hex `Webhook-Signature`, not Standard
    /// Webhooks' `v1,…` under the same name).
    HeaderAndValue,
    /// Never: it shares its header and rule with another provider (Meta and
    /// GitHub), so `--provider` names it.
    Never,
}

/// A parsed value layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Layout<'a> {
    /// The whole value is the signature.
    Whole,
    /// A fixed prefix, then the signature.
    Prefixed(&'a str),
    /// `key=placeholder` parts joined by the separator.
    List {
        separator: char,
        signature_key: &'a str,
        timestamp_key: Option<&'a str>,
    },
}

/// A piece of a parsed message template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Literal(Cow<'a, str>),
    Body,
    Timestamp,
    Header(&'a str),
    Method,
    Url,
    Path,
}

/// Why a layout or template does not parse: a sentence for a scheme file's
/// error message.
pub(crate) type LanguageError = String;

/// Reads a `value` layout.
pub(crate) fn parse_layout(value: &str) -> Result<Layout<'_>, LanguageError> {
    if value == "{signature}" {
        return Ok(Layout::Whole);
    }
    let separator = [',', ';'].into_iter().find(|s| value.contains(*s));
    let single_key = value.strip_suffix("={signature}").filter(|key| is_key(key));
    if separator.is_none() && single_key.is_none() {
        return match value.strip_suffix("{signature}") {
            Some(prefix) if !prefix.contains(['{', '}']) => Ok(Layout::Prefixed(prefix)),
            _ => Err(format!(
                "value {value:?} is not a layout: write {{signature}}, a prefix then {{signature}} (sha256={{signature}}), or key={{placeholder}} parts joined by , or ; (t={{timestamp}},v1={{signature}})"
            )),
        };
    }
    let separator = separator.unwrap_or(',');
    let (mut signature_key, mut timestamp_key) = (None, None);
    for part in value.split(separator).map(str::trim) {
        let Some((key, placeholder)) = part.split_once('=') else {
            return Err(format!("value part {part:?} is not key={{placeholder}}"));
        };
        if !is_key(key) {
            return Err(format!("value part {part:?} has no key before ="));
        }
        let slot = match placeholder {
            "{signature}" => &mut signature_key,
            "{timestamp}" => &mut timestamp_key,
            other => {
                return Err(format!(
                    "value part {part:?}: {other:?} is not {{signature}} or {{timestamp}}"
                ));
            }
        };
        if slot.replace(key).is_some() {
            return Err(format!("value {value:?} names {placeholder} twice"));
        }
    }
    match signature_key {
        Some(signature_key) => Ok(Layout::List {
            separator,
            signature_key,
            timestamp_key,
        }),
        None => Err(format!("value {value:?} has no {{signature}} part")),
    }
}

fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Reads a `message` template.
pub(crate) fn parse_template(message: &str) -> Result<Vec<Piece<'_>>, LanguageError> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = message;
    while let Some(i) = rest.find(['{', '}']) {
        literal.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            literal.push('{');
            rest = after;
            continue;
        }
        if let Some(after) = tail.strip_prefix("}}") {
            literal.push('}');
            rest = after;
            continue;
        }
        if tail.starts_with('}') {
            return Err(format!(
                "message {message:?} has a lone }}: write }}}} for a literal brace"
            ));
        }
        let Some(end) = tail.find('}') else {
            return Err(format!(
                "message {message:?} has a {{ that is not closed: write {{{{ for a literal brace"
            ));
        };
        let name = &tail[1..end];
        let piece = match name {
            "body" => Piece::Body,
            "timestamp" => Piece::Timestamp,
            "method" => Piece::Method,
            "url" => Piece::Url,
            "path" => Piece::Path,
            _ => match name.strip_prefix("header:") {
                Some(header) if crate::headers::is_token(header) => Piece::Header(header),
                _ => {
                    return Err(format!(
                        "message placeholder {{{name}}} is not one of {{body}}, {{timestamp}}, {{header:NAME}}, {{method}}, {{url}}, {{path}}"
                    ));
                }
            },
        };
        if !literal.is_empty() {
            pieces.push(Piece::Literal(Cow::Owned(std::mem::take(&mut literal))));
        }
        pieces.push(piece);
        rest = &tail[end + 1..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        pieces.push(Piece::Literal(Cow::Owned(literal)));
    }
    match pieces.iter().filter(|p| **p == Piece::Body).count() {
        1 => Ok(pieces),
        0 => Err(format!("message {message:?} has no {{body}}")),
        _ => Err(format!("message {message:?} has {{body}} more than once")),
    }
}

impl Provider for Spec {
    fn name(&self) -> &'static str {
        self.name
    }

    fn aliases(&self) -> &'static [&'static str] {
        self.aliases
    }

    fn headers(&self) -> &'static [&'static str] {
        self.headers
    }

    fn identifying_headers(&self) -> &'static [&'static str] {
        match self.detect {
            Detect::Never => &[],
            Detect::Header | Detect::HeaderAndValue => &self.headers[..self.headers.len().min(1)],
        }
    }

    fn identifies(&self, headers: &Headers) -> bool {
        match self.detect {
            Detect::Never => false,
            Detect::Header => headers.contains(self.header()),
            Detect::HeaderAndValue => headers
                .get_all(self.header())
                .any(|value| self.decode(value).is_some()),
        }
    }

    fn scheme(&self) -> Scheme {
        Scheme {
            signed_message: if self.token() {
                "nothing: the header is the secret"
            } else {
                self.message
            },
            encoding: self.encoding,
            default_tolerance: self.timestamped().then_some(self.tolerance.unwrap_or(300)),
        }
    }

    fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    fn signs_url(&self) -> bool {
        Spec::signs_url(self)
    }

    fn public_key(&self) -> Option<PublicKeyAlgorithm> {
        self.public_key
    }

    fn stamp(&self, seconds: i64) -> Timestamp {
        let text = match self.timestamp_unit {
            TimestampUnit::Seconds => seconds.to_string(),
            TimestampUnit::Milliseconds => seconds.saturating_mul(1000).to_string(),
            TimestampUnit::Rfc3339 => crate::time::rfc3339(seconds),
        };
        Timestamp { seconds, text }
    }

    fn secret_prefix(&self) -> Option<&'static str> {
        self.secret_prefix
    }

    fn sends_json(&self) -> bool {
        self.sends_json
    }

    fn key(&self, secret: &Secret) -> Result<Zeroizing<Vec<u8>>, SecretError> {
        let bytes = secret.expose();
        let bytes = self
            .secret_prefix
            .and_then(|prefix| bytes.strip_prefix(prefix.as_bytes()))
            .unwrap_or(bytes);
        let invalid = |why| SecretError::Invalid {
            provider: self.name,
            why,
        };
        if let Some(algorithm) = self.public_key {
            return algorithm.parse_key(bytes).map_err(invalid);
        }
        if self.token() {
            // The secret travels as a header value: it must be one.
            let text = std::str::from_utf8(bytes).map_err(|_| invalid("a token is text"))?;
            if text.chars().any(char::is_control) || text.trim() != text {
                return Err(invalid(
                    "a token has no control characters and no surrounding spaces",
                ));
            }
        }
        match self.secret_encoding {
            SecretEncoding::Raw => Ok(Zeroizing::new(bytes.to_vec())),
            SecretEncoding::Base64 => parse::base64_decode_lenient(bytes)
                .map(Zeroizing::new)
                .ok_or_else(|| invalid("its key is not base64")),
            SecretEncoding::Hex => hex::decode(bytes)
                .map(Zeroizing::new)
                .map_err(|_| invalid("its key is not hexadecimal")),
        }
    }

    fn spec(&self) -> Option<Spec> {
        Some(*self)
    }

    fn parse(&self, headers: &Headers) -> Result<Claim, Rejection> {
        let header = self.header();
        let value = parse::required(headers, header)?;
        let layout = parse_layout(self.value).map_err(Rejection::malformed)?;
        let (signatures, stamp) = match layout {
            Layout::Whole => (vec![self.signature(header, value)?], None),
            Layout::Prefixed(prefix) => {
                let Some(text) = value.strip_prefix(prefix) else {
                    return Err(Rejection::malformed(format!(
                        "header {header} does not start with {prefix}"
                    )));
                };
                (vec![self.signature(header, text)?], None)
            }
            Layout::List {
                separator,
                signature_key,
                timestamp_key,
            } => self.list(header, value, separator, signature_key, timestamp_key)?,
        };
        let stamp = match (stamp, self.timestamp_header) {
            (Some(text), _) => Some((header, text)),
            (None, Some(name)) => Some((name, parse::required(headers, name)?)),
            (None, None) => None,
        };
        let timestamp = match stamp {
            Some((name, text)) if self.timestamped() => Some(self.timestamp(name, text)?),
            _ => None,
        };
        let mut fields = Vec::new();
        let template = match self.token() {
            true => Vec::new(),
            false => parse_template(self.message).map_err(Rejection::malformed)?,
        };
        for piece in template {
            if let Piece::Header(name) = piece {
                fields.push((name.to_owned(), parse::required(headers, name)?.to_owned()));
            }
        }
        Ok(Claim {
            context: Context {
                timestamp,
                id: None,
                fields,
                method: headers
                    .method()
                    .filter(|_| self.signs_method())
                    .map(str::to_owned),
                url: headers
                    .url()
                    .filter(|_| self.signs_url())
                    .map(str::to_owned),
            },
            signatures,
        })
    }

    fn body_timestamp(&self, body: Option<&[u8]>) -> Option<Result<Timestamp, Rejection>> {
        let field = self.timestamp_json?;
        let label = format!("the body's {field} field");
        let Some(body) = body else {
            return Some(Err(Rejection::malformed(format!(
                "the body is too large to read {label}, which holds the signed timestamp"
            ))));
        };
        let value = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|json| json.get(field).cloned());
        Some(match value {
            Some(serde_json::Value::Number(n)) => self.timestamp(&label, &n.to_string()),
            Some(serde_json::Value::String(text))
                if self.timestamp_unit == TimestampUnit::Rfc3339 =>
            {
                self.timestamp(&label, &text)
            }
            Some(_) => Err(Rejection::malformed(format!(
                "{label} is not a timestamp in {}",
                self.timestamp_unit.as_str()
            ))),
            None => Err(Rejection::malformed(format!(
                "the body has no top-level {field} field, the timestamp {} signs",
                self.name
            ))),
        })
    }

    fn signed_prefix(&self, context: &Context) -> Vec<u8> {
        self.render(context).0
    }

    fn signed_suffix(&self, context: &Context) -> Vec<u8> {
        self.render(context).1
    }

    fn signature_headers(&self, mac: &Mac, context: &Context) -> Vec<(String, String)> {
        let signature = match self.token() {
            true => String::from_utf8_lossy(mac).into_owned(),
            false => self.encoding.encode(mac),
        };
        let stamp = context.timestamp.as_ref().map_or("", |t| t.text.as_str());
        let value = match parse_layout(self.value) {
            Ok(Layout::Whole) | Err(_) => signature,
            Ok(Layout::Prefixed(prefix)) => format!("{prefix}{signature}"),
            Ok(Layout::List {
                separator,
                signature_key,
                timestamp_key,
            }) => {
                let mut parts = Vec::new();
                for part in self.value.split(separator).map(str::trim) {
                    match part.split_once('=') {
                        Some((key, _)) if Some(key) == timestamp_key => {
                            parts.push(format!("{key}={stamp}"));
                        }
                        Some((key, _)) if key == signature_key => {
                            parts.push(format!("{key}={signature}"));
                        }
                        _ => {}
                    }
                }
                parts.join(&separator.to_string())
            }
        };
        let mut headers = vec![(self.header().to_owned(), value)];
        if let Some(name) = self.timestamp_header.filter(|_| self.timestamped()) {
            headers.push((name.to_owned(), stamp.to_owned()));
        }
        for (name, value) in self.field_values(&self.pieces(), context) {
            headers.push((name.to_owned(), value.into_owned()));
        }
        headers
    }
}

impl Spec {
    /// A MAC written in this scheme's encoding, of this algorithm's length.
    fn decode(&self, text: &str) -> Option<Mac> {
        if self.token() {
            return (!text.is_empty()).then(|| text.as_bytes().to_vec());
        }
        // A MAC's length is public: the algorithm's.
        let bytes = self.encoding.decode(text)?;
        match self.public_key {
            Some(algorithm) => algorithm.signature_fits(&bytes).then_some(bytes),
            None => (bytes.len() == self.algorithm.output_len()).then_some(bytes),
        }
    }

    /// One signature, or why it is malformed.
    fn signature(&self, header: &str, text: &str) -> Result<Mac, Rejection> {
        if self.token() && text.is_empty() {
            return Err(Rejection::malformed(format!(
                "header {header} is empty: it should carry the secret token"
            )));
        }
        self.decode(text).ok_or_else(|| {
            if let Some(algorithm) = self.public_key {
                return Rejection::malformed(format!(
                    "header {header} is not the {} of a {}",
                    self.encoding.describe(),
                    algorithm.describe_signature()
                ));
            }
            Rejection::malformed(format!(
                "header {header} is not the {} of a {}-byte {}",
                self.encoding.describe(),
                self.algorithm.output_len(),
                self.algorithm.display_name()
            ))
        })
    }

    /// The signatures (and the timestamp's text) of a `key=…` list.
    fn list<'v>(
        &self,
        header: &str,
        value: &'v str,
        separator: char,
        signature_key: &str,
        timestamp_key: Option<&str>,
    ) -> Result<(Vec<Mac>, Option<&'v str>), Rejection> {
        let mut signatures = Vec::new();
        let mut any = false;
        let mut stamps = Vec::new();
        for part in value
            .split(separator)
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let Some((key, text)) = part.split_once('=') else {
                return Err(Rejection::malformed(format!(
                    "header {header} has a part {:?} that is not key=value",
                    shorten(part)
                )));
            };
            let (key, text) = (key.trim(), text.trim());
            if key == signature_key {
                any = true;
                signatures.extend(self.decode(text));
            } else if Some(key) == timestamp_key {
                stamps.push(text);
            }
        }
        let stamp = match (timestamp_key, stamps.as_slice()) {
            (None, _) => None,
            (Some(_), [one]) => Some(*one),
            (Some(key), []) => {
                return Err(Rejection::malformed(format!(
                    "header {header} has no {key}= timestamp"
                )));
            }
            (Some(key), _) => {
                return Err(Rejection::malformed(format!(
                    "header {header} has more than one {key}= timestamp"
                )));
            }
        };
        if signatures.is_empty() {
            return Err(Rejection::malformed(if any {
                format!(
                    "no {signature_key} signature in header {header} is the {} of a {}-byte {}",
                    self.encoding.describe(),
                    self.algorithm.output_len(),
                    self.algorithm.display_name()
                )
            } else {
                format!("header {header} has no {signature_key}= signature")
            }));
        }
        Ok((signatures, stamp))
    }

    /// A timestamp's text as this scheme writes it.
    fn timestamp(&self, header: &str, text: &str) -> Result<Timestamp, Rejection> {
        let seconds = match self.timestamp_unit {
            TimestampUnit::Seconds => parse::unix_seconds(header, text)?,
            TimestampUnit::Milliseconds => parse::unix_seconds(header, text)? / 1000,
            TimestampUnit::Rfc3339 => crate::time::parse_rfc3339(text).map_err(|_| {
                Rejection::malformed(format!(
                    "the timestamp {:?} in {header} is not an RFC 3339 time",
                    shorten(text)
                ))
            })?,
        };
        Ok(Timestamp {
            seconds,
            text: text.to_owned(),
        })
    }

    /// The values of the headers the template names, from the context
    /// (`fields`, else the message id: what `sign --id` gives).
    fn field_values<'c>(
        &self,
        pieces: &[Piece<'_>],
        context: &'c Context,
    ) -> Vec<(&'static str, Cow<'c, str>)> {
        pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Header(name) => Some(*name),
                _ => None,
            })
            .filter_map(|name| {
                let header = self.headers.iter().find(|h| h.eq_ignore_ascii_case(name))?;
                let value = context
                    .fields
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| Cow::Borrowed(v.as_str()))
                    .or_else(|| context.id.as_deref().map(Cow::Borrowed))
                    .unwrap_or_default();
                Some((*header, value))
            })
            .collect()
    }

    /// The signed bytes before and after the body.
    fn render(&self, context: &Context) -> (Vec<u8>, Vec<u8>) {
        let pieces = self.pieces();
        let fields = self.field_values(&pieces, context);
        let (mut before, mut after) = (Vec::new(), Vec::new());
        let mut out = &mut before;
        for piece in &pieces {
            match piece {
                Piece::Body => out = &mut after,
                Piece::Literal(text) => out.extend_from_slice(text.as_bytes()),
                Piece::Timestamp => {
                    if let Some(t) = &context.timestamp {
                        out.extend_from_slice(t.text.as_bytes());
                    }
                }
                Piece::Header(name) => {
                    if let Some((_, value)) =
                        fields.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))
                    {
                        out.extend_from_slice(value.as_bytes());
                    }
                }
                Piece::Method => {
                    out.extend_from_slice(context.method.as_deref().unwrap_or("POST").as_bytes());
                }
                Piece::Url => {
                    out.extend_from_slice(context.url.as_deref().unwrap_or_default().as_bytes());
                }
                Piece::Path => {
                    if let Some(url) = &context.url {
                        out.extend_from_slice(url_target(url).as_bytes());
                    }
                }
            }
        }
        (before, after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_are_whole_prefixed_or_lists() {
        assert_eq!(parse_layout("{signature}"), Ok(Layout::Whole));
        assert_eq!(
            parse_layout("v0={signature}").ok(),
            Some(Layout::List {
                separator: ',',
                signature_key: "v0",
                timestamp_key: None
            })
        );
        assert_eq!(
            parse_layout("sha256 {signature}"),
            Ok(Layout::Prefixed("sha256 "))
        );
        assert_eq!(
            parse_layout("ts={timestamp};h1={signature}"),
            Ok(Layout::List {
                separator: ';',
                signature_key: "h1",
                timestamp_key: Some("ts")
            })
        );
        for bad in [
            "",
            "{sig}",
            "t={timestamp}",
            "a={signature},b={signature}",
            "x={body},y={signature}",
            "{signature}x",
        ] {
            assert!(parse_layout(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn templates_hold_the_body_once_and_escape_braces() {
        let pieces = parse_template("v0:{timestamp}:{body}").unwrap();
        assert_eq!(
            pieces,
            vec![
                Piece::Literal("v0:".into()),
                Piece::Timestamp,
                Piece::Literal(":".into()),
                Piece::Body
            ]
        );
        assert_eq!(
            parse_template("{{{body}}}").unwrap(),
            vec![
                Piece::Literal("{".into()),
                Piece::Body,
                Piece::Literal("}".into())
            ]
        );
        for bad in [
            "{timestamp}",
            "{body}{body}",
            "{body",
            "}{body}",
            "{nope}{body}",
            "{header:}{body}",
            "{URL}{body}",
        ] {
            assert!(parse_template(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_request_head_fills_method_url_and_path() {
        assert_eq!(
            parse_template("{method} {path}\n{url}{body}").unwrap(),
            vec![
                Piece::Method,
                Piece::Literal(" ".into()),
                Piece::Path,
                Piece::Literal("\n".into()),
                Piece::Url,
                Piece::Body
            ]
        );
        let spec = Spec {
            name: "t",
            headers: &["X-Sig"],
            message: "{method} {path} {url}|{body}",
            ..Spec::DEFAULT
        };
        assert!(spec.signs_url());
        let mut headers = Headers::new();
        headers.push("X-Sig", &"00".repeat(32)).unwrap();
        headers.set_url("https://example.com:8443/a/b?x=1&y=2#frag");
        let claim = spec.parse(&headers).unwrap();
        assert_eq!(
            spec.signed_prefix(&claim.context),
            b"POST /a/b?x=1&y=2 https://example.com:8443/a/b?x=1&y=2#frag|"
        );
        headers.set_method("PUT");
        let claim = spec.parse(&headers).unwrap();
        assert!(spec.signed_prefix(&claim.context).starts_with(b"PUT /a/b"));
        assert_eq!(url_target("https://example.com"), "/");
        assert_eq!(url_target("https://example.com?x=1"), "/?x=1");
        let body_only = Spec {
            message: "{body}",
            ..spec
        };
        assert!(!body_only.signs_url());
    }
}
