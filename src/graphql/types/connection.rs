//! Relay connections: one generic [`Connection`] and [`Edge`] serve every list, each page
//! built from the service layer's keyset [`Page`] and counted lazily for `totalCount`.

mod lists;
mod output;

use std::{borrow::Cow, future::Future};

use async_graphql::{Context, Object, OutputType, SimpleObject, TypeName};
use tokio::sync::OnceCell;

use crate::{
    error::AppResult,
    service::{inquiries::CappedCount, paging::Page},
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

/// A type listed by a connection. The contract (`schema.graphql`) names each list's types
/// after its node (`InquiryConnection`, `InquiryEdge`) and documents them list by list; those
/// names and texts are data here, so one implementation serves every list and the contract
/// stays as it is.
pub trait ConnectionNode: OutputType + 'static {
    /// The connection's type name.
    const CONNECTION: &'static str;
    /// The edge's type name.
    const EDGE: &'static str;
    /// The connection type's description, where the contract has one.
    const DESCRIPTION: Option<&'static str> = None;
    /// The connection's `nodes` field.
    const NODES: Shown = Shown::Plain;
    /// What `totalCount` counts: the list's filter, or [`Uncounted`].
    type Count: TotalCount;
}

/// Whether a connection offers one of its optional fields, and with what description.
#[derive(Debug, Clone, Copy)]
pub enum Shown {
    No,
    Plain,
    Described(&'static str),
}

impl Shown {
    fn is_shown(self) -> bool {
        !matches!(self, Self::No)
    }

    fn description(self) -> Option<&'static str> {
        match self {
            Self::Described(text) => Some(text),
            Self::No | Self::Plain => None,
        }
    }
}

/// Counts a list for `totalCount`, under the same scope and filter as its pages.
pub trait TotalCount: Send + Sync {
    /// The connection's `totalCount` field.
    const TOTAL_COUNT: Shown;
    /// The connection's `totalCountCapped` field, for lists whose count stops at a cap.
    const TOTAL_COUNT_CAPPED: Shown = Shown::No;

    fn count(&self, ctx: &Context<'_>) -> impl Future<Output = AppResult<CappedCount>> + Send;
}

/// The count of a list that has no `totalCount`.
pub struct Uncounted;

impl TotalCount for Uncounted {
    const TOTAL_COUNT: Shown = Shown::No;

    async fn count(&self, _: &Context<'_>) -> AppResult<CappedCount> {
        Err(crate::error::AppError::Internal(
            "this list has no totalCount".into(),
        ))
    }
}

/// A node and its cursor.
pub struct Edge<N> {
    cursor: String,
    node: N,
}

#[Object(name_type)]
impl<N: ConnectionNode> Edge<N> {
    async fn cursor(&self) -> &str {
        &self.cursor
    }
    async fn node(&self) -> &N {
        &self.node
    }
}

impl<N: ConnectionNode> TypeName for Edge<N> {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed(N::EDGE)
    }
}

/// A page of `N`s. Its schema type is written out in `output` from `N`'s [`ConnectionNode`]
/// rather than derived, because the derive fixes descriptions per Rust type.
pub struct Connection<N: ConnectionNode> {
    edges: Vec<Edge<N>>,
    page_info: PageInfo,
    counter: N::Count,
    /// Counted once per page, only when `totalCount` or `totalCountCapped` is asked for.
    count: OnceCell<CappedCount>,
}

impl<N: ConnectionNode> Connection<N> {
    /// The page's rows as nodes, each with its cursor; `counter` counts the whole list.
    pub fn new<T>(page: Page<T>, mut node: impl FnMut(T) -> N, counter: N::Count) -> Self {
        let edges: Vec<Edge<N>> = page
            .rows
            .into_iter()
            .map(|(cursor, row)| Edge {
                cursor: cursor.encode(),
                node: node(row),
            })
            .collect();
        let page_info = PageInfo {
            has_next_page: page.has_next_page,
            has_previous_page: false,
            start_cursor: edges.first().map(|e| e.cursor.clone()),
            end_cursor: edges.last().map(|e| e.cursor.clone()),
        };
        Self {
            edges,
            page_info,
            counter,
            count: OnceCell::new(),
        }
    }

    fn nodes(&self) -> Vec<&N> {
        self.edges.iter().map(|e| &e.node).collect()
    }

    async fn counted(&self, ctx: &Context<'_>) -> AppResult<CappedCount> {
        self.count
            .get_or_try_init(|| self.counter.count(ctx))
            .await
            .copied()
    }
}
