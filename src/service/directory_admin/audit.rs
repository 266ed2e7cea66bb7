//! The directory's audit trail: recording a change, and reading the trail.

use chrono::{DateTime, Utc};
use entity::{DirectoryAction, DirectorySubject, directory_change};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, Order, QueryFilter};
use serde::Serialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::{
    auth::{Principal, policy},
    error::AppResult,
    service::{
        paging::{Cursor, Keyset, Page},
        timeline,
    },
};

/// The changed fields of one change, as `{ field: { from, to } }`.
#[derive(Debug, Default)]
pub(super) struct Diff(Map<String, Value>);

impl Diff {
    /// Records `field` when `from` and `to` differ.
    pub fn field<T: Serialize + PartialEq>(&mut self, field: &str, from: &T, to: &T) {
        if from != to {
            self.0
                .insert(field.to_owned(), json!({ "from": from, "to": to }));
        }
    }

    /// Records a field of a newly created subject (`from` is null).
    pub fn created<T: Serialize>(&mut self, field: &str, to: &T) {
        self.0
            .insert(field.to_owned(), json!({ "from": null, "to": to }));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What one audited change is about.
pub(super) struct Change {
    pub subject_kind: DirectorySubject,
    pub subject_id: Uuid,
    pub action: DirectoryAction,
    pub diff: Diff,
    pub actor_id: Uuid,
    /// Routing hint of the outbox row (the department's district).
    pub district_id: Option<Uuid>,
}

/// `CREATED`, `UPDATED`, or `DEACTIVATED`/`REACTIVATED` when `active` flipped.
pub(super) fn action_of(was_active: bool, is_active: bool) -> DirectoryAction {
    match (was_active, is_active) {
        (true, false) => DirectoryAction::Deactivated,
        (false, true) => DirectoryAction::Reactivated,
        _ => DirectoryAction::Updated,
    }
}

/// Writes the audit row and its outbox row (`department.created`, `officer.deactivated`, ...).
/// The outbox carries the names of the changed fields, not their values: real names
/// stay in the audit table, which only administrators read.
pub(super) async fn record(
    txn: &impl ConnectionTrait,
    change: Change,
    at: DateTime<Utc>,
) -> AppResult<directory_change::Model> {
    let fields: Vec<String> = change.diff.0.keys().cloned().collect();
    let row = directory_change::ActiveModel {
        id: Set(Uuid::now_v7()),
        subject_kind: Set(change.subject_kind),
        subject_id: Set(change.subject_id),
        action: Set(change.action),
        changes: Set(Value::Object(change.diff.0)),
        actor_id: Set(change.actor_id),
        created_at: Set(at),
        updated_at: Set(at),
    };
    let stored = directory_change::Entity::insert(row)
        .exec_with_returning(txn)
        .await?;
    let event = format!(
        "{}.{}",
        stored.subject_kind.as_str().to_ascii_lowercase(),
        stored.action.as_str().to_ascii_lowercase()
    );
    let payload = json!({
        "changeId": stored.id,
        "subjectKind": stored.subject_kind.as_str(),
        "subjectId": stored.subject_id,
        "action": stored.action.as_str(),
        "fields": fields,
        "actorId": stored.actor_id,
        "at": at,
    });
    timeline::outbox(
        txn,
        timeline::OutboxEntry {
            event: &event,
            payload,
            inquiry_id: None,
            district_id: change.district_id,
            at,
        },
    )
    .await?;
    Ok(stored)
}

/// The audit trail, newest first, optionally of one department or officer. Administrators only.
pub async fn changes(
    db: &impl ConnectionTrait,
    principal: &Principal,
    subject_id: Option<Uuid>,
    first: u64,
    after: Option<Cursor>,
) -> AppResult<Page<directory_change::Model>> {
    policy::ensure_may_read_directory_changes(principal)?;
    use directory_change::Column as C;
    let mut q = directory_change::Entity::find();
    if let Some(s) = subject_id {
        q = q.filter(C::SubjectId.eq(s));
    }
    Keyset::by_time(C::CreatedAt, C::Id, Order::Desc)
        .page(db, q, first, after)
        .await
}
