//! `hooksig fingerprint`: compare secrets without showing them.

use super::fifo_wait;
use crate::cli::{ColorChoice, FingerprintArgs, Format};
use crate::exit::Exit;
use crate::failure::Failure;
use crate::output::{fail, finish, report_for};
use crate::secrets::read_secrets;

/// `hooksig fingerprint`: each secret's length and SHA-256 prefix.
pub fn run(args: &FingerprintArgs, color: ColorChoice) -> Exit {
    let human = args.format == Format::Human;
    let result = (|| -> Result<Vec<String>, Failure> {
        let catalog = crate::schemes::catalog(&args.schemes.files)?;
        let provider = args
            .provider
            .as_deref()
            .map(|name| catalog.by_name(name))
            .transpose()?;
        let secrets = read_secrets(&args.secret, human, None, fifo_wait())?;
        secrets
            .iter()
            .map(|secret| match provider {
                Some(p) => Ok(hooksig_core::fingerprint(&p.key(secret)?)),
                None => Ok(secret.fingerprint()),
            })
            .collect()
    })();
    match result {
        Ok(fingerprints) => {
            finish(&report_for(args.format, false, color).fingerprints(&fingerprints))
        }
        Err(failure) => fail(args.format, false, &failure),
    }
}
