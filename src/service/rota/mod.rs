//! The duty rota (值班, 實名上崗): officers hold a district's desk in named shifts, every
//! morning and evening, weekends and public holidays included. Supervisors schedule,
//! swap and cancel shifts; the officer on a shift checks in and out of it; anyone may
//! ask who holds a district's desk now; gaps in the rota are counted for reports; and a
//! district may have its new inquiries offered to the officer on duty.
//!
//! Every change commits together with its outbox row (`duty_shift.*`, `district.intake_changed`).

pub mod gaps;
pub mod intake;
pub mod queries;
pub mod shifts;
mod slots;

use chrono::{DateTime, NaiveDate, Utc};
use entity::{district, duty_shift};
use sea_orm::ConnectionTrait;
use serde_json::json;

pub use slots::{DaySlot, RotaSettings, local};

use crate::domain::districts::DistrictDirectory;
use crate::{
    auth::Principal,
    error::{AppError, AppResult},
    service::timeline,
};

/// Longest shift: a double shift with a break, no more (tired officers answer badly).
pub const MAX_SHIFT_HOURS: i64 = 16;
/// How far ahead a shift may be scheduled.
pub const MAX_DAYS_AHEAD: i64 = 366;
/// Longest date range of `dutyShifts` and `rotaGaps` (two months: a rota is planned monthly).
pub const MAX_RANGE_DAYS: i64 = 62;

pub use crate::service::Ctx;

/// A district by its code; an unknown code is the caller's mistake.
pub fn district_by_code<'a>(
    directory: &'a DistrictDirectory,
    code: &str,
) -> AppResult<&'a district::Model> {
    directory.resolve("districtCode", code)
}

/// Checks a range of local dates: `to` not before `from`, at most [`MAX_RANGE_DAYS`] days.
pub fn check_range(from: NaiveDate, to: NaiveDate) -> AppResult<()> {
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

/// Appends the outbox row announcing a change of `shift`.
async fn announce(
    txn: &impl ConnectionTrait,
    event: &str,
    shift: &duty_shift::Model,
    principal: &Principal,
    at: DateTime<Utc>,
) -> AppResult<()> {
    let payload = json!({
        "shiftId": shift.id,
        "officerId": shift.officer_id,
        "districtId": shift.district_id,
        "kind": shift.kind.as_str(),
        "startsAt": shift.starts_at,
        "endsAt": shift.ends_at,
        "swappedFromId": shift.swapped_from_id,
        "by": principal.subject_label(),
        "at": at,
    });
    timeline::outbox(
        txn,
        timeline::OutboxEntry {
            event,
            payload,
            inquiry_id: None,
            district_id: Some(shift.district_id),
            at,
        },
    )
    .await
}
