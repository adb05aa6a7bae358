//! Where output goes: results on standard output, notes, warnings and
//! errors on standard error, colour only when asked or on a terminal.

use std::io::{IsTerminal, Write};

use crate::cli::{ColorChoice, Format};
use crate::exit::Exit;
use crate::failure::Failure;
use crate::render::{Human, Json, Report};

/// Writes to stdout. A closed pipe (`| head`) is not an error; any other
/// write error (a full disk, `> /dev/full`) is one line on stderr and
/// exit 2, since the output the caller asked for is lost.
pub fn emit(text: &str) -> Result<(), Exit> {
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
pub fn finish(text: &str) -> Exit {
    match emit(text) {
        Ok(()) => Exit::Ok,
        Err(exit) => exit,
    }
}

/// A warning on stderr.
pub fn warn(message: &str) {
    eprintln!("hooksig: warning: {message}");
}

/// A note on stderr: something about how the input was read.
pub fn note(message: &str) {
    eprintln!("hooksig: note: {message}");
}

/// Whether human output is coloured: `always`, `never`, or (`auto`) only on
/// a terminal, with `NO_COLOR` unset or empty and `TERM` not `dumb`.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|term| term != "dumb")
        }
    }
}

/// The renderer for `format`.
pub fn report_for(format: Format, verbose: bool, color: ColorChoice) -> Box<dyn Report> {
    match format {
        Format::Json => Box::new(Json),
        Format::Human => Box::new(Human {
            color: use_color(color),
            verbose,
        }),
    }
}

/// Reports a "could not judge" failure: one line on stderr, and with
/// `--format json` the error object on stdout. Returns exit code 2.
pub fn fail(format: Format, quiet: bool, failure: &Failure) -> Exit {
    let message = failure.message();
    if format == Format::Json && !quiet {
        // Exit 2 either way; a failed write has said so on stderr.
        let _ = emit(&Json.error(failure.code(), &message));
    }
    eprint!("{}", Human::default().error(failure.code(), &message));
    Exit::CouldNotJudge
}
