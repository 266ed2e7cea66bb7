//! One subscriber's view of the event log: the events after its cursor, in position
//! order, each exactly once. It replays from the outbox, then follows the process's
//! broadcast; when it falls behind (the channel overflowed, or a position is missing
//! because the relay published before it subscribed) it reads the outbox again from its
//! cursor. Positions are dense, so a gap is always noticed.

use std::sync::Arc;

use entity::outbox;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::broadcast::{self, error::TryRecvError};
use tokio_util::sync::CancellationToken;

use super::{OutboxEvent, Realtime, cursor};
use crate::error::{AppError, AppResult};

/// Rows read from the outbox at once, and the most events handed out in one batch.
pub const BATCH: usize = 256;

/// The events after a cursor, in batches.
pub struct Feed {
    db: DatabaseConnection,
    rx: broadcast::Receiver<Arc<OutboxEvent>>,
    stop: CancellationToken,
    /// The last position handed out (or skipped as before the start).
    cursor: i64,
    /// Whether the outbox may hold rows past `cursor` that the channel will not bring.
    behind: bool,
    ended: bool,
}

impl Feed {
    /// Events after position `after`: a client's checked cursor (see
    /// [`cursor::resume_from`]), or, for a subscription that starts now, the newest
    /// committed position ([`cursor::bounds`]) read when it was set up.
    pub fn new(realtime: &Realtime, db: DatabaseConnection, after: i64) -> Self {
        // Subscribe first: whatever the relay publishes from now on is in the channel, and
        // anything between `after` and that is read from the outbox.
        let rx = realtime.subscribe();
        Self {
            db,
            rx,
            stop: realtime.shutdown_token(),
            cursor: after,
            behind: after < realtime.head(),
            ended: false,
        }
    }

    /// The last position handed out.
    pub fn cursor(&self) -> i64 {
        self.cursor
    }

    /// The next events in position order; `None` at shutdown. An error ends the feed:
    /// the subscriber reports it with [`Feed::cursor`] so the client resumes from there.
    pub async fn next_batch(&mut self) -> Option<AppResult<Vec<Arc<OutboxEvent>>>> {
        if self.ended {
            return None;
        }
        loop {
            if self.behind {
                match self.catch_up().await {
                    Ok(batch) if batch.is_empty() => {}
                    Ok(batch) => return Some(Ok(batch)),
                    Err(e) => {
                        self.ended = true;
                        return Some(Err(e));
                    }
                }
                continue;
            }
            tracing::trace!(cursor = self.cursor, "waiting for live events");
            let first = tokio::select! {
                () = self.stop.cancelled() => return None,
                received = self.rx.recv() => received,
            };
            match first {
                Ok(event) => {
                    let mut batch = Vec::new();
                    self.take(event, &mut batch);
                    while batch.len() < BATCH && !self.behind {
                        match self.rx.try_recv() {
                            Ok(event) => self.take(event, &mut batch),
                            Err(TryRecvError::Lagged(_)) => self.behind = true,
                            Err(_) => break,
                        }
                    }
                    if !batch.is_empty() {
                        return Some(Ok(batch));
                    }
                }
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    tracing::debug!(
                        missed = n,
                        "a subscriber fell behind; catching up from the outbox"
                    );
                    metrics::counter!("wenzheng_subscriber_catch_ups_total").increment(1);
                    self.behind = true;
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }

    /// Adds `event` if it is the next position; notes a gap; drops what came before.
    fn take(&mut self, event: Arc<OutboxEvent>, batch: &mut Vec<Arc<OutboxEvent>>) {
        if self.behind || event.position <= self.cursor {
            return;
        }
        if event.position == self.cursor + 1 {
            self.cursor = event.position;
            batch.push(event);
        } else {
            self.behind = true;
        }
    }

    /// Reads up to [`BATCH`] rows past the cursor; clears `behind` once caught up.
    async fn catch_up(&mut self) -> AppResult<Vec<Arc<OutboxEvent>>> {
        let rows = outbox::Entity::find()
            .filter(outbox::Column::Position.gt(self.cursor))
            .order_by_asc(outbox::Column::Position)
            .limit(BATCH as u64)
            .all(&self.db)
            .await?;
        tracing::trace!(cursor = self.cursor, rows = rows.len(), "catch-up read");
        if rows.len() < BATCH {
            self.behind = false;
        }
        if let Some(first) = rows.first()
            && first.position != self.cursor + 1
        {
            // Dense positions: a missing one was deleted by retention.
            let bounds = cursor::bounds(&self.db).await?;
            if self.cursor < bounds.pruned_through {
                return Err(AppError::CursorExpired {
                    oldest: cursor::encode(bounds.pruned_through),
                });
            }
        }
        let batch = super::enrich::enrich(&self.db, rows).await?;
        if let Some(last) = batch.last() {
            self.cursor = last.position;
        }
        Ok(batch)
    }
}
