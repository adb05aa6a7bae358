//! The catalog as a value: the built-ins ([`PROVIDERS`]) and the user's own
//! schemes (`--scheme FILE`), passed to the commands and to diagnostics.
//! Building one costs nothing until a scheme file is loaded.

use super::described::Spec;
use super::{PROVIDERS, Provider, scheme_file};
use crate::error::{ProviderError, SchemeError};
use crate::headers::Headers;

/// The providers a command may use: the built-ins, then the user's schemes.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    custom: Vec<&'static Spec>,
}

impl Catalog {
    /// The built-ins only.
    pub fn builtin() -> Self {
        Catalog::default()
    }

    /// Reads a scheme file's text and adds its providers; returns them.
    /// A name or alias already taken (by a built-in or an earlier file) is
    /// an error, as is every mistake [`scheme_file::parse`] finds.
    pub fn load(&mut self, text: &str) -> Result<Vec<&'static Spec>, SchemeError> {
        let specs = scheme_file::parse(text, &|name| self.takes(name))?;
        self.custom.extend(specs.iter().copied());
        Ok(specs)
    }

    /// The user's schemes, in the order they were loaded.
    pub fn custom(&self) -> &[&'static Spec] {
        &self.custom
    }

    /// Every provider: the built-ins in `hooksig providers` order, then the
    /// user's schemes.
    pub fn iter(&self) -> impl Iterator<Item = &'static dyn Provider> + '_ {
        PROVIDERS
            .iter()
            .copied()
            .chain(self.custom.iter().map(|s| *s as &'static dyn Provider))
    }

    /// Whether `name` is a provider's name or alias (case-insensitive).
    pub fn takes(&self, name: &str) -> bool {
        self.iter().any(|p| names(p, name))
    }

    /// Finds a provider by name or alias (case-insensitive).
    pub fn by_name(&self, name: &str) -> Result<&'static dyn Provider, ProviderError> {
        self.iter()
            .find(|p| names(*p, name))
            .ok_or_else(|| ProviderError::Unknown {
                name: crate::headers::shorten(name),
                known: self.known_names(),
            })
    }

    /// The provider whose identifying header is present, when exactly one
    /// is. A user's scheme that reads a built-in's header makes detection
    /// ambiguous: the error says to pass `--provider`.
    pub fn infer(&self, headers: &Headers) -> Result<&'static dyn Provider, ProviderError> {
        let found: Vec<&'static dyn Provider> =
            self.iter().filter(|p| p.identifies(headers)).collect();
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(ProviderError::NotInferable {
                known: self.known_names(),
            }),
            many => Err(ProviderError::Ambiguous {
                found: many.iter().map(|p| p.name()).collect::<Vec<_>>().join(", "),
            }),
        }
    }

    /// The provider that reads the header `name`, if any.
    pub fn by_header(&self, name: &str) -> Option<&'static dyn Provider> {
        self.iter()
            .find(|p| p.headers().iter().any(|h| h.eq_ignore_ascii_case(name)))
    }

    /// Every provider's name, comma-separated.
    pub fn known_names(&self) -> String {
        self.iter().map(|p| p.name()).collect::<Vec<_>>().join(", ")
    }
}

fn names(provider: &dyn Provider, name: &str) -> bool {
    provider.name().eq_ignore_ascii_case(name)
        || provider
            .aliases()
            .iter()
            .any(|a| a.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACME: &str = "name = \"acme\"\naliases = [\"acme-pay\"]\nheader = \"X-Acme-Signature\"\nmessage = \"{body}\"\n";

    #[test]
    fn user_schemes_are_found_like_built_ins() {
        let mut catalog = Catalog::builtin();
        assert!(catalog.by_name("acme").is_err());
        catalog.load(ACME).unwrap();
        assert_eq!(catalog.by_name("ACME-PAY").unwrap().name(), "acme");
        assert_eq!(catalog.by_name("stripe").unwrap().name(), "stripe");
        let mut headers = Headers::new();
        headers.push("x-acme-signature", "00").unwrap();
        assert_eq!(catalog.infer(&headers).unwrap().name(), "acme");
        assert_eq!(
            catalog.by_header("X-ACME-SIGNATURE").unwrap().name(),
            "acme"
        );
        assert!(catalog.known_names().ends_with(", acme"));
        // A second file may not take the name again.
        let e = catalog.load(ACME).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("already"), "{e:?}");
    }

    #[test]
    fn a_scheme_on_a_built_in_header_makes_detection_ambiguous() {
        let mut catalog = Catalog::builtin();
        catalog
            .load("name = \"mine\"\nheader = \"X-Hub-Signature-256\"\nvalue = \"sha256={signature}\"\nmessage = \"{body}\"\n")
            .unwrap();
        let mut headers = Headers::new();
        headers.push("X-Hub-Signature-256", "sha256=00").unwrap();
        let e = catalog.infer(&headers).err().unwrap();
        assert_eq!(e.code(), "ambiguous_provider");
        assert!(e.to_string().contains("github, mine"), "{e}");
        assert!(e.to_string().contains("--provider"), "{e}");
    }

    #[test]
    fn built_in_names_cannot_be_shadowed() {
        for name in ["stripe", "svix", "STANDARD"] {
            let text = format!(
                "name = \"{}\"\nheader = \"X-A\"\nmessage = \"{{body}}\"\n",
                name.to_ascii_lowercase()
            );
            let e = Catalog::builtin().load(&text).unwrap_err();
            assert!(e.message.contains("already"), "{name}: {e:?}");
            let text = format!(
                "name = \"a\"\naliases = [\"{}\"]\nheader = \"X-A\"\nmessage = \"{{body}}\"\n",
                name.to_ascii_lowercase()
            );
            let e = Catalog::builtin().load(&text).unwrap_err();
            assert_eq!(e.line, 2, "{e:?}");
        }
    }
}
