//! Reading what the index must hold from the database, the source of truth: every
//! serving entry (approved, or approved and under revision, and not retired) with the
//! wording of its approved version.

use std::{collections::HashMap, sync::Arc};

use entity::{answer_entry, answer_entry_version};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{AnswerIndex, IndexedEntry};
use crate::error::{AppError, AppResult};

/// Ids per `IN (...)` list, well under every backend's bind-parameter limit.
const CHUNK: usize = 500;

impl AnswerIndex {
    /// Re-reads every serving entry's approved version from the database and replaces
    /// the index with it. Returns the number of entries indexed. Indexing runs on a
    /// blocking thread: a large library takes seconds and must not stall request handling.
    pub async fn rebuild(self: &Arc<Self>, db: &DatabaseConnection) -> AppResult<usize> {
        let _serial = self.sync_lock.lock().await;
        let entries = load(db, None).await?;
        let index = Arc::clone(self);
        let n = tokio::task::spawn_blocking(move || index.index_documents(&entries))
            .await
            .map_err(|e| AppError::Internal(format!("search index rebuild: {e}")))??;
        tracing::info!(entries = n, "answer search index rebuilt");
        Ok(n)
    }

    /// Re-reads one entry and indexes its approved version, or removes it when it no
    /// longer serves. Call it with the connection (or transaction) that changed the entry.
    pub async fn sync_entry(&self, db: &impl ConnectionTrait, entry_id: Uuid) -> AppResult<()> {
        let _serial = self.sync_lock.lock().await;
        match load(db, Some(entry_id)).await?.pop() {
            Some(entry) => self.upsert(&entry),
            None => self.remove(entry_id),
        }
    }
}

/// The serving entries (all, or the one with `only`), as index documents.
async fn load(db: &impl ConnectionTrait, only: Option<Uuid>) -> AppResult<Vec<IndexedEntry>> {
    let mut select =
        answer_entry::Entity::find().filter(crate::service::answers::queries::serving());
    if let Some(id) = only {
        select = select.filter(answer_entry::Column::Id.eq(id));
    }
    let entries = select.all(db).await?;
    let mut docs = Vec::with_capacity(entries.len());
    for chunk in entries.chunks(CHUNK) {
        let ids: Vec<Uuid> = chunk.iter().map(|e| e.id).collect();
        let mut versions: HashMap<(Uuid, i32), answer_entry_version::Model> =
            answer_entry_version::Entity::find()
                .filter(answer_entry_version::Column::AnswerEntryId.is_in(ids))
                .all(db)
                .await?
                .into_iter()
                .map(|v| ((v.answer_entry_id, v.version), v))
                .collect();
        for entry in chunk {
            let version = entry.approved_version.unwrap_or(entry.version);
            let indexed = match versions.remove(&(entry.id, version)) {
                Some(v) => IndexedEntry {
                    entry_id: entry.id,
                    version,
                    category: v.category,
                    title: v.title,
                    question: v.question,
                    answer: v.answer,
                    keywords: v.keywords,
                },
                // No snapshot row, but the entry's own columns are that version.
                None if entry.version == version => IndexedEntry {
                    entry_id: entry.id,
                    version,
                    category: entry.category.clone(),
                    title: entry.title.clone(),
                    question: entry.question.clone(),
                    answer: entry.answer.clone(),
                    keywords: entry.keywords.clone(),
                },
                None => {
                    tracing::warn!(entry = %entry.id, version, "approved version missing; not indexed");
                    continue;
                }
            };
            docs.push(indexed);
        }
    }
    Ok(docs)
}
