//! The rota's settings: the daily duty slots in bureau local time and the check-in window.

use std::{fmt, str::FromStr};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use entity::ShiftKind;

/// A daily slot in bureau local time, e.g. `08:00-12:00`. It ends on the day it starts:
/// the programme holds the desk every morning and evening (博主輪流值班), and a night
/// shift, which may cross midnight, is scheduled freely but is not a counted slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaySlot {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl FromStr for DaySlot {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (a, b) = s
            .trim()
            .split_once('-')
            .ok_or_else(|| format!("expected HH:MM-HH:MM, got {s:?}"))?;
        let parse = |t: &str| {
            NaiveTime::parse_from_str(t.trim(), "%H:%M")
                .map_err(|_| format!("expected HH:MM, got {t:?}"))
        };
        let (start, end) = (parse(a)?, parse(b)?);
        if end <= start {
            return Err(format!("{s}: a slot ends after it starts, on the same day"));
        }
        Ok(Self { start, end })
    }
}

impl fmt::Display for DaySlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}",
            self.start.format("%H:%M"),
            self.end.format("%H:%M")
        )
    }
}

impl DaySlot {
    /// The slot on a local date, as UTC instants.
    pub fn on(&self, tz: Tz, date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        (local(tz, date, self.start), local(tz, date, self.end))
    }
}

/// A local wall-clock time as UTC. A time that a daylight-saving jump skips is taken an
/// hour later; an ambiguous one at its first occurrence (the bureau's zone has neither,
/// but the zone is configurable).
pub fn local(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let naive = date.and_time(time);
    tz.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(naive + Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| naive.and_utc())
}

/// What the rota needs from the configuration (`ROTA_*` settings).
#[derive(Debug, Clone, Copy)]
pub struct RotaSettings {
    /// How long before a shift starts its officer may check in.
    pub checkin_early: Duration,
    pub morning: DaySlot,
    pub evening: DaySlot,
    /// The bureau's time zone, in which slots and dates are read.
    pub tz: Tz,
}

impl RotaSettings {
    /// The counted daily slots, in the order of the day.
    pub fn slots(&self) -> [(ShiftKind, DaySlot); 2] {
        [
            (ShiftKind::Morning, self.morning),
            (ShiftKind::Evening, self.evening),
        ]
    }

    /// Whether a shift of `kind` may start at `starts_at`, by its local time of day: a
    /// MORNING shift from the morning slot's start until the evening slot's (a daytime
    /// shift), an EVENING shift within the evening slot, a NIGHT shift outside the daytime
    /// (it may cross midnight). `Err` says which hours `kind` takes.
    pub fn check_kind(&self, kind: ShiftKind, starts_at: DateTime<Utc>) -> Result<(), String> {
        let at = starts_at.with_timezone(&self.tz).time();
        let daytime = self.morning.start <= at && at < self.evening.start;
        let (fits, hours) = match kind {
            ShiftKind::Morning => (
                daytime,
                format!(
                    "a MORNING shift starts between {} and {}",
                    self.morning.start.format("%H:%M"),
                    self.evening.start.format("%H:%M")
                ),
            ),
            ShiftKind::Evening => (
                self.evening.start <= at && at < self.evening.end,
                format!(
                    "an EVENING shift starts between {} and {}",
                    self.evening.start.format("%H:%M"),
                    self.evening.end.format("%H:%M")
                ),
            ),
            ShiftKind::Night => (
                !daytime,
                format!(
                    "a NIGHT shift starts from {} and before {}",
                    self.evening.start.format("%H:%M"),
                    self.morning.start.format("%H:%M")
                ),
            ),
        };
        if fits {
            Ok(())
        } else {
            Err(format!(
                "{hours} (bureau time); this one starts at {}",
                at.format("%H:%M")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shifts_kind_matches_its_starting_hour() {
        let settings = RotaSettings {
            checkin_early: Duration::minutes(30),
            morning: "08:00-12:00".parse().unwrap(),
            evening: "18:00-22:00".parse().unwrap(),
            tz: chrono_tz::Asia::Shanghai,
        };
        let date = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let at = |h, m| local(settings.tz, date, NaiveTime::from_hms_opt(h, m, 0).unwrap());
        assert!(settings.check_kind(ShiftKind::Morning, at(8, 0)).is_ok());
        assert!(settings.check_kind(ShiftKind::Morning, at(12, 0)).is_ok());
        let refused = settings
            .check_kind(ShiftKind::Morning, at(18, 0))
            .unwrap_err();
        assert!(refused.contains("starts at 18:00"), "{refused}");
        assert!(settings.check_kind(ShiftKind::Evening, at(18, 0)).is_ok());
        assert!(settings.check_kind(ShiftKind::Evening, at(9, 0)).is_err());
        assert!(settings.check_kind(ShiftKind::Night, at(23, 0)).is_ok());
        assert!(settings.check_kind(ShiftKind::Night, at(2, 0)).is_ok());
        assert!(settings.check_kind(ShiftKind::Night, at(10, 0)).is_err());
    }

    #[test]
    fn slots_parse_from_the_setting_and_print_back() {
        let slot: DaySlot = "08:30-12:00".parse().unwrap();
        assert_eq!(slot.to_string(), "08:30-12:00");
        assert!("12:00-08:00".parse::<DaySlot>().is_err());
        assert!("8h-12h".parse::<DaySlot>().is_err());
    }

    #[test]
    fn a_slot_is_read_in_bureau_local_time() {
        let slot: DaySlot = "08:00-12:00".parse().unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let (start, end) = slot.on(chrono_tz::Asia::Shanghai, date);
        assert_eq!(start.to_rfc3339(), "2026-10-01T00:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-10-01T04:00:00+00:00");
    }
}
