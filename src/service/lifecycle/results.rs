//! Results: resolving (never without a reply to the citizen), closing, reopening,
//! and the citizen's rating, which reopens an unsatisfactory result.

use chrono::Duration;
use entity::{EventKind, InquiryStatus, ReplyVisibility, Satisfaction, feedback, inquiry, reply};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use super::{
    Ctx, clock,
    core::{Entry, Step, changes, event, load, save},
};
use crate::domain::transitions::{self, Action};
use crate::{
    auth::{Principal, policy},
    db::begin_write,
    error::{AppError, AppResult},
    service::{deadline, timeline, tracking, validate},
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
    let step = Step::begin(
        ctx.db,
        ctx.principal,
        id,
        Some(expected_version),
        Action::Resolve,
    )
    .await?;
    let answered = reply::Entity::find()
        .filter(reply::Column::InquiryId.eq(step.current.id))
        .filter(
            reply::Column::Visibility.is_in([ReplyVisibility::Public, ReplyVisibility::Private]),
        )
        .count(&step.txn)
        .await?;
    if answered == 0 {
        return Err(AppError::InvalidTransition(
            "every inquiry gets a reply: reply to the citizen before resolving".into(),
        ));
    }
    let mut c = changes();
    c.resolved_at = Set(Some(step.now));
    c.resolution = Set(Some(resolution));
    c.paused_at = Set(None);
    step.finish(c, Entry::public(EventKind::Resolved)).await
}

/// Closes a resolved inquiry.
pub async fn close(ctx: Ctx<'_>, id: Uuid, expected_version: i32) -> AppResult<inquiry::Model> {
    let step = Step::begin(
        ctx.db,
        ctx.principal,
        id,
        Some(expected_version),
        Action::Close,
    )
    .await?;
    let mut c = changes();
    c.closed_at = Set(Some(step.now));
    step.finish(c, Entry::public(EventKind::Closed)).await
}

/// Sends a resolved or closed inquiry back for re-handling with a fresh deadline.
async fn reopen_in(
    txn: &DatabaseTransaction,
    ctx: Ctx<'_>,
    current: &inquiry::Model,
    actor: &Principal,
    note: Option<String>,
) -> AppResult<inquiry::Model> {
    let next = transitions::check(current.status, Action::Reopen)?;
    let now = crate::service::now();
    let (first, due) = deadline::compute(txn, ctx.tz, current.kind, current.priority, now).await?;
    let mut c = changes();
    c.status = Set(next);
    c.reopened_count = Set(current.reopened_count + 1);
    c.resolved_at = Set(None);
    c.closed_at = Set(None);
    c.escalated_at = Set(None);
    c.first_response_due_at = Set(Some(first));
    c.due_at = Set(Some(due));
    c.due_soon_at = Set(Some(clock::due_soon_at(now, due)));
    let updated = save(txn, current, c, now).await?;
    let data = json!({ "reopenedCount": updated.reopened_count, "dueAt": due });
    timeline::record(
        txn,
        &updated,
        event(actor, EventKind::Reopened, true, note, Some(data)),
        now,
    )
    .await?;
    Ok(updated)
}

/// A supervisor reopens a result.
pub async fn reopen(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    reason: &str,
) -> AppResult<inquiry::Model> {
    let reason = validate::text("reason", reason, 1, 500)?;
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx.principal, id, Some(expected_version)).await?;
    policy::ensure_may(ctx.principal, Action::Reopen, &current)?;
    let updated = reopen_in(&txn, ctx, &current, ctx.principal, Some(reason)).await?;
    txn.commit().await?;
    Ok(updated)
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
    if ctx.principal.staff().is_some() {
        return Err(AppError::Forbidden("ratings come from citizens".into()));
    }
    let reason = validate::optional_text("reason", reason, 200)?;
    let comment = validate::optional_text("comment", comment, 2000)?;
    let found = match &proof {
        RatingProof::TrackingCode(code) => tracking::find(ctx.db, reference, code).await?,
        RatingProof::OwnToken => match ctx.principal {
            Principal::Citizen { subject } => {
                inquiry::Entity::find()
                    .filter(inquiry::Column::Reference.eq(reference.trim().to_ascii_uppercase()))
                    .filter(inquiry::Column::CitizenSubject.eq(subject.as_str()))
                    .one(ctx.db)
                    .await?
            }
            _ => {
                return Err(AppError::bad_input(
                    "trackingCode",
                    "required unless you rate with your own citizen token",
                ));
            }
        },
    };
    let found = found.ok_or(AppError::NotFound("inquiry"))?;
    let txn = begin_write(ctx.db).await?;
    let current = inquiry::Entity::find_by_id(found.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("inquiry"))?;
    transitions::check(current.status, Action::Rate)?;
    let resolved_at = current.resolved_at.unwrap_or(current.updated_at);
    let already = feedback::Entity::find()
        .filter(feedback::Column::InquiryId.eq(current.id))
        .filter(feedback::Column::CreatedAt.gte(resolved_at))
        .count(&txn)
        .await?;
    if already > 0 {
        return Err(AppError::Conflict(
            "this result has already been rated".into(),
        ));
    }
    let now = crate::service::now();
    let rated_by = match &proof {
        RatingProof::TrackingCode(_) => "tracking-code".to_owned(),
        RatingProof::OwnToken => ctx.principal.subject_label(),
    };
    feedback::Entity::insert(feedback::ActiveModel {
        id: Set(Uuid::now_v7()),
        inquiry_id: Set(current.id),
        satisfaction: Set(satisfaction),
        reason: Set(reason.clone()),
        comment: Set(comment),
        rated_by: Set(Some(rated_by)),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(&txn)
    .await?;
    let updated = save(&txn, &current, changes(), now).await?;
    let data = json!({ "satisfaction": satisfaction.as_str() });
    let citizen = citizen_actor(ctx.principal);
    timeline::record(
        &txn,
        &updated,
        event(
            &citizen,
            EventKind::Rated,
            false,
            reason.clone(),
            Some(data),
        ),
        now,
    )
    .await?;
    let within_window = now - resolved_at <= Duration::days(REOPEN_WINDOW_DAYS);
    let result = if satisfaction == Satisfaction::Unsatisfied && within_window {
        reopen_in(&txn, ctx, &updated, &citizen, reason).await?
    } else {
        updated
    };
    txn.commit().await?;
    Ok(result)
}

/// Ratings come from the citizen: staff tokens never rate on their behalf.
fn citizen_actor(principal: &Principal) -> Principal {
    match principal {
        Principal::Citizen { .. } => principal.clone(),
        _ => Principal::Anonymous,
    }
}

/// Statuses in which a rating is accepted (for documentation and tests).
pub const RATABLE: [InquiryStatus; 2] = [InquiryStatus::Resolved, InquiryStatus::Closed];
