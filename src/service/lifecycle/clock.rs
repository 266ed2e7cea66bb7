//! The deadline clock of one inquiry: how pauses, extensions and re-handling
//! move it, and which `deadlineState` it is in.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use entity::{InquiryStatus, ResolutionUnit, inquiry};

use crate::service::deadline::{WorkingCalendar, end_of_day};

/// Where an inquiry stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineState {
    OnTrack,
    /// 80% or more of the time is used.
    DueSoon,
    Overdue,
    /// Resolved in time.
    Met,
    /// Resolved late.
    Missed,
}

/// Share of the time after which an inquiry is due soon.
pub const DUE_SOON_SHARE: f64 = 0.8;

/// The moment 80% of the span from `start` to `due` is used.
pub fn due_soon_at(start: DateTime<Utc>, due: DateTime<Utc>) -> DateTime<Utc> {
    let span = (due - start).num_seconds().max(0) as f64;
    start + Duration::seconds((span * DUE_SOON_SHARE) as i64)
}

/// The state of `inquiry` at `now`. `None` for rejected and merged inquiries, which have no result of their own.
pub fn state(inquiry: &inquiry::Model, now: DateTime<Utc>) -> Option<DeadlineState> {
    use InquiryStatus::*;
    let due = inquiry.due_at?;
    match inquiry.status {
        Rejected | Merged => None,
        Resolved | Closed => {
            let done = inquiry.resolved_at.unwrap_or(now);
            Some(if done <= due {
                DeadlineState::Met
            } else {
                DeadlineState::Missed
            })
        }
        New | Assigned | InProgress | Answered | Reopened => {
            // While paused the clock stands still at the moment it was stopped.
            let at = inquiry.paused_at.unwrap_or(now);
            let soon = inquiry
                .due_soon_at
                .unwrap_or_else(|| due_soon_at(inquiry.created_at, due));
            Some(if at > due {
                DeadlineState::Overdue
            } else if at >= soon {
                DeadlineState::DueSoon
            } else {
                DeadlineState::OnTrack
            })
        }
    }
}

/// Working days on which the clock was stopped: from the pause day up to, not including, the resume day.
pub fn working_days_paused(
    calendar: &WorkingCalendar,
    tz: Tz,
    paused: DateTime<Utc>,
    resumed: DateTime<Utc>,
) -> i64 {
    let (mut day, last) = (
        paused.with_timezone(&tz).date_naive(),
        resumed.with_timezone(&tz).date_naive(),
    );
    let mut n = 0;
    while day < last {
        if calendar.is_working(day) {
            n += 1;
        }
        day = day.succ_opt().unwrap_or(last);
    }
    n
}

/// The resolution deadline after a pause from `paused` to `resumed`: on the clock for `HOURS`,
/// by the working days lost for `WORKING_DAYS`.
pub fn due_after_pause(
    unit: ResolutionUnit,
    calendar: &WorkingCalendar,
    tz: Tz,
    due: DateTime<Utc>,
    paused: DateTime<Utc>,
    resumed: DateTime<Utc>,
) -> DateTime<Utc> {
    match unit {
        ResolutionUnit::Hours => due + (resumed - paused),
        ResolutionUnit::WorkingDays => {
            let lost = working_days_paused(calendar, tz, paused, resumed);
            extend_by_working_days(calendar, tz, due, lost)
        }
    }
}

/// `due` moved later by `days` working days (an approved extension), ending at the end of that day.
pub fn extend_by_working_days(
    calendar: &WorkingCalendar,
    tz: Tz,
    due: DateTime<Utc>,
    days: i64,
) -> DateTime<Utc> {
    if days <= 0 {
        return due;
    }
    end_of_day(
        tz,
        calendar.nth_working_day_after(due.with_timezone(&tz).date_naive(), days),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Asia::Shanghai;

    fn cn2026() -> WorkingCalendar {
        let csv = include_str!("../../../migration/data/cn-2026.csv");
        WorkingCalendar::from_overrides(csv.lines().skip(1).filter_map(|l| {
            let mut parts = l.split(',');
            Some((parts.next()?.parse().ok()?, parts.next()? == "true"))
        }))
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_pause_over_national_day_costs_only_the_working_days_it_covered() {
        // Paused Tue 2026-09-29 10:00 Beijing, resumed Fri 2026-10-09 09:00 Beijing.
        // Working days stopped: Sep 29, Sep 30, Oct 8 (Oct 1-7 are holidays) = 3.
        let cal = cn2026();
        let (p, r) = (utc("2026-09-29T02:00:00Z"), utc("2026-10-09T01:00:00Z"));
        assert_eq!(working_days_paused(&cal, Shanghai, p, r), 3);
        // Due was end of Wed 2026-10-14; three working days later: Oct 15, 16, Sat 17? No: Oct 17 is a normal
        // Saturday; so Oct 15 (Thu), 16 (Fri), 19 (Mon).
        let due = utc("2026-10-14T15:59:59Z");
        assert_eq!(
            due_after_pause(ResolutionUnit::WorkingDays, &cal, Shanghai, due, p, r),
            utc("2026-10-19T15:59:59Z")
        );
        assert_eq!(
            due_after_pause(ResolutionUnit::Hours, &cal, Shanghai, due, p, r),
            due + (r - p)
        );
    }

    #[test]
    fn an_extension_counts_the_make_up_saturday_after_national_day() {
        // Due end of Fri 2026-10-09; +2 working days: Sat Oct 10 (make-up) and Mon Oct 12.
        let cal = cn2026();
        let due = utc("2026-10-09T15:59:59Z");
        assert_eq!(
            extend_by_working_days(&cal, Shanghai, due, 2),
            utc("2026-10-12T15:59:59Z")
        );
    }

    #[test]
    fn due_soon_starts_at_eighty_percent_of_the_time() {
        let (start, due) = (utc("2026-11-02T00:00:00Z"), utc("2026-11-12T00:00:00Z"));
        assert_eq!(due_soon_at(start, due), utc("2026-11-10T00:00:00Z"));
    }
}
