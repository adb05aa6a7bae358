//! Typed errors for the "could not judge" cases (exit code 2).
//!
//! A webhook that is not authentic is not an error: it is a
//! [`Verdict`](crate::Verdict) with a [`Reason`](crate::Reason). These errors
//! say why no verdict could be reached, and what to do about it.

use std::path::PathBuf;

/// Everything that stops hooksig from judging a webhook.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The secret is missing, empty or unusable.
    #[error(transparent)]
    Secret(#[from] SecretError),
    /// A payload, secret file or request capture could not be read or parsed.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The provider is unknown or cannot be told from the headers.
    #[error(transparent)]
    Provider(#[from] ProviderError),
}

impl Error {
    /// A stable machine-readable code for the JSON `error.code` field.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Secret(e) => e.code(),
            Error::Input(e) => e.code(),
            Error::Provider(e) => e.code(),
        }
    }
}

/// Problems with the signing secret.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// No secret from any source.
    #[error(
        "no secret given: pass --secret-file FILE, set HOOKSIG_SECRET, or pass --secret SECRET"
    )]
    Missing,
    /// The secret is empty (an empty file, an empty variable).
    #[error("the secret is empty: check the secret file or the HOOKSIG_SECRET variable")]
    Empty,
    /// The secret is only whitespace (a space, a line ending, an unset
    /// variable in a list such as `"$OLD, $NEW"`): a key anyone could sign
    /// with, refused like an empty one.
    #[error(
        "the secret is only whitespace (spaces, tabs or line endings), a key anyone could sign with: check the secret file or variable (an unset variable in a list such as \"$OLD,$NEW\"?)"
    )]
    Blank,
    /// The secret cannot be used with this provider (for example a
    /// Standard Webhooks `whsec_` secret whose key part is not base64).
    #[error("the secret is not a valid {provider} secret: {why}")]
    Invalid {
        /// The provider whose secret format was expected.
        provider: &'static str,
        /// What is wrong, without showing the secret.
        why: &'static str,
    },
    /// A public key was given to a scheme that signs with a shared secret
    /// (HMAC).
    #[error(
        "{provider} signs with a shared secret (HMAC), and --public-key gives a public key: pass the webhook secret with --secret-file FILE, HOOKSIG_SECRET or --secret"
    )]
    SecretNeeded {
        /// The provider.
        provider: &'static str,
    },
    /// A shared secret was given to a scheme checked with a public key.
    #[error(
        "{provider} signatures are checked with a public key ({algorithm}), not a shared secret: pass the verification key with --public-key KEY or --public-key @FILE"
    )]
    PublicKeyNeeded {
        /// The provider.
        provider: &'static str,
        /// The algorithm's name.
        algorithm: &'static str,
    },
    /// None of several secrets can be a key for this provider (each one
    /// that cannot is skipped while another one can).
    #[error("none of the {count} secrets is a valid {provider} secret: {whys}")]
    NoneUsable {
        /// The provider whose secret format was expected.
        provider: &'static str,
        /// How many secrets were given.
        count: usize,
        /// What is wrong with each, by position (`secret #1: …; secret #2: …`).
        whys: String,
    },
}

impl SecretError {
    /// See [`Error::code`].
    pub fn code(&self) -> &'static str {
        match self {
            // 0.1 said missing_secret and empty_secret; both are "no
            // usable secret was given" (CHANGELOG).
            SecretError::Missing | SecretError::Empty | SecretError::Blank => "no_secret",
            SecretError::Invalid { .. }
            | SecretError::NoneUsable { .. }
            | SecretError::SecretNeeded { .. }
            | SecretError::PublicKeyNeeded { .. } => "invalid_secret",
        }
    }
}

/// Problems reading or parsing what the user gave.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// A file could not be read.
    #[error("cannot read {what} {}: {cause}", path.display())]
    ReadFile {
        /// What the file was for ("payload file", "secret file", …).
        what: &'static str,
        /// The path as given.
        path: PathBuf,
        /// The operating system's reason.
        cause: std::io::Error,
    },
    /// Standard input could not be read.
    #[error("cannot read {what} from standard input: {cause}")]
    ReadStdin {
        /// What was being read.
        what: &'static str,
        /// The operating system's reason.
        cause: std::io::Error,
    },
    /// `--secret-file` was given something that is no file and looks like a
    /// secret's value; it is not repeated (logs keep errors).
    #[error(
        "--secret-file takes a path, and no file is named '{start}…' ({chars} characters; the rest is not shown), which looks like a secret's value: put a secret's value in HOOKSIG_SECRET or pass it with --secret, not as a path"
    )]
    SecretAsPath {
        /// At most the first four characters (a public prefix such as `sk_`).
        start: String,
        /// The argument's length in characters.
        chars: usize,
    },
    /// The body could not be read.
    #[error("cannot read the payload: {cause}")]
    ReadBody {
        /// The operating system's reason.
        cause: std::io::Error,
    },
    /// A `-H` value is not of the form `Name: value`.
    #[error("{flag} {value:?} is not a header: write it as 'Name: value'")]
    BadHeader {
        /// The flag that carried it (`-H` or `--signature`).
        flag: &'static str,
        /// The offending value, shortened.
        value: String,
    },
    /// A `-H` or `--signature` header name holds a character that only
    /// looks like one a name can hold (U+2010 HYPHEN for `-`, a Cyrillic
    /// `е`, a no-break space).
    #[error("{flag}: {problem}")]
    BadHeaderName {
        /// The flag that carried it (`-H` or `--signature`).
        flag: &'static str,
        /// Which character, where, and the name typed in ASCII.
        problem: String,
    },
    /// A header value is longer than hooksig accepts.
    #[error("header {name} is {len} bytes long, over the {limit}-byte limit for a header value")]
    HeaderTooLong {
        /// The header's name.
        name: String,
        /// Its length.
        len: usize,
        /// The limit.
        limit: usize,
    },
    /// A public-key scheme's signed message is longer than hooksig keeps in
    /// memory to check it (Ed25519 and ECDSA need the whole message).
    #[error(
        "the signed message is {len} bytes or more, over the {limit}-byte limit for {provider}'s public-key check (the whole message is checked at once): the webhook cannot be judged; a real {provider} webhook is far smaller"
    )]
    MessageTooLong {
        /// The provider.
        provider: &'static str,
        /// How many bytes were read before giving up.
        len: u64,
        /// The limit.
        limit: usize,
    },
    /// A raw HTTP request capture is malformed: its head, or its body's
    /// framing (`Content-Length`, chunks).
    #[error("the request capture is malformed: {0}")]
    MalformedCapture(String),
    /// The scheme signs the request's URL and none is known: judging
    /// without it would be a mismatch that says nothing.
    #[error(
        "{provider} signs the request's URL, and none was given: pass --url URL (the full URL the webhook was sent to, as the sender addressed it), or a --request capture with a Host header"
    )]
    NoUrl {
        /// The provider whose scheme signs the URL.
        provider: &'static str,
    },
    /// `sign` was given a body its scheme cannot sign as asked (Twilio:
    /// a `bodySHA256` in the URL that is not the body's).
    #[error("cannot sign this for {provider}: {why}")]
    Unsignable {
        /// The provider.
        provider: &'static str,
        /// Why, in a sentence.
        why: String,
    },
}

impl InputError {
    /// See [`Error::code`].
    pub fn code(&self) -> &'static str {
        match self {
            InputError::ReadFile { .. }
            | InputError::SecretAsPath { .. }
            | InputError::ReadStdin { .. }
            | InputError::ReadBody { .. } => "unreadable_input",
            // A -H or -S argument that is not a header (0.1: bad_header); a
            // capture's own headers fail as malformed_capture instead.
            InputError::BadHeader { .. }
            | InputError::BadHeaderName { .. }
            | InputError::HeaderTooLong { .. } => "usage",
            InputError::MalformedCapture(_) => "malformed_capture",
            InputError::NoUrl { .. } | InputError::Unsignable { .. } => "usage",
            InputError::MessageTooLong { .. } => "body_too_large",
        }
    }
}

/// Problems choosing the provider.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    /// `--provider` names no known provider.
    #[error("unknown provider {name:?}: use one of {known}")]
    Unknown {
        /// The name given.
        name: String,
        /// The known names, comma-separated.
        known: String,
    },
    /// No `--provider` and no known signature header.
    #[error(
        "cannot tell which provider signed this: no known signature header was given; pass --provider NAME ({known}) or the header with -H 'Name: value'"
    )]
    NotInferable {
        /// The known names, comma-separated.
        known: String,
    },
    /// Headers of several providers are present.
    #[error("headers of several providers are present ({found}): pass --provider NAME")]
    Ambiguous {
        /// The candidates, comma-separated.
        found: String,
    },
    /// `--signature NAME: value` names a header no provider uses.
    #[error(
        "--signature names header {name:?}, which no provider uses: paste only the value, or use -H for other headers"
    )]
    UnknownSignatureHeader {
        /// The header name as pasted.
        name: String,
    },
}

impl ProviderError {
    /// See [`Error::code`].
    pub fn code(&self) -> &'static str {
        match self {
            ProviderError::Unknown { .. } => "unknown_provider",
            ProviderError::NotInferable { .. } => "provider_not_inferable",
            ProviderError::Ambiguous { .. } => "ambiguous_provider",
            // --signature 'Name: value' with a name no provider reads (0.1:
            // unknown_signature_header): an argument problem.
            ProviderError::UnknownSignatureHeader { .. } => "usage",
        }
    }
}

/// A mistake in a scheme file (`--scheme FILE`): the line it is on and a
/// sentence naming it and the fix. The binary adds the file's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SchemeError {
    /// The 1-based line of the mistake.
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl SchemeError {
    /// See [`Error::code`].
    pub fn code(&self) -> &'static str {
        "invalid_scheme"
    }
}
