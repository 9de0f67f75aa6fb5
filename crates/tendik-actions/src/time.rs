//! Calendar dates (`YYYY-MM-DD`) and UTC timestamps (RFC 3339 text) without a date-time
//! dependency: the register needs only to validate, order, print and parse them.

use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::ActionsError;

const SECONDS_PER_DAY: i64 = 86_400;

/// A calendar date (proleptic Gregorian, years 1 to 9999), written `YYYY-MM-DD`.
///
/// Dates order chronologically, and their text orders the same way.
///
/// ```
/// use tendik_actions::Date;
///
/// let due: Date = "2026-03-31".parse().unwrap();
/// assert_eq!(due.to_string(), "2026-03-31");
/// assert!("2026-02-30".parse::<Date>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The date `year-month-day`, or `None` when there is no such day.
    #[must_use]
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Self { year, month, day })
    }

    /// Today's date in UTC, from the system clock.
    #[must_use]
    pub fn today() -> Self {
        Timestamp::now().date()
    }

    /// The year.
    #[must_use]
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    #[must_use]
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    #[must_use]
    pub fn day(self) -> u8 {
        self.day
    }

    /// Parses `YYYY-MM-DD`; on failure, why (with what is accepted).
    fn parse_text(text: &str) -> Result<Self, String> {
        const EXPECTED: &str = "expected a date written YYYY-MM-DD, such as 2026-03-31";
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && [0, 1, 2, 3, 5, 6, 8, 9]
                .iter()
                .all(|&i| bytes[i].is_ascii_digit());
        if !shape_ok {
            return Err(EXPECTED.to_owned());
        }
        let number = |range: std::ops::Range<usize>| {
            bytes[range]
                .iter()
                .fold(0_u16, |n, b| n * 10 + u16::from(b - b'0'))
        };
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        if year == 0 {
            return Err(format!("there is no year 0; {EXPECTED}"));
        }
        let Ok(month) = u8::try_from(month) else {
            return Err(EXPECTED.to_owned());
        };
        if !(1..=12).contains(&month) {
            return Err(format!("there is no month {month}; {EXPECTED}"));
        }
        let last = days_in_month(year, month);
        match u8::try_from(day) {
            Ok(day) if (1..=last).contains(&day) => Ok(Self { year, month, day }),
            _ => Err(format!(
                "{year:04}-{month:02} has days 01 to {last}; {EXPECTED}"
            )),
        }
    }

    /// Days since 1970-01-01 (negative before).
    fn days_since_epoch(self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }
}

impl FromStr for Date {
    type Err = ActionsError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse_text(text.trim()).map_err(|reason| ActionsError::invalid("date", text, reason))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// An instant in UTC to the second, written in RFC 3339 as `2026-03-31T09:15:00Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    seconds: i64,
}

impl Timestamp {
    /// Now, from the system clock (truncated to the second).
    #[must_use]
    pub fn now() -> Self {
        let seconds = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
        };
        Self { seconds }
    }

    /// The instant `seconds` after 1970-01-01T00:00:00Z, if it falls in years 1 to 9999.
    #[must_use]
    pub fn from_unix_seconds(seconds: i64) -> Option<Self> {
        let first = days_from_civil(1, 1, 1) * SECONDS_PER_DAY;
        let end = days_from_civil(10_000, 1, 1) * SECONDS_PER_DAY;
        (first..end).contains(&seconds).then_some(Self { seconds })
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    #[must_use]
    pub fn unix_seconds(self) -> i64 {
        self.seconds
    }

    /// The UTC calendar date of this instant.
    #[must_use]
    pub fn date(self) -> Date {
        let (year, month, day) = civil_from_days(self.seconds.div_euclid(SECONDS_PER_DAY));
        // In range by construction: years 1 to 9999.
        Date {
            year: u16::try_from(year).unwrap_or(9999),
            month,
            day,
        }
    }

    /// Parses RFC 3339 (`2026-03-31T09:15:00Z`, `2026-03-31T15:15:00.5+06:00`); fractions
    /// of a second are dropped.
    fn parse_text(text: &str) -> Result<Self, String> {
        const EXPECTED: &str = "expected an RFC 3339 time such as 2026-03-31T09:15:00Z (UTC) or 2026-03-31T15:15:00+06:00";
        let bytes = text.as_bytes();
        if bytes.len() < 20 || !matches!(bytes[10], b'T' | b't' | b' ') {
            return Err(EXPECTED.to_owned());
        }
        let date = Date::parse_text(&text[..10]).map_err(|_| EXPECTED.to_owned())?;
        let two = |at: usize| -> Option<i64> {
            let (a, b) = (*bytes.get(at)?, *bytes.get(at + 1)?);
            (a.is_ascii_digit() && b.is_ascii_digit())
                .then(|| i64::from(a - b'0') * 10 + i64::from(b - b'0'))
        };
        let (Some(hour), Some(minute), Some(second)) = (two(11), two(14), two(17)) else {
            return Err(EXPECTED.to_owned());
        };
        if bytes[13] != b':' || bytes[16] != b':' || hour > 23 || minute > 59 || second > 60 {
            return Err(EXPECTED.to_owned());
        }
        let mut rest = &bytes[19..];
        if let Some((b'.', fraction)) = rest.split_first() {
            let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 {
                return Err(EXPECTED.to_owned());
            }
            rest = &fraction[digits..];
        }
        let offset = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
                let start = bytes.len() - 5;
                let (Some(hours), Some(minutes)) = (two(start), two(start + 3)) else {
                    return Err(EXPECTED.to_owned());
                };
                if hours > 23 || minutes > 59 {
                    return Err(EXPECTED.to_owned());
                }
                let offset = hours * 3600 + minutes * 60;
                if *sign == b'-' { -offset } else { offset }
            }
            _ => return Err(EXPECTED.to_owned()),
        };
        // A leap second (:60) counts as the last second of its minute.
        let seconds =
            date.days_since_epoch() * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second.min(59)
                - offset;
        Self::from_unix_seconds(seconds).ok_or_else(|| EXPECTED.to_owned())
    }
}

impl FromStr for Timestamp {
    type Err = ActionsError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse_text(text.trim()).map_err(|reason| ActionsError::invalid("time", text, reason))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let of_day = self.seconds.rem_euclid(SECONDS_PER_DAY);
        write!(
            f,
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            of_day / 3600,
            of_day % 3600 / 60,
            of_day % 60
        )
    }
}

/// Parses a date, giving only the reason on failure (for callers that name the field).
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse_text(text.trim())
}

/// Parses a timestamp, giving only the reason on failure.
pub(crate) fn parse_timestamp(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse_text(text.trim())
}

fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let march_based_month = (month + 9) % 12;
    let day_of_year = (153 * march_based_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_based_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * march_based_month + 2) / 5 + 1) as u8;
    let month = if march_based_month < 10 {
        march_based_month + 3
    } else {
        march_based_month - 9
    } as u8;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

macro_rules! text_sql_and_serde {
    ($type:ty, $parse:path) => {
        impl ToSql for $type {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.to_string()))
            }
        }

        impl FromSql for $type {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                $parse(text).map_err(|reason| {
                    FromSqlError::Other(format!("stored value {text:?}: {reason}").into())
                })
            }
        }

        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    };
}

text_sql_and_serde!(Date, parse_date);
text_sql_and_serde!(Timestamp, parse_timestamp);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_dates_agree_over_four_centuries() {
        for days in (-719_162..2_932_896).step_by(97) {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(
                days_from_civil(year, i64::from(month), i64::from(day)),
                days
            );
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            "2024-02-29".parse::<Date>().unwrap(),
            Date::new(2024, 2, 29).unwrap()
        );
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "0000-01-01",
            "2026-1-01",
            "31/03/2026",
            "",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
        assert!(
            parse_date("2100-02-29")
                .unwrap_err()
                .contains("2100-02 has days 01 to 28")
        );
    }

    #[test]
    fn timestamps_print_and_parse_rfc_3339() {
        // 2026-03-31T09:15:00Z: 20 543 days after the epoch (checked with `date -d`).
        let t = Timestamp::from_unix_seconds(20_543 * 86_400 + 9 * 3600 + 15 * 60).unwrap();
        assert_eq!(t.to_string(), "2026-03-31T09:15:00Z");
        assert_eq!("2026-03-31T09:15:00Z".parse::<Timestamp>().unwrap(), t);
        assert_eq!(
            "2026-03-31T15:15:00.250+06:00"
                .parse::<Timestamp>()
                .unwrap(),
            t
        );
        assert_eq!("2026-03-31 09:15:00z".parse::<Timestamp>().unwrap(), t);
        for bad in [
            "2026-03-31",
            "2026-03-31T24:00:00Z",
            "2026-03-31T09:15:00",
            "2026-03-31T09:15:00+0600",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad}");
        }
        assert_eq!(
            Timestamp::from_unix_seconds(-1).unwrap().to_string(),
            "1969-12-31T23:59:59Z"
        );
    }
}
