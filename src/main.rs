//! The `hooksig` binary: parse arguments, call the library, print, and map
//! the outcome to an exit code. It never computes an HMAC itself.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, Result, bail};
use clap::{CommandFactory, Parser};

use hooksig::error::InputError;
use hooksig::input::request::{self, RequestBody};
use hooksig::input::{Pasted, check_header_name, pasted, read_secret, shorten};
use hooksig::providers::{self, Context, PROVIDERS, Timestamp};
use hooksig::report::{Human, Json, Report, utc_datetime};
use hooksig::secret::Origin;
use hooksig::{Headers, PayloadSource, Policy, Provider, ProviderError, Secret, SecretError};

mod cli;
mod man;

use cli::{Cli, Command, FingerprintArgs, Format, SecretArgs, SignArgs, VerifyArgs};

/// The process exit codes, a stable interface for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    /// Authentic (verify), or the command did its job.
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
    let exit = match &cli.command {
        Command::Verify(args) => run_verify(args),
        Command::Sign(args) => run_sign(args),
        Command::Providers(args) => finish(&report_for(args.format, false).providers(PROVIDERS)),
        Command::Fingerprint(args) => run_fingerprint(args),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "hooksig", &mut out);
            finish(&String::from_utf8_lossy(&out))
        }
        Command::Man => match man::man_page() {
            Ok(page) => finish(&page),
            Err(err) => {
                eprintln!("hooksig: error: cannot render the man page: {err}");
                Exit::CouldNotJudge
            }
        },
    };
    exit.into()
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
        // The JSON message is stderr's first paragraph (which names the
        // argument at fault), on one line.
        let rendered = err.render().to_string();
        let first = rendered.split("\n\n").next().unwrap_or_default();
        let first = first.strip_prefix("error: ").unwrap_or(first);
        let message = first.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = emit(&Json.error("usage", &format!("{message}: see hooksig --help")));
    }
    let _ = err.print();
    Exit::CouldNotJudge
}

/// Whether the raw arguments ask for JSON (used only when clap failed).
fn json_requested() -> bool {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    args.windows(2)
        .any(|w| w[0] == "--format" && w[1] == "json")
        || args.iter().any(|a| a == "--format=json")
}

/// Writes to stdout. A closed pipe (`| head`) is not an error; any other
/// write error (a full disk, `> /dev/full`) is one line on stderr and
/// exit 2, since the output the caller asked for is lost.
fn emit(text: &str) -> Result<(), Exit> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("hooksig: error: cannot write to standard output: {err}");
            Err(Exit::CouldNotJudge)
        }
        _ => Ok(()),
    }
}

/// Writes a command's whole output: exit 0, or 2 when it cannot be written.
fn finish(text: &str) -> Exit {
    match emit(text) {
        Ok(()) => Exit::Authentic,
        Err(exit) => exit,
    }
}

fn warn(message: &str) {
    eprintln!("hooksig: warning: {message}");
}

fn note(message: &str) {
    eprintln!("hooksig: note: {message}");
}

fn report_for(format: Format, verbose: bool) -> Box<dyn Report> {
    match format {
        Format::Json => Box::new(Json),
        Format::Human => Box::new(Human {
            color: std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|term| term != "dumb"),
            verbose,
        }),
    }
}

/// Reports a "could not judge" error: one line on stderr, and with
/// `--format json` the error object on stdout. Returns exit code 2.
fn fail(format: Format, quiet: bool, err: &anyhow::Error) -> Exit {
    let message = format!("{err:#}");
    if format == Format::Json && !quiet {
        // Exit 2 either way; a failed write has said so on stderr.
        let _ = emit(&Json.error(error_code(err), &message));
    }
    eprint!("{}", Human::default().error(error_code(err), &message));
    Exit::CouldNotJudge
}

/// The stable code of an error, from the library's typed errors.
fn error_code(err: &anyhow::Error) -> &'static str {
    if let Some(e) = err.downcast_ref::<hooksig::Error>() {
        e.code()
    } else if let Some(e) = err.downcast_ref::<InputError>() {
        e.code()
    } else if let Some(e) = err.downcast_ref::<SecretError>() {
        e.code()
    } else if let Some(e) = err.downcast_ref::<ProviderError>() {
        e.code()
    } else {
        "usage"
    }
}

/// Maps the library's "cannot read the payload" to an error naming the
/// source (`payload file body.json`, `request file capture.http`, stdin).
fn name_read_error(
    err: hooksig::Error,
    source: &PayloadSource,
    what: &'static str,
) -> anyhow::Error {
    match err {
        // A capture's framing fault is a malformed capture, not a read error.
        hooksig::Error::Input(InputError::ReadBody { cause }) => match request::body_error(cause) {
            InputError::ReadBody { cause } => anyhow::Error::new(source.read_error_as(what, cause)),
            malformed => anyhow::Error::new(malformed),
        },
        other => anyhow::Error::new(other),
    }
}

/// `-` or absent means stdin, which must not be a terminal.
fn input_source(path: Option<&Path>, flag: &str) -> Result<PayloadSource> {
    let source = path.map_or(PayloadSource::Stdin, PayloadSource::from_arg);
    if source == PayloadSource::Stdin && std::io::stdin().is_terminal() {
        bail!(
            "no payload: standard input is a terminal; pass {flag} FILE or pipe the body in (… | hooksig …)"
        );
    }
    Ok(source)
}

fn run_verify(args: &VerifyArgs) -> Exit {
    let output = &args.output;
    let human = output.format == Format::Human && !output.quiet;
    match verify(args, human) {
        Ok(verdict) => {
            if !output.quiet {
                if let Err(exit) =
                    emit(&report_for(output.format, output.verbose).verdict(&verdict))
                {
                    return exit;
                }
            }
            if verdict.is_authentic() {
                Exit::Authentic
            } else {
                Exit::NotAuthentic
            }
        }
        Err(err) => fail(output.format, output.quiet, &err),
    }
}

fn verify(args: &VerifyArgs, human: bool) -> Result<hooksig::Verdict> {
    // Notes about what was judged go to stderr in every format, but not with -q.
    let notes = !args.output.quiet;
    let named = args
        .provider
        .as_deref()
        .map(providers::by_name)
        .transpose()?;

    // Headers by source. --signature replaces the signature header, -H
    // replaces a capture's header of the same name; within one source every
    // copy is kept, and every copy of the signature header is judged.
    let mut signature = Headers::new();
    let mut signature_owner = None;
    let mut bare_signature = None;
    if let Some(arg) = &args.signature {
        check_header_name("--signature", arg)?;
        let pasted = pasted(arg);
        note_pasted("-S", &pasted, human);
        match &pasted.name {
            Some(name) => {
                let Some(owner) = providers::by_header(name) else {
                    return Err(ProviderError::UnknownSignatureHeader { name: name.clone() }.into());
                };
                signature.push(name, &pasted.value)?;
                signature_owner = Some(owner);
            }
            None => bare_signature = Some(pasted.value),
        }
    }
    let mut given = Headers::new();
    for line in &args.headers {
        check_header_name("-H", line)?;
        let pasted = pasted(line);
        match &pasted.name {
            Some(name) => {
                note_pasted("-H", &pasted, human);
                given.push(name, &pasted.value)?;
            }
            // Not 'Name: value': the error names the line as given.
            None => given.push_line("-H", line)?,
        }
    }

    let (source, what, flag) = match &args.request {
        Some(path) => (Some(path.as_path()), "request file", "--request"),
        None => (args.payload.as_deref(), "payload file", "--payload"),
    };
    let secrets = read_secrets(&args.secret, human, StdinUser::of(source, flag))?;

    let source = input_source(source, flag)?;
    let reader = source.open(what)?;
    let (mut body, date_header) = if args.request.is_some() {
        let parsed =
            request::parse(reader).map_err(|e| name_read_error(e.into(), &source, what))?;
        given.extend_missing(&parsed.headers);
        let date_header = parsed.headers.get("Date").map(str::to_owned);
        (Body::Capture(parsed.body), date_header)
    } else {
        (Body::Plain(reader), None)
    };
    let date = date_header.as_deref().and_then(request::parse_http_date);

    if let Some(owner) = signature_owner {
        signature.extend_missing(&given.without(&providers::signature_header_names(owner)));
        given = signature;
    }
    let provider = match (named, &bare_signature) {
        (Some(provider), _) => provider,
        (None, None) => providers::infer(&given)?,
        (None, Some(_)) => providers::infer(&given).map_err(|_| {
            anyhow::anyhow!(
                "--signature is a bare value, so the provider cannot be told: pass --provider NAME, or paste the value with its header name ('Fintoc-Signature: t=…')"
            )
        })?,
    };
    let headers = match bare_signature {
        Some(value) => {
            let name = providers::bare_signature_header(provider, &given, args.provider.as_deref());
            let mut headers = Headers::new();
            headers.push(name, &value)?;
            headers.extend_missing(&given.without(&providers::signature_header_names(provider)));
            headers
        }
        None => given,
    };
    let now = match (args.now, date) {
        (Some(now), _) => now,
        (None, Some(date)) => {
            if human && provider.scheme().default_tolerance.is_some() {
                note(&format!(
                    "timestamps are judged as of the capture's Date header ({}); pass --now to judge as of another moment",
                    utc_datetime(date)
                ));
            }
            date
        }
        (None, None) => {
            if let Some(header) =
                date_header.filter(|_| notes && provider.scheme().default_tolerance.is_some())
            {
                note(&format!(
                    "the capture's Date header {:?} is not an HTTP date (such as Sat, 05 Apr 2025 21:57:40 GMT); timestamps are judged as of the clock; pass --now with the moment the webhook was received (Unix seconds, RFC 3339 or an HTTP date)",
                    shorten(&header)
                ));
            }
            unix_now()
        }
    };
    let policy = Policy {
        now,
        tolerance: args.tolerance.unwrap_or_default(),
        body_digest: args.output.verbose || args.output.format == Format::Json,
    };

    let reader: &mut dyn Read = match &mut body {
        Body::Capture(request_body) => request_body,
        Body::Plain(reader) => reader,
    };
    let mut verdict = hooksig::verify(provider, &headers, reader, &secrets, &policy)
        .map_err(|e| name_read_error(e, &source, what))?;
    if let Body::Capture(request_body) = &body {
        let ignored = request_body.trailing_bytes();
        verdict.details.ignored_trailing_bytes = ignored;
        if ignored > 0 && notes {
            let bytes = if ignored == 1 { "byte" } else { "bytes" };
            let body = match request_body.content_length() {
                Some(length) => format!("the {length}-byte body its Content-Length announces"),
                None => "its chunked body".to_owned(),
            };
            note(&format!(
                "the capture has {ignored} {bytes} after {body}; they are not part of the body and were ignored"
            ));
        }
    }
    Ok(verdict)
}

/// Says on stderr what reading a pasted `-S`/`-H` value removed besides
/// its line ending: quotes, or a line break inside it.
fn note_pasted(flag: &str, pasted: &Pasted, human: bool) {
    if !human {
        return;
    }
    let what = pasted
        .name
        .as_ref()
        .map_or(format!("the {flag} value"), |name| {
            format!("the {flag} value of {name}")
        });
    if let Some(quote) = pasted.unquoted {
        note(&format!(
            "{what} was quoted ({quote}…{quote}); the quotes were removed, as no signature value starts and ends with a quote"
        ));
    }
    if pasted.line_break_inside {
        note(&format!(
            "{what} had a line break inside; it was removed, joining the lines, as a header value cannot contain one"
        ));
    }
}

/// The body to verify: a plain payload, or a request capture's framed body.
enum Body {
    Plain(Box<dyn Read>),
    Capture(RequestBody),
}

fn run_sign(args: &SignArgs) -> Exit {
    let human = args.format == Format::Human;
    match sign(args, human) {
        Ok((provider, headers)) => {
            let text = if args.value {
                let value = headers.first().map_or("", |(_, v)| v.as_str());
                format!("{value}\n")
            } else {
                report_for(args.format, false).signed(provider.name(), &headers)
            };
            finish(&text)
        }
        Err(err) => fail(args.format, false, &err),
    }
}

/// A provider and the headers it signed.
type Signed = (&'static dyn Provider, Vec<(String, String)>);

fn sign(args: &SignArgs, human: bool) -> Result<Signed> {
    let provider = providers::by_name(&args.provider)?;
    let secrets = read_secrets(
        &args.secret,
        human,
        StdinUser::of(args.payload.as_deref(), "--payload"),
    )?;
    let [secret] = secrets.as_slice() else {
        bail!(
            "sign takes exactly one secret, and {} were given",
            secrets.len()
        );
    };
    let timestamp = args.timestamp.unwrap_or_else(unix_now);
    if timestamp < 0 {
        bail!("--timestamp must be 0 or more (Unix seconds)");
    }
    let id = match &args.id {
        Some(id) => {
            if id.is_empty() || !id.bytes().all(|b| b.is_ascii_graphic() && b != b',') {
                bail!("--id must be printable ASCII without spaces or commas, like msg_2Lc1…");
            }
            id.clone()
        }
        None => new_message_id(),
    };
    if human
        && provider.scheme().default_tolerance.is_some()
        && providers::looks_like_milliseconds(timestamp)
    {
        warn(&format!(
            "--timestamp {timestamp} looks like milliseconds, but {} signs Unix seconds: use --timestamp {} (signed as asked)",
            provider.name(),
            timestamp / 1000
        ));
    }
    let context = Context {
        timestamp: Some(Timestamp::from_seconds(timestamp)),
        id: Some(id),
    };
    if args.value {
        value_is_enough(provider, &context, args)?;
    }
    let source = input_source(args.payload.as_deref(), "--payload")?;
    let mut body = source.open("payload file")?;
    let headers = hooksig::sign(provider, &mut body, secret, &context)
        .map_err(|e| name_read_error(e, &source, "payload file"))?;
    Ok((provider, headers))
}

/// `--value` prints only the signature header's value. When the scheme
/// also signs an id or a timestamp that travels in another header, and
/// hooksig made that value up (no `--id` / `--timestamp`), a fixture built
/// from the value could never verify: that is an error naming the flags.
fn value_is_enough(provider: &dyn Provider, context: &Context, args: &SignArgs) -> Result<()> {
    let others = provider.signature_headers(&Default::default(), context);
    let carries = |value: Option<&str>| {
        others
            .iter()
            .skip(1)
            .find(|(_, v)| Some(v.as_str()) == value)
            .map(|(name, _)| name.clone())
    };
    let mut flags = Vec::new();
    let mut headers = Vec::new();
    let made_up = [
        ("--id", args.id.is_none(), context.id.as_deref()),
        (
            "--timestamp",
            args.timestamp.is_none(),
            context.timestamp.as_ref().map(|t| t.text.as_str()),
        ),
    ];
    for (flag, missing, value) in made_up {
        if let Some(header) = carries(value).filter(|_| missing) {
            flags.push(flag);
            headers.push(header);
        }
    }
    if flags.is_empty() {
        return Ok(());
    }
    bail!(
        "--value prints only the {} value, but {} also signs what {} {}: pass {} so the fixture can carry {} (or drop --value to print every header)",
        others
            .first()
            .map_or("signature", |(name, _)| name.as_str()),
        provider.name(),
        headers.join(" and "),
        if headers.len() > 1 {
            "carry"
        } else {
            "carries"
        },
        flags.join(" and "),
        headers.join(" and ")
    )
}

fn run_fingerprint(args: &FingerprintArgs) -> Exit {
    let human = args.format == Format::Human;
    let result = (|| -> Result<Vec<String>> {
        let provider = args
            .provider
            .as_deref()
            .map(providers::by_name)
            .transpose()?;
        let secrets = read_secrets(&args.secret, human, None)?;
        secrets
            .iter()
            .map(|secret| match provider {
                Some(p) => Ok(hooksig::secret::fingerprint(&p.key(secret)?)),
                None => Ok(secret.fingerprint()),
            })
            .collect()
    })();
    match result {
        Ok(fingerprints) => finish(&report_for(args.format, false).fingerprints(&fingerprints)),
        Err(err) => fail(args.format, false, &err),
    }
}

/// The secrets from exactly one source: --secret, --secret-file (repeatable,
/// `-` for standard input), or (when neither flag is given) HOOKSIG_SECRET,
/// split at newlines and commas after dropping one final line ending. Each
/// secret says where it came from, for hints. `stdin_user` is the other
/// input that reads standard input, if any: only one of them can.
fn read_secrets(
    args: &SecretArgs,
    human: bool,
    stdin_user: Option<StdinUser>,
) -> Result<Vec<Secret>> {
    match (&args.secret, args.secret_file.as_slice()) {
        (Some(_), [_, ..]) => bail!(
            "--secret and --secret-file both give a secret: pass only one kind (prefer --secret-file)"
        ),
        (Some(secret), []) => {
            if human {
                warn(
                    "--secret puts the secret in the process list and shell history; prefer HOOKSIG_SECRET or --secret-file",
                );
            }
            let secret = Secret::new(secret.clone().into_encoded_bytes()).context("--secret")?;
            Ok(vec![
                secret.with_origin(Origin::Argument("--secret".to_owned())),
            ])
        }
        (None, []) => {
            let Some(value) = std::env::var_os("HOOKSIG_SECRET") else {
                return Err(SecretError::Missing.into());
            };
            let bytes = value.into_encoded_bytes();
            // Like a secret file, one final line ending is not part of it.
            let bytes = bytes
                .strip_suffix(b"\n")
                .map_or(&bytes[..], |b| b.strip_suffix(b"\r").unwrap_or(b));
            let entries = split_secret_list(bytes);
            let many = entries.len() > 1;
            entries
                .into_iter()
                .enumerate()
                .map(|(i, (part, before, after))| {
                    let part = part.strip_suffix(b"\r").unwrap_or(part);
                    let secret = Secret::new(part.to_vec()).with_context(|| {
                        if many {
                            format!("HOOKSIG_SECRET, secret #{} (secrets are separated by newlines or commas)", i + 1)
                        } else {
                            "HOOKSIG_SECRET".to_owned()
                        }
                    })?;
                    Ok(secret.with_origin(Origin::ListEntry {
                        variable: "HOOKSIG_SECRET".to_owned(),
                        before,
                        after,
                    }))
                })
                .collect()
        }
        (None, files) => {
            let from_stdin = files.iter().filter(|p| p.as_os_str() == "-").count();
            if from_stdin > 1 {
                bail!(
                    "--secret-file - is given {from_stdin} times, but standard input can be read only once: give the other secrets in files"
                );
            }
            if from_stdin == 1 {
                if let Some(other) = stdin_user {
                    bail!(
                        "--secret-file - and {} both read standard input, and only one of them can come from stdin: pass {}, or give the secret in a file or HOOKSIG_SECRET",
                        other.input,
                        other.instead
                    );
                }
                if std::io::stdin().is_terminal() {
                    bail!(
                        "--secret-file - reads the secret from standard input, which is a terminal: pipe it in (… | hooksig … --secret-file -) or give a file"
                    );
                }
            }
            files
                .iter()
                .map(|path| {
                    let source = PayloadSource::from_arg(path);
                    // Named in errors as the context, and in hints as the origin.
                    let (context, origin) = match &source {
                        PayloadSource::Stdin => (
                            "the secret on standard input (--secret-file -)".to_owned(),
                            "the secret on standard input".to_owned(),
                        ),
                        PayloadSource::File(path) => {
                            if human {
                                warn_if_shared(path);
                            }
                            let name = format!("secret file {}", path.display());
                            (name.clone(), format!("the {name}"))
                        }
                    };
                    let contents = read_secret(&source)?;
                    let secret = Secret::from_file_contents(contents).context(context)?;
                    Ok(secret.with_origin(Origin::File(origin)))
                })
                .collect()
        }
    }
}

/// An input other than the secret that reads standard input.
#[derive(Debug, Clone, Copy)]
struct StdinUser {
    /// How to name it: `--payload -`, `--request -`.
    input: &'static str,
    /// What to pass instead: `--payload FILE`.
    instead: &'static str,
}

impl StdinUser {
    /// The payload's (or request's) reader, when it is standard input.
    fn of(path: Option<&Path>, flag: &'static str) -> Option<Self> {
        let (input, instead) = match (path, flag) {
            (None, _) => (
                "the payload (read from standard input without --payload)",
                "--payload FILE",
            ),
            (Some(p), "--request") if p.as_os_str() == "-" => ("--request -", "--request FILE"),
            (Some(p), _) if p.as_os_str() == "-" => ("--payload -", "--payload FILE"),
            (Some(_), _) => return None,
        };
        Some(StdinUser { input, instead })
    }
}

/// Splits a list of secrets at newlines and commas: each entry with the
/// separator just before and just after it.
fn split_secret_list(bytes: &[u8]) -> Vec<(&[u8], Option<char>, Option<char>)> {
    let mut entries = Vec::new();
    let (mut start, mut before) = (0, None);
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || b == b',' {
            let separator = Some(char::from(b));
            entries.push((&bytes[start..i], before, separator));
            (start, before) = (i + 1, separator);
        }
    }
    entries.push((&bytes[start..], before, None));
    entries
}

/// Warns when a secret file can be read by other users.
fn warn_if_shared(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.is_file() && meta.permissions().mode() & 0o077 != 0 {
                warn(&format!(
                    "secret file {} can be read by other users; chmod 600 it",
                    path.display()
                ));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// A fresh Standard Webhooks message id: `msg_` and the current time in
/// nanoseconds with the process id, in base 36 (unique, not secret).
fn new_message_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut n = nanos ^ (u128::from(std::process::id()) << 64);
    let mut digits = Vec::new();
    while n > 0 {
        digits.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize]);
        n /= 36;
    }
    digits.reverse();
    format!("msg_{}", String::from_utf8_lossy(&digits))
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

    #[test]
    fn message_ids_are_fresh_and_header_safe() {
        let a = new_message_id();
        assert!(a.starts_with("msg_") && a.len() > 10, "{a}");
        assert!(a.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    }
}
