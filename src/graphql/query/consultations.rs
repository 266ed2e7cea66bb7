//! The expert's inbox of consultations.

use async_graphql::{Context, Object, Result};

use crate::{
    graphql::{
        context::ContextExt,
        types::{connection::Connection, timeline::ExpertConsultation},
    },
    service::{
        consultations::{self, InboxFilter},
        paging::{Cursor, page_size},
    },
};

#[derive(Default)]
pub struct ConsultationQuery;

#[Object]
impl ConsultationQuery {
    /// Consultations addressed to the caller as an expert, soonest due first (`first`
    /// 1..100). Staff only: no token is UNAUTHENTICATED, another token FORBIDDEN.
    #[graphql(complexity = "crate::graphql::connection_complexity(first, child_complexity)")]
    async fn my_consultations(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size, 1..100.")] first: i32,
        #[graphql(desc = "The `cursor` of the last edge already read.")] after: Option<String>,
        #[graphql(desc = "Only consultations still waiting for advice (default false).")]
        pending_only: Option<bool>,
        #[graphql(
            desc = "Only consultations waiting past their due date; implies pending (default false)."
        )]
        overdue_only: Option<bool>,
    ) -> Result<Connection<ExpertConsultation>> {
        let first = page_size(first)?;
        let after = after.as_deref().map(Cursor::decode).transpose()?;
        let filter = InboxFilter {
            pending_only: pending_only.unwrap_or(false),
            overdue_only: overdue_only.unwrap_or(false),
        };
        let page =
            consultations::inbox(&ctx.app().db, ctx.principal(), filter, first, after).await?;
        Ok(Connection::new(page, ExpertConsultation, filter))
    }
}
