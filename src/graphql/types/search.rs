//! A search hit over the answer library, with highlighted fragments to show in a list.

use async_graphql::{ID, Object};

use super::{answer::AnswerEntry, ids::global_id};
use crate::service::answer_search::ServingHit;

/// One approved entry that matches a search, best first.
pub struct AnswerSearchHit(pub ServingHit);

#[Object]
impl AnswerSearchHit {
    /// BM25 relevance; only comparable within one result list.
    async fn score(&self) -> f32 {
        self.0.hit.score
    }
    /// The approved version's title with matched words in `<em>`; otherwise HTML-escaped.
    async fn title_highlighted(&self) -> &str {
        &self.0.hit.title_snippet
    }
    /// The approved version's title, plain.
    async fn title(&self) -> &str {
        &self.0.hit.title
    }
    /// The best-matching fragment of the approved wording (or question) with matched
    /// words in `<em>`; otherwise HTML-escaped.
    async fn snippet(&self) -> &str {
        &self.0.hit.snippet
    }
    /// The approved version that matched: the one a reply would quote.
    async fn version(&self) -> i32 {
        self.0.hit.version
    }
    /// The approved version's category.
    async fn category(&self) -> &str {
        &self.0.hit.category
    }
    /// The entry's global id (same as `entry { id }`).
    async fn entry_id(&self) -> ID {
        global_id::<AnswerEntry>(self.0.entry.id)
    }
    /// The entry itself (its fields are its latest revision).
    async fn entry(&self) -> AnswerEntry {
        AnswerEntry(self.0.entry.clone())
    }
}
