//! What every lifecycle command shares: loading the inquiry in scope inside the
//! write transaction, the optimistic version check, the conditional save, and
//! the actor of the timeline entry.

use entity::{ActorKind, EventKind, inquiry};
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    auth::{Principal, policy},
    error::{AppError, AppResult},
    service::timeline::NewEvent,
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
pub async fn save(
    txn: &DatabaseTransaction,
    current: &inquiry::Model,
    mut changes: inquiry::ActiveModel,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<inquiry::Model> {
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
