//! The outbox relay: reads committed outbox rows past the newest position it has
//! published and broadcasts them in position order. Positions are dense and commit
//! ordered (`timeline::outbox`), so "past the newest" misses nothing and repeats nothing.
//! The relay never sets `delivered_at`, which belongs to webhook delivery.

use std::time::Duration;

use entity::outbox;
use sea_orm::{
    ColumnTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sqlx::postgres::PgListener,
};
use tokio::task::JoinHandle;

use super::{CHANNEL, Realtime, feed::BATCH};
use crate::error::AppResult;

/// The safety net when a wake-up is lost (a dropped LISTEN connection, another SQLite writer).
pub const SAFETY_POLL: Duration = Duration::from_secs(2);

/// How long the relay gathers wakes before reading (SQLite): at most one read per this period.
const WAKE_COALESCE: Duration = Duration::from_millis(20);

/// Publishes every row past the realtime head, oldest first.
async fn relay_new_rows(realtime: &Realtime, db: &DatabaseConnection) -> AppResult<()> {
    loop {
        let rows = outbox::Entity::find()
            .filter(outbox::Column::Position.gt(realtime.head()))
            .order_by_asc(outbox::Column::Position)
            .limit(BATCH as u64)
            .all(db)
            .await?;
        let full = rows.len() == BATCH;
        for event in super::enrich::enrich(db, rows).await? {
            realtime.publish(event);
        }
        if !full {
            return Ok(());
        }
    }
}

/// Starts the relay over `db` (its own pool, so its reads stay out of request statement
/// counts); it stops at shutdown or when the handle is aborted.
pub fn spawn_relay(realtime: Realtime, db: DatabaseConnection) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut listener = listen(&db).await;
        let mut ticks = tokio::time::interval(SAFETY_POLL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let stop = realtime.shutdown_token();
        loop {
            if let Err(e) = relay_new_rows(&realtime, &db).await {
                tracing::warn!(error = %e, "outbox relay read failed");
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
