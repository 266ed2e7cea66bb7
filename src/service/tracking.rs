//! Tracking without an account: reference + tracking code.

use entity::{ReplyVisibility, inquiry, inquiry_event, reply};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::ExprTrait,
};

use super::reference::TrackingCodes;
use crate::{
    auth::policy::{self, EventViewer},
    error::AppResult,
};

/// A hash no real reference and code produce, compared when the reference is unknown
/// so that a wrong code and an unknown reference cost the same time.
const DECOY_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What the holder of a tracking code may read.
#[derive(Debug, Clone)]
pub struct TrackedView {
    pub inquiry: inquiry::Model,
    /// Set when the inquiry was merged into another, whose public progress the citizen follows.
    pub merged_into: Option<inquiry::Model>,
    pub replies: Vec<reply::Model>,
    pub events: Vec<inquiry_event::Model>,
    /// In a `trackedInquiry` push: the log position of the change it follows.
    pub position: Option<i64>,
}

/// The inquiry behind `reference` if `code` is its tracking code; `None` for any mismatch.
pub async fn find(
    db: &impl ConnectionTrait,
    reference: &str,
    code: &str,
) -> AppResult<Option<inquiry::Model>> {
    let reference = reference.trim().to_ascii_uppercase();
    let found = inquiry::Entity::find()
        .filter(inquiry::Column::Reference.eq(reference.as_str()))
        .one(db)
        .await?;
    let stored = found
        .as_ref()
        .map(|i| i.tracking_code_hash.as_str())
        .unwrap_or(DECOY_HASH);
    let ok = TrackingCodes::matches(stored, &reference, code);
    Ok(found.filter(|_| ok))
}

/// The citizen's view: own replies (public and private), the merge target's public
/// replies (unless the target is a tip-off), and the timeline entries
/// `policy::event_view` shows a tracker.
pub async fn view(
    db: &impl ConnectionTrait,
    reference: &str,
    code: &str,
) -> AppResult<Option<TrackedView>> {
    let Some(inquiry) = find(db, reference, code).await? else {
        return Ok(None);
    };
    view_of(db, inquiry).await.map(Some)
}

/// The citizen's view of an inquiry whose tracking code was already verified.
pub async fn view_of(db: &impl ConnectionTrait, inquiry: inquiry::Model) -> AppResult<TrackedView> {
    let merged_into = match inquiry.merged_into_id {
        Some(id) => inquiry::Entity::find_by_id(id)
            .one(db)
            .await?
            .filter(policy::tracker_may_see_merge_target),
        None => None,
    };
    let own = reply::Column::InquiryId
        .eq(inquiry.id)
        .and(reply::Column::Visibility.is_in([ReplyVisibility::Public, ReplyVisibility::Private]));
    let condition = match &merged_into {
        Some(target) => sea_orm::Condition::any().add(own).add(
            reply::Column::InquiryId
                .eq(target.id)
                .and(reply::Column::Visibility.eq(ReplyVisibility::Public)),
        ),
        None => sea_orm::Condition::all().add(own),
    };
    let replies = reply::Entity::find()
        .filter(condition)
        .order_by_asc(reply::Column::CreatedAt)
        .order_by_asc(reply::Column::Id)
        .all(db)
        .await?;
    let events = inquiry_event::Entity::find()
        .filter(inquiry_event::Column::InquiryId.eq(inquiry.id))
        .order_by_asc(inquiry_event::Column::CreatedAt)
        .order_by_asc(inquiry_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|e| policy::event_view(EventViewer::Tracker, &inquiry, e).is_some())
        .collect();
    Ok(TrackedView {
        inquiry,
        merged_into,
        replies,
        events,
        position: None,
    })
}
