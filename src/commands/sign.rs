//! `hooksig sign`: the signature header(s) a provider would send for a
//! payload, made by the core's `sign` (the same engine as `verify`).

use std::time::{SystemTime, UNIX_EPOCH};

use hooksig_core::Provider;
use hooksig_core::providers::{self, Context};

use super::{fifo_wait, unix_now};
use crate::cli::{ColorChoice, Format, SignArgs};
use crate::exit::Exit;
use crate::failure::{Failure, usage};
use crate::output::{fail, finish, report_for, warn};
use crate::secrets::read_secrets;
use crate::sources::{StdinUser, input_source, name_read_error};

/// `hooksig sign`: print the header(s) a provider would send.
pub fn run(args: &SignArgs, color: ColorChoice) -> Exit {
    let human = args.format == Format::Human;
    match sign(args, human) {
        Ok((provider, headers)) => {
            let text = if args.value {
                let value = headers.first().map_or("", |(_, v)| v.as_str());
                format!("{value}\n")
            } else {
                report_for(args.format, false, color).signed(provider.name(), &headers)
            };
            finish(&text)
        }
        Err(failure) => fail(args.format, false, &failure),
    }
}

/// A provider and the headers it signed.
type Signed = (&'static dyn Provider, Vec<(String, String)>);

fn sign(args: &SignArgs, human: bool) -> Result<Signed, Failure> {
    let provider = crate::schemes::catalog(&args.schemes.files)?.by_name(&args.provider)?;
    let secrets = read_secrets(
        &args.secret,
        human,
        StdinUser::of(args.payload.as_deref(), "--payload"),
        fifo_wait(),
    )?;
    let [secret] = secrets.as_slice() else {
        usage!(
            "sign takes exactly one secret, and {} were given",
            secrets.len()
        );
    };
    let timestamp = args.timestamp.unwrap_or_else(unix_now);
    if timestamp < 0 {
        usage!("--timestamp must be 0 or more (Unix seconds)");
    }
    let id = match &args.id {
        Some(id) => {
            if id.is_empty() || !id.bytes().all(|b| b.is_ascii_graphic() && b != b',') {
                usage!("--id must be printable ASCII without spaces or commas, like msg_2Lc1…");
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
        timestamp: Some(provider.stamp(timestamp)),
        id: Some(id),
        method: args.method.clone(),
        url: args.url.clone(),
        ..Default::default()
    };
    if args.value {
        value_is_enough(provider, &context, args)?;
    }
    let source = input_source(args.payload.as_deref(), "--payload")?;
    let mut body = source.open("payload file", fifo_wait())?;
    let headers = hooksig_core::sign(provider, &mut body, secret, &context)
        .map_err(|e| name_read_error(e, &source, "payload file"))?;
    Ok((provider, headers))
}

/// `--value` prints only the signature header's value. When the scheme
/// also signs an id or a timestamp that travels in another header, and
/// hooksig made that value up (no `--id` / `--timestamp`), a fixture built
/// from the value could never verify: that is an error naming the flags.
fn value_is_enough(
    provider: &dyn Provider,
    context: &Context,
    args: &SignArgs,
) -> Result<(), Failure> {
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
    usage!(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_fresh_and_header_safe() {
        let a = new_message_id();
        assert!(a.starts_with("msg_") && a.len() > 10, "{a}");
        assert!(a.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    }
}
