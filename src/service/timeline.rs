//! The append-only inquiry timeline and the outbox, written together with the
//! change that caused them (same transaction), so nothing committed goes
//! unannounced and nothing rolled back is announced.

use chrono::{DateTime, Utc};
use entity::{ActorKind, EventKind, inquiry, inquiry_event, outbox};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbBackend, EntityTrait, Statement};
use uuid::Uuid;

use crate::error::{AppError, AppResult};

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
        OutboxEntry {
            event: &event_name,
            payload,
            inquiry_id: Some(inquiry.id),
            district_id: Some(inquiry.district_id),
            at,
        },
    )
    .await?;
    Ok(stored)
}

/// One outbox row to append ([`outbox`]). Named fields, because the inquiry and the
/// district are both optional uuids: positional ones would let a swapped pair compile.
#[derive(Debug, Clone)]
pub struct OutboxEntry<'a> {
    /// The event name, such as `circular.published`.
    pub event: &'a str,
    pub payload: serde_json::Value,
    /// The inquiry it concerns, if any.
    pub inquiry_id: Option<Uuid>,
    /// The district it belongs to, if any: subscriptions and webhooks pick events by it.
    pub district_id: Option<Uuid>,
    pub at: DateTime<Utc>,
}

/// Appends one outbox row (`event` such as `circular.published`). Call inside the
/// transaction of the change it announces. On PostgreSQL it also queues a
/// `NOTIFY wenzheng_outbox`, which PostgreSQL delivers only if the transaction commits,
/// to every server process's relay.
pub async fn outbox(txn: &impl ConnectionTrait, entry: OutboxEntry<'_>) -> AppResult<()> {
    let OutboxEntry {
        event,
        payload,
        inquiry_id,
        district_id,
        at,
    } = entry;
    let id = Uuid::now_v7();
    if txn.get_database_backend() == DbBackend::Postgres {
        // One round trip: take the position, write the row and queue the NOTIFY. Writers
        // queue on the counter row from here to their commit, so the less happens after
        // this statement, the more writers commit per second.
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            POSTGRES_APPEND,
            [
                id.into(),
                event.into(),
                payload.into(),
                inquiry_id.into(),
                district_id.into(),
                at.into(),
            ],
        ))
        .await?;
        return Ok(());
    }
    let position = next_position(txn).await?;
    outbox::Entity::insert(outbox::ActiveModel {
        id: Set(id),
        event: Set(event.to_owned()),
        payload: Set(payload),
        inquiry_id: Set(inquiry_id),
        district_id: Set(district_id),
        position: Set(position),
        delivered_at: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// The PostgreSQL append: next position, row, and `pg_notify` in one statement.
const POSTGRES_APPEND: &str = "WITH next AS ( \
       UPDATE outbox_sequence SET last_position = last_position + 1 WHERE id = 1 \
       RETURNING last_position), \
     appended AS ( \
       INSERT INTO outbox (id, event, payload, inquiry_id, district_id, position, \
         delivered_at, created_at, updated_at) \
       SELECT $1, $2, $3, $4, $5, next.last_position, NULL, $6, $6 FROM next \
       RETURNING position) \
     SELECT pg_notify('wenzheng_outbox', '') FROM appended";

/// The next outbox position (SQLite, whose writers are serialized anyway). The counter row
/// stays locked until the transaction ends, so writers take positions in commit order (a
/// later position is never visible before an earlier one), and a rollback gives its
/// numbers back: positions have no gaps.
async fn next_position(txn: &impl ConnectionTrait) -> AppResult<i64> {
    let backend = txn.get_database_backend();
    let row = txn
        .query_one_raw(Statement::from_string(
            backend,
            "UPDATE outbox_sequence SET last_position = last_position + 1 WHERE id = 1 \
             RETURNING last_position",
        ))
        .await?
        .ok_or_else(|| AppError::Internal("outbox_sequence has no row".into()))?;
    Ok(row.try_get_by_index::<i64>(0)?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_postgres_append_notifies_the_channel_the_relays_listen_on() {
        let notify = format!("pg_notify('{}'", crate::realtime::CHANNEL);
        assert!(super::POSTGRES_APPEND.contains(&notify));
    }
}
