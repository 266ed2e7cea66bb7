//! Finding approved wording: `searchAnswers` for an officer's own words and
//! `Inquiry.suggestedAnswers` for an inquiry's subject and body. Staff only, like the
//! library itself. Hits come from the index and are checked against the database, so
//! an entry retired by another process a moment ago is never offered.

use std::collections::HashMap;

use entity::{answer_entry, inquiry};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::{
    auth::{Principal, policy},
    error::{AppError, AppResult},
    search::{AnswerIndex, SearchHit},
    service::answers::queries::serving,
};

/// Most hits one search returns.
pub const MAX_HITS: i32 = 50;
/// A word of an inquiry's subject counts this many times one of its body: bodies carry
/// channel boilerplate (【12345热线转办】, 问政邮箱来信) and narrative.
const SUBJECT_WEIGHT: f32 = 2.0;
/// Extra hits fetched so that dropping a just-retired entry still fills the page.
const SLACK: usize = 5;

/// A hit and the entry it points at.
#[derive(Debug, Clone)]
pub struct ServingHit {
    pub hit: SearchHit,
    pub entry: answer_entry::Model,
}

/// Best matches for `query`, optionally in one category.
pub async fn search(
    principal: &Principal,
    db: &impl ConnectionTrait,
    index: &AnswerIndex,
    query: &str,
    category: Option<&str>,
    first: i32,
) -> AppResult<Vec<ServingHit>> {
    policy::ensure_may_read_library(principal)?;
    let first = hit_count(first)?;
    let hits = index.search(query, category, first + SLACK)?;
    attach(db, hits, first).await
}

/// Approved wording that fits an inquiry, from its subject and body; empty for
/// callers who may not read the library (the inquiry itself they may see).
pub async fn suggest_for(
    principal: &Principal,
    db: &impl ConnectionTrait,
    index: &AnswerIndex,
    inquiry: &inquiry::Model,
    first: i32,
) -> AppResult<Vec<ServingHit>> {
    if !policy::may_read_library(principal) {
        return Ok(Vec::new());
    }
    let first = hit_count(first)?;
    let texts = [
        (inquiry.subject.as_str(), SUBJECT_WEIGHT),
        (inquiry.body.as_str(), 1.0),
    ];
    let hits = index.search_weighted(&texts, None, first + SLACK)?;
    attach(db, hits, first).await
}

fn hit_count(first: i32) -> AppResult<usize> {
    if !(1..=MAX_HITS).contains(&first) {
        return Err(AppError::bad_input(
            "first",
            format!("must be between 1 and {MAX_HITS}"),
        ));
    }
    Ok(first as usize)
}

/// Loads the hits' entries in one query, keeps those still serving, in rank order.
async fn attach(
    db: &impl ConnectionTrait,
    hits: Vec<SearchHit>,
    first: usize,
) -> AppResult<Vec<ServingHit>> {
    if hits.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<_> = hits.iter().map(|h| h.entry_id).collect();
    let mut entries: HashMap<_, _> = answer_entry::Entity::find()
        .filter(answer_entry::Column::Id.is_in(ids))
        .filter(serving())
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    Ok(hits
        .into_iter()
        .filter_map(|hit| {
            let entry = entries.remove(&hit.entry_id)?;
            Some(ServingHit { hit, entry })
        })
        .take(first)
        .collect())
}
