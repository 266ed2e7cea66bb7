//! The append-only inquiry timeline and the outbox, written together with the
//! change that caused them (same transaction), so nothing committed goes
//! unannounced and nothing rolled back is announced.

use chrono::{DateTime, Utc};
use entity::{ActorKind, EventKind, inquiry, inquiry_event, outbox};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbBackend, EntityTrait};
use uuid::Uuid;

use crate::error::AppResult;

/// One timeline entry to append.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub kind: EventKind,
    pub actor_kind: ActorKind,
    pub actor_officer_id: Option<Uuid>,
    pub actor_subject: Option<String>,
    /// Shown to the citizen in `trackInquiry`.
    pub public: bool,
    pub note: Option<String>,
    pub data: Option<serde_json::Value>,
}

/// Appends the event and its outbox row. Call inside the transaction of the change.
pub async fn record(
    txn: &impl ConnectionTrait,
    inquiry: &inquiry::Model,
    event: NewEvent,
    at: DateTime<Utc>,
) -> AppResult<inquiry_event::Model> {
    let row = inquiry_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        inquiry_id: Set(inquiry.id),
        kind: Set(event.kind),
        actor_kind: Set(event.actor_kind),
        actor_officer_id: Set(event.actor_officer_id),
        actor_subject: Set(event.actor_subject),
        public: Set(event.public),
        note: Set(event.note),
        data: Set(event.data),
        created_at: Set(at),
        updated_at: Set(at),
    };
    let stored = inquiry_event::Entity::insert(row)
        .exec_with_returning(txn)
        .await?;
    let payload = serde_json::json!({
        "eventId": stored.id,
        "event": stored.kind.as_str(),
        "inquiryId": inquiry.id,
        "reference": inquiry.reference,
        "status": inquiry.status.as_str(),
        "districtId": inquiry.district_id,
        "departmentId": inquiry.department_id,
        "public": stored.public,
        "at": at,
    });
    let event_name = format!("inquiry.{}", stored.kind.as_str().to_ascii_lowercase());
    outbox(
        txn,
        &event_name,
        payload,
        Some(inquiry.id),
        Some(inquiry.district_id),
        at,
    )
    .await?;
    Ok(stored)
}

/// Appends one outbox row (`event` such as `circular.published`). Call inside the
/// transaction of the change it announces. On PostgreSQL it also queues a
/// `NOTIFY wenzheng_outbox`, which PostgreSQL delivers only if the transaction commits,
/// to every server process's relay.
pub async fn outbox(
    txn: &impl ConnectionTrait,
    event: &str,
    payload: serde_json::Value,
    inquiry_id: Option<Uuid>,
    district_id: Option<Uuid>,
    at: DateTime<Utc>,
) -> AppResult<()> {
    outbox::Entity::insert(outbox::ActiveModel {
        id: Set(Uuid::now_v7()),
        event: Set(event.to_owned()),
        payload: Set(payload),
        inquiry_id: Set(inquiry_id),
        district_id: Set(district_id),
        delivered_at: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
    })
    .exec_without_returning(txn)
    .await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared(&format!("NOTIFY {}", crate::realtime::CHANNEL))
            .await?;
    }
    Ok(())
}
