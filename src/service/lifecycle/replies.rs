//! Signed replies (實名上崗): every reply names the officer and the department it
//! speaks for; corrections are new replies that point at the one they correct.

use entity::{EventKind, ReplyVisibility, inquiry, reply};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::{
    Ctx,
    core::{Entry, Step, changes},
};
use crate::domain::transitions::Action;
use crate::domain::values::{CorrectionReason, ReplyBody};
use crate::{
    error::{AppError, AppResult},
    service::answers::usage,
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

fn missing_body() -> AppError {
    AppError::bad_input("body", "required unless answerEntryId is given")
}

/// Replies to the citizen (PUBLIC or PRIVATE) or notes internally (INTERNAL).
///
/// With `answer_entry_id` the reply quotes the answer library: without a `body`, the
/// entry's approved wording is rendered with the inquiry's values; with one, the officer's
/// edited wording is sent as is. Either way the entry and its approved version are recorded
/// and its use counted, in the reply's transaction.
pub async fn reply(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    visibility: ReplyVisibility,
    body: Option<ReplyBody>,
    answer_entry_id: Option<Uuid>,
) -> AppResult<Replied> {
    let given = match (body, answer_entry_id) {
        (Some(b), _) => Some(b.into_string()),
        (None, Some(_)) => None,
        (None, None) => return Err(missing_body()),
    };
    let action = action_for(visibility);
    let step = Step::start(ctx, id, Some(expected_version), action).await?;
    let staff = step.staff()?;
    let quoted = match answer_entry_id {
        None => None,
        Some(entry_id) => {
            Some(usage::quote(&step.txn, entry_id, &step.current, staff, ctx.tz).await?)
        }
    };
    let body = match (given, &quoted) {
        (Some(b), _) => b,
        // The library's wording filled in with this inquiry's values, checked as typed text is.
        (None, Some(q)) => ReplyBody::parse(&q.text)?.into_string(),
        (None, None) => return Err(missing_body()),
    };
    let stored = reply::Entity::insert(reply::ActiveModel {
        id: Set(Uuid::now_v7()),
        inquiry_id: Set(step.current.id),
        officer_id: Set(staff.officer_id),
        department_id: Set(staff.department_id),
        visibility: Set(visibility),
        body: Set(body),
        answer_entry_id: Set(quoted.as_ref().map(|q| q.entry_id)),
        answer_entry_version: Set(quoted.as_ref().map(|q| q.version)),
        corrects_reply_id: Set(None),
        correction_reason: Set(None),
        created_at: Set(step.now),
        updated_at: Set(step.now),
    })
    .exec_with_returning(&step.txn)
    .await?;
    let mut c = changes();
    if visibility != ReplyVisibility::Internal && step.current.first_responded_at.is_none() {
        c.first_responded_at = Set(Some(step.now));
    }
    let data = json!({
        "replyId": stored.id,
        "visibility": visibility.as_str(),
        "answerEntryId": stored.answer_entry_id,
        "answerEntryVersion": stored.answer_entry_version,
    });
    let entry = Entry {
        kind: EventKind::Replied,
        public: visibility == ReplyVisibility::Public,
        note: None,
        data: Some(data),
    };
    let inquiry = step.finish(c, entry).await?;
    Ok(Replied {
        inquiry,
        reply: stored,
    })
}

/// Corrects a reply in the open (勇於糾錯): the original stays, the correction points at it.
pub async fn correct_reply(
    ctx: Ctx<'_>,
    reply_id: Uuid,
    expected_version: i32,
    body: ReplyBody,
    reason: CorrectionReason,
) -> AppResult<Replied> {
    let (body, reason) = (body.into_string(), reason.into_string());
    // A reply on an inquiry out of the caller's scope is as absent as one that never was.
    let not_found = || AppError::NotFoundIn {
        field: "replyId",
        what: "reply",
    };
    // Replies never change once written, so reading it before the command's transaction is safe.
    let original = reply::Entity::find_by_id(reply_id)
        .one(ctx.db)
        .await?
        .ok_or_else(not_found)?;
    let step = Step::start(
        ctx,
        original.inquiry_id,
        Some(expected_version),
        Action::CorrectReply,
    )
    .await
    .map_err(|e| match e {
        AppError::NotFound(_) => not_found(),
        other => other,
    })?;
    let staff = step.staff()?;
    // One correction per version of a reply: a corrected reply is corrected through its
    // latest correction, so the citizen reads one chain, never two rival corrections.
    // (Two racing corrections both pass this check; the inquiry's version lets one win.)
    let corrected_by = reply::Entity::find()
        .filter(reply::Column::CorrectsReplyId.eq(original.id))
        .one(&step.txn)
        .await?;
    if let Some(later) = corrected_by {
        return Err(AppError::bad_input(
            "replyId",
            format!(
                "this reply has already been corrected; correct its latest correction ({}) instead",
                crate::service::ids::encode(crate::service::ids::Kind::Reply, later.id)
            ),
        ));
    }
    let stored = reply::Entity::insert(reply::ActiveModel {
        id: Set(Uuid::now_v7()),
        inquiry_id: Set(step.current.id),
        officer_id: Set(staff.officer_id),
        department_id: Set(staff.department_id),
        visibility: Set(original.visibility),
        body: Set(body),
        answer_entry_id: Set(None),
        answer_entry_version: Set(None),
        corrects_reply_id: Set(Some(original.id)),
        correction_reason: Set(Some(reason.clone())),
        created_at: Set(step.now),
        updated_at: Set(step.now),
    })
    .exec_with_returning(&step.txn)
    .await?;
    let data = json!({
        "replyId": stored.id,
        "correctsReplyId": original.id,
        "visibility": original.visibility.as_str(),
    });
    // Seen by whoever saw the reply it corrects (policy::event_view reads the visibility).
    let entry = Entry {
        kind: EventKind::ReplyCorrected,
        public: original.visibility == ReplyVisibility::Public,
        note: Some(reason),
        data: Some(data),
    };
    let inquiry = step.finish(changes(), entry).await?;
    Ok(Replied {
        inquiry,
        reply: stored,
    })
}
