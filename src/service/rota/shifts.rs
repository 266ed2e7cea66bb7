//! Changing the rota: schedule, swap, cancel, check in, check out.
//!
//! Every command runs in one write transaction that locks what it decides on (the
//! officer row before an overlap check, the shift row before a state change), so two
//! concurrent requests cannot both book one officer twice or both swap one shift. SQLite
//! serialises writers with `BEGIN IMMEDIATE`; PostgreSQL takes the row locks.

use chrono::{DateTime, Duration, Utc};
use entity::{ShiftKind, department, duty_shift, officer};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::{Ctx, MAX_DAYS_AHEAD, MAX_SHIFT_HOURS, announce, district_by_code};
use crate::domain::districts::DistrictDirectory;
use crate::domain::values::Reason;
use crate::{
    auth::policy,
    db::begin_write,
    error::{AppError, AppResult},
    service::now,
};

/// A new shift.
#[derive(Debug, Clone)]
pub struct ScheduleShift {
    pub officer_id: Uuid,
    pub district_code: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub kind: ShiftKind,
}

/// A shift handed to another officer ([`swap`]). Named fields, because the shift and the
/// officer are both uuids: positional ones would let a swapped pair compile.
#[derive(Debug, Clone)]
pub struct SwapShift {
    pub shift_id: Uuid,
    pub to_officer_id: Uuid,
    /// Why, kept on the replacement.
    pub reason: Reason,
}

/// Ends after it starts, lasts at most [`MAX_SHIFT_HOURS`], is not over yet (the rota
/// plans ahead; a shift already running may still be put on it, e.g. emergency cover),
/// and starts within [`MAX_DAYS_AHEAD`] days.
fn check_times(
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if ends_at <= starts_at {
        return Err(AppError::bad_input("endsAt", "must be after startsAt"));
    }
    if ends_at - starts_at > Duration::hours(MAX_SHIFT_HOURS) {
        return Err(AppError::bad_input(
            "endsAt",
            format!("a shift lasts at most {MAX_SHIFT_HOURS} hours"),
        ));
    }
    if ends_at <= now {
        return Err(AppError::bad_input(
            "endsAt",
            "the shift would be over already",
        ));
    }
    if starts_at > now + Duration::days(MAX_DAYS_AHEAD) {
        return Err(AppError::bad_input(
            "startsAt",
            format!("at most {MAX_DAYS_AHEAD} days ahead"),
        ));
    }
    Ok(())
}

/// An officer to hold a district's desk. Named fields, because both are uuids: positional
/// ones would let a swapped pair compile.
#[derive(Debug, Clone, Copy)]
struct Posting {
    officer_id: Uuid,
    district_id: Uuid,
}

/// Loads and locks an active officer who can hold the desk of `district_id`: their
/// department serves that district or the city above it (city divisions cover every
/// county; a county bureau only its own).
async fn duty_officer(
    txn: &DatabaseTransaction,
    directory: &DistrictDirectory,
    posting: Posting,
    field: &str,
) -> AppResult<officer::Model> {
    let Posting {
        officer_id,
        district_id,
    } = posting;
    let officer = officer::Entity::find_by_id(officer_id)
        .lock_exclusive()
        .one(txn)
        .await?
        .filter(|o| o.active)
        .ok_or_else(|| AppError::bad_input(field, "no active officer with this id"))?;
    let dept = department::Entity::find_by_id(officer.department_id)
        .one(txn)
        .await?
        .filter(|d| d.active)
        .ok_or_else(|| AppError::bad_input(field, "the officer's department is inactive"))?;
    let mut at = Some(district_id);
    for _ in 0..16 {
        match at {
            Some(d) if d == dept.district_id => return Ok(officer),
            Some(d) => at = directory.get(d).and_then(|x| x.parent_id),
            None => break,
        }
    }
    Err(AppError::bad_input(
        field,
        "the officer's department does not serve this district",
    ))
}

/// Refuses a shift that overlaps another non-cancelled shift of the same officer.
/// Call with the officer row locked, inside the write transaction.
async fn ensure_free(
    txn: &impl ConnectionTrait,
    officer_id: Uuid,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    field: &str,
) -> AppResult<()> {
    let clash = duty_shift::Entity::find()
        .filter(duty_shift::Column::OfficerId.eq(officer_id))
        .filter(duty_shift::Column::CancelledAt.is_null())
        .filter(duty_shift::Column::StartsAt.lt(ends_at))
        .filter(duty_shift::Column::EndsAt.gt(starts_at))
        .one(txn)
        .await?;
    match clash {
        Some(c) => Err(AppError::bad_input(
            field,
            format!(
                "the officer already has a shift from {} to {}",
                c.starts_at.to_rfc3339(),
                c.ends_at.to_rfc3339()
            ),
        )),
        None => Ok(()),
    }
}

/// Loads a shift the caller may see, locked until the transaction ends.
async fn load(txn: &DatabaseTransaction, ctx: Ctx<'_>, id: Uuid) -> AppResult<duty_shift::Model> {
    duty_shift::Entity::find_by_id(id)
        .filter(policy::shift_scope(ctx.principal))
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(AppError::NotFound("shift"))
}

fn new_shift(
    posting: Posting,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    kind: ShiftKind,
    now: DateTime<Utc>,
) -> duty_shift::Model {
    duty_shift::Model {
        id: Uuid::now_v7(),
        officer_id: posting.officer_id,
        district_id: posting.district_id,
        starts_at,
        ends_at,
        kind,
        checked_in_at: None,
        checked_out_at: None,
        swapped_from_id: None,
        swap_reason: None,
        cancelled_at: None,
        created_at: now,
        updated_at: now,
    }
}

/// Puts an officer on the rota of a district (supervisors of the district and admins).
pub async fn schedule(ctx: Ctx<'_>, input: ScheduleShift) -> AppResult<duty_shift::Model> {
    let district = district_by_code(ctx.directory, &input.district_code)?;
    policy::ensure_may_manage_rota(ctx.principal, district.id)?;
    let (starts_at, ends_at) = (trunc(input.starts_at), trunc(input.ends_at));
    let now = now();
    check_times(starts_at, ends_at, now)?;
    ctx.rota
        .check_kind(input.kind, starts_at)
        .map_err(|hours| AppError::bad_input("kind", hours))?;
    let txn = begin_write(ctx.db).await?;
    let posting = Posting {
        officer_id: input.officer_id,
        district_id: district.id,
    };
    let officer = duty_officer(&txn, ctx.directory, posting, "officerId").await?;
    ensure_free(&txn, officer.id, starts_at, ends_at, "startsAt").await?;
    let posting = Posting {
        officer_id: officer.id,
        district_id: district.id,
    };
    let row = new_shift(posting, starts_at, ends_at, input.kind, now);
    let stored = duty_shift::Entity::insert(duty_shift::ActiveModel::from(row))
        .exec_with_returning(&txn)
        .await?;
    announce(&txn, "duty_shift.scheduled", &stored, ctx.principal, now).await?;
    txn.commit().await?;
    Ok(stored)
}

/// Hands a shift that has not started to another officer: the original is cancelled and a
/// new shift (same district, times and kind) points back at it with the reason. Asked by
/// the district's supervisors, admins, or the officer holding the shift. The new officer
/// must be active, able to serve the district and free at that time.
/// Returns the cancelled original and the replacement.
pub async fn swap(
    ctx: Ctx<'_>,
    command: SwapShift,
) -> AppResult<(duty_shift::Model, duty_shift::Model)> {
    let SwapShift {
        shift_id,
        to_officer_id,
        reason,
    } = command;
    let reason = reason.into_string();
    let now = now();
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx, shift_id).await?;
    policy::ensure_may_swap_shift(ctx.principal, &current)?;
    if current.cancelled_at.is_some() {
        return Err(AppError::InvalidTransition(
            "the shift was cancelled".into(),
        ));
    }
    if current.checked_in_at.is_some() || current.starts_at <= now {
        return Err(AppError::InvalidTransition(
            "the shift has started; only shifts still to come are swapped".into(),
        ));
    }
    if to_officer_id == current.officer_id {
        return Err(AppError::bad_input(
            "toOfficerId",
            "the shift is already this officer's",
        ));
    }
    let posting = Posting {
        officer_id: to_officer_id,
        district_id: current.district_id,
    };
    let officer = duty_officer(&txn, ctx.directory, posting, "toOfficerId").await?;
    ensure_free(
        &txn,
        officer.id,
        current.starts_at,
        current.ends_at,
        "toOfficerId",
    )
    .await?;
    let mut cancel: duty_shift::ActiveModel = current.clone().into();
    cancel.cancelled_at = Set(Some(now));
    cancel.updated_at = Set(now);
    let previous = cancel.update(&txn).await?;
    let posting = Posting {
        officer_id: officer.id,
        district_id: current.district_id,
    };
    let mut row = new_shift(
        posting,
        current.starts_at,
        current.ends_at,
        current.kind,
        now,
    );
    row.swapped_from_id = Some(current.id);
    row.swap_reason = Some(reason);
    let replacement = duty_shift::Entity::insert(duty_shift::ActiveModel::from(row))
        .exec_with_returning(&txn)
        .await?;
    announce(&txn, "duty_shift.swapped", &replacement, ctx.principal, now).await?;
    txn.commit().await?;
    Ok((previous, replacement))
}

/// Takes a shift off the rota (the district's supervisors and admins). A shift already
/// checked in, over or cancelled stays as it is: the record of who held the desk is kept.
pub async fn cancel(ctx: Ctx<'_>, shift_id: Uuid) -> AppResult<duty_shift::Model> {
    let now = now();
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx, shift_id).await?;
    policy::ensure_may_manage_rota(ctx.principal, current.district_id)?;
    if current.cancelled_at.is_some() {
        return Err(AppError::InvalidTransition(
            "the shift is already cancelled".into(),
        ));
    }
    if current.checked_in_at.is_some() {
        return Err(AppError::InvalidTransition(
            "the officer has checked in; the shift cannot be cancelled".into(),
        ));
    }
    if current.ends_at <= now {
        return Err(AppError::InvalidTransition("the shift is over".into()));
    }
    let mut change: duty_shift::ActiveModel = current.into();
    change.cancelled_at = Set(Some(now));
    change.updated_at = Set(now);
    let updated = change.update(&txn).await?;
    announce(&txn, "duty_shift.cancelled", &updated, ctx.principal, now).await?;
    txn.commit().await?;
    Ok(updated)
}

/// The officer on the shift takes the desk: from `ROTA_CHECKIN_EARLY_MINUTES` before the
/// start until the end, once. Outside that window, or on a cancelled shift, it is an
/// `INVALID_TRANSITION` (the shift is not in a state that allows it now).
pub async fn check_in(ctx: Ctx<'_>, shift_id: Uuid) -> AppResult<duty_shift::Model> {
    let now = now();
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx, shift_id).await?;
    policy::ensure_holds_shift(ctx.principal, &current)?;
    if current.cancelled_at.is_some() {
        return Err(AppError::InvalidTransition(
            "the shift was cancelled".into(),
        ));
    }
    if current.checked_in_at.is_some() {
        return Err(AppError::InvalidTransition("already checked in".into()));
    }
    let opens = current.starts_at - ctx.rota.checkin_early;
    if now < opens {
        return Err(AppError::InvalidTransition(format!(
            "check-in opens at {}",
            opens.with_timezone(&ctx.rota.tz).format("%Y-%m-%d %H:%M")
        )));
    }
    if now >= current.ends_at {
        return Err(AppError::InvalidTransition("the shift is over".into()));
    }
    let mut change: duty_shift::ActiveModel = current.into();
    change.checked_in_at = Set(Some(now));
    change.updated_at = Set(now);
    let updated = change.update(&txn).await?;
    announce(&txn, "duty_shift.checked_in", &updated, ctx.principal, now).await?;
    txn.commit().await?;
    Ok(updated)
}

/// The officer on the shift hands the desk back, once, after checking in (late check-outs
/// are allowed: an answer in progress is finished first).
pub async fn check_out(ctx: Ctx<'_>, shift_id: Uuid) -> AppResult<duty_shift::Model> {
    let now = now();
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx, shift_id).await?;
    policy::ensure_holds_shift(ctx.principal, &current)?;
    if current.checked_in_at.is_none() {
        return Err(AppError::InvalidTransition("not checked in".into()));
    }
    if current.checked_out_at.is_some() {
        return Err(AppError::InvalidTransition("already checked out".into()));
    }
    let mut change: duty_shift::ActiveModel = current.into();
    change.checked_out_at = Set(Some(now));
    change.updated_at = Set(now);
    let updated = change.update(&txn).await?;
    announce(&txn, "duty_shift.checked_out", &updated, ctx.principal, now).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Microseconds, as both databases store them, so what is returned equals what is read back.
fn trunc(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::SubsecRound;
    t.trunc_subsecs(6)
}
