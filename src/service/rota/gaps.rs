//! Rota gaps: the morning and evening slots of every day (weekends and public holidays
//! included, as the programme requires) that nobody held or is set to hold.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::{ShiftKind, calendar_day, duty_shift, inquiry};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::{Ctx, check_range, district_by_code, queries::active_officers};
use crate::{
    auth::policy,
    error::AppResult,
    service::calendar::{DaySource, source_of},
};

/// One slot of one day that nobody covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotaGap {
    pub district_id: Uuid,
    /// The local date of the slot.
    pub date: NaiveDate,
    pub kind: ShiftKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The name of the public holiday the date belongs to (days off only).
    pub holiday_name: Option<String>,
    pub day_source: DaySource,
    /// Inquiries received in the district during the slot: nobody was on duty to take them.
    pub unattended_inquiries: u64,
}

/// True when `intervals` together cover `[start, end)`.
fn covers(
    mut intervals: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> bool {
    intervals.sort();
    let mut reached = start;
    for (a, b) in intervals {
        if a > reached {
            break;
        }
        reached = reached.max(b);
        if reached >= end {
            return true;
        }
    }
    reached >= end
}

/// Every morning and evening slot of the local days `from..=to` (at most 62) in a district
/// that the non-cancelled shifts of the district do not cover from start to end, in order.
/// A slot that has ended counts as covered only by shifts whose officer checked in (a
/// scheduled officer who never came left the desk empty); a slot still to come or under
/// way counts scheduled shifts. Staff of the district and admins.
pub async fn rota_gaps(
    ctx: Ctx<'_>,
    from: NaiveDate,
    to: NaiveDate,
    district_code: &str,
    now: DateTime<Utc>,
) -> AppResult<Vec<RotaGap>> {
    let district = district_by_code(ctx.directory, district_code)?;
    policy::ensure_may_read_rota(ctx.principal, district.id)?;
    check_range(from, to)?;
    let tz = ctx.rota.tz;
    let slots: Vec<(NaiveDate, ShiftKind, DateTime<Utc>, DateTime<Utc>)> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .flat_map(|date| {
            ctx.rota.slots().map(|(kind, slot)| {
                let (s, e) = slot.on(tz, date);
                (date, kind, s, e)
            })
        })
        .collect();
    let (Some(window_start), Some(window_end)) = (
        slots.iter().map(|s| s.2).min(),
        slots.iter().map(|s| s.3).max(),
    ) else {
        return Ok(Vec::new());
    };
    let shifts = duty_shift::Entity::find()
        .filter(duty_shift::Column::DistrictId.eq(district.id))
        .filter(duty_shift::Column::CancelledAt.is_null())
        .filter(duty_shift::Column::StartsAt.lt(window_end))
        .filter(duty_shift::Column::EndsAt.gt(window_start))
        // A shift someone actually held counts; one still to be held only while its
        // officer is active.
        .filter(
            Condition::any()
                .add(duty_shift::Column::CheckedInAt.is_not_null())
                .add(duty_shift::Column::OfficerId.in_subquery(active_officers())),
        )
        .all(ctx.db)
        .await?;
    let listed: HashMap<NaiveDate, calendar_day::Model> = calendar_day::Entity::find()
        .filter(calendar_day::Column::Date.between(from, to))
        .all(ctx.db)
        .await?
        .into_iter()
        .map(|d| (d.date, d))
        .collect();
    let arrivals: Vec<DateTime<Utc>> = inquiry::Entity::find()
        .select_only()
        .column(inquiry::Column::CreatedAt)
        .filter(inquiry::Column::DistrictId.eq(district.id))
        .filter(inquiry::Column::CreatedAt.gte(window_start))
        .filter(inquiry::Column::CreatedAt.lt(window_end))
        .into_tuple()
        .all(ctx.db)
        .await?;
    let mut gaps = Vec::new();
    for (date, kind, start, end) in slots {
        let past = end <= now;
        let holding: Vec<_> = shifts
            .iter()
            .filter(|s| s.starts_at < end && s.ends_at > start)
            .filter(|s| !past || s.checked_in_at.is_some())
            .map(|s| (s.starts_at, s.ends_at))
            .collect();
        if covers(holding, start, end) {
            continue;
        }
        let day = listed.get(&date);
        gaps.push(RotaGap {
            district_id: district.id,
            date,
            kind,
            starts_at: start,
            ends_at: end,
            holiday_name: day.filter(|d| !d.working).map(|d| d.name.clone()),
            day_source: source_of(date, day.map(|d| d.working)),
            unattended_inquiries: arrivals
                .iter()
                .filter(|t| **t >= start && **t < end)
                .count() as u64,
        });
    }
    Ok(gaps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, 1, h, m, 0).unwrap()
    }

    #[test]
    fn back_to_back_shifts_cover_a_slot_and_a_hole_does_not() {
        let slot = (at(8, 0), at(12, 0));
        assert!(covers(
            vec![(at(10, 0), at(12, 0)), (at(7, 30), at(10, 0))],
            slot.0,
            slot.1
        ));
        assert!(!covers(
            vec![(at(8, 0), at(10, 0)), (at(10, 30), at(12, 0))],
            slot.0,
            slot.1
        ));
        assert!(!covers(vec![], slot.0, slot.1));
        assert!(!covers(vec![(at(8, 30), at(12, 0))], slot.0, slot.1));
    }
}
