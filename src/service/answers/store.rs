//! Reading and writing entries inside a write transaction: the optimistic
//! version check, the conditional save, immutable version rows and the outbox.

use chrono::{DateTime, Utc};
use entity::{answer_entry, answer_entry_version};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
};
use uuid::Uuid;

use crate::{
    auth::Principal,
    error::{AppError, AppResult},
};

fn stale(current: i32) -> AppError {
    AppError::StaleVersion {
        what: "answer-library entry",
        current,
    }
}

/// Loads an entry and checks the revision number the caller last saw.
pub async fn load(
    txn: &DatabaseTransaction,
    id: Uuid,
    expected_version: i32,
) -> AppResult<answer_entry::Model> {
    let current = answer_entry::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound("answer entry"))?;
    if current.version != expected_version {
        return Err(stale(current.version));
    }
    Ok(current)
}

/// Writes `changes` only if nobody changed the entry's revision or status since it was
/// read: a lost race (two approvers at once) is `CONFLICT`, never a double approval.
pub async fn save(
    txn: &DatabaseTransaction,
    current: &answer_entry::Model,
    mut changes: answer_entry::ActiveModel,
    now: DateTime<Utc>,
) -> AppResult<answer_entry::Model> {
    changes.updated_at = Set(now);
    let updated = answer_entry::Entity::update_many()
        .set(changes)
        .filter(answer_entry::Column::Id.eq(current.id))
        .filter(answer_entry::Column::Version.eq(current.version))
        .filter(answer_entry::Column::Status.eq(current.status))
        .exec_with_returning(txn)
        .await?;
    updated
        .into_iter()
        .next()
        .ok_or_else(|| stale(current.version))
}

/// Records the entry's current wording as its revision `entry.version`, by `author`.
pub async fn insert_version(
    txn: &DatabaseTransaction,
    entry: &answer_entry::Model,
    author: Uuid,
    now: DateTime<Utc>,
) -> AppResult<answer_entry_version::Model> {
    Ok(
        answer_entry_version::Entity::insert(answer_entry_version::ActiveModel {
            id: Set(Uuid::now_v7()),
            answer_entry_id: Set(entry.id),
            version: Set(entry.version),
            title: Set(entry.title.clone()),
            question: Set(entry.question.clone()),
            answer: Set(entry.answer.clone()),
            category: Set(entry.category.clone()),
            keywords: Set(entry.keywords.clone()),
            author_id: Set(author),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_with_returning(txn)
        .await?,
    )
}

/// One revision of an entry.
pub async fn revision(
    db: &impl ConnectionTrait,
    entry_id: Uuid,
    version: i32,
) -> AppResult<answer_entry_version::Model> {
    answer_entry_version::Entity::find()
        .filter(answer_entry_version::Column::AnswerEntryId.eq(entry_id))
        .filter(answer_entry_version::Column::Version.eq(version))
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::Internal(format!(
                "answer entry {entry_id} has no version row {version}"
            ))
        })
}

/// Announces a library change in the outbox, in the transaction of the change, so other
/// server processes (their search indexes) and integrations hear of exactly what committed.
pub async fn announce(
    txn: &DatabaseTransaction,
    entry: &answer_entry::Model,
    event: &str,
    principal: &Principal,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let payload = serde_json::json!({
        "event": event,
        "answerEntryId": entry.id,
        "status": entry.status.as_str(),
        "version": entry.version,
        "approvedVersion": entry.approved_version,
        "actor": principal.subject_label(),
        "at": now,
    });
    crate::service::timeline::outbox(
        txn,
        crate::service::timeline::OutboxEntry {
            event: &format!("answer_entry.{event}"),
            payload,
            inquiry_id: None,
            district_id: None,
            at: now,
        },
    )
    .await
}
