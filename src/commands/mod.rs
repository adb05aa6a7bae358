//! One file per subcommand: the plumbing between the command line, the
//! sources, the core and the renderers. Each `run` returns the exit code.

pub mod completions;
pub mod fingerprint;
pub mod man;
pub mod providers;
pub mod sign;
pub mod verify;

use std::time::{SystemTime, UNIX_EPOCH};

/// The clock, in Unix seconds: read here, never in the core.
pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
