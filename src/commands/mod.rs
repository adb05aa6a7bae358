//! One file per subcommand: the plumbing between the command line, the
//! sources, the core and the renderers. Each `run` returns the exit code.

pub mod completions;
pub mod fingerprint;
pub mod man;
pub mod providers;
pub mod sign;
pub mod verify;

use std::ffi::OsStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::sources::FIFO_WAIT;

/// The clock, in Unix seconds: read here, never in the core.
pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// How long opening a named pipe waits for its writer: [`FIFO_WAIT`] (2 s).
///
/// Test hook, not an option: the end-to-end tests set `HOOKSIG_FIFO_WAIT_MS`
/// (whole milliseconds) so that the rows with a FIFO nobody writes to take
/// milliseconds instead of seconds. It can only shorten the wait (1 to
/// 2000); any other value is ignored. Not in `--help`: users have no reason
/// to set it.
pub(crate) fn fifo_wait() -> Duration {
    fifo_wait_from(std::env::var_os("HOOKSIG_FIFO_WAIT_MS").as_deref())
}

/// [`fifo_wait`] for a given value of `HOOKSIG_FIFO_WAIT_MS`.
fn fifo_wait_from(value: Option<&OsStr>) -> Duration {
    value
        .and_then(OsStr::to_str)
        .and_then(|ms| ms.parse::<u64>().ok())
        .map(Duration::from_millis)
        .filter(|wait| !wait.is_zero() && *wait <= FIFO_WAIT)
        .unwrap_or(FIFO_WAIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifo_wait_hook_only_shortens_the_wait() {
        let wait = |value: &str| fifo_wait_from(Some(OsStr::new(value)));
        assert_eq!(fifo_wait_from(None), FIFO_WAIT);
        assert_eq!(wait("50"), Duration::from_millis(50));
        assert_eq!(wait("1"), Duration::from_millis(1));
        assert_eq!(wait("2000"), FIFO_WAIT);
        for ignored in [
            "",
            "0",
            "-5",
            "2001",
            "99999999999999999999",
            "50ms",
            " 50",
            "1.5",
        ] {
            assert_eq!(wait(ignored), FIFO_WAIT, "{ignored:?}");
        }
    }
}
