//! Deadlines (限時辦結): SLA policies per (kind, priority) and working-day
//! arithmetic on the official calendar (public holidays and make-up working days).

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use entity::{InquiryKind, Priority, ResolutionUnit, calendar_day, sla_policy};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::AppResult;

/// The deadline rule that applies to one inquiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaRule {
    pub first_response_hours: i64,
    pub resolution_amount: i64,
    pub resolution_unit: ResolutionUnit,
}

impl From<&sla_policy::Model> for SlaRule {
    fn from(p: &sla_policy::Model) -> Self {
        Self {
            first_response_hours: p.first_response_hours.into(),
            resolution_amount: p.resolution_amount.into(),
            resolution_unit: p.resolution_unit,
        }
    }
}

/// Used only if an administrator deleted the policy row: 24 hours, 5 working days.
const FALLBACK: SlaRule = SlaRule {
    first_response_hours: 24,
    resolution_amount: 5,
    resolution_unit: ResolutionUnit::WorkingDays,
};

/// The policy of (kind, priority).
pub async fn rule_for(
    db: &impl ConnectionTrait,
    kind: InquiryKind,
    priority: Priority,
) -> AppResult<SlaRule> {
    let row = sla_policy::Entity::find()
        .filter(sla_policy::Column::Kind.eq(kind))
        .filter(sla_policy::Column::Priority.eq(priority))
        .one(db)
        .await?;
    Ok(row.as_ref().map(SlaRule::from).unwrap_or(FALLBACK))
}

/// Working days between two dates: listed days override the Monday-to-Friday rule.
#[derive(Debug, Clone, Default)]
pub struct WorkingCalendar {
    overrides: HashMap<NaiveDate, bool>,
}

impl WorkingCalendar {
    pub fn from_overrides(overrides: impl IntoIterator<Item = (NaiveDate, bool)>) -> Self {
        Self {
            overrides: overrides.into_iter().collect(),
        }
    }

    /// Loads the listed days in `[from, to]`.
    pub async fn load(
        db: &impl ConnectionTrait,
        from: NaiveDate,
        to: NaiveDate,
    ) -> AppResult<Self> {
        let rows = calendar_day::Entity::find()
            .filter(calendar_day::Column::Date.between(from, to))
            .all(db)
            .await?;
        Ok(Self::from_overrides(
            rows.into_iter().map(|d| (d.date, d.working)),
        ))
    }

    /// A listed day decides; otherwise the Monday-to-Friday rule ([`is_weekday_working`]).
    pub fn is_working(&self, date: NaiveDate) -> bool {
        self.overrides
            .get(&date)
            .copied()
            .unwrap_or_else(|| is_weekday_working(date))
    }

    /// The `n`th working day after `date` (the day itself does not count).
    pub fn nth_working_day_after(&self, date: NaiveDate, n: i64) -> NaiveDate {
        let mut day = date;
        let mut left = n.max(0);
        while left > 0 {
            day = day.succ_opt().unwrap_or(day);
            if self.is_working(day) {
                left -= 1;
            }
        }
        day
    }
}

/// The ordinary week, before holidays and make-up days: Monday to Friday are working days.
pub fn is_weekday_working(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Days of calendar to load so that `n` working days always fit, even across Spring Festival.
pub fn calendar_window(n: i64) -> i64 {
    n.max(0) * 3 + 30
}

/// The last second of `date` in the bureau's time zone, in UTC.
pub fn end_of_day(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    let local = date.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default());
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

/// First-response and resolution deadlines for an inquiry received at `at`.
/// Working days count from the day after receipt; the deadline is the end of the last one.
pub fn deadlines(
    rule: SlaRule,
    calendar: &WorkingCalendar,
    tz: Tz,
    at: DateTime<Utc>,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let first = at + Duration::hours(rule.first_response_hours);
    let due = match rule.resolution_unit {
        ResolutionUnit::Hours => at + Duration::hours(rule.resolution_amount),
        ResolutionUnit::WorkingDays => {
            let local_date = at.with_timezone(&tz).date_naive();
            end_of_day(
                tz,
                calendar.nth_working_day_after(local_date, rule.resolution_amount),
            )
        }
    };
    (first, due)
}

/// Loads what [`deadlines`] needs and computes them.
pub async fn compute(
    db: &impl ConnectionTrait,
    tz: Tz,
    kind: InquiryKind,
    priority: Priority,
    at: DateTime<Utc>,
) -> AppResult<(DateTime<Utc>, DateTime<Utc>)> {
    let rule = rule_for(db, kind, priority).await?;
    let calendar = if rule.resolution_unit == ResolutionUnit::WorkingDays {
        let from = at.with_timezone(&tz).date_naive();
        WorkingCalendar::load(
            db,
            from,
            from + Duration::days(calendar_window(rule.resolution_amount)),
        )
        .await?
    } else {
        WorkingCalendar::default()
    };
    Ok(deadlines(rule, &calendar, tz, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cn2026() -> WorkingCalendar {
        let csv = include_str!("../../migration/data/cn-2026.csv");
        WorkingCalendar::from_overrides(csv.lines().skip(1).filter_map(|l| {
            let mut parts = l.split(',');
            Some((parts.next()?.parse().ok()?, parts.next()? == "true"))
        }))
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    const FIVE_DAYS: SlaRule = SlaRule {
        first_response_hours: 24,
        resolution_amount: 5,
        resolution_unit: ResolutionUnit::WorkingDays,
    };

    #[test]
    fn national_day_week_does_not_count_but_the_make_up_saturday_does() {
        // Received Wed 2026-09-30 10:00 Beijing. Oct 1-7 are off; Sat Oct 10 is a make-up working day.
        // Working days after: Oct 8 (Thu), 9 (Fri), 10 (Sat, make-up), 12 (Mon), 13 (Tue).
        let (first, due) = deadlines(
            FIVE_DAYS,
            &cn2026(),
            chrono_tz::Asia::Shanghai,
            utc("2026-09-30T02:00:00Z"),
        );
        assert_eq!(first, utc("2026-10-01T02:00:00Z"));
        assert_eq!(due, utc("2026-10-13T15:59:59Z"));
    }

    #[test]
    fn spring_festival_holidays_are_skipped_and_make_up_days_counted() {
        // Received Fri 2026-02-13 at 18:00 Beijing. Sat Feb 14 is a make-up working day (1st);
        // Feb 15-23 are off; Feb 24, 25, 26, 27 are the 2nd to 5th.
        let (_, due) = deadlines(
            FIVE_DAYS,
            &cn2026(),
            chrono_tz::Asia::Shanghai,
            utc("2026-02-13T10:00:00Z"),
        );
        assert_eq!(due, utc("2026-02-27T15:59:59Z"));
    }

    #[test]
    fn hours_are_counted_on_the_clock() {
        let rule = SlaRule {
            first_response_hours: 2,
            resolution_amount: 24,
            resolution_unit: ResolutionUnit::Hours,
        };
        let (first, due) = deadlines(
            rule,
            &cn2026(),
            chrono_tz::Asia::Shanghai,
            utc("2026-10-01T02:00:00Z"),
        );
        assert_eq!(first, utc("2026-10-01T04:00:00Z"));
        assert_eq!(due, utc("2026-10-02T02:00:00Z"));
    }
}
