//! The working calendar as the public sees it (every date, working or not, and why)
//! and its administration: holidays and make-up working days (調休) of later years.
//! Working-day deadlines read the same table (`deadline::WorkingCalendar`); a change
//! applies to deadlines computed afterwards, not to those already set.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use entity::calendar_day;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, sea_query::OnConflict,
};
use uuid::Uuid;

use crate::domain::validate;
use crate::{
    auth::{Principal, policy},
    db::begin_write,
    error::{AppError, AppResult},
    service::deadline::{WorkingCalendar, is_weekday_working},
};

/// Longest range one `calendar` query returns: a leap year.
pub const MAX_RANGE_DAYS: i64 = 366;
/// Most days one `setCalendarDays` call may write (a year's list with room to spare).
pub const MAX_DAYS_PER_CALL: usize = 400;
/// Longest holiday name, in characters.
pub const MAX_NAME_CHARS: usize = 50;

/// Why a date is, or is not, a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DaySource {
    /// Listed as a day off (a public holiday, including its weekend days).
    Holiday,
    /// A listed weekend day worked to make up for a holiday (調休).
    MakeUpWorkday,
    /// An ordinary Saturday or Sunday.
    Weekend,
    /// An ordinary Monday to Friday (or a listed one that stays a working day).
    Workday,
}

/// One date of the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEntry {
    pub date: NaiveDate,
    pub working: bool,
    /// The holiday's name, for listed days.
    pub name: Option<String>,
    pub source: DaySource,
}

/// Classifies a date from its listing (working or not), if any, and its weekday.
pub fn source_of(date: NaiveDate, listed: Option<bool>) -> DaySource {
    match (listed, is_weekday_working(date)) {
        (Some(false), _) => DaySource::Holiday,
        (Some(true), false) => DaySource::MakeUpWorkday,
        (None, false) => DaySource::Weekend,
        (Some(true) | None, true) => DaySource::Workday,
    }
}

fn entries(
    from: NaiveDate,
    to: NaiveDate,
    rows: impl IntoIterator<Item = calendar_day::Model>,
) -> Vec<CalendarEntry> {
    let listed: HashMap<NaiveDate, calendar_day::Model> =
        rows.into_iter().map(|d| (d.date, d)).collect();
    let working = WorkingCalendar::from_overrides(listed.values().map(|d| (d.date, d.working)));
    from.iter_days()
        .take_while(|d| *d <= to)
        .map(|date| {
            let row = listed.get(&date);
            CalendarEntry {
                date,
                working: working.is_working(date),
                name: row.map(|d| d.name.clone()),
                source: source_of(date, row.map(|d| d.working)),
            }
        })
        .collect()
}

/// Every date in `[from, to]` (at most [`MAX_RANGE_DAYS`]), open to everyone: it is the
/// official calendar that deadlines are counted on.
pub async fn calendar(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<CalendarEntry>> {
    check_range(from, to)?;
    let rows = calendar_day::Entity::find()
        .filter(calendar_day::Column::Date.between(from, to))
        .all(db)
        .await?;
    Ok(entries(from, to, rows))
}

fn check_range(from: NaiveDate, to: NaiveDate) -> AppResult<()> {
    if to < from {
        return Err(AppError::bad_input("to", "must not be before from"));
    }
    if (to - from).num_days() + 1 > MAX_RANGE_DAYS {
        return Err(AppError::bad_input(
            "to",
            format!("at most {MAX_RANGE_DAYS} days per query"),
        ));
    }
    Ok(())
}

/// One listed day to store.
#[derive(Debug, Clone)]
pub struct SetDay {
    pub date: NaiveDate,
    pub working: bool,
    /// 1..50 characters, e.g. `春节` or `春节 调休上班`.
    pub name: String,
}

/// Lists or re-lists days (upsert by date) in one transaction: all or nothing.
/// Returns the stored days in date order.
pub async fn set_calendar_days(
    db: &DatabaseConnection,
    principal: &Principal,
    days: Vec<SetDay>,
) -> AppResult<Vec<CalendarEntry>> {
    policy::ensure_admin(principal)?;
    let days = validate_days(days)?;
    let now = crate::service::now();
    let dates: Vec<NaiveDate> = days.iter().map(|d| d.date).collect();
    let rows = days.into_iter().map(|d| calendar_day::ActiveModel {
        id: Set(Uuid::now_v7()),
        date: Set(d.date),
        working: Set(d.working),
        name: Set(d.name),
        created_at: Set(now),
        updated_at: Set(now),
    });
    let txn = begin_write(db).await?;
    calendar_day::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(calendar_day::Column::Date)
                .update_columns([
                    calendar_day::Column::Working,
                    calendar_day::Column::Name,
                    calendar_day::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    let stored = calendar_day::Entity::find()
        .filter(calendar_day::Column::Date.is_in(dates))
        .order_by_asc(calendar_day::Column::Date)
        .all(&txn)
        .await?;
    txn.commit().await?;
    Ok(stored
        .into_iter()
        .map(|d| CalendarEntry {
            source: source_of(d.date, Some(d.working)),
            date: d.date,
            working: d.working,
            name: Some(d.name),
        })
        .collect())
}

/// 1..[`MAX_DAYS_PER_CALL`] days, each date once, each with a name; names are trimmed.
fn validate_days(days: Vec<SetDay>) -> AppResult<Vec<SetDay>> {
    if days.is_empty() || days.len() > MAX_DAYS_PER_CALL {
        return Err(AppError::bad_input(
            "days",
            format!("list 1 to {MAX_DAYS_PER_CALL} days per call"),
        ));
    }
    let mut seen = HashSet::new();
    days.into_iter()
        .enumerate()
        .map(|(i, d)| {
            if !seen.insert(d.date) {
                return Err(AppError::bad_input(
                    format!("days[{i}].date"),
                    format!("{} is listed twice", d.date),
                ));
            }
            let name = validate::text(&format!("days[{i}].name"), &d.name, 1, MAX_NAME_CHARS)?;
            Ok(SetDay { name, ..d })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn row(d: &str, working: bool, name: &str) -> calendar_day::Model {
        let now = chrono::Utc::now();
        calendar_day::Model {
            id: Uuid::now_v7(),
            date: date(d),
            working,
            name: name.into(),
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn listed_days_override_the_weekday_and_say_why() {
        // Part of the National Day holiday: Sat 2026-10-03 off, Sat 2026-10-10 a make-up day.
        let rows = [
            row("2026-10-02", false, "国庆节"),
            row("2026-10-03", false, "国庆节"),
            row("2026-10-10", true, "国庆节 调休上班"),
        ];
        let got = entries(date("2026-10-02"), date("2026-10-12"), rows);
        let brief: Vec<(String, bool, DaySource)> = got
            .iter()
            .map(|e| (e.date.to_string(), e.working, e.source))
            .collect();
        use DaySource::*;
        assert_eq!(
            brief,
            [
                ("2026-10-02", false, Holiday),
                ("2026-10-03", false, Holiday),
                ("2026-10-04", false, Weekend),
                ("2026-10-05", true, Workday),
                ("2026-10-06", true, Workday),
                ("2026-10-07", true, Workday),
                ("2026-10-08", true, Workday),
                ("2026-10-09", true, Workday),
                ("2026-10-10", true, MakeUpWorkday),
                ("2026-10-11", false, Weekend),
                ("2026-10-12", true, Workday),
            ]
            .map(|(d, w, s)| (d.to_owned(), w, s))
        );
        assert_eq!(got[0].name.as_deref(), Some("国庆节"));
        assert_eq!(got[2].name, None);
    }

    #[test]
    fn a_listed_working_weekday_is_an_ordinary_workday() {
        assert_eq!(
            source_of(date("2026-10-12"), Some(true)),
            DaySource::Workday
        );
    }

    #[test]
    fn ranges_are_bounded_to_a_leap_year() {
        assert!(check_range(date("2028-01-01"), date("2028-12-31")).is_ok());
        assert!(check_range(date("2026-01-01"), date("2026-01-01")).is_ok());
        for (from, to) in [("2026-01-02", "2026-01-01"), ("2026-01-01", "2027-01-02")] {
            match check_range(date(from), date(to)) {
                Err(AppError::BadInput { field, .. }) => assert_eq!(field, "to"),
                other => panic!("{from}..{to}: {other:?}"),
            }
        }
    }

    #[test]
    fn days_need_a_name_and_each_date_once() {
        let day = |d: &str, name: &str| SetDay {
            date: date(d),
            working: false,
            name: name.into(),
        };
        let field = |r: AppResult<Vec<SetDay>>| match r {
            Err(AppError::BadInput { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(validate_days(vec![])), "days");
        assert_eq!(
            field(validate_days(vec![
                day("2027-01-01", "元旦"),
                day("2027-01-01", "元旦")
            ])),
            "days[1].date"
        );
        assert_eq!(
            field(validate_days(vec![day("2027-01-01", "  ")])),
            "days[0].name"
        );
        assert_eq!(
            field(validate_days(vec![day("2027-01-01", &"节".repeat(51))])),
            "days[0].name"
        );
        let ok = validate_days(vec![day("2027-01-01", " 元旦 ")]).unwrap();
        assert_eq!(ok[0].name, "元旦");
        let many: Vec<SetDay> = date("2027-01-01")
            .iter_days()
            .take(401)
            .map(|d| SetDay {
                date: d,
                working: true,
                name: "x".into(),
            })
            .collect();
        assert_eq!(field(validate_days(many)), "days");
    }
}
