//! Secret sources: `--secret`, `--secret-file` (repeatable, `-` for
//! standard input), or else `HOOKSIG_SECRET` (a list, split at newlines and
//! commas). Each secret carries where it came from, for hints; none is ever
//! printed.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use hooksig_core::{Origin, Secret, SecretError};

use crate::cli::SecretArgs;
use crate::failure::{Context as _, Failure, usage};
use crate::output::warn;
use crate::sources::{PayloadSource, StdinUser, read_secret};

/// The secrets from exactly one source: --secret, --secret-file (repeatable,
/// `-` for standard input), or (when neither flag is given) HOOKSIG_SECRET,
/// split at newlines and commas after dropping one final line ending. Each
/// secret says where it came from, for hints. `stdin_user` is the other
/// input that reads standard input, if any: only one of them can. A secret
/// file that is a FIFO waits at most `fifo_wait` for its writer.
pub fn read_secrets(
    args: &SecretArgs,
    human: bool,
    stdin_user: Option<StdinUser>,
    fifo_wait: Duration,
) -> Result<Vec<Secret>, Failure> {
    match (&args.secret, args.secret_file.as_slice()) {
        (Some(_), [_, ..]) => usage!(
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
                usage!(
                    "--secret-file - is given {from_stdin} times, but standard input can be read only once: give the other secrets in files"
                );
            }
            if from_stdin == 1 {
                if let Some(other) = stdin_user {
                    usage!(
                        "--secret-file - and {} both read standard input, and only one of them can come from stdin: pass {}, or give the secret in a file or HOOKSIG_SECRET",
                        other.input,
                        other.instead
                    );
                }
                if std::io::stdin().is_terminal() {
                    usage!(
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
                    let contents = read_secret(&source, fifo_wait)?;
                    let secret = Secret::from_file_contents(contents).context(context)?;
                    Ok(secret.with_origin(Origin::File(origin)))
                })
                .collect()
        }
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
