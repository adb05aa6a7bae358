//! The result of judging a webhook: a [`Verdict`] with a [`Reason`] and
//! [`Hint`]s that explain a mismatch.

use std::fmt;

/// Why a webhook is, or is not, authentic. The string forms (`as_str`) are a
/// stable interface: they appear in JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// A signature matches and the timestamp, if any, is within tolerance.
    Ok,
    /// The signature header is well formed, but no signature matches.
    SignatureMismatch,
    /// A signature matches, but its timestamp is outside the tolerance window.
    TimestampOutsideTolerance,
    /// The signature header is present but cannot be parsed.
    MalformedSignature,
    /// A header the provider requires is absent.
    MissingSignature,
}

impl Reason {
    /// The stable snake_case code.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Ok => "ok",
            Reason::SignatureMismatch => "signature_mismatch",
            Reason::TimestampOutsideTolerance => "timestamp_outside_tolerance",
            Reason::MalformedSignature => "malformed_signature",
            Reason::MissingSignature => "missing_signature",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of a diagnostic hint. The string forms are a stable interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HintCode {
    /// The signature matches once a trailing newline is removed or added.
    TrailingNewline,
    /// The signature matches once CRLF/LF line endings are converted.
    LineEndings,
    /// The signature matches the JSON body re-serialized as a sender's
    /// serializer writes it (compact, spaced, pretty-printed, escaped).
    JsonReformatted,
    /// The signature matches once whitespace around the secret is removed;
    /// the message names the secret and each stray character ("the space
    /// after the comma in HOOKSIG_SECRET").
    SecretWhitespace,
    /// The signature matches once a `NAME=` or `export NAME=` part (and the
    /// value's quotes) is removed from the secret: a `.env` line was copied.
    SecretAssignment,
    /// The signature matches once the quotes around the secret are removed.
    SecretQuoted,
    /// The secret starts with a UTF-8 byte-order mark, as Windows Notepad
    /// saves files (proven when the signature matches without it).
    SecretByteOrderMark,
    /// The signature verifies under another provider's scheme.
    WrongProvider,
    /// The signature is hex where base64 is expected, or the reverse.
    SignatureEncoding,
    /// The timestamp is outside tolerance: how far, and how to check anyway.
    StaleTimestamp,
    /// The secret's form suggests another provider or an API key.
    SecretFormat,
    /// No variant explains the mismatch.
    UnexplainedMismatch,
    /// The body was too large for some checks.
    DiagnosticsSkipped,
    /// The body starts with a UTF-8 byte-order mark.
    ByteOrderMark,
    /// The body is form-encoded where the provider signs JSON.
    FormEncoded,
    /// The body is not valid UTF-8 where the provider sends JSON.
    InvalidUtf8,
    /// The signed timestamp, or the moment judged against (`--now`), is in
    /// milliseconds where the scheme signs seconds and the other is in
    /// seconds: divided by 1000 it lands where the other is (inside the
    /// tolerance window, when nothing else is wrong).
    TimestampMilliseconds,
    /// The body is empty, but the scheme signs one.
    EmptyBody,
    /// The scheme signs the request's URL, and the signature matches another
    /// URL than the one judged: `http://` for `https://` (or the reverse),
    /// the host of `X-Forwarded-Host`/`Forwarded` (a proxy rewrote `Host`),
    /// or the default port removed or added. The hint names the URL to pass
    /// with `--url`.
    UrlMismatch,
}

impl HintCode {
    /// The stable snake_case code.
    pub fn as_str(self) -> &'static str {
        match self {
            HintCode::TrailingNewline => "trailing_newline",
            HintCode::LineEndings => "line_endings",
            HintCode::JsonReformatted => "json_reformatted",
            HintCode::SecretWhitespace => "secret_whitespace",
            HintCode::SecretAssignment => "secret_assignment",
            HintCode::SecretQuoted => "secret_quoted",
            HintCode::SecretByteOrderMark => "secret_byte_order_mark",
            HintCode::WrongProvider => "wrong_provider",
            HintCode::SignatureEncoding => "signature_encoding",
            HintCode::StaleTimestamp => "stale_timestamp",
            HintCode::SecretFormat => "secret_format",
            HintCode::UnexplainedMismatch => "unexplained_mismatch",
            HintCode::DiagnosticsSkipped => "diagnostics_skipped",
            HintCode::ByteOrderMark => "byte_order_mark",
            HintCode::FormEncoded => "form_encoded",
            HintCode::InvalidUtf8 => "invalid_utf8",
            HintCode::TimestampMilliseconds => "timestamp_milliseconds",
            HintCode::EmptyBody => "empty_body",
            HintCode::UrlMismatch => "url_mismatch",
        }
    }
}

/// One likely explanation of a not-authentic verdict. A hint never changes
/// the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// What kind of explanation this is.
    pub code: HintCode,
    /// One plain sentence: what happened and what to do.
    pub message: String,
}

impl Hint {
    /// A hint of `code` saying `message`.
    pub fn new(code: HintCode, message: impl Into<String>) -> Self {
        Hint {
            code,
            message: message.into(),
        }
    }
}

/// How many characters of a signature that did not match verbose output
/// shows (see [`SecretCheck::computed`]).
pub const COMPUTED_PREFIX: usize = 8;

/// How a secret was used in a check, for verbose output (never its value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretCheck {
    /// The secret's fingerprint (`32 bytes, sha256:1f3a9c0e`).
    pub fingerprint: String,
    /// The signature this secret produces, encoded as the provider sends
    /// it, in full only when it matched. Otherwise only its first
    /// [`COMPUTED_PREFIX`] characters and `…`: enough to compare with a
    /// provider's log by eye, while the whole would be a valid signature for
    /// a body that did not verify (a signing oracle for whoever reads the
    /// output).
    pub computed: String,
    /// Whether it matches one of the received signatures.
    pub matched: bool,
    /// Why this secret cannot be a key for the scheme checked (it was
    /// skipped, and `computed` is empty); `None` when it was used.
    pub unusable: Option<String>,
}

/// What exactly was hashed, for verbose output.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Details {
    /// The signed message's layout with the body elided,
    /// e.g. `1626102791.<body: 785 bytes>`.
    pub signed_message: Option<String>,
    /// The body's length in bytes.
    pub body_len: u64,
    /// The body's SHA-256, hex.
    pub body_sha256: Option<String>,
    /// One entry per secret, in the order given.
    pub secrets: Vec<SecretCheck>,
    /// How many copies of the signature header were judged (each one; any
    /// one matching is enough).
    pub signature_copies: usize,
    /// Bytes of a request capture after its framed body (after the
    /// `Content-Length` bytes, or after a chunked body's last chunk and
    /// trailer fields): not part of the body, not signed, not judged. Set
    /// by the caller that framed the body; 0 otherwise.
    pub ignored_trailing_bytes: u64,
}

/// The judgement of one webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The provider whose scheme was checked.
    pub provider: &'static str,
    /// Why it is, or is not, authentic.
    pub reason: Reason,
    /// One plain sentence saying why, naming the header or part at fault.
    pub message: String,
    /// The signed timestamp (Unix seconds), for providers that sign one.
    pub timestamp: Option<i64>,
    /// How long ago the timestamp was, as of the policy's `now`
    /// (negative: in the future).
    pub age_seconds: Option<i64>,
    /// Likely explanations of a mismatch; empty when authentic.
    pub hints: Vec<Hint>,
    /// What was hashed, for verbose output.
    pub details: Details,
}

impl Verdict {
    /// Whether the webhook is authentic: signed with the secret, unchanged,
    /// and (when timestamped) within the tolerance window.
    pub fn is_authentic(&self) -> bool {
        self.reason == Reason::Ok
    }
}
