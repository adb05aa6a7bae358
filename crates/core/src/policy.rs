//! The rules a verdict is reached under: the moment to judge as of, and the
//! tolerance window. The library never reads the clock: callers pass `now`.

use crate::providers::Provider;

/// How far a signed timestamp may be from `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tolerance {
    /// The provider's default (300 seconds for every timestamped scheme).
    #[default]
    ProviderDefault,
    /// At most this many seconds, in either direction (inclusive).
    Seconds(u64),
    /// Any timestamp is accepted (for checking old captures).
    Off,
}

/// The rules a verdict is reached under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// The moment timestamps are judged against, in Unix seconds. The library
    /// never reads the clock: callers pass it in.
    pub now: i64,
    /// The tolerance window.
    pub tolerance: Tolerance,
    /// Also compute the body's SHA-256 for [`Details::body_sha256`](crate::Details::body_sha256) (a second
    /// hash over the body, so only when it will be shown).
    pub body_digest: bool,
    /// Hash a body over 1 MiB on a second thread while this one reads it
    /// (about twice as fast on a large file). Off by default: the library
    /// starts no thread unless asked, and an async caller would rather not
    /// block a worker on one.
    pub parallel: bool,
}

impl Policy {
    /// Judges as of `now`, with the provider's default tolerance.
    pub fn at(now: i64) -> Self {
        Policy {
            now,
            tolerance: Tolerance::ProviderDefault,
            body_digest: false,
            parallel: false,
        }
    }
}

/// The tolerance window in seconds under `policy`, or `None` when
/// timestamps are not judged.
pub(crate) fn window(provider: &dyn Provider, policy: &Policy) -> Option<u64> {
    match policy.tolerance {
        Tolerance::ProviderDefault => provider.scheme().default_tolerance,
        Tolerance::Seconds(s) => Some(s),
        Tolerance::Off => None,
    }
}
