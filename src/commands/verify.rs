//! `hooksig verify`: one webhook, from a payload and headers or a request
//! capture, judged by the core's `verify`.

use std::ffi::OsString;
use std::io::Read;
use std::path::PathBuf;

use hooksig_capture::{ReceivedAt, RequestBody};
use hooksig_core::headers::{Pasted, check_header_name, pasted, shorten};
use hooksig_core::providers;
use hooksig_core::time::utc_datetime;
use hooksig_core::{
    Headers, InputError, Origin, Policy, Provider, ProviderError, Secret, SecretError, Verdict,
};

use super::{fifo_wait, unix_now};
use crate::cli::{ColorChoice, Format, VerifyArgs};
use crate::exit::Exit;
use crate::failure::{Context as _, Failure, usage};
use crate::output::{emit, fail, note, report_for};
use crate::secrets::read_secrets;
use crate::sources::{StdinUser, input_source, name_read_error};

/// `hooksig verify`: judge one webhook and print the verdict.
pub fn run(args: &VerifyArgs, color: ColorChoice) -> Exit {
    let output = &args.output;
    let human = output.format == Format::Human && !output.quiet;
    match verify(args, human) {
        Ok(verdict) => {
            if !output.quiet {
                if let Err(exit) =
                    emit(&report_for(output.format, output.verbose, color).verdict(&verdict))
                {
                    return exit;
                }
            }
            Exit::of(&verdict)
        }
        Err(failure) => fail(output.format, output.quiet, &failure),
    }
}

fn verify(args: &VerifyArgs, human: bool) -> Result<Verdict, Failure> {
    // Notes about what was judged go to stderr in every format, but not with -q.
    let notes = !args.output.quiet;
    let catalog = crate::schemes::catalog(&args.schemes.files)?;
    let named = args
        .provider
        .as_deref()
        .map(|name| catalog.by_name(name))
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
                let Some(owner) = catalog.by_header(name) else {
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
    let fifo_wait = fifo_wait();
    let secrets = read_keys(args, named, human, StdinUser::of(source, flag), fifo_wait)?;

    let source = input_source(source, flag)?;
    let reader = source.open(what, fifo_wait)?;
    // A capture's method and URL, when it has them.
    let mut head = (None, None);
    let (mut body, received_at) = if args.request.is_some() {
        let delivery = hooksig_capture::parse_request(reader)
            .map_err(|e| name_read_error(e.into(), &source, what))?;
        given.extend_missing(&delivery.headers);
        head = (delivery.method().map(str::to_owned), delivery.url());
        let received_at = delivery.received_at();
        (Body::Capture(delivery.body), received_at)
    } else {
        (Body::Plain(reader), ReceivedAt::Unknown)
    };

    if let Some(owner) = signature_owner {
        signature.extend_missing(&given.without(&providers::signature_header_names(owner)));
        given = signature;
    }
    let provider = match (named, &bare_signature) {
        (Some(provider), _) => provider,
        (None, None) => catalog.infer(&given)?,
        (None, Some(_)) => catalog.infer(&given).map_err(|_| {
            Failure::usage(
                "--signature is a bare value, so the provider cannot be told: pass --provider NAME, or paste the value with its header name ('Fintoc-Signature: t=…')",
            )
        })?,
    };
    let mut headers = match bare_signature {
        Some(value) => {
            let name = providers::bare_signature_header(provider, &given, args.provider.as_deref());
            let mut headers = Headers::new();
            headers.push(name, &value)?;
            headers.extend_missing(&given.without(&providers::signature_header_names(provider)));
            headers
        }
        None => given,
    };
    if let Some(method) = args.method.as_deref().or(head.0.as_deref()) {
        headers.set_method(method);
    }
    if let Some(url) = args.url.clone().or(head.1) {
        headers.set_url(&url);
    }
    // With no key given at all, the provider says which flag to ask for.
    let secrets = match secrets {
        Some(secrets) => secrets,
        None => return Err(missing_key(provider).into()),
    };
    let timestamped = provider.scheme().default_tolerance.is_some();
    let now = match (args.now, received_at) {
        (Some(now), _) => now,
        (None, ReceivedAt::Date(date)) => {
            if human && timestamped {
                note(&format!(
                    "timestamps are judged as of the capture's Date header ({}); pass --now to judge as of another moment",
                    utc_datetime(date)
                ));
            }
            date
        }
        (None, ReceivedAt::NotAnHttpDate(header)) => {
            if notes && timestamped {
                note(&format!(
                    "the capture's Date header {:?} is not an HTTP date (such as Sat, 05 Apr 2025 21:57:40 GMT); timestamps are judged as of the clock; pass --now with the moment the webhook was received (Unix seconds, RFC 3339 or an HTTP date)",
                    shorten(&header)
                ));
            }
            unix_now()
        }
        (None, ReceivedAt::Unknown) => unix_now(),
    };
    let policy = Policy {
        now,
        tolerance: args.tolerance.unwrap_or_default(),
        body_digest: args.output.verbose || args.output.format == Format::Json,
        parallel: true,
    };

    let reader: &mut dyn Read = match &mut body {
        Body::Capture(request_body) => request_body,
        Body::Plain(reader) => reader,
    };
    let mut verdict =
        hooksig_core::verify_in(&catalog, provider, &headers, reader, &secrets, &policy)
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

/// The keys to judge with: the public keys of `--public-key`, or the
/// secrets from their sources. `None` when neither is given and the
/// provider is still to be told from the headers: the error then names the
/// flag that provider needs ([`missing_key`]).
fn read_keys(
    args: &VerifyArgs,
    named: Option<&dyn Provider>,
    human: bool,
    stdin_user: Option<StdinUser>,
    fifo_wait: std::time::Duration,
) -> Result<Option<Vec<Secret>>, Failure> {
    let secret_flags = args.secret.secret.is_some() || !args.secret.secret_file.is_empty();
    if !args.public_key.is_empty() {
        if secret_flags {
            usage!(
                "--public-key and --secret/--secret-file both give a key: public-key schemes (discord, sendgrid) take --public-key, the others a secret; pass only the kind the provider needs"
            );
        }
        return args
            .public_key
            .iter()
            .map(read_public_key)
            .collect::<Result<_, _>>()
            .map(Some);
    }
    if let Some(provider) = named.filter(|p| p.public_key().is_some()) {
        return Err(missing_key(provider).into());
    }
    if named.is_none() && !secret_flags && std::env::var_os("HOOKSIG_SECRET").is_none() {
        return Ok(None);
    }
    read_secrets(&args.secret, human, stdin_user, fifo_wait).map(Some)
}

/// One `--public-key`: the key, or `@FILE` (one final line ending dropped).
fn read_public_key(arg: &OsString) -> Result<Secret, Failure> {
    let (secret, origin) = match arg.to_str().and_then(|text| text.strip_prefix('@')) {
        Some(path) => {
            let path = PathBuf::from(path);
            let contents = std::fs::read(&path).map_err(|cause| InputError::ReadFile {
                what: "public key file",
                path: path.clone(),
                cause,
            })?;
            let name = format!("the public key file {}", path.display());
            if contents.trim_ascii().is_empty() {
                usage!("{name} is empty: it should hold the public key");
            }
            let key = Secret::from_file_contents(contents).context(name.clone())?;
            (key, Origin::File(name))
        }
        None if arg.as_encoded_bytes().trim_ascii().is_empty() => {
            usage!("--public-key is empty: give the key, or @FILE to read it from a file")
        }
        None => (
            Secret::new(arg.as_encoded_bytes().to_vec()).context("--public-key")?,
            Origin::Argument("--public-key".to_owned()),
        ),
    };
    Ok(secret.into_public_key().with_origin(origin))
}

/// No key given: the flag `provider` needs.
fn missing_key(provider: &dyn Provider) -> SecretError {
    match provider.public_key() {
        Some(algorithm) => SecretError::PublicKeyNeeded {
            provider: provider.name(),
            algorithm: algorithm.display_name(),
        },
        None => SecretError::Missing,
    }
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
