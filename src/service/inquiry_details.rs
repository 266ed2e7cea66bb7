//! Batched reads of what hangs off inquiries (replies, timeline, ratings,
//! consultations, audit trail), for the per-request loaders. Callers pass ids of
//! inquiries the principal can already see; what of them the caller may read is the
//! policy's: replies by visibility, timeline entries through `policy::event_view`,
//! consultations and the audit trail only with a permit.

use entity::{expert_consultation, feedback, inquiry, inquiry_event, pii_access, reply};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::{
    auth::{
        Principal,
        policy::{self, EventView, EventViewer, Permit, ReadInternal, ReadPiiAudit},
    },
    error::AppResult,
};

/// Replies of these inquiries that the caller may read, oldest first.
pub async fn replies(
    db: &impl ConnectionTrait,
    principal: &Principal,
    ids: &[Uuid],
) -> AppResult<Vec<reply::Model>> {
    Ok(reply::Entity::find()
        .filter(reply::Column::InquiryId.is_in(ids.iter().copied()))
        .filter(
            reply::Column::Visibility.is_in(policy::visible_reply_kinds(principal).iter().copied()),
        )
        .order_by_asc(reply::Column::CreatedAt)
        .order_by_asc(reply::Column::Id)
        .all(db)
        .await?)
}

/// The whole timeline of these inquiries, oldest first; filter it with [`visible_events`]
/// before showing it to anyone.
pub async fn events(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<Vec<inquiry_event::Model>> {
    Ok(inquiry_event::Entity::find()
        .filter(inquiry_event::Column::InquiryId.is_in(ids.iter().copied()))
        .order_by_asc(inquiry_event::Column::CreatedAt)
        .order_by_asc(inquiry_event::Column::Id)
        .all(db)
        .await?)
}

/// Ratings of these inquiries, oldest first.
pub async fn feedback(db: &impl ConnectionTrait, ids: &[Uuid]) -> AppResult<Vec<feedback::Model>> {
    Ok(feedback::Entity::find()
        .filter(feedback::Column::InquiryId.is_in(ids.iter().copied()))
        .order_by_asc(feedback::Column::CreatedAt)
        .all(db)
        .await?)
}

/// The entries of `inquiry`'s timeline the caller may see, and how (`policy::event_view`,
/// the one rule for queries, subscriptions, webhooks and tracking).
pub fn visible_events(
    principal: &Principal,
    inquiry: &inquiry::Model,
    rows: Vec<inquiry_event::Model>,
) -> Vec<(inquiry_event::Model, EventView)> {
    let viewer = EventViewer::Principal(principal);
    rows.into_iter()
        .filter_map(|row| policy::event_view(viewer, inquiry, &row).map(|view| (row, view)))
        .collect()
}

/// Expert consultations of these inquiries, oldest first (internal to the desk).
pub async fn consultations(
    db: &impl ConnectionTrait,
    _permit: &Permit<'_, ReadInternal>,
    ids: &[Uuid],
) -> AppResult<Vec<expert_consultation::Model>> {
    Ok(expert_consultation::Entity::find()
        .filter(expert_consultation::Column::InquiryId.is_in(ids.iter().copied()))
        .order_by_asc(expert_consultation::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Who read the citizen's unmasked data, newest first.
pub async fn pii_accesses(
    db: &impl ConnectionTrait,
    _permit: &Permit<'_, ReadPiiAudit>,
    inquiry_id: Uuid,
) -> AppResult<Vec<pii_access::Model>> {
    Ok(pii_access::Entity::find()
        .filter(pii_access::Column::InquiryId.eq(inquiry_id))
        .order_by_desc(pii_access::Column::AccessedAt)
        .all(db)
        .await?)
}
