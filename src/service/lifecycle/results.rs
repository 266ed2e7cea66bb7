//! Results: resolving (never without a reply to the citizen), closing, reopening,
//! and the citizen's rating, which reopens an unsatisfactory result.

use chrono::Duration;
use entity::{EventKind, InquiryStatus, Satisfaction, feedback, inquiry};
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::{
    Ctx, clock,
    core::{Entry, Step, changes},
};
use crate::domain::transitions::Action;
use crate::domain::validate;
use crate::domain::values::Reason;
use crate::{
    auth::{Principal, policy},
    error::{AppError, AppResult},
    service::{deadline, reference::parse_reference, tracking},
};

/// Days after resolution within which an UNSATISFIED rating reopens the inquiry.
pub const REOPEN_WINDOW_DAYS: i64 = 15;

/// Records the result. Refused unless the citizen has had a PUBLIC or PRIVATE reply.
pub async fn resolve(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    resolution: &str,
) -> AppResult<inquiry::Model> {
    let resolution = validate::text("resolution", resolution, 1, 2000)?;
    let step = Step::start(ctx, id, Some(expected_version), Action::Resolve).await?;
    let mut c = changes();
    c.resolved_at = Set(Some(step.now));
    c.resolution = Set(Some(resolution.clone()));
    c.paused_at = Set(None);
    // The entry keeps the text, so a result later sent back stays in the citizen's history.
    step.finish(c, Entry::public(EventKind::Resolved).note(resolution))
        .await
}

/// Closes a resolved inquiry.
pub async fn close(ctx: Ctx<'_>, id: Uuid, expected_version: i32) -> AppResult<inquiry::Model> {
    let step = Step::start(ctx, id, Some(expected_version), Action::Close).await?;
    let mut c = changes();
    c.closed_at = Set(Some(step.now));
    step.finish(c, Entry::public(EventKind::Closed)).await
}

/// What sending a resolved or closed inquiry back for re-handling changes: a fresh
/// deadline from now, the result cleared, the count of reopenings up by one.
async fn reopening(
    txn: &DatabaseTransaction,
    tz: chrono_tz::Tz,
    current: &inquiry::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<(inquiry::ActiveModel, serde_json::Value)> {
    let (first, due) = deadline::compute(txn, tz, current.kind, current.priority, now).await?;
    let mut c = changes();
    c.reopened_count = Set(current.reopened_count + 1);
    c.resolved_at = Set(None);
    c.resolution = Set(None);
    c.closed_at = Set(None);
    c.escalated_at = Set(None);
    c.first_response_due_at = Set(Some(first));
    c.due_at = Set(Some(due));
    c.due_soon_at = Set(Some(clock::due_soon_at(now, due)));
    let data = json!({ "reopenedCount": current.reopened_count + 1, "dueAt": due });
    Ok((c, data))
}

/// A supervisor reopens a result.
pub async fn reopen(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    reason: Reason,
) -> AppResult<inquiry::Model> {
    let reason = reason.into_string();
    let step = Step::start(ctx, id, Some(expected_version), Action::Reopen).await?;
    let (c, data) = reopening(&step.txn, ctx.tz, &step.current, step.now).await?;
    step.finish(
        c,
        Entry::public(EventKind::Reopened).note(reason).data(data),
    )
    .await
}

/// How the citizen proves the inquiry is theirs.
#[derive(Debug, Clone)]
pub enum RatingProof {
    TrackingCode(String),
    OwnToken,
}

/// The citizen's rating of a result. UNSATISFIED within 15 days of resolution reopens it.
pub async fn rate(
    ctx: Ctx<'_>,
    reference: &str,
    proof: RatingProof,
    satisfaction: Satisfaction,
    reason: Option<&str>,
    comment: Option<&str>,
) -> AppResult<inquiry::Model> {
    policy::ensure_may_rate(ctx.principal)?;
    let reason = validate::optional_text("reason", reason, 200)?;
    let comment = validate::optional_text("comment", comment, 2000)?;
    let found = match &proof {
        RatingProof::TrackingCode(code) => tracking::find(ctx.db, reference, code).await?,
        RatingProof::OwnToken if matches!(ctx.principal, Principal::Citizen { .. }) => {
            // The citizen's own inquiries are what the policy lets their token see.
            inquiry::Entity::find()
                .filter(inquiry::Column::Reference.eq(parse_reference("reference", reference)?))
                .filter(policy::inquiry_scope(ctx.principal))
                .one(ctx.db)
                .await?
        }
        RatingProof::OwnToken => {
            return Err(AppError::bad_input(
                "trackingCode",
                "required unless you rate with your own citizen token",
            ));
        }
    };
    let found = found.ok_or(AppError::NotFound("inquiry"))?;
    let mut step = Step::begin_rating(ctx.db, ctx.principal, found.id).await?;
    let resolved_at = step.current.resolved_at.unwrap_or(step.current.updated_at);
    let rated_by = match &proof {
        RatingProof::TrackingCode(_) => "tracking-code".to_owned(),
        RatingProof::OwnToken => ctx.principal.subject_label(),
    };
    feedback::Entity::insert(feedback::ActiveModel {
        id: Set(Uuid::now_v7()),
        inquiry_id: Set(step.current.id),
        satisfaction: Set(satisfaction),
        reason: Set(reason.clone()),
        comment: Set(comment),
        rated_by: Set(Some(rated_by)),
        created_at: Set(step.now),
        updated_at: Set(step.now),
    })
    .exec_without_returning(&step.txn)
    .await?;
    let data = json!({ "satisfaction": satisfaction.as_str() });
    let mut rated = Entry::internal(EventKind::Rated).data(data);
    rated.note = reason.clone();
    step.apply(changes(), rated).await?;
    let within_window = step.now - resolved_at <= Duration::days(REOPEN_WINDOW_DAYS);
    if satisfaction != Satisfaction::Unsatisfied || !within_window {
        return step.commit().await;
    }
    step.then(Action::Reopen)?;
    let (c, data) = reopening(&step.txn, ctx.tz, &step.current, step.now).await?;
    let mut reopened = Entry::public(EventKind::Reopened).data(data);
    reopened.note = reason;
    step.finish(c, reopened).await
}

/// Statuses in which a rating is accepted (for documentation and tests).
pub const RATABLE: [InquiryStatus; 2] = [InquiryStatus::Resolved, InquiryStatus::Closed];
