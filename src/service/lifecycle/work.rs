//! Working an inquiry: starting, pausing the clock while waiting for the citizen,
//! and extensions of the deadline (approved by a supervisor).

use chrono::Duration;
use entity::{EventKind, inquiry};
use sea_orm::ActiveValue::Set;
use serde_json::json;
use uuid::Uuid;

use super::{
    Ctx, clock,
    core::{Entry, Step, changes},
};
use crate::domain::transitions::Action;
use crate::domain::values::Reason;
use crate::{
    error::{AppError, AppResult},
    service::deadline::{self, WorkingCalendar, calendar_window},
};

/// Longest extension one request may ask for, in working days.
pub const MAX_EXTENSION_DAYS: i32 = 30;

/// The handling officer takes the inquiry up (and becomes its named officer if none was set).
pub async fn start_work(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
) -> AppResult<inquiry::Model> {
    let step = Step::start(ctx, id, Some(expected_version), Action::StartWork).await?;
    let mut c = changes();
    if step.current.officer_id.is_none()
        && let Some(staff) = ctx.principal.staff()
        && step.current.department_id == Some(staff.department_id)
    {
        c.officer_id = Set(Some(staff.officer_id));
    }
    step.finish(c, Entry::internal(EventKind::WorkStarted))
        .await
}

/// Stops the deadline clock (waiting for the citizen's answer or material).
pub async fn pause(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    reason: Reason,
) -> AppResult<inquiry::Model> {
    let reason = reason.into_string();
    let step = Step::start(ctx, id, Some(expected_version), Action::Pause).await?;
    let mut c = changes();
    c.paused_at = Set(Some(step.now));
    step.finish(c, Entry::internal(EventKind::Paused).note(reason))
        .await
}

/// Restarts the clock; the deadlines move by the time lost (working days for working-day policies).
pub async fn resume(ctx: Ctx<'_>, id: Uuid, expected_version: i32) -> AppResult<inquiry::Model> {
    let step = Step::start(ctx, id, Some(expected_version), Action::Resume).await?;
    let current = &step.current;
    let Some(paused) = current.paused_at else {
        return Err(AppError::InvalidTransition(
            "the clock is not paused".into(),
        ));
    };
    let now = step.now;
    let mut c = changes();
    c.paused_at = Set(None);
    let mut data = json!({ "pausedAt": paused });
    if let Some(due) = current.due_at {
        let rule = deadline::rule_for(&step.txn, current.kind, current.priority).await?;
        let tz = ctx.tz;
        let from = paused.with_timezone(&tz).date_naive();
        let to = due.max(now).with_timezone(&tz).date_naive() + Duration::days(calendar_window(60));
        let calendar = WorkingCalendar::load(&step.txn, from, to).await?;
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
    step.finish(c, Entry::internal(EventKind::Resumed).data(data))
        .await
}

/// Asks a supervisor for more working days.
pub async fn request_extension(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    days: i32,
    reason: Reason,
) -> AppResult<inquiry::Model> {
    if !(1..=MAX_EXTENSION_DAYS).contains(&days) {
        return Err(AppError::bad_input(
            "days",
            format!("must be between 1 and {MAX_EXTENSION_DAYS}"),
        ));
    }
    let reason = reason.into_string();
    let step = Step::start(ctx, id, Some(expected_version), Action::RequestExtension).await?;
    let mut c = changes();
    c.pending_extension_days = Set(Some(days));
    step.finish(
        c,
        Entry::internal(EventKind::ExtensionRequested)
            .note(reason)
            .data(json!({ "days": days })),
    )
    .await
}

/// Grants the pending extension: the deadline moves by that many working days.
pub async fn approve_extension(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
) -> AppResult<inquiry::Model> {
    let step = Step::start(ctx, id, Some(expected_version), Action::ApproveExtension).await?;
    let current = &step.current;
    let Some(days) = current.pending_extension_days else {
        return Err(AppError::InvalidTransition(
            "no extension is waiting for approval".into(),
        ));
    };
    let mut c = changes();
    c.pending_extension_days = Set(None);
    c.escalated_at = Set(None);
    let mut data = json!({ "days": days });
    if let Some(due) = current.due_at {
        let from = due.with_timezone(&ctx.tz).date_naive();
        let calendar = WorkingCalendar::load(
            &step.txn,
            from,
            from + Duration::days(calendar_window(days.into())),
        )
        .await?;
        let new_due = clock::extend_by_working_days(&calendar, ctx.tz, due, days.into());
        c.due_at = Set(Some(new_due));
        c.due_soon_at = Set(Some(clock::due_soon_at(current.created_at, new_due)));
        data = json!({ "days": days, "dueAt": new_due, "previousDueAt": due });
    }
    step.finish(c, Entry::internal(EventKind::ExtensionApproved).data(data))
        .await
}

/// Refuses the pending extension, with a reason for the handling department: the deadline
/// stays as it was. The entry is for staff; the citizen's timeline does not show it.
pub async fn reject_extension(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    reason: Reason,
) -> AppResult<inquiry::Model> {
    let reason = reason.into_string();
    // `Step` refuses when no extension is pending (`policy::ensure_ready`).
    let step = Step::start(ctx, id, Some(expected_version), Action::RejectExtension).await?;
    let days = step.current.pending_extension_days.unwrap_or_default();
    let mut c = changes();
    c.pending_extension_days = Set(None);
    step.finish(
        c,
        Entry::internal(EventKind::ExtensionRejected)
            .note(reason)
            .data(json!({ "days": days })),
    )
    .await
}
