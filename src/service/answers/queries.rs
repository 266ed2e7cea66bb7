//! Reading the library: the staff-only list with keyset pages, counts, lookups
//! and version history. Every entry point asks `policy` first.

use entity::{AnswerStatus, answer_entry, answer_entry_version};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder,
    sea_query::{Expr, ExprTrait, LikeExpr},
};
use uuid::Uuid;

use crate::domain::validate;
use crate::{
    auth::{Principal, policy},
    error::AppResult,
    service::{
        inquiries::escape_like,
        paging::{Cursor, Keyset, Page},
    },
};

/// Narrowing of the library list, all optional and combined with AND.
#[derive(Debug, Clone, Default)]
pub struct AnswerFilter {
    /// Any of these statuses (of the latest revision).
    pub status: Option<Vec<AnswerStatus>>,
    pub category: Option<String>,
    pub department_id: Option<Uuid>,
    /// Substring of title, question, answer or keywords.
    pub text: Option<String>,
    /// Only entries replies may quote now (or only those they may not).
    pub serving: Option<bool>,
}

/// The SQL form of [`super::is_serving`]: approved once and not retired. Search and
/// suggestions index exactly these entries, at their `approved_version`.
pub fn serving() -> Condition {
    Condition::all()
        .add(answer_entry::Column::ApprovedVersion.is_not_null())
        .add(answer_entry::Column::Status.ne(AnswerStatus::Retired))
}

fn condition(filter: &AnswerFilter) -> AppResult<Condition> {
    let mut c = Condition::all();
    if let Some(statuses) = &filter.status
        && !statuses.is_empty()
    {
        c = c.add(answer_entry::Column::Status.is_in(statuses.iter().copied()));
    }
    if let Some(category) = filter
        .category
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        c = c.add(answer_entry::Column::Category.eq(category));
    }
    if let Some(d) = filter.department_id {
        c = c.add(answer_entry::Column::DepartmentId.eq(d));
    }
    if let Some(text) = filter
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        validate::no_nul("filter.text", text)?;
        let pattern = escape_like(text);
        let like = |col: answer_entry::Column| {
            Expr::col(col).like(LikeExpr::new(pattern.clone()).escape('\\'))
        };
        c = c.add(
            Condition::any()
                .add(like(answer_entry::Column::Title))
                .add(like(answer_entry::Column::Question))
                .add(like(answer_entry::Column::Answer))
                .add(like(answer_entry::Column::Keywords)),
        );
    }
    match filter.serving {
        Some(true) => c = c.add(serving()),
        Some(false) => c = c.add(serving().not()),
        None => {}
    }
    Ok(c)
}

/// A page of entries, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    principal: &Principal,
    filter: &AnswerFilter,
    first: u64,
    after: Option<Cursor>,
) -> AppResult<Page<answer_entry::Model>> {
    policy::ensure_may_read_library(principal)?;
    let query = answer_entry::Entity::find().filter(condition(filter)?);
    Keyset::by_id(answer_entry::Column::Id, Order::Desc)
        .page(db, query, first, after)
        .await
}

/// How many entries match the filter.
pub async fn count(
    db: &impl ConnectionTrait,
    principal: &Principal,
    filter: &AnswerFilter,
) -> AppResult<u64> {
    policy::ensure_may_read_library(principal)?;
    Ok(answer_entry::Entity::find()
        .filter(condition(filter)?)
        .count(db)
        .await?)
}

/// One entry; `FORBIDDEN` for callers who may not read the library, `None` when absent.
pub async fn get(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: Uuid,
) -> AppResult<Option<answer_entry::Model>> {
    policy::ensure_may_read_library(principal)?;
    Ok(answer_entry::Entity::find_by_id(id).one(db).await?)
}

/// Entries by id, for loaders; nothing at all for callers who may not read the library.
pub async fn by_ids(
    db: &impl ConnectionTrait,
    principal: &Principal,
    ids: &[Uuid],
) -> AppResult<Vec<answer_entry::Model>> {
    if !policy::may_read_library(principal) || ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(answer_entry::Entity::find()
        .filter(answer_entry::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// Every revision of the given entries, oldest first; nothing for outsiders.
pub async fn versions(
    db: &impl ConnectionTrait,
    principal: &Principal,
    entry_ids: &[Uuid],
) -> AppResult<Vec<answer_entry_version::Model>> {
    if !policy::may_read_library(principal) || entry_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(answer_entry_version::Entity::find()
        .filter(answer_entry_version::Column::AnswerEntryId.is_in(entry_ids.iter().copied()))
        .order_by_asc(answer_entry_version::Column::AnswerEntryId)
        .order_by_asc(answer_entry_version::Column::Version)
        .all(db)
        .await?)
}
