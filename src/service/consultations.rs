//! An expert's inbox (微博專家團): the consultations addressed to the caller, most urgent
//! first, on the one pager.

use entity::expert_consultation::{self, Column as C};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter,
};

use super::paging::{Cursor, Keyset, Page};
use crate::{
    auth::{
        Principal,
        policy::{self, Needed},
    },
    error::AppResult,
};

/// Which of the caller's consultations to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct InboxFilter {
    /// Only those still waiting for advice.
    pub pending_only: bool,
    /// Only those waiting past their due date (implies pending).
    pub overdue_only: bool,
}

const REFUSAL: &str = "a consultation inbox is for staff";

fn condition(principal: &Principal, filter: InboxFilter) -> AppResult<Condition> {
    let staff = policy::require_role(principal, Needed::Staff, REFUSAL)?;
    let mut c = Condition::all().add(C::ExpertId.eq(staff.officer_id));
    if filter.pending_only || filter.overdue_only {
        c = c.add(C::AnsweredAt.is_null());
    }
    if filter.overdue_only {
        c = c.add(C::DueAt.lt(crate::service::now()));
    }
    Ok(c)
}

/// A page of the consultations addressed to the caller, by due date (soonest first).
pub async fn inbox(
    db: &impl ConnectionTrait,
    principal: &Principal,
    filter: InboxFilter,
    first: u64,
    after: Option<Cursor>,
) -> AppResult<Page<expert_consultation::Model>> {
    let query = expert_consultation::Entity::find().filter(condition(principal, filter)?);
    Keyset::by_time(C::DueAt, C::Id, Order::Asc)
        .page(db, query, first, after)
        .await
}

/// How many consultations [`inbox`] lists under `filter`.
pub async fn count(
    db: &impl ConnectionTrait,
    principal: &Principal,
    filter: InboxFilter,
) -> AppResult<u64> {
    Ok(expert_consultation::Entity::find()
        .filter(condition(principal, filter)?)
        .count(db)
        .await?)
}
