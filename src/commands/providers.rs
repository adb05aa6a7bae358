//! `hooksig providers`: the supported providers (and the user's own, with
//! `--scheme`), their headers and schemes; `--format toml` prints them in
//! the scheme-file language.

use hooksig_core::Provider;
use hooksig_core::providers::scheme_file;

use crate::cli::{ColorChoice, Format, ProvidersArgs, ProvidersFormat};
use crate::exit::Exit;
use crate::failure::Failure;
use crate::output::{fail, finish, report_for};

/// Prints the provider list (checking the scheme files on the way).
pub fn run(args: &ProvidersArgs, color: ColorChoice) -> Exit {
    let format = match args.format {
        ProvidersFormat::Json => Format::Json,
        ProvidersFormat::Human | ProvidersFormat::Toml => Format::Human,
    };
    let listed = (|| -> Result<Vec<&'static dyn Provider>, Failure> {
        let catalog = crate::schemes::catalog(&args.schemes.files)?;
        Ok(match &args.name {
            Some(name) => vec![catalog.by_name(name)?],
            None => catalog.iter().collect(),
        })
    })();
    let providers = match listed {
        Ok(providers) => providers,
        Err(failure) => return fail(format, false, &failure),
    };
    if args.format == ProvidersFormat::Toml {
        return finish(&toml(&providers));
    }
    finish(&report_for(format, false, color).providers(&providers))
}

/// The providers as one scheme file: top-level keys for one, `[[provider]]`
/// tables for several.
fn toml(providers: &[&dyn Provider]) -> String {
    let table = providers.len() > 1;
    let mut out = String::new();
    if table {
        out.push_str("# hooksig's providers in the scheme-file language (hooksig providers --format toml NAME prints one).\n# A starting point for --scheme FILE: give yours a name of its own (built-in names are taken).\n");
    }
    for (i, provider) in providers.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&scheme_file::to_toml(*provider, table));
    }
    out
}
