//! Relay connections with keyset cursors and a lazily computed `totalCount`.

use async_graphql::{Context, Object, Result, SimpleObject};

use super::{answer::AnswerEntry, directory::Officer, inquiry::Inquiry};
use crate::{
    graphql::context::ContextExt,
    service::{
        answers::queries::{self as answers, AnswerFilter},
        directory::{self, OfficerFilter},
        inquiries::{self, CappedCount, InquiryFilter},
    },
};

/// Relay page information.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct PageInfo {
    pub has_next_page: bool,
    /// Always false: these lists page forward only.
    pub has_previous_page: bool,
    pub start_cursor: Option<String>,
    pub end_cursor: Option<String>,
}

impl PageInfo {
    pub fn new(cursors: &[String], has_next_page: bool) -> Self {
        Self {
            has_next_page,
            has_previous_page: false,
            start_cursor: cursors.first().cloned(),
            end_cursor: cursors.last().cloned(),
        }
    }
}

/// An inquiry and its cursor.
pub struct InquiryEdge {
    pub cursor: String,
    pub node: Inquiry,
}

#[Object]
impl InquiryEdge {
    async fn cursor(&self) -> &str {
        &self.cursor
    }
    async fn node(&self) -> &Inquiry {
        &self.node
    }
}

/// A page of inquiries.
pub struct InquiryConnection {
    pub edges: Vec<InquiryEdge>,
    pub page_info: PageInfo,
    pub filter: InquiryFilter,
    /// Counted once per page, whether `totalCount`, `totalCountCapped` or both are asked for.
    pub count: tokio::sync::OnceCell<CappedCount>,
}

impl InquiryConnection {
    async fn counted(&self, ctx: &Context<'_>) -> Result<CappedCount> {
        let app = ctx.app();
        Ok(*self
            .count
            .get_or_try_init(|| {
                inquiries::count(
                    &app.db,
                    ctx.principal(),
                    &app.directory,
                    &self.filter,
                    app.count_cap,
                )
            })
            .await?)
    }
}

#[Object]
impl InquiryConnection {
    async fn edges(&self) -> &[InquiryEdge] {
        &self.edges
    }
    /// The nodes without cursors, for clients that do not need them.
    async fn nodes(&self) -> Vec<&Inquiry> {
        self.edges.iter().map(|e| &e.node).collect()
    }
    async fn page_info(&self) -> &PageInfo {
        &self.page_info
    }
    /// Number of inquiries matching the filter within the caller's scope, exact up to the
    /// server's cap (`TOTAL_COUNT_CAP`, default 10,000); beyond it, the cap, with
    /// `totalCountCapped` true (show "10,000+"). One bounded COUNT query, run only when asked
    /// for, so it stays cheap at millions of rows.
    async fn total_count(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok(self.counted(ctx).await?.count)
    }
    /// True when more inquiries match than the cap, so `totalCount` is a lower bound.
    async fn total_count_capped(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(self.counted(ctx).await?.capped)
    }
}

/// An officer and its cursor.
pub struct OfficerEdge {
    pub cursor: String,
    pub node: Officer,
}

#[Object]
impl OfficerEdge {
    async fn cursor(&self) -> &str {
        &self.cursor
    }
    async fn node(&self) -> &Officer {
        &self.node
    }
}

/// A page of officers.
pub struct OfficerConnection {
    pub edges: Vec<OfficerEdge>,
    pub page_info: PageInfo,
    pub filter: OfficerFilter,
}

#[Object]
impl OfficerConnection {
    async fn edges(&self) -> &[OfficerEdge] {
        &self.edges
    }
    async fn nodes(&self) -> Vec<&Officer> {
        self.edges.iter().map(|e| &e.node).collect()
    }
    async fn page_info(&self) -> &PageInfo {
        &self.page_info
    }
    async fn total_count(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok(directory::count_officers(&ctx.app().db, &self.filter).await?)
    }
}

/// An answer-library entry and its cursor.
pub struct AnswerEntryEdge {
    pub cursor: String,
    pub node: AnswerEntry,
}

#[Object]
impl AnswerEntryEdge {
    async fn cursor(&self) -> &str {
        &self.cursor
    }
    async fn node(&self) -> &AnswerEntry {
        &self.node
    }
}

/// A page of the answer library, newest entries first.
pub struct AnswerEntryConnection {
    pub edges: Vec<AnswerEntryEdge>,
    pub page_info: PageInfo,
    pub filter: AnswerFilter,
}

#[Object]
impl AnswerEntryConnection {
    async fn edges(&self) -> &[AnswerEntryEdge] {
        &self.edges
    }
    async fn nodes(&self) -> Vec<&AnswerEntry> {
        self.edges.iter().map(|e| &e.node).collect()
    }
    async fn page_info(&self) -> &PageInfo {
        &self.page_info
    }
    /// Exact number of entries matching the filter (one COUNT query, run only when asked for).
    async fn total_count(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok(answers::count(&ctx.app().db, ctx.principal(), &self.filter).await?)
    }
}
