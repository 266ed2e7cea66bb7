//! Working an inquiry: starting, pausing the clock while waiting for the citizen,
//! and extensions of the deadline (approved by a supervisor).

use chrono::Duration;
use entity::{EventKind, inquiry};
use sea_orm::ActiveValue::Set;
use serde_json::json;
use uuid::Uuid;

use super::{
    Ctx, clock,
    core::{changes, event, load, save},
    transitions::{self, Action},
};
use crate::{
    auth::policy,
    db::begin_write,
    error::{AppError, AppResult},
    service::{
        deadline::{self, WorkingCalendar, calendar_window},
        timeline, validate,
    },
};

/// Longest extension one request may ask for, in working days.
pub const MAX_EXTENSION_DAYS: i32 = 30;

/// The handling officer takes the inquiry up (and becomes its named officer if none was set).
pub async fn start_work(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
) -> AppResult<inquiry::Model> {
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx.principal, id, Some(expected_version)).await?;
    policy::ensure_may(ctx.principal, Action::StartWork, &current)?;
    let next = transitions::check(current.status, Action::StartWork)?;
    let now = crate::service::now();
    let mut c = changes();
    c.status = Set(next);
    if current.officer_id.is_none()
        && let Some(staff) = ctx.principal.staff()
        && current.department_id == Some(staff.department_id)
    {
        c.officer_id = Set(Some(staff.officer_id));
    }
    let updated = save(&txn, &current, c, now).await?;
    timeline::record(
        &txn,
        &updated,
        event(ctx.principal, EventKind::WorkStarted, false, None, None),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Stops the deadline clock (waiting for the citizen's answer or material).
pub async fn pause(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    reason: &str,
) -> AppResult<inquiry::Model> {
    let reason = validate::text("reason", reason, 1, 500)?;
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx.principal, id, Some(expected_version)).await?;
    policy::ensure_may(ctx.principal, Action::Pause, &current)?;
    let next = transitions::check(current.status, Action::Pause)?;
    if current.paused_at.is_some() {
        return Err(AppError::InvalidTransition(
            "the clock is already paused".into(),
        ));
    }
    let now = crate::service::now();
    let mut c = changes();
    c.status = Set(next);
    c.paused_at = Set(Some(now));
    let updated = save(&txn, &current, c, now).await?;
    timeline::record(
        &txn,
        &updated,
        event(ctx.principal, EventKind::Paused, false, Some(reason), None),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Restarts the clock; the deadlines move by the time lost (working days for working-day policies).
pub async fn resume(ctx: Ctx<'_>, id: Uuid, expected_version: i32) -> AppResult<inquiry::Model> {
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx.principal, id, Some(expected_version)).await?;
    policy::ensure_may(ctx.principal, Action::Resume, &current)?;
    let next = transitions::check(current.status, Action::Resume)?;
    let Some(paused) = current.paused_at else {
        return Err(AppError::InvalidTransition(
            "the clock is not paused".into(),
        ));
    };
    let now = crate::service::now();
    let rule = deadline::rule_for(&txn, current.kind, current.priority).await?;
    let mut c = changes();
    c.status = Set(next);
    c.paused_at = Set(None);
    let mut data = json!({ "pausedAt": paused });
    if let Some(due) = current.due_at {
        let tz = ctx.tz;
        let from = paused.with_timezone(&tz).date_naive();
        let to = due.max(now).with_timezone(&tz).date_naive() + Duration::days(calendar_window(60));
        let calendar = WorkingCalendar::load(&txn, from, to).await?;
        let new_due = clock::due_after_pause(rule.resolution_unit, &calendar, tz, due, paused, now);
        let shift = new_due - due;
        c.due_at = Set(Some(new_due));
        c.due_soon_at = Set(current.due_soon_at.map(|s| s + shift));
        if current.first_responded_at.is_none() {
            c.first_response_due_at =
                Set(current.first_response_due_at.map(|f| f + (now - paused)));
        }
        data = json!({ "pausedAt": paused, "dueAt": new_due, "previousDueAt": due });
    }
    let updated = save(&txn, &current, c, now).await?;
    timeline::record(
        &txn,
        &updated,
        event(ctx.principal, EventKind::Resumed, false, None, Some(data)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Asks a supervisor for more working days.
pub async fn request_extension(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    days: i32,
    reason: &str,
) -> AppResult<inquiry::Model> {
    if !(1..=MAX_EXTENSION_DAYS).contains(&days) {
        return Err(AppError::bad_input(
            "days",
            format!("must be between 1 and {MAX_EXTENSION_DAYS}"),
        ));
    }
    let reason = validate::text("reason", reason, 1, 500)?;
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx.principal, id, Some(expected_version)).await?;
    policy::ensure_may(ctx.principal, Action::RequestExtension, &current)?;
    let next = transitions::check(current.status, Action::RequestExtension)?;
    let now = crate::service::now();
    let mut c = changes();
    c.status = Set(next);
    c.pending_extension_days = Set(Some(days));
    let updated = save(&txn, &current, c, now).await?;
    let data = json!({ "days": days });
    timeline::record(
        &txn,
        &updated,
        event(
            ctx.principal,
            EventKind::ExtensionRequested,
            false,
            Some(reason),
            Some(data),
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Grants the pending extension: the deadline moves by that many working days.
pub async fn approve_extension(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
) -> AppResult<inquiry::Model> {
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx.principal, id, Some(expected_version)).await?;
    policy::ensure_may(ctx.principal, Action::ApproveExtension, &current)?;
    let next = transitions::check(current.status, Action::ApproveExtension)?;
    let Some(days) = current.pending_extension_days else {
        return Err(AppError::InvalidTransition(
            "no extension is waiting for approval".into(),
        ));
    };
    let now = crate::service::now();
    let mut c = changes();
    c.status = Set(next);
    c.pending_extension_days = Set(None);
    c.escalated_at = Set(None);
    let mut data = json!({ "days": days });
    if let Some(due) = current.due_at {
        let from = due.with_timezone(&ctx.tz).date_naive();
        let calendar = WorkingCalendar::load(
            &txn,
            from,
            from + Duration::days(calendar_window(days.into())),
        )
        .await?;
        let new_due = clock::extend_by_working_days(&calendar, ctx.tz, due, days.into());
        c.due_at = Set(Some(new_due));
        c.due_soon_at = Set(Some(clock::due_soon_at(current.created_at, new_due)));
        data = json!({ "days": days, "dueAt": new_due, "previousDueAt": due });
    }
    let updated = save(&txn, &current, c, now).await?;
    timeline::record(
        &txn,
        &updated,
        event(
            ctx.principal,
            EventKind::ExtensionApproved,
            false,
            None,
            Some(data),
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}
