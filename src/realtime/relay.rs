//! The outbox relay: reads committed outbox rows newer than those it has seen and
//! broadcasts them. Ids are UUIDv7 (time ordered), but transactions commit in any order,
//! so a row can appear with an id older than one already seen: every read re-reads a
//! [`WINDOW`] below the newest id and dedupes by id, like the answer-index poller.
//! The relay keeps its own cursor in memory; it never sets `delivered_at`, which belongs
//! to webhook delivery.

use std::{collections::HashSet, time::Duration};

use entity::outbox;
use sea_orm::{
    ColumnTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    sqlx::postgres::PgListener,
};
use tokio::task::JoinHandle;
use uuid::Uuid;

use super::{CHANNEL, OutboxEvent, Realtime};
use crate::error::AppResult;

/// How far below the newest id each read looks again: longer than any write transaction
/// (requests time out well before) and any clock skew between server processes.
pub const WINDOW: Duration = Duration::from_secs(60);

/// The safety net when a wake-up is lost (a dropped LISTEN connection, another SQLite writer).
pub const SAFETY_POLL: Duration = Duration::from_secs(2);

/// Milliseconds since the epoch encoded in a UUIDv7.
fn millis_of(id: Uuid) -> u64 {
    (id.as_u128() >> 80) as u64
}

/// The smallest UUIDv7 of millisecond `ms`.
fn floor_id(ms: u64) -> Uuid {
    Uuid::from_u128(u128::from(ms) << 80)
}

fn now_millis() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0)
}

/// How long the relay gathers wakes before reading (SQLite): at most one read per this period.
const WAKE_COALESCE: Duration = Duration::from_millis(20);

/// What the relay has seen.
#[derive(Debug)]
pub struct Cursor {
    /// Rows older than this were there before the process started: not announced again.
    started_ms: u64,
    newest_ms: u64,
    seen: HashSet<Uuid>,
}

impl Cursor {
    pub fn new() -> Self {
        let now = now_millis();
        Self {
            started_ms: now,
            newest_ms: now,
            seen: HashSet::new(),
        }
    }

    /// The rows committed since the last read, in id order.
    pub async fn read(&mut self, db: &DatabaseConnection) -> AppResult<Vec<outbox::Model>> {
        let window = WINDOW.as_millis() as u64;
        let floor_ms = self.newest_ms.min(now_millis()).saturating_sub(window);
        let rows = outbox::Entity::find()
            .filter(outbox::Column::Id.gte(floor_id(floor_ms)))
            .order_by_asc(outbox::Column::Id)
            .all(db)
            .await?;
        let mut fresh = Vec::new();
        for row in rows {
            if !self.seen.insert(row.id) {
                continue;
            }
            let ms = millis_of(row.id);
            self.newest_ms = self.newest_ms.max(ms);
            if ms >= self.started_ms {
                fresh.push(row);
            }
        }
        self.seen.retain(|id| millis_of(*id) >= floor_ms);
        Ok(fresh)
    }
}

impl Default for Cursor {
    fn default() -> Self {
        Self::new()
    }
}

/// Starts the relay over `db` (its own pool, so its reads stay out of request statement
/// counts); it stops at shutdown or when the handle is aborted.
pub fn spawn_relay(realtime: Realtime, db: DatabaseConnection) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut listener = listen(&db).await;
        let mut cursor = Cursor::new();
        let mut ticks = tokio::time::interval(SAFETY_POLL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let stop = realtime.shutdown_token();
        loop {
            match cursor.read(&db).await {
                Ok(rows) => {
                    for row in rows {
                        realtime.publish(OutboxEvent {
                            id: row.id,
                            event: row.event,
                            payload: row.payload,
                            inquiry_id: row.inquiry_id,
                            district_id: row.district_id,
                        });
                    }
                }
                Err(e) => tracing::warn!(error = %e, "outbox relay read failed"),
            }
            tokio::select! {
                () = stop.cancelled() => break,
                // Requests wake the relay after they may have written (the only prompt
                // signal on SQLite; PostgreSQL's NOTIFY comes only on real writes). Wakes that
                // arrive together are served by one read, so a busy server does not read
                // the outbox once per request.
                () = realtime.0.wake.notified(), if listener.is_none() => {
                    tokio::time::sleep(WAKE_COALESCE).await;
                }
                _ = ticks.tick() => {}
                woken = notified(&mut listener) => {
                    if let Err(e) = woken {
                        tracing::warn!(error = %e, "outbox LISTEN failed; reconnecting");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        }
    })
}

/// On PostgreSQL, a connection listening on [`CHANNEL`]; `None` on SQLite or on failure
/// (the safety poll still delivers, later).
async fn listen(db: &DatabaseConnection) -> Option<PgListener> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return None;
    }
    let pool = db.get_postgres_connection_pool();
    let mut listener = match PgListener::connect_with(pool).await {
        Ok(l) => l,
        Err(e) => {
            tracing::warn!(error = %e, "outbox LISTEN unavailable; polling only");
            return None;
        }
    };
    match listener.listen(CHANNEL).await {
        Ok(()) => Some(listener),
        Err(e) => {
            tracing::warn!(error = %e, "outbox LISTEN unavailable; polling only");
            None
        }
    }
}

/// The next notification; never completes without a listener. `PgListener` reconnects by
/// itself after an error, and the read that follows catches up on anything missed.
async fn notified(listener: &mut Option<PgListener>) -> Result<(), sea_orm::sqlx::Error> {
    match listener {
        Some(l) => l.recv().await.map(|_| ()),
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid_v7_floor_orders_before_every_id_of_its_millisecond_and_after_older_ones() {
        let id = Uuid::now_v7();
        let ms = millis_of(id);
        assert!(floor_id(ms) <= id);
        assert!(floor_id(ms + 1) > id);
        assert_eq!(millis_of(floor_id(ms)), ms);
    }
}
