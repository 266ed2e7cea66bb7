//! A calendar month of the bureau (`YYYY-MM`), as the UTC interval it covers in the
//! bureau's time zone: reports count what happened between local midnights.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::{AppError, AppResult};

/// One month, parsed and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    /// Parses `YYYY-MM` (2000..=2100); anything else is `BAD_USER_INPUT` on `field`.
    pub fn parse(text: &str, field: &str) -> AppResult<Self> {
        let bad =
            || AppError::bad_input(field, format!("expected a month as YYYY-MM, got {text:?}"));
        let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(2000..=2100).contains(&year) || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Self { year, month })
    }

    /// The month containing `at` in `tz`.
    pub fn containing(at: DateTime<Utc>, tz: Tz) -> Self {
        let local = at.with_timezone(&tz);
        Self {
            year: local.year(),
            month: local.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// `[start, end)` in UTC: local midnight of the 1st to local midnight of the next 1st.
    pub fn bounds(self, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        (
            local_midnight(self.first_day(), tz),
            local_midnight(self.next().first_day(), tz),
        )
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Local midnight of `day` in `tz`, as UTC (the earliest instant of the day).
pub fn local_midnight(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let naive = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&naive))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn october_in_shanghai_starts_at_sixteen_hundred_utc_the_day_before() {
        let m = Month::parse("2026-10", "month").unwrap();
        let (start, end) = m.bounds(chrono_tz::Asia::Shanghai);
        assert_eq!(start.to_rfc3339(), "2026-09-30T16:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-10-31T16:00:00+00:00");
        assert_eq!(m.to_string(), "2026-10");
    }

    #[test]
    fn malformed_months_are_refused() {
        for bad in [
            "2026-13", "2026-1", "26-10", "2026/10", "", "abcd-ef", "1999-12",
        ] {
            assert!(Month::parse(bad, "month").is_err(), "{bad}");
        }
        assert_eq!(
            Month::parse("2026-12", "m").unwrap().next().to_string(),
            "2027-01"
        );
    }
}
