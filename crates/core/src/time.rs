//! Moments as people paste them, read to Unix seconds: Unix seconds
//! (`1743890260`, `1743890260.5`), RFC 3339 (`2025-04-05T21:57:40Z`,
//! `2025-04-05T23:57:40.123+02:00`) and HTTP dates (IMF-fixdate,
//! `Sat, 05 Apr 2025 21:57:40 GMT`).
//!
//! Pure functions: no clock, no locale. Every field has a fixed number of
//! digits (a 4-digit year), and Unix seconds are checked into `i64`, so no
//! input can overflow the arithmetic. Fractions of a second are dropped.

/// Why a text is not a moment hooksig reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// The text is in none of the accepted forms.
    #[error("expected {FORMS}")]
    UnknownForm,
    /// The text has an accepted form, but one of its fields cannot be.
    #[error("{field} is out of range; expected {FORMS}")]
    OutOfRange {
        /// The field at fault (`the day`, `the offset`, …).
        field: &'static str,
    },
}

/// The accepted forms, for error messages.
const FORMS: &str = "Unix seconds (1743890260 or 1743890260.5), an RFC 3339 time (2025-04-05T21:57:40Z, any fraction, Z or an offset like +02:00) or an HTTP date (Sat, 05 Apr 2025 21:57:40 GMT)";

/// Reads a moment in any accepted form (see the module documentation) to
/// Unix seconds, surrounding whitespace ignored.
pub fn parse_time(text: &str) -> Result<i64, TimeError> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let looks_like_date = bytes.len() > 4 && bytes[4] == b'-' && digits(&bytes[..4]);
    if looks_like_date {
        parse_rfc3339(text)
    } else if text.contains(',') {
        parse_http_date(text).ok_or(TimeError::UnknownForm)
    } else {
        parse_unix_seconds(text)
    }
}

/// Reads Unix seconds: an integer with an optional `-`, and optionally a
/// `.` and a fraction, which is dropped (`-1.5` is -1).
pub fn parse_unix_seconds(text: &str) -> Result<i64, TimeError> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let unsigned = whole.strip_prefix('-').unwrap_or(whole);
    if !digits(unsigned.as_bytes()) || !digits(fraction.as_bytes()) {
        return Err(TimeError::UnknownForm);
    }
    whole.parse().map_err(|_| TimeError::OutOfRange {
        field: "the number of seconds",
    })
}

/// Reads an RFC 3339 date-time (`2025-04-05T21:57:40Z`): `T`, `t` or a
/// space between date and time, any number of fraction digits (dropped),
/// and `Z`, `z` or a `+hh:mm` / `-hh:mm` offset. Years 0000 to 9999; a
/// second of 60 (a leap second) is the next minute's first.
pub fn parse_rfc3339(text: &str) -> Result<i64, TimeError> {
    let b = text.as_bytes();
    // YYYY-MM-DDThh:mm:ss is 19 bytes; an offset follows at least.
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return Err(TimeError::UnknownForm);
    }
    let field = |at: usize, width: usize| number(&b[at..at + width]).ok_or(TimeError::UnknownForm);
    let (year, month, day) = (field(0, 4)?, field(5, 2)?, field(8, 2)?);
    let (hour, minute, second) = (field(11, 2)?, field(14, 2)?, field(17, 2)?);
    let mut rest = &b[19..];
    if let [b'.', fraction @ ..] = rest {
        let n = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return Err(TimeError::UnknownForm);
        }
        rest = &fraction[n..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (h, m) = (
                number(&[*h1, *h2]).ok_or(TimeError::UnknownForm)?,
                number(&[*m1, *m2]).ok_or(TimeError::UnknownForm)?,
            );
            if h > 23 || m > 59 {
                return Err(TimeError::OutOfRange {
                    field: "the offset",
                });
            }
            let offset = h * 3600 + m * 60;
            if *sign == b'-' { -offset } else { offset }
        }
        _ => return Err(TimeError::UnknownForm),
    };
    let local = unix_seconds(year, month, day, hour, minute, second)?;
    Ok(local - offset)
}

/// Reads an HTTP `Date` in the preferred IMF-fixdate form
/// (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 section 5.6.7). Every number
/// has its fixed number of ASCII digits (a 4-digit year, 2-digit day and
/// time), as RFC 9110 writes them. The day of the week is not checked.
pub fn parse_http_date(value: &str) -> Option<i64> {
    let rest = value.trim().split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let day = fixed_digits(parts.next()?, 2)?;
    let month = parts.next()?;
    let year = fixed_digits(parts.next()?, 4)?;
    let time = parts.next()?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let mut hms = time.split(':').map(|p| fixed_digits(p, 2));
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() {
        return None;
    }
    unix_seconds(year, month, day, h, m, s).ok()
}

/// The Unix time of a UTC calendar moment, each field checked: month
/// 1–12, the day within its month (leap years counted), hour 0–23,
/// minute 0–59, second 0–60. The year must be 0 to 9999.
fn unix_seconds(
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
) -> Result<i64, TimeError> {
    let out_of_range = |field| Err(TimeError::OutOfRange { field });
    if !(0..=9999).contains(&year) {
        return out_of_range("the year");
    }
    if !(1..=12).contains(&month) {
        return out_of_range("the month");
    }
    if !(1..=days_in_month(year, month)).contains(&day) {
        return out_of_range("the day");
    }
    if hour > 23 {
        return out_of_range("the hour");
    }
    if minute > 59 {
        return out_of_range("the minute");
    }
    if second > 60 {
        return out_of_range("the second");
    }
    Ok(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's `days_from_civil`: days from 1970-01-01 to a
/// proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Whether `bytes` is one or more ASCII digits.
fn digits(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(u8::is_ascii_digit)
}

/// `bytes` as a number when they are all ASCII digits (at most 4 here).
fn number(bytes: &[u8]) -> Option<i64> {
    if !digits(bytes) {
        return None;
    }
    Some(bytes.iter().fold(0, |n, b| n * 10 + i64::from(b - b'0')))
}

/// `text` as a number when it is exactly `width` ASCII digits.
fn fixed_digits(text: &str, width: usize) -> Option<i64> {
    if text.len() != width {
        return None;
    }
    number(text.as_bytes())
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

/// Unix seconds as RFC 3339 in UTC (`2021-07-12T15:13:11Z`).
pub fn rfc3339(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// `42 seconds old`, `3 days old`, `2 hours in the future`.
pub fn describe_age(age: i64) -> String {
    let span = human_duration(age.unsigned_abs());
    if age >= 0 {
        format!("{span} old")
    } else {
        format!("{span} in the future")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_are_integers_or_decimals_with_the_fraction_dropped() {
        assert_eq!(parse_time("1743890260"), Ok(1_743_890_260));
        assert_eq!(parse_time(" 1743890260.999\n"), Ok(1_743_890_260));
        assert_eq!(parse_time("-5"), Ok(-5));
        assert_eq!(parse_time("-1.5"), Ok(-1));
        assert_eq!(parse_time("9223372036854775807"), Ok(i64::MAX));
        assert_eq!(parse_time("-9223372036854775808"), Ok(i64::MIN));
        for bad in [
            "", "-", "1.", ".5", "1e9", "+5", "1_000", "0x10", "1.2.3", "١٢",
        ] {
            assert_eq!(parse_time(bad), Err(TimeError::UnknownForm), "{bad:?}");
        }
        for huge in ["9223372036854775808", "-99999999999999999999999.5"] {
            assert!(
                matches!(parse_time(huge), Err(TimeError::OutOfRange { .. })),
                "{huge}"
            );
        }
    }

    #[test]
    fn rfc3339_takes_z_offsets_and_any_fraction() {
        // `date -u -d 2025-04-05T21:57:40Z +%s` = 1743890260.
        let t = 1_743_890_260;
        for same in [
            "2025-04-05T21:57:40Z",
            "2025-04-05t21:57:40z",
            "2025-04-05 21:57:40Z",
            "2025-04-05T21:57:40.9Z",
            "2025-04-05T21:57:40.123456789123Z",
            "2025-04-05T23:57:40+02:00",
            "2025-04-05T16:27:40-05:30",
            "2025-04-06T00:00:40+02:03",
            "2025-04-05T21:57:40-00:00",
        ] {
            assert_eq!(parse_time(same), Ok(t), "{same}");
        }
        assert_eq!(parse_time("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(parse_time("1969-12-31T23:59:59.5Z"), Ok(-1));
        // An offset moves the moment across a day, month and year.
        assert_eq!(
            parse_time("2024-12-31T23:30:00-01:00"),
            parse_time("2025-01-01T00:30:00Z")
        );
        // A leap second is the next minute's first second.
        assert_eq!(
            parse_time("2016-12-31T23:59:60Z"),
            parse_time("2017-01-01T00:00:00Z")
        );
    }

    #[test]
    fn leap_years_have_a_29th_of_february() {
        // 2000 and 2024 are leap years; 1900, 2023 and 2100 are not.
        assert_eq!(parse_time("2000-02-29T00:00:00Z"), Ok(951_782_400));
        assert_eq!(parse_time("2024-02-29T12:00:00Z"), Ok(1_709_208_000));
        for bad in [
            "1900-02-29T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2100-02-29T00:00:00Z",
            "2024-02-30T00:00:00Z",
            "2025-04-31T00:00:00Z",
        ] {
            assert_eq!(
                parse_time(bad),
                Err(TimeError::OutOfRange { field: "the day" }),
                "{bad}"
            );
        }
        assert_eq!(
            parse_http_date("Thu, 29 Feb 2024 12:00:00 GMT"),
            Some(1_709_208_000)
        );
        assert_eq!(parse_http_date("Wed, 29 Feb 2023 12:00:00 GMT"), None);
        assert_eq!(parse_http_date("Sat, 31 Feb 2025 21:57:40 GMT"), None);
    }

    #[test]
    fn rfc3339_fields_out_of_range_are_named() {
        for (bad, field) in [
            ("2025-00-05T21:57:40Z", "the month"),
            ("2025-13-05T21:57:40Z", "the month"),
            ("2025-04-00T21:57:40Z", "the day"),
            ("2025-04-05T24:00:00Z", "the hour"),
            ("2025-04-05T21:60:40Z", "the minute"),
            ("2025-04-05T21:57:61Z", "the second"),
            ("2025-04-05T21:57:40+24:00", "the offset"),
            ("2025-04-05T21:57:40+02:60", "the offset"),
        ] {
            assert_eq!(
                parse_time(bad),
                Err(TimeError::OutOfRange { field }),
                "{bad}"
            );
        }
        for bad in [
            "2025-04-05",
            "2025-04-05T21:57:40",
            "2025-04-05T21:57:40.Z",
            "2025-04-05T21:57Z",
            "2025-04-05T21:57:40+0200",
            "2025-04-05T21:57:40+02",
            "2025-04-05T21:57:40 Z",
            "2025-04-05T21:57:40ZZ",
            "2025-4-05T21:57:40Z",
            "+2025-04-05T21:57:40Z",
            "12025-04-05T21:57:40Z",
            "2025-04-05T2a:57:40Z",
            "2025-04-05T21:57:40+-1:00",
            "2025-04-05T21:57:40é",
        ] {
            assert_eq!(parse_time(bad), Err(TimeError::UnknownForm), "{bad}");
        }
    }

    #[test]
    fn the_extreme_years_do_not_overflow() {
        assert_eq!(
            parse_time("9999-12-31T23:59:60-23:59"),
            Ok(253_402_300_800 + 23 * 3600 + 59 * 60)
        );
        assert_eq!(
            parse_time("0000-01-01T00:00:00+23:59"),
            Ok(-62_167_219_200 - 23 * 3600 - 59 * 60)
        );
        assert_eq!(
            parse_time("Fri, 31 Dec 9999 23:59:59 GMT"),
            Ok(253_402_300_799)
        );
    }

    #[test]
    fn http_dates_are_imf_fixdate_only() {
        // RFC 9110's example: Sun, 06 Nov 1994 08:49:37 GMT = 784111777.
        assert_eq!(parse_time("Sun, 06 Nov 1994 08:49:37 GMT"), Ok(784_111_777));
        assert_eq!(
            parse_time("Sat, 05 Apr 2025 21:57:40 GMT"),
            Ok(1_743_890_260)
        );
        for bad in [
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 24:00:00 GMT",
        ] {
            assert_eq!(parse_time(bad), Err(TimeError::UnknownForm), "{bad}");
        }
    }

    #[test]
    fn errors_name_every_accepted_form() {
        for bad in ["yesterday", "2025-02-29T00:00:00Z"] {
            let message = parse_time(bad).unwrap_err().to_string();
            for form in ["Unix seconds", "RFC 3339", "HTTP date"] {
                assert!(message.contains(form), "{message}");
            }
        }
    }

    #[test]
    fn rfc3339_round_trips() {
        assert_eq!(rfc3339(1626102791), "2021-07-12T15:13:11Z");
        for t in [0, 951782400, 1_700_000_000, 253_402_300_799] {
            assert_eq!(parse_rfc3339(&rfc3339(t)), Ok(t), "{t}");
        }
    }

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
