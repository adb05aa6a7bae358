//! `hooksig completions SHELL`: a shell completion script.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::exit::Exit;
use crate::output::finish;

/// Prints the completion script for `shell`.
pub fn run(shell: clap_complete::Shell) -> Exit {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "hooksig", &mut out);
    finish(&String::from_utf8_lossy(&out))
}
