//! `hooksig providers`: the supported providers, their headers and schemes.

use hooksig_core::providers::PROVIDERS;

use crate::cli::{ColorChoice, ProvidersArgs};
use crate::exit::Exit;
use crate::output::{finish, report_for};

/// Prints the provider list.
pub fn run(args: &ProvidersArgs, color: ColorChoice) -> Exit {
    finish(&report_for(args.format, false, color).providers(PROVIDERS))
}
