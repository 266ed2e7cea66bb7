//! Chinese full-text search over the approved answer library. Staff only.

use async_graphql::{Context, Object, Result};

use crate::{
    graphql::{context::ContextExt, types::search::AnswerSearchHit},
    service::answer_search,
};

#[derive(Default)]
pub struct SearchQuery;

#[Object]
impl SearchQuery {
    /// Approved wording that best matches `query`: words in Simplified or Traditional
    /// characters, in any order, punctuation ignored (never query syntax). `first`:
    /// 1 to 50. A blank `query` is refused (`BAD_USER_INPUT`). Staff only.
    #[graphql(complexity = "crate::graphql::connection_complexity(first, child_complexity)")]
    async fn search_answers(
        &self,
        ctx: &Context<'_>,
        query: String,
        #[graphql(desc = "Exactly this category, e.g. `出入境`.")] category: Option<String>,
        #[graphql(default = 10)] first: i32,
    ) -> Result<Vec<AnswerSearchHit>> {
        let app = ctx.app();
        let hits = answer_search::search(
            ctx.principal(),
            &app.db,
            &app.search,
            &query,
            category.as_deref(),
            first,
        )
        .await?;
        Ok(hits.into_iter().map(AnswerSearchHit).collect())
    }
}
