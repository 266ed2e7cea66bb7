//! Keeps this process's index current when other server processes on the same
//! PostgreSQL change the library. Each tick reads a cheap change marker (row count and
//! latest `updated_at` of `answer_entry`); when it moved, the recently changed rows are
//! re-synced one by one, and a change in the row count (an entry created or deleted)
//! rebuilds the index.
//!
//! Transactions commit in any order, so a row can appear with an `updated_at` older
//! than the marker already seen. Rows changed within the last [`LAG`] are therefore
//! re-checked on every tick until they age out, compared with what was last synced.

use std::{collections::HashMap, sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use entity::answer_entry;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use tokio::task::JoinHandle;
use uuid::Uuid;

use super::AnswerIndex;
use crate::error::AppResult;

/// How long a change stays under watch: longer than any transaction and any clock skew
/// between server processes.
pub const LAG: Duration = Duration::from_secs(120);

/// Starts polling every `every`; abort the handle to stop it.
pub fn spawn_poller(
    index: Arc<AnswerIndex>,
    db: DatabaseConnection,
    every: Duration,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tracker = ChangeTracker::default();
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(e) = tracker.poll(&index, &db).await {
                tracing::warn!(error = %e, "answer search freshness poll failed");
            }
        }
    })
}

/// What the poller has seen so far.
#[derive(Debug, Default)]
pub struct ChangeTracker {
    marker: Option<Marker>,
    /// Recently changed entries and the `updated_at` last synced for each.
    recent: HashMap<Uuid, DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marker {
    count: i64,
    latest: Option<DateTime<Utc>>,
}

impl ChangeTracker {
    /// One tick: brings `index` up to date with the database if anything changed.
    pub async fn poll(
        &mut self,
        index: &Arc<AnswerIndex>,
        db: &DatabaseConnection,
    ) -> AppResult<()> {
        let now = marker(db).await?;
        let Some(before) = self.marker else {
            // First tick: the index was just rebuilt; start watching from here.
            self.marker = Some(now);
            return self.sync_recent(index, db, now).await;
        };
        if now.count != before.count {
            index.rebuild(db).await?;
            self.recent.clear();
            self.marker = Some(now);
            return self.sync_recent(index, db, now).await;
        }
        if now != before || !self.recent.is_empty() {
            self.sync_recent(index, db, now).await?;
        }
        self.marker = Some(now);
        Ok(())
    }

    /// Re-syncs the rows changed within [`LAG`] that differ from what was last synced.
    async fn sync_recent(
        &mut self,
        index: &AnswerIndex,
        db: &DatabaseConnection,
        now: Marker,
    ) -> AppResult<()> {
        let Some(latest) = now.latest else {
            self.recent.clear();
            return Ok(());
        };
        // Wall-clock bound too, so the watch list empties once changes stop.
        let since = latest.min(Utc::now()) - chrono::Duration::from_std(LAG).unwrap_or_default();
        let rows: Vec<(Uuid, DateTime<Utc>)> = answer_entry::Entity::find()
            .select_only()
            .column(answer_entry::Column::Id)
            .column(answer_entry::Column::UpdatedAt)
            .filter(answer_entry::Column::UpdatedAt.gte(since))
            .into_tuple()
            .all(db)
            .await?;
        for (id, updated_at) in rows {
            if self.recent.get(&id) != Some(&updated_at) {
                index.sync_entry(db, id).await?;
                self.recent.insert(id, updated_at);
            }
        }
        self.recent.retain(|_, at| *at >= since);
        Ok(())
    }
}

/// Row count and latest `updated_at`: one cheap aggregate query.
async fn marker(db: &DatabaseConnection) -> AppResult<Marker> {
    let (count, latest): (i64, Option<DateTime<Utc>>) = answer_entry::Entity::find()
        .select_only()
        .column_as(answer_entry::Column::Id.count(), "count")
        .column_as(answer_entry::Column::UpdatedAt.max(), "latest")
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or((0, None));
    Ok(Marker { count, latest })
}
