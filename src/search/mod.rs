//! Full-text search over the answer library (口徑庫).
//! TEMPORARY SCAFFOLD (lead): helper-5 replaces the bodies with the tantivy + jieba
//! implementation; the signatures are the contract other modules code against.

use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

use crate::error::AppResult;

/// One search result.
#[derive(Debug, Clone)]
pub struct SearchHit {
    pub entry_id: Uuid,
    /// The approved version that was indexed.
    pub version: i32,
    pub score: f32,
    /// Title with matched words wrapped in `<em>`.
    pub title_snippet: String,
    /// Fragment of the approved answer (or question) with matched words wrapped in `<em>`.
    pub snippet: String,
}

/// The in-process index of approved answer-library wording.
#[derive(Debug, Default)]
pub struct AnswerIndex {}

impl AnswerIndex {
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self {})
    }

    /// Re-reads every serving (approved, not retired) entry's approved version from the database.
    pub async fn rebuild(&self, _db: &DatabaseConnection) -> AppResult<usize> {
        Ok(0)
    }

    /// Re-reads one entry and indexes its approved version, or removes it when it no longer serves.
    pub async fn sync_entry(&self, _db: &impl ConnectionTrait, _entry_id: Uuid) -> AppResult<()> {
        Ok(())
    }

    /// Best matches first.
    pub fn search(
        &self,
        _query: &str,
        _category: Option<&str>,
        _limit: usize,
    ) -> AppResult<Vec<SearchHit>> {
        Ok(Vec::new())
    }
}
