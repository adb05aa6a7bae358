//! Renderers: a [`Verdict`] (or an error) as text for people or JSON for
//! machines. They return strings; the binary decides where they go.

use crate::providers::Provider;
use crate::verdict::Verdict;

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

/// A rough human duration: `42 seconds`, `5 minutes`, `3 hours`, `2 days`,
/// `4 years`.
pub fn human_duration(seconds: u64) -> String {
    let (n, unit) = match seconds {
        0..120 => (seconds, "second"),
        120..7_200 => (seconds / 60, "minute"),
        7_200..172_800 => (seconds / 3_600, "hour"),
        172_800..63_115_200 => (seconds / 86_400, "day"),
        _ => (seconds / 31_557_600, "year"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// Unix seconds as `2021-07-12 15:13:11 UTC` (proleptic Gregorian).
pub fn utc_datetime(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to (y, m, d).
/// Exact for every `i64 / 86400` day count.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_match_known_moments() {
        assert_eq!(utc_datetime(0), "1970-01-01 00:00:00 UTC");
        // `date -u -d @1626102791`
        assert_eq!(utc_datetime(1626102791), "2021-07-12 15:13:11 UTC");
        assert_eq!(utc_datetime(951782400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc_datetime(-1), "1969-12-31 23:59:59 UTC");
        // Extremes do not overflow.
        let _ = utc_datetime(i64::MAX);
        let _ = utc_datetime(i64::MIN);
    }

    #[test]
    fn durations_are_rounded_down_to_one_unit() {
        assert_eq!(human_duration(1), "1 second");
        assert_eq!(human_duration(119), "119 seconds");
        assert_eq!(human_duration(300), "5 minutes");
        assert_eq!(human_duration(7_200), "2 hours");
        assert_eq!(human_duration(3 * 86_400), "3 days");
        assert!(human_duration(u64::MAX).ends_with("years"));
    }
}
