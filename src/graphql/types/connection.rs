//! Relay connections with keyset cursors and a lazily computed `totalCount`.

use async_graphql::{Context, Object, Result, SimpleObject};

use super::{answer::AnswerEntry, directory::Officer, inquiry::Inquiry};
use crate::{
    graphql::context::ContextExt,
    service::{
        answers::queries::{self as answers, AnswerFilter},
        directory::{self, OfficerFilter},
        inquiries::{self, InquiryFilter},
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
    /// Exact number of inquiries matching the filter within the caller's scope (one COUNT query,
    /// run only when asked for).
    async fn total_count(&self, ctx: &Context<'_>) -> Result<u64> {
        let app = ctx.app();
        Ok(inquiries::count(&app.db, ctx.principal(), &app.directory, &self.filter).await?)
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
