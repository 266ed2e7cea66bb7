//! What every lifecycle command shares: loading the inquiry in scope inside the
//! write transaction, the optimistic version check, the conditional save, and
//! the actor of the timeline entry.

use entity::{ActorKind, EventKind, InquiryStatus, inquiry};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter,
};
use uuid::Uuid;

use crate::domain::transitions::{self, Action};
use crate::{
    auth::{Principal, policy},
    db::begin_write,
    error::{AppError, AppResult},
    service::timeline::{self, NewEvent},
};

/// Loads the inquiry if the caller may see it, and checks the version the caller last saw.
pub async fn load(
    txn: &DatabaseTransaction,
    principal: &Principal,
    id: Uuid,
    expected_version: Option<i32>,
) -> AppResult<inquiry::Model> {
    let current = inquiry::Entity::find_by_id(id)
        .filter(policy::inquiry_scope(principal))
        .one(txn)
        .await?
        .ok_or(AppError::NotFound("inquiry"))?;
    if let Some(v) = expected_version
        && v != current.version
    {
        return Err(stale(current.version));
    }
    Ok(current)
}

fn stale(current: i32) -> AppError {
    AppError::Conflict(format!(
        "the inquiry changed meanwhile (now version {current}); reload and retry"
    ))
}

/// Writes `changes` only if nobody else saved the inquiry since `current` was read;
/// bumps the version and `updated_at`. A lost race is `CONFLICT`, never a silent overwrite.
/// A change that withdraws a pending transfer (its department set to none) withdraws the
/// district it would have moved into with it, whichever command made it.
pub async fn save(
    txn: &DatabaseTransaction,
    current: &inquiry::Model,
    mut changes: inquiry::ActiveModel,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<inquiry::Model> {
    if matches!(changes.pending_transfer_department_id, Set(None)) {
        changes.pending_transfer_district_id = Set(None);
    }
    changes.version = Set(current.version + 1);
    changes.updated_at = Set(now);
    let updated = inquiry::Entity::update_many()
        .set(changes)
        .filter(inquiry::Column::Id.eq(current.id))
        .filter(inquiry::Column::Version.eq(current.version))
        .exec_with_returning(txn)
        .await?;
    updated
        .into_iter()
        .next()
        .ok_or_else(|| stale(current.version + 1))
}

/// A timeline entry by the caller.
pub fn event(
    principal: &Principal,
    kind: EventKind,
    public: bool,
    note: Option<String>,
    data: Option<serde_json::Value>,
) -> NewEvent {
    let (actor_kind, actor_officer_id) = match principal {
        Principal::Anonymous => (ActorKind::Anonymous, None),
        Principal::Citizen { .. } => (ActorKind::Citizen, None),
        Principal::Partner { .. } => (ActorKind::Partner, None),
        Principal::Staff(s) => (ActorKind::Officer, Some(s.officer_id)),
    };
    NewEvent {
        kind,
        actor_kind,
        actor_officer_id,
        actor_subject: Some(principal.subject_label()),
        public,
        note,
        data,
    }
}

/// An empty change set to fill in.
pub fn changes() -> inquiry::ActiveModel {
    inquiry::ActiveModel {
        ..Default::default()
    }
}

/// One lifecycle command in progress: the write transaction, the inquiry as loaded
/// (scope and version checked), and the status the transition table leads to. Commands
/// read what they need through `txn`, then [`Step::finish`] saves, records and commits.
pub struct Step<'a> {
    pub txn: DatabaseTransaction,
    pub current: inquiry::Model,
    pub next: InquiryStatus,
    pub now: chrono::DateTime<chrono::Utc>,
    principal: &'a Principal,
}

impl<'a> Step<'a> {
    /// Loads the inquiry in the caller's scope, checks `expected_version`, the caller's
    /// right to take `action`, and the transition table.
    pub async fn begin(
        db: &DatabaseConnection,
        principal: &'a Principal,
        id: Uuid,
        expected_version: Option<i32>,
        action: Action,
    ) -> AppResult<Step<'a>> {
        let txn = begin_write(db).await?;
        let current = load(&txn, principal, id, expected_version).await?;
        policy::ensure_may(principal, action, &current)?;
        let next = transitions::check(current.status, action)?;
        Ok(Step {
            txn,
            current,
            next,
            now: crate::service::now(),
            principal,
        })
    }

    /// Saves `changes` with the new status, appends the timeline entry and its outbox
    /// row, and commits them together.
    pub async fn finish(
        self,
        mut changes: inquiry::ActiveModel,
        entry: Entry,
    ) -> AppResult<inquiry::Model> {
        changes.status = Set(self.next);
        let updated = save(&self.txn, &self.current, changes, self.now).await?;
        let new_event = event(
            self.principal,
            entry.kind,
            entry.public,
            entry.note,
            entry.data,
        );
        timeline::record(&self.txn, &updated, new_event, self.now).await?;
        self.txn.commit().await?;
        Ok(updated)
    }
}

/// The timeline entry a command writes.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: EventKind,
    /// Shown to the citizen in `trackInquiry`.
    pub public: bool,
    pub note: Option<String>,
    pub data: Option<serde_json::Value>,
}

impl Entry {
    /// An entry only staff see.
    pub fn internal(kind: EventKind) -> Self {
        Self {
            kind,
            public: false,
            note: None,
            data: None,
        }
    }

    /// An entry the citizen sees too.
    pub fn public(kind: EventKind) -> Self {
        Self {
            kind,
            public: true,
            note: None,
            data: None,
        }
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    pub fn data(mut self, data: serde_json::Value) -> Self {
        self.data = Some(data);
        self
    }
}
