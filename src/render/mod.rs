//! Renderers: a [`Verdict`] (or an error) as text for people or JSON for
//! machines. They return strings; the binary decides where they go.

use hooksig_core::Verdict;
use hooksig_core::providers::Provider;

mod human;
mod json;

pub use human::Human;
pub use json::Json;

/// One output format.
pub trait Report {
    /// The verdict, ending with a newline.
    fn verdict(&self, verdict: &Verdict) -> String;
    /// A "could not judge" error, with its stable code, ending with a newline.
    fn error(&self, code: &str, message: &str) -> String;
    /// The headers `hooksig sign` produced for `provider`.
    fn signed(&self, provider: &str, headers: &[(String, String)]) -> String;
    /// The provider list of `hooksig providers`.
    fn providers(&self, providers: &[&dyn Provider]) -> String;
    /// Secret fingerprints (`32 bytes, sha256:1f3a9c0e`), in order.
    fn fingerprints(&self, fingerprints: &[String]) -> String;
}
