//! The `hooksig` binary: parse arguments, call the library, print, and map
//! the outcome to an exit code. It never computes an HMAC itself.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use clap::Parser;

use hooksig::error::InputError;
use hooksig::input::{read_secret_file, split_header_line};
use hooksig::report::{Human, Json, Report};
use hooksig::{Headers, PayloadSource, Policy, ProviderError, Secret, providers};

mod cli;

use cli::{Cli, Command, Format, OutputArgs, SecretArgs, VerifyArgs};

/// The process exit codes, a stable interface for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    /// The webhook is authentic.
    Authentic = 0,
    /// The webhook is not authentic.
    NotAuthentic = 1,
    /// No judgement was possible: usage error, unreadable input, no secret.
    CouldNotJudge = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_error(err).into(),
    };
    match cli.command {
        Command::Verify(args) => run_verify(&args).into(),
    }
}

/// Prints a clap error (or help/version, which are not errors) and picks
/// the exit code. With `--format json` a usage error is also one JSON object
/// on stdout, so scripts always get one.
fn clap_error(err: clap::Error) -> Exit {
    if !err.use_stderr() {
        let _ = err.print();
        return Exit::Authentic;
    }
    if json_requested() {
        let message = err.kind().as_str().unwrap_or("invalid arguments");
        emit(&Json.error("usage", &format!("{message}: see hooksig --help")));
    }
    let _ = err.print();
    Exit::CouldNotJudge
}

/// Whether the raw arguments ask for JSON (used only when clap failed).
fn json_requested() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2)
        .any(|w| w[0] == "--format" && w[1] == "json")
        || args.iter().any(|a| a == "--format=json")
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn emit(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

fn warn(message: &str) {
    eprintln!("hooksig: warning: {message}");
}

fn report_for(output: &OutputArgs) -> Box<dyn Report> {
    match output.format {
        Format::Json => Box::new(Json),
        Format::Human => Box::new(Human {
            color: std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            verbose: output.verbose,
        }),
    }
}

fn run_verify(args: &VerifyArgs) -> Exit {
    let report = report_for(&args.output);
    let policy = Policy {
        now: args.now.unwrap_or_else(unix_now),
        tolerance: args.tolerance.unwrap_or_default(),
        body_digest: args.output.verbose || args.output.format == Format::Json,
    };
    let outcome = gather(args).and_then(|(provider, headers, secrets, payload)| {
        let mut body = payload.open()?;
        hooksig::verify(provider, &headers, &mut body, &secrets, &policy).map_err(|e| match e {
            hooksig::Error::Input(InputError::ReadBody { cause }) => {
                anyhow::Error::new(payload.read_error(cause))
            }
            other => anyhow::Error::new(other),
        })
    });
    match outcome {
        Ok(verdict) => {
            if !args.output.quiet {
                emit(&report.verdict(&verdict));
            }
            if verdict.is_authentic() {
                Exit::Authentic
            } else {
                Exit::NotAuthentic
            }
        }
        Err(err) => {
            fail(&args.output, &err);
            Exit::CouldNotJudge
        }
    }
}

/// Reports a "could not judge" error: one line on stderr, and with
/// `--format json` the error object on stdout.
fn fail(output: &OutputArgs, err: &anyhow::Error) {
    let message = format!("{err:#}");
    if output.format == Format::Json && !output.quiet {
        emit(&Json.error(error_code(err), &message));
    }
    eprint!("{}", Human::default().error(error_code(err), &message));
}

/// The stable code of an error, from the library's typed errors.
fn error_code(err: &anyhow::Error) -> &'static str {
    if let Some(e) = err.downcast_ref::<hooksig::Error>() {
        e.code()
    } else if let Some(e) = err.downcast_ref::<InputError>() {
        e.code()
    } else if let Some(e) = err.downcast_ref::<hooksig::SecretError>() {
        e.code()
    } else if let Some(e) = err.downcast_ref::<ProviderError>() {
        e.code()
    } else {
        "usage"
    }
}

type Gathered = (
    &'static dyn hooksig::Provider,
    Headers,
    Vec<Secret>,
    PayloadSource,
);

/// Collects headers, provider, secrets and payload source from the flags.
fn gather(args: &VerifyArgs) -> Result<Gathered> {
    let named = args
        .provider
        .as_deref()
        .map(providers::by_name)
        .transpose()?;

    let mut headers = Headers::new();
    // --signature goes first so that it wins over a -H of the same name.
    if let Some(signature) = &args.signature {
        match split_header_line(signature) {
            Some((name, value)) => {
                if providers::by_header(name).is_none() {
                    return Err(ProviderError::UnknownSignatureHeader {
                        name: name.to_owned(),
                    }
                    .into());
                }
                headers.push(name, value)?;
            }
            None => match named {
                Some(provider) => headers.push(provider.headers()[0], signature)?,
                None => bail!(
                    "--signature is a bare value, so the provider cannot be told: pass --provider NAME, or paste the value with its header name ('Fintoc-Signature: t=…')"
                ),
            },
        }
    }
    for line in &args.headers {
        headers.push_line("-H", line)?;
    }
    let provider = match named {
        Some(provider) => provider,
        None => providers::infer(&headers)?,
    };

    let secrets = vec![read_secret(&args.secret, &args.output)?];

    let payload = args
        .payload
        .as_deref()
        .map_or(PayloadSource::Stdin, PayloadSource::from_arg);
    if payload == PayloadSource::Stdin && std::io::stdin().is_terminal() {
        bail!(
            "no payload: standard input is a terminal; pass --payload FILE or pipe the body in (… | hooksig verify …)"
        );
    }
    Ok((provider, headers, secrets, payload))
}

/// The secret from exactly one source: --secret, --secret-file, or (when
/// neither flag is given) HOOKSIG_SECRET.
fn read_secret(args: &SecretArgs, output: &OutputArgs) -> Result<Secret> {
    match (&args.secret, &args.secret_file) {
        (Some(_), Some(_)) => bail!(
            "--secret and --secret-file both give a secret: pass only one (prefer --secret-file)"
        ),
        (Some(secret), None) => {
            if output.format == Format::Human && !output.quiet {
                warn(
                    "--secret puts the secret in the process list and shell history; prefer HOOKSIG_SECRET or --secret-file",
                );
            }
            Ok(Secret::new(secret.clone().into_encoded_bytes())?)
        }
        (None, Some(path)) => {
            warn_if_shared(path);
            let contents = read_secret_file(path)?;
            Secret::from_file_contents(contents)
                .with_context(|| format!("secret file {}", path.display()))
        }
        (None, None) => match std::env::var_os("HOOKSIG_SECRET") {
            Some(value) => Secret::new(value.into_encoded_bytes()).context("HOOKSIG_SECRET"),
            None => Err(hooksig::SecretError::Missing.into()),
        },
    }
}

/// Warns when a secret file can be read by other users.
fn warn_if_shared(path: &std::path::Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.is_file() && meta.permissions().mode() & 0o077 != 0 {
                warn(&format!(
                    "secret file {} is readable by other users; chmod 600 it",
                    path.display()
                ));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_the_documented_ones() {
        assert_eq!(Exit::Authentic as u8, 0);
        assert_eq!(Exit::NotAuthentic as u8, 1);
        assert_eq!(Exit::CouldNotJudge as u8, 2);
    }
}
