//! Signed replies (實名上崗): every reply names the officer and the department it
//! speaks for; corrections are new replies that point at the one they correct.

use entity::{AnswerStatus, EventKind, ReplyVisibility, answer_entry, inquiry, reply};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;
use uuid::Uuid;

use super::{
    Ctx,
    core::{changes, event, load, save},
    transitions::{self, Action},
};
use crate::{
    auth::policy,
    db::begin_write,
    error::{AppError, AppResult},
    service::{timeline, validate},
};

/// A stored reply and the inquiry after it.
#[derive(Debug, Clone)]
pub struct Replied {
    pub inquiry: inquiry::Model,
    pub reply: reply::Model,
}

fn action_for(visibility: ReplyVisibility) -> Action {
    match visibility {
        ReplyVisibility::Internal => Action::ReplyInternally,
        ReplyVisibility::Public | ReplyVisibility::Private => Action::ReplyToCitizen,
    }
}

/// Replies to the citizen (PUBLIC or PRIVATE) or notes internally (INTERNAL). A reply built
/// from the answer library records the entry and the approved version it used.
pub async fn reply(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    visibility: ReplyVisibility,
    body: &str,
    answer_entry_id: Option<Uuid>,
) -> AppResult<Replied> {
    let body = validate::text("body", body, 1, 5000)?;
    let staff = ctx
        .principal
        .staff()
        .ok_or_else(|| AppError::Forbidden("staff only".into()))?
        .clone();
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx.principal, id, Some(expected_version)).await?;
    let action = action_for(visibility);
    policy::ensure_may(ctx.principal, action, &current)?;
    let next = transitions::check(current.status, action)?;
    let entry_version = match answer_entry_id {
        None => None,
        Some(entry_id) => {
            let entry = answer_entry::Entity::find_by_id(entry_id)
                .one(&txn)
                .await?
                .filter(|e| e.status == AnswerStatus::Approved || e.approved_version.is_some())
                .filter(|e| e.retired_at.is_none())
                .ok_or_else(|| {
                    AppError::bad_input(
                        "answerEntryId",
                        "no approved answer-library entry with this id",
                    )
                })?;
            answer_entry::Entity::update_many()
                .col_expr(
                    answer_entry::Column::UseCount,
                    Expr::col(answer_entry::Column::UseCount).add(1),
                )
                .filter(answer_entry::Column::Id.eq(entry.id))
                .exec(&txn)
                .await?;
            entry.approved_version.or(Some(entry.version))
        }
    };
    let now = crate::service::now();
    let stored = reply::Entity::insert(reply::ActiveModel {
        id: Set(Uuid::now_v7()),
        inquiry_id: Set(current.id),
        officer_id: Set(staff.officer_id),
        department_id: Set(staff.department_id),
        visibility: Set(visibility),
        body: Set(body),
        answer_entry_id: Set(answer_entry_id),
        answer_entry_version: Set(entry_version),
        corrects_reply_id: Set(None),
        correction_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(&txn)
    .await?;
    let mut c = changes();
    c.status = Set(next);
    if visibility != ReplyVisibility::Internal && current.first_responded_at.is_none() {
        c.first_responded_at = Set(Some(now));
    }
    let updated = save(&txn, &current, c, now).await?;
    let data = json!({ "replyId": stored.id, "visibility": visibility.as_str(), "answerEntryId": answer_entry_id });
    let public = visibility == ReplyVisibility::Public;
    timeline::record(
        &txn,
        &updated,
        event(ctx.principal, EventKind::Replied, public, None, Some(data)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Replied {
        inquiry: updated,
        reply: stored,
    })
}

/// Corrects a reply in the open (勇於糾錯): the original stays, the correction points at it.
pub async fn correct_reply(
    ctx: Ctx<'_>,
    reply_id: Uuid,
    expected_version: i32,
    body: &str,
    reason: &str,
) -> AppResult<Replied> {
    let body = validate::text("body", body, 1, 5000)?;
    let reason = validate::text("reason", reason, 1, 500)?;
    let staff = ctx
        .principal
        .staff()
        .ok_or_else(|| AppError::Forbidden("staff only".into()))?
        .clone();
    let original = reply::Entity::find_by_id(reply_id)
        .one(ctx.db)
        .await?
        .ok_or(AppError::NotFound("reply"))?;
    let txn = begin_write(ctx.db).await?;
    let current = load(
        &txn,
        ctx.principal,
        original.inquiry_id,
        Some(expected_version),
    )
    .await?;
    // Correcting is part of replying: the same people may do it, in any state but merged/rejected.
    policy::ensure_may(ctx.principal, Action::ReplyInternally, &current)?;
    if matches!(
        current.status,
        entity::InquiryStatus::Merged | entity::InquiryStatus::Rejected
    ) {
        return Err(AppError::InvalidTransition(format!(
            "replies cannot be corrected while {}",
            current.status.as_str()
        )));
    }
    let now = crate::service::now();
    let stored = reply::Entity::insert(reply::ActiveModel {
        id: Set(Uuid::now_v7()),
        inquiry_id: Set(current.id),
        officer_id: Set(staff.officer_id),
        department_id: Set(staff.department_id),
        visibility: Set(original.visibility),
        body: Set(body),
        answer_entry_id: Set(None),
        answer_entry_version: Set(None),
        corrects_reply_id: Set(Some(original.id)),
        correction_reason: Set(Some(reason.clone())),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(&txn)
    .await?;
    let updated = save(&txn, &current, changes(), now).await?;
    let data = json!({ "replyId": stored.id, "correctsReplyId": original.id });
    let public = original.visibility != ReplyVisibility::Internal;
    timeline::record(
        &txn,
        &updated,
        event(
            ctx.principal,
            EventKind::ReplyCorrected,
            public,
            Some(reason),
            Some(data),
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Replied {
        inquiry: updated,
        reply: stored,
    })
}
