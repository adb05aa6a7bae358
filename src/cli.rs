//! The command line, as clap derive definitions. No logic lives here.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use hooksig_core::Tolerance;

const VERIFY_EXAMPLES: &str = "\
Examples:
  Check a whole captured request (headers name the provider):
    hooksig verify --request capture.http --secret-file fintoc.secret

  Check a Fintoc webhook as of the moment it was received:
    hooksig verify --secret-file fintoc.secret --payload body.json \\
      -H 'Fintoc-Signature: t=1743890251,v1=11b98dd8…' --now 1743890260

  Flinks, body piped on stdin, secret from the environment, exit code only:
    export HOOKSIG_SECRET=…
    cat body.json | hooksig verify -q -p flinks -S 'tjNBpH0s…='";

const SIGN_EXAMPLES: &str = "\
Examples:
  Headers for curl:
    hooksig sign -p fintoc --secret-file s.txt --payload body.json
    curl -H \"$(hooksig sign -p flinks --secret-file s.txt --payload body.json)\" \\
      --data-binary @body.json https://localhost:8080/hooks

  Only the signature value, at a fixed time (for fixtures):
    hooksig sign -p fintoc --secret-file s.txt --payload body.json --timestamp 1700000000 --value";

const SIGN_SECRET_HELP: &str = "The signing secret. Visible to other local users and kept in shell history: prefer --secret-file or the HOOKSIG_SECRET variable (read when neither flag is given, and then holding exactly one secret)";

const SIGN_SECRET_FILE_HELP: &str = "Read the signing secret from FILE, whole (one trailing newline is dropped). Give it once: sign uses exactly one secret";

const FINGERPRINT_SECRET_FILE_HELP: &str = "Read a secret from FILE, whole (one trailing newline is dropped). Repeat to fingerprint several secrets, one line each";

/// Tell whether a captured webhook is authentic by recomputing its HMAC
/// signature.
///
/// Exit codes: 0 authentic, 1 not authentic, 2 could not judge.
#[derive(Debug, Parser)]
#[command(name = "hooksig", version = env!("HOOKSIG_VERSION"), propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,

    /// Colour in human output: 'auto' (the default: on a terminal, unless
    /// NO_COLOR is set or TERM is dumb), 'always', or 'never'. Give it
    /// before the command: hooksig --color never verify …
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,
}

/// When human output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set (and not empty) or TERM is dumb.
    Auto,
    /// Always, even into a pipe or a file.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
// Each subcommand's arguments are built only when it runs (clap's defer):
// building all of them cost ~40 k instructions at every start (BENCHMARKS.md).
#[command(defer = true)]
pub enum Command {
    /// Judge a captured webhook: authentic (exit 0), not authentic (exit 1),
    /// or could not judge (exit 2).
    #[command(after_help = VERIFY_EXAMPLES)]
    Verify(VerifyArgs),
    /// Print the signature header(s) a provider would send for a payload.
    #[command(after_help = SIGN_EXAMPLES)]
    Sign(SignArgs),
    /// List the supported providers, their headers and signing schemes.
    Providers(ProvidersArgs),
    /// Print a secret's fingerprint (length and SHA-256 prefix), to compare
    /// secrets without showing them.
    Fingerprint(FingerprintArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on standard output.
    Man,
}

// With `defer`, a subcommand's help text comes from its arguments struct:
// each struct's doc comment is the subcommand's description.
/// Judge a captured webhook: authentic (exit 0), not authentic (exit 1),
/// or could not judge (exit 2).
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The provider whose scheme to check: flinks, fintoc, stripe, github,
    /// shopify, slack, standard (alias svix); see `hooksig providers`. May
    /// be omitted when a known signature header is given with -H, in a
    /// --request capture, or pasted with its name in --signature.
    #[arg(short, long, value_name = "NAME")]
    pub provider: Option<String>,

    /// Where the secret comes from.
    #[command(flatten)]
    pub secret: SecretArgs,

    /// The sender's public key, for schemes checked with one (discord:
    /// 64 hex digits; sendgrid: base64 DER), instead of a secret: the key
    /// itself, or @FILE to read it from a file. Repeat to try several keys.
    /// Shown only as a fingerprint.
    #[arg(long, value_name = "KEY|@FILE", allow_hyphen_values = true)]
    pub public_key: Vec<OsString>,

    /// The signature header's value, as received: bare
    /// ('t=1626102791,v1=…') or pasted with its name
    /// ('Fintoc-Signature: t=…'). Other headers go in -H. A line ending or
    /// one pair of surrounding quotes pasted with it is removed.
    #[arg(short = 'S', long, value_name = "VALUE")]
    pub signature: Option<String>,

    /// A captured header, 'Name: value'. Repeat for several headers (every
    /// copy of the signature header is judged); names are case-insensitive.
    /// Replaces a --request capture's header of the same name.
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,

    /// The file holding the raw body, byte for byte. '-' or absent: read
    /// standard input.
    #[arg(long, value_name = "FILE", conflicts_with = "request")]
    pub payload: Option<PathBuf>,

    /// A raw HTTP request capture ('-' for stdin): optional request line,
    /// headers, an empty line, the body (Content-Length and chunked bodies
    /// are understood). HTTP/2 captures' :method, :path, :authority and
    /// :scheme lines stand for the request line and Host. Timestamps are
    /// judged as of its Date header unless --now is given.
    #[arg(long, value_name = "FILE")]
    pub request: Option<PathBuf>,

    /// The full URL the webhook was sent to, for schemes that sign it
    /// (square, hubspot, twilio, mercadopago): as the sender addressed it,
    /// scheme, host, port, path and query. Default with --request: https://
    /// + its Host + its request-line target.
    #[arg(long, value_name = "URL", value_parser = parse_url)]
    pub url: Option<String>,

    /// The request's method, for schemes that sign it (hubspot). Default:
    /// a --request capture's, else POST.
    #[arg(long, value_name = "METHOD", value_parser = parse_method)]
    pub method: Option<String>,

    /// How far the signed timestamp may be from now, in seconds, either
    /// direction; 'off' accepts any timestamp. Default: the provider's
    /// (300).
    #[arg(long, value_name = "SECONDS|off", value_parser = parse_tolerance, allow_hyphen_values = true)]
    pub tolerance: Option<Tolerance>,

    /// Judge timestamps as of this moment instead of the clock: the time a
    /// captured webhook was received. Unix seconds (1743890260, fractions
    /// dropped), RFC 3339 (2025-04-05T21:57:40Z, +02:00 offsets) or an
    /// HTTP date ('Sat, 05 Apr 2025 21:57:40 GMT').
    #[arg(long, value_name = "TIME", value_parser = parse_now, allow_negative_numbers = true)]
    pub now: Option<i64>,

    /// How the verdict is shown.
    #[command(flatten)]
    pub output: OutputArgs,

    /// The user's own schemes.
    #[command(flatten)]
    pub schemes: SchemeArgs,
}

// `sign` signs with exactly one secret, so the secret flags' help says so
// instead of the shared text about several.
/// Print the signature header(s) a provider would send for a payload.
#[derive(Debug, Args)]
#[command(
    mut_arg("secret", |arg| arg.help(SIGN_SECRET_HELP)),
    mut_arg("secret_file", |arg| arg.help(SIGN_SECRET_FILE_HELP))
)]
pub struct SignArgs {
    /// The provider whose signature to produce (see `hooksig providers`).
    #[arg(short, long, value_name = "NAME", required = true)]
    pub provider: String,

    /// Where the secret comes from.
    #[command(flatten)]
    pub secret: SecretArgs,

    /// The file holding the raw body. '-' or absent: read standard input.
    #[arg(long, value_name = "FILE")]
    pub payload: Option<PathBuf>,

    /// The signing time, Unix seconds (default: now). Ignored by providers
    /// that sign no timestamp.
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    pub timestamp: Option<i64>,

    /// The message id, for providers that sign one (Standard Webhooks);
    /// default: a fresh `msg_…` id.
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// The full URL the webhook is sent to, for schemes that sign it
    /// (square, hubspot, twilio, mercadopago).
    #[arg(long, value_name = "URL", value_parser = parse_url)]
    pub url: Option<String>,

    /// The request's method, for schemes that sign it (hubspot). Default:
    /// POST.
    #[arg(long, value_name = "METHOD", value_parser = parse_method)]
    pub method: Option<String>,

    /// Print only the signature header's value. For schemes that also sign
    /// an id or timestamp carried in another header (standard, slack), pin
    /// them with --id / --timestamp.
    #[arg(long, conflicts_with = "format")]
    pub value: bool,

    /// Output format: 'Name: value' lines, or one JSON object.
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT")]
    pub format: Format,

    /// The user's own schemes.
    #[command(flatten)]
    pub schemes: SchemeArgs,
}

/// List the supported providers, their headers and signing schemes.
#[derive(Debug, Args)]
pub struct ProvidersArgs {
    /// Only this provider (a name or alias).
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// Output format: a table, one JSON object, or scheme files' TOML (a
    /// starting point for your own; rules that need code are said in
    /// comments).
    #[arg(long, value_enum, default_value_t = ProvidersFormat::Human, value_name = "FORMAT")]
    pub format: ProvidersFormat,

    /// The user's own schemes (listed after the built-ins, and checked).
    #[command(flatten)]
    pub schemes: SchemeArgs,
}

/// `hooksig providers --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProvidersFormat {
    /// A table for people.
    Human,
    /// One JSON object on one line.
    Json,
    /// The scheme-file language (TOML).
    Toml,
}

/// Scheme files: the user's own providers.
#[derive(Debug, Args)]
pub struct SchemeArgs {
    /// A scheme file (TOML) describing your own provider(s), used like a
    /// built-in (by --provider, by header, in diagnostics). Repeatable;
    /// HOOKSIG_SCHEMES holds more, separated by ':'. See `hooksig providers
    /// --format toml` for examples.
    #[arg(long = "scheme", value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// Print a secret's fingerprint (length and SHA-256 prefix), to compare
/// secrets without showing them.
#[derive(Debug, Args)]
#[command(mut_arg("secret_file", |arg| arg.help(FINGERPRINT_SECRET_FILE_HELP)))]
pub struct FingerprintArgs {
    /// Fingerprint the HMAC key this provider derives from the secret
    /// (Standard Webhooks base64-decodes `whsec_…`); default: the secret's
    /// bytes as given.
    #[arg(short, long, value_name = "NAME")]
    pub provider: Option<String>,

    /// Where the secret comes from.
    #[command(flatten)]
    pub secret: SecretArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT")]
    pub format: Format,

    /// The user's own schemes.
    #[command(flatten)]
    pub schemes: SchemeArgs,
}

/// Where the secret comes from: the flags, or else HOOKSIG_SECRET.
#[derive(Debug, Args)]
pub struct SecretArgs {
    /// The signing secret. Visible to other local users and kept in shell
    /// history: prefer --secret-file or the HOOKSIG_SECRET variable (read
    /// when neither flag is given; several secrets there are separated by
    /// newlines or commas).
    #[arg(short, long, value_name = "SECRET")]
    pub secret: Option<OsString>,

    /// Read the signing secret from FILE, whole (one trailing newline is
    /// dropped); '-' reads it from standard input (the payload must then
    /// come from a file). Repeat to try several secrets: the webhook is
    /// authentic if any one verifies. A path, never the secret itself.
    #[arg(long, value_name = "FILE")]
    pub secret_file: Vec<PathBuf>,
}

/// How a verdict is shown.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format: text for people (in colour only on a terminal, never
    /// when NO_COLOR is set or TERM=dumb), or one JSON object.
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT")]
    pub format: Format,

    /// Print nothing on standard output; only the exit code tells.
    /// Errors still go to standard error.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also show the signed message's layout, the body's size and SHA-256,
    /// and the signature computed with each secret: whole when it matched,
    /// else its first 8 characters (never the secret).
    #[arg(short, long)]
    pub verbose: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Text for people.
    Human,
    /// One JSON object on one line.
    Json,
}

fn parse_now(text: &str) -> Result<i64, hooksig_core::time::TimeError> {
    hooksig_core::time::parse_time(text)
}

fn parse_tolerance(text: &str) -> Result<Tolerance, String> {
    if text.eq_ignore_ascii_case("off") {
        return Ok(Tolerance::Off);
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(seconds) = text.parse() {
            return Ok(Tolerance::Seconds(seconds));
        }
    }
    Err("expected a whole number of seconds (0 or more) or 'off'".to_owned())
}

/// A full `http://` or `https://` URL with a host, taken as written (it is
/// signed byte for byte).
fn parse_url(text: &str) -> Result<String, String> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    match rest {
        Some(rest)
            if !rest.is_empty()
                && !rest.starts_with(['/', '?', '#'])
                && !text.bytes().any(|b| b.is_ascii_whitespace() || b.is_ascii_control()) =>
        {
            Ok(text.to_owned())
        }
        _ => Err(
            "expected the full URL the webhook was sent to, such as https://example.com/hooks?x=1 (scheme and host included, no spaces)"
                .to_owned(),
        ),
    }
}

/// An HTTP method token (`POST`), taken as written.
fn parse_method(text: &str) -> Result<String, String> {
    if hooksig_core::headers::is_token(text) {
        Ok(text.to_owned())
    } else {
        Err("expected an HTTP method such as POST".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn tolerance_is_seconds_or_off() {
        assert_eq!(parse_tolerance("300"), Ok(Tolerance::Seconds(300)));
        assert_eq!(parse_tolerance("OFF"), Ok(Tolerance::Off));
        for bad in ["-1", "", "1.5", "5m", "99999999999999999999999"] {
            assert!(parse_tolerance(bad).is_err(), "{bad}");
        }
    }
}
