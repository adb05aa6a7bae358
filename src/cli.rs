//! The command line, as clap derive definitions. No logic lives here.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use hooksig::Tolerance;

const VERIFY_EXAMPLES: &str = "\
Examples:
  Check a captured Fintoc webhook (secret from a file, body from a file):
    hooksig verify --secret-file fintoc.secret --payload body.json \\
      -H 'Fintoc-Signature: t=1626102791,v1=…' --now 1626102800

  Check a Flinks webhook, body piped on stdin, secret from the environment:
    export HOOKSIG_SECRET=…
    cat body.json | hooksig verify -p flinks -S 'k8Ra…='

  In a script, read only the exit code (0 authentic, 1 not, 2 could not judge):
    hooksig verify -q --secret-file s.txt --payload body.json -S \"$SIG\" -p flinks";

/// Tell whether a captured webhook is authentic by recomputing its HMAC
/// signature.
///
/// Exit codes: 0 authentic, 1 not authentic, 2 could not judge.
#[derive(Debug, Parser)]
#[command(name = "hooksig", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Judge a captured webhook: authentic (exit 0), not authentic (exit 1),
    /// or could not judge (exit 2).
    #[command(after_help = VERIFY_EXAMPLES)]
    Verify(VerifyArgs),
}

/// `hooksig verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The provider whose scheme to check: flinks, fintoc, stripe, github,
    /// shopify, slack, standard (alias svix). May be omitted when a known
    /// signature header is given with -H or pasted with its name in
    /// --signature.
    #[arg(short, long, value_name = "NAME")]
    pub provider: Option<String>,

    #[command(flatten)]
    pub secret: SecretArgs,

    /// The signature header's value, as received: bare
    /// ('t=1626102791,v1=…') or pasted with its name
    /// ('Fintoc-Signature: t=…').
    #[arg(short = 'S', long, value_name = "VALUE")]
    pub signature: Option<String>,

    /// A captured header, 'Name: value'. Repeat for several headers; names
    /// are case-insensitive.
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,

    /// The file holding the raw body, byte for byte. '-' or absent: read
    /// standard input.
    #[arg(long, value_name = "FILE")]
    pub payload: Option<PathBuf>,

    /// How far the signed timestamp may be from now, in seconds, either
    /// direction; 'off' accepts any timestamp. Default: the provider's
    /// (300).
    #[arg(long, value_name = "SECONDS|off", value_parser = parse_tolerance, allow_hyphen_values = true)]
    pub tolerance: Option<Tolerance>,

    /// Judge timestamps as of this moment (Unix seconds) instead of the
    /// clock: the time a captured webhook was received.
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    pub now: Option<i64>,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// Where the secret comes from: exactly one source.
#[derive(Debug, Args)]
pub struct SecretArgs {
    /// The signing secret. Visible to other local users and kept in shell
    /// history: prefer --secret-file or the HOOKSIG_SECRET variable, which is
    /// read when neither flag is given.
    #[arg(short, long, value_name = "SECRET")]
    pub secret: Option<OsString>,

    /// Read the signing secret from FILE; one trailing newline is dropped.
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,
}

/// How the result is shown.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT")]
    pub format: Format,

    /// Print nothing on standard output; only the exit code tells.
    /// Errors still go to standard error.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also show the signed message's layout, the body's size and SHA-256,
    /// and the signature computed with each secret (never the secret).
    #[arg(short, long)]
    pub verbose: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A verdict line for people, with hints.
    Human,
    /// One JSON object on one line.
    Json,
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
