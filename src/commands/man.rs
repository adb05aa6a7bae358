//! `hooksig man`: one man page for the whole tool, so that
//! `hooksig man > ~/.local/share/man/man1/hooksig.1` installs everything
//! `man hooksig` should show: the top level, a section per subcommand with
//! its synopsis, description, flags and examples, the exit status, and the
//! environment.

use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use crate::cli::Cli;

/// The exit codes, as the EXIT STATUS section lists them.
const EXIT_STATUS: [(&str, &str); 4] = [
    ("0", "Authentic (verify), or the command did its job."),
    (
        "1",
        "Not authentic: the signature does not match, is malformed or missing, or its timestamp is outside the tolerance.",
    ),
    (
        "2",
        "Could not judge: a usage error, unreadable or malformed input, a missing or unusable secret, an unknown provider, or standard output could not be written.",
    ),
    (
        "101",
        "hooksig panicked. This is always a bug: please report it with the command line (and a test secret, never a real one).",
    ),
];

/// The environment variables hooksig reads.
const ENVIRONMENT: [(&str, &str); 2] = [
    (
        "HOOKSIG_SECRET",
        "The signing secret, used when neither --secret nor --secret-file is given. Several secrets are separated by newlines or commas.",
    ),
    (
        "NO_COLOR",
        "When set and not empty, human output has no colour (it has colour only on a terminal).",
    ),
];

/// The whole man page, in roff.
pub fn man_page() -> std::io::Result<String> {
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    let top = Man::new(cli.clone());
    let mut page = Vec::new();
    top.render_title(&mut page)?;
    top.render_name_section(&mut page)?;
    top.render_synopsis_section(&mut page)?;
    top.render_description_section(&mut page)?;
    top.render_options_section(&mut page)?;

    let commands: Vec<&clap::Command> =
        cli.get_subcommands().filter(|c| !c.is_hide_set()).collect();
    let mut list = Roff::new();
    list.control("SH", ["COMMANDS"]);
    for command in &commands {
        list.control("TP", []);
        list.text([bold(format!("hooksig {}", command.get_name()))]);
        let about = command
            .get_about()
            .map(|a| a.to_string())
            .unwrap_or_default();
        list.text([roman(about)]);
    }
    list.to_writer(&mut page)?;

    for command in commands {
        let mut heading = Roff::new();
        heading.control(
            "SH",
            [format!("HOOKSIG {}", command.get_name().to_uppercase()).as_str()],
        );
        heading.to_writer(&mut page)?;
        let man = Man::new(command.clone());
        let mut section = Vec::new();
        man.render_synopsis_section(&mut section)?;
        man.render_description_section(&mut section)?;
        if command.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(&mut section)?;
        }
        page.extend(subsections(&String::from_utf8_lossy(&section)).into_bytes());
        if let Some(after_help) = command.get_after_help() {
            // Examples are command lines: shown as written, not filled.
            let mut examples = Roff::new();
            examples.control("SS", ["Examples"]);
            examples.control("nf", []);
            for line in after_help
                .to_string()
                .lines()
                .skip_while(|l| *l == "Examples:")
            {
                examples.text([roman(line)]);
            }
            examples.control("fi", []);
            examples.to_writer(&mut page)?;
        }
    }

    let mut end = Roff::new();
    let sections: [(&str, &[(&str, &str)]); 2] =
        [("EXIT STATUS", &EXIT_STATUS), ("ENVIRONMENT", &ENVIRONMENT)];
    for (title, entries) in sections {
        end.control("SH", [title]);
        for (name, meaning) in entries {
            end.control("TP", []);
            end.text([roman(*name)]);
            end.text([roman(*meaning)]);
        }
    }
    end.control("SH", ["VERSION"]);
    end.text([roman(format!("v{}", env!("CARGO_PKG_VERSION")))]);
    end.to_writer(&mut page)?;
    Ok(String::from_utf8_lossy(&page).into_owned())
}

/// A subcommand's own sections (`.SH SYNOPSIS`, `.SH OPTIONS`, …) as
/// subsections (`.SS Synopsis`) of its section in the one page; roff's
/// string definitions, written once by the title, are dropped.
fn subsections(roff: &str) -> String {
    roff.lines()
        .filter(|line| !line.starts_with(".ie ") && !line.starts_with(".el "))
        .map(|line| match line.strip_prefix(".SH ") {
            Some(title) => {
                let mut letters = title.chars();
                let first = letters.next().map(String::from).unwrap_or_default();
                format!(".SS {first}{}\n", letters.as_str().to_lowercase())
            }
            None => format!("{line}\n"),
        })
        .collect()
}

/// Prints the man page.
pub fn run() -> crate::exit::Exit {
    match man_page() {
        Ok(page) => crate::output::finish(&page),
        Err(err) => {
            eprintln!("hooksig: error: cannot render the man page: {err}");
            crate::exit::Exit::CouldNotJudge
        }
    }
}
