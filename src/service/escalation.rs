//! Escalation (催辦): an open inquiry past its `dueAt` gets one `ESCALATED` event, for
//! supervisors and the monthly circular. A background task runs it on every server
//! process; a conditional claim on `escalated_at` makes the processes agree, so a
//! shared PostgreSQL never sees the same escalation twice.

use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::{ActorKind, EventKind, InquiryStatus, inquiry};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Expr,
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    db::begin_write,
    error::AppResult,
    service::timeline::{self, NewEvent},
};

/// Inquiries looked at per query, so a backlog never loads the whole table.
pub const BATCH: u64 = 200;

/// States in which the deadline clock runs.
pub const OPEN: [InquiryStatus; 5] = [
    InquiryStatus::New,
    InquiryStatus::Assigned,
    InquiryStatus::InProgress,
    InquiryStatus::Answered,
    InquiryStatus::Reopened,
];

/// Open, running (not paused), past due and not yet escalated at `now`.
fn overdue(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(inquiry::Column::Status.is_in(OPEN))
        .add(inquiry::Column::DueAt.lt(now))
        .add(inquiry::Column::PausedAt.is_null())
        .add(inquiry::Column::EscalatedAt.is_null())
}

/// Escalates every inquiry overdue at `now`, in batches of [`BATCH`]; returns how many
/// this call escalated (others may have been claimed by another process meanwhile).
pub async fn escalate_overdue(db: &DatabaseConnection, now: DateTime<Utc>) -> AppResult<usize> {
    let mut escalated = 0;
    loop {
        let ids: Vec<Uuid> = inquiry::Entity::find()
            .select_only()
            .column(inquiry::Column::Id)
            .filter(overdue(now))
            .order_by_asc(inquiry::Column::DueAt)
            .order_by_asc(inquiry::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(db)
            .await?;
        let mut claimed = 0;
        for id in &ids {
            if escalate_one(db, *id, now).await? {
                claimed += 1;
            }
        }
        escalated += claimed;
        // Every row seen is now escalated or no longer overdue, so the next batch is new
        // rows; stop when the backlog is drained or another process is draining it.
        if (ids.len() as u64) < BATCH || claimed == 0 {
            return Ok(escalated);
        }
    }
}

/// Claims one inquiry and records its event in the same transaction. The claim repeats
/// the overdue test, so an inquiry resolved or paused since it was listed is left alone,
/// and `escalated_at IS NULL` lets exactly one process win. `version` and `updated_at`
/// stay as they are: escalation is not an edit, and must not make a user's
/// `expectedVersion` stale.
async fn escalate_one(db: &DatabaseConnection, id: Uuid, now: DateTime<Utc>) -> AppResult<bool> {
    let txn = begin_write(db).await?;
    let claim = inquiry::Entity::update_many()
        .col_expr(inquiry::Column::EscalatedAt, Expr::value(now))
        .filter(inquiry::Column::Id.eq(id))
        .filter(overdue(now))
        .exec(&txn)
        .await?;
    if claim.rows_affected != 1 {
        txn.rollback().await?;
        return Ok(false);
    }
    let Some(row) = inquiry::Entity::find_by_id(id).one(&txn).await? else {
        txn.rollback().await?;
        return Ok(false);
    };
    record(&txn, &row, now).await?;
    txn.commit().await?;
    Ok(true)
}

async fn record(
    txn: &impl ConnectionTrait,
    row: &inquiry::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let event = NewEvent {
        kind: EventKind::Escalated,
        actor_kind: ActorKind::System,
        actor_officer_id: None,
        actor_subject: None,
        public: false,
        note: None,
        data: Some(json!({ "dueAt": row.due_at })),
    };
    timeline::record(txn, row, event, now).await?;
    Ok(())
}

/// Runs [`escalate_overdue`] every `interval` until aborted. Failures are logged and
/// retried on the next tick; the task never ends on its own.
pub fn spawn_escalator(db: DatabaseConnection, interval: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        // A zero period would panic in `interval`; the setting's 0 means "not spawned".
        let mut ticker = tokio::time::interval(interval.max(Duration::from_millis(100)));
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            match escalate_overdue(&db, crate::service::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(escalated = n, "escalated overdue inquiries"),
                Err(error) => tracing::error!(%error, "escalating overdue inquiries failed"),
            }
        }
    })
}
