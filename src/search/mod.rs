//! Full-text search over the answer library (口徑庫), so an officer finds approved
//! wording for a citizen's question in a few keystrokes.
//!
//! - `analyzer`, `normalize`: Traditional → Simplified, width and case folding, jieba
//!   search-mode segmentation; the same for indexed text, queries and highlights.
//! - `index`, `schema`, `query`, `highlight`: an in-RAM tantivy index, BM25 with title
//!   and question boosted, queries built from words (never parsed), `<em>` snippets.
//! - `source`: the database is the source of truth; rebuilt at start-up, synced per
//!   entry by the requests that approve, revise or retire.
//! - `poller`: keeps each of several server processes current.

pub mod analyzer;
mod highlight;
mod index;
pub mod normalize;
pub mod poller;
mod query;
mod schema;
mod source;
#[cfg(test)]
mod tests;

use uuid::Uuid;

pub use index::AnswerIndex;
pub use poller::spawn_poller;

/// One search result.
#[derive(Debug, Clone)]
pub struct SearchHit {
    pub entry_id: Uuid,
    /// The approved version that was indexed.
    pub version: i32,
    pub score: f32,
    /// Title with matched words wrapped in `<em>` (HTML-escaped otherwise).
    pub title_snippet: String,
    /// Fragment of the approved answer (or question) with matched words wrapped in `<em>`.
    pub snippet: String,
    /// The indexed version's title, plain.
    pub title: String,
    /// The indexed version's category (normalised to Simplified characters).
    pub category: String,
}

/// The searchable text of one entry's approved version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedEntry {
    pub entry_id: Uuid,
    pub version: i32,
    pub category: String,
    pub title: String,
    pub question: String,
    pub answer: String,
    /// Comma-separated.
    pub keywords: String,
}
