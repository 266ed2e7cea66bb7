//! The Open311 (GeoReport v2) reading use cases: a page-numbered list and lookups by
//! reference, scoped by `policy::open311_scope`, with the public extras each row needs
//! (latest public reply, handling department) loaded in one query per page, not per row.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{InquiryKind, InquiryStatus, ReplyVisibility, department, inquiry, reply};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::{
    auth::{Principal, policy},
    error::AppResult,
};

/// Narrowing of an Open311 list; every part is optional and combined with AND.
#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    pub kinds: Option<Vec<InquiryKind>>,
    pub statuses: Option<Vec<InquiryStatus>>,
    /// Requested at or after.
    pub from: Option<DateTime<Utc>>,
    /// Requested strictly before.
    pub until: Option<DateTime<Utc>>,
    /// Exact references (`service_request_id`); the spec says other filters are then ignored,
    /// which the caller arranges.
    pub references: Option<Vec<String>>,
    /// A district and its sub-districts (`jurisdiction_id`).
    pub district_ids: Option<Vec<Uuid>>,
}

/// One request and its public extras.
#[derive(Debug, Clone)]
pub struct PublicRequest {
    pub inquiry: inquiry::Model,
    /// The latest `PUBLIC` reply, the bureau's answer for everyone to read.
    pub latest_public_reply: Option<String>,
    /// The handling department's name, once routed.
    pub department_name: Option<String>,
}

fn condition(filter: &RequestFilter) -> Condition {
    let mut cond = Condition::all();
    if let Some(kinds) = &filter.kinds {
        cond = cond.add(inquiry::Column::Kind.is_in(kinds.iter().copied()));
    }
    if let Some(statuses) = &filter.statuses {
        cond = cond.add(inquiry::Column::Status.is_in(statuses.iter().copied()));
    }
    if let Some(from) = filter.from {
        cond = cond.add(inquiry::Column::CreatedAt.gte(from));
    }
    if let Some(until) = filter.until {
        cond = cond.add(inquiry::Column::CreatedAt.lt(until));
    }
    if let Some(ids) = &filter.district_ids {
        cond = cond.add(inquiry::Column::DistrictId.is_in(ids.iter().copied()));
    }
    if let Some(refs) = &filter.references {
        cond = cond.add(inquiry::Column::Reference.is_in(refs.iter().cloned()));
    }
    cond
}

/// Page `page` (1-based) of `page_size` requests the caller may see, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    principal: &Principal,
    filter: &RequestFilter,
    page: u64,
    page_size: u64,
) -> AppResult<Vec<PublicRequest>> {
    let rows = inquiry::Entity::find()
        .filter(policy::open311_scope(principal))
        .filter(condition(filter))
        .order_by_desc(inquiry::Column::CreatedAt)
        .order_by_desc(inquiry::Column::Id)
        .offset(page.saturating_sub(1) * page_size)
        .limit(page_size)
        .all(db)
        .await?;
    with_extras(db, rows).await
}

/// The request with this reference, if the caller may see it (out of scope looks absent).
pub async fn by_reference(
    db: &impl ConnectionTrait,
    principal: &Principal,
    reference: &str,
) -> AppResult<Option<PublicRequest>> {
    let reference = crate::service::reference::parse_reference("service_request_id", reference)?;
    let Some(row) = inquiry::Entity::find()
        .filter(policy::open311_scope(principal))
        .filter(inquiry::Column::Reference.eq(reference))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(with_extras(db, vec![row]).await?.pop())
}

/// Loads the latest public reply and the department name of every row in two queries.
async fn with_extras(
    db: &impl ConnectionTrait,
    rows: Vec<inquiry::Model>,
) -> AppResult<Vec<PublicRequest>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut latest: HashMap<Uuid, String> = HashMap::new();
    let replies = reply::Entity::find()
        .filter(reply::Column::InquiryId.is_in(ids))
        .filter(reply::Column::Visibility.eq(ReplyVisibility::Public))
        .order_by_asc(reply::Column::CreatedAt)
        .order_by_asc(reply::Column::Id)
        .all(db)
        .await?;
    for r in replies {
        latest.insert(r.inquiry_id, r.body);
    }
    let mut dept_ids: Vec<Uuid> = rows.iter().filter_map(|r| r.department_id).collect();
    dept_ids.sort();
    dept_ids.dedup();
    let names: HashMap<Uuid, String> = if dept_ids.is_empty() {
        HashMap::new()
    } else {
        department::Entity::find()
            .filter(department::Column::Id.is_in(dept_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|inquiry| PublicRequest {
            latest_public_reply: latest.remove(&inquiry.id),
            department_name: inquiry.department_id.and_then(|d| names.get(&d).cloned()),
            inquiry,
        })
        .collect())
}
