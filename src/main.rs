//! The `hooksig` binary: parse the arguments, run one command, exit with
//! its code. Everything else lives in the `hooksig` library (src/lib.rs).

use std::process::ExitCode;

use clap::Parser;

use hooksig::cli::{Cli, ColorChoice, Command};
use hooksig::commands;
use hooksig::exit::Exit;
use hooksig::output::emit;
use hooksig::render::{Json, Report};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_error(err).into(),
    };
    let color = cli.color.unwrap_or(ColorChoice::Auto);
    let exit = match &cli.command {
        Command::Verify(args) => commands::verify::run(args, color),
        Command::Sign(args) => commands::sign::run(args, color),
        Command::Providers(args) => commands::providers::run(args, color),
        Command::Fingerprint(args) => commands::fingerprint::run(args, color),
        Command::Completions { shell } => commands::completions::run(*shell),
        Command::Man => commands::man::run(),
    };
    exit.into()
}

/// Prints a clap error (or help/version, which are not errors) and picks
/// the exit code. With `--format json` a usage error is also one JSON object
/// on stdout, so scripts always get one.
fn clap_error(err: clap::Error) -> Exit {
    if !err.use_stderr() {
        let _ = err.print();
        return Exit::Ok;
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

/// Whether the raw arguments ask for JSON (used only when clap failed, so
/// there is no parsed `--format` to read).
fn json_requested() -> bool {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    args.windows(2)
        .any(|w| w[0] == "--format" && w[1] == "json")
        || args.iter().any(|a| a == "--format=json")
}
