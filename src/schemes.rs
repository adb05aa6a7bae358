//! The catalog a command works with: the built-ins plus the scheme files
//! named by `HOOKSIG_SCHEMES` (paths separated by `:`) and `--scheme FILE`.
//! Nothing is read when neither is given.

use std::io::Read;
use std::path::{Path, PathBuf};

use hooksig_core::providers::Catalog;
use hooksig_core::{InputError, SchemeError};

use crate::failure::Failure;
use crate::sources::open_file;

/// The largest scheme file read (a scheme is a dozen lines).
const MAX_SCHEME_FILE: u64 = 1024 * 1024;

/// The built-ins and every scheme file named by `HOOKSIG_SCHEMES` and then
/// by `--scheme` (a path named twice is read once). A mistake in a file is
/// exit 2, `invalid_scheme`, naming `FILE:LINE` and the fix.
pub fn catalog(flags: &[PathBuf]) -> Result<Catalog, Failure> {
    let from_env = std::env::var_os("HOOKSIG_SCHEMES").unwrap_or_default();
    let from_env = from_env.to_string_lossy();
    let mut paths: Vec<PathBuf> = from_env
        .split(':')
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .collect();
    paths.extend(flags.iter().cloned());
    let mut catalog = Catalog::builtin();
    let mut read: Vec<PathBuf> = Vec::new();
    for path in paths {
        if read.contains(&path) {
            continue;
        }
        load(&mut catalog, &path)?;
        read.push(path);
    }
    Ok(catalog)
}

fn load(catalog: &mut Catalog, path: &Path) -> Result<(), Failure> {
    let unreadable = |cause| InputError::ReadFile {
        what: "scheme file",
        path: path.to_owned(),
        cause,
    };
    let mut bytes = Vec::new();
    open_file(path, crate::commands::fifo_wait())
        .and_then(|file| file.take(MAX_SCHEME_FILE + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    let shown = path.display();
    if bytes.len() as u64 > MAX_SCHEME_FILE {
        return Err(Failure::from(SchemeError {
            line: 1,
            message: format!(
                "is over {} KiB, far more than a scheme file holds: name the scheme file, not another file",
                MAX_SCHEME_FILE / 1024
            ),
        })
        .context(shown.to_string()));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        Failure::from(SchemeError {
            line,
            message: "is not UTF-8 text: save the scheme file as UTF-8".to_owned(),
        })
        .context(format!("{shown}:{line}"))
    })?;
    catalog.load(&text).map(|_| ()).map_err(|e| {
        let line = e.line;
        Failure::from(e).context(format!("{shown}:{line}"))
    })
}
