//! Retention of the event log: outbox rows older than the retention window are deleted
//! from the low end of the position order, and `outbox_sequence.pruned_through` records
//! the highest position deleted, so a client resuming from an older cursor is told that
//! events were lost (CURSOR_EXPIRED) instead of silently missing them.

use std::time::Duration;

use chrono::Utc;
use entity::outbox;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
    Statement,
};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::error::AppResult;

/// How long the event log keeps events by default: 7 days.
pub const DEFAULT_RETENTION_SECS: u64 = 7 * 24 * 3600;

/// Deletes the events older than `retention`; returns how many rows went.
pub async fn prune(db: &DatabaseConnection, retention: Duration) -> AppResult<u64> {
    let cutoff = Utc::now()
        - chrono::Duration::from_std(retention).unwrap_or_else(|_| chrono::Duration::days(7));
    let through: Option<Option<i64>> = outbox::Entity::find()
        .select_only()
        .column_as(outbox::Column::Position.max(), "through")
        .filter(outbox::Column::CreatedAt.lt(cutoff))
        .into_tuple()
        .one(db)
        .await?;
    let Some(through) = through.flatten() else {
        return Ok(0);
    };
    let txn = crate::db::begin_write(db).await?;
    // Record the horizon first: it locks the counter row, so two pruners take turns.
    let backend = db.get_database_backend();
    txn.execute_raw(Statement::from_string(
        backend,
        format!(
            "UPDATE outbox_sequence SET pruned_through = {through} \
             WHERE id = 1 AND pruned_through < {through}"
        ),
    ))
    .await?;
    let deleted = outbox::Entity::delete_many()
        .filter(outbox::Column::Position.lte(through))
        .exec(&txn)
        .await?
        .rows_affected;
    txn.commit().await?;
    if deleted > 0 {
        tracing::info!(deleted, through, "event log pruned");
    }
    Ok(deleted)
}

/// Prunes every `every` until `stop`.
pub fn spawn_pruner(
    db: DatabaseConnection,
    retention: Duration,
    every: Duration,
    stop: CancellationToken,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                _ = ticks.tick() => {
                    if let Err(e) = prune(&db, retention).await {
                        tracing::warn!(error = %e, "event log pruning failed");
                    }
                }
            }
        }
    })
}
