//! What a subscriber is sent for one outbox event: the staff view scoped like a query,
//! or the citizen's tracked view. The event itself only says *that* something changed;
//! what a subscriber sees is read again under its own scope.

use chrono::{DateTime, Utc};
use entity::{inquiry, inquiry_event};
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{
    districts::DistrictDirectory,
    tracking::{self, TrackedView},
};
use crate::{
    auth::{Claims, Principal, policy},
    error::{AppError, AppResult},
    realtime::OutboxEvent,
};

/// The districts `inquiryEvents(districtCode)` covers: the district and those below it,
/// once the caller may follow it.
pub fn follow_district(
    principal: &Principal,
    directory: &DistrictDirectory,
    code: &str,
) -> AppResult<Vec<Uuid>> {
    let district = directory
        .by_code(code.trim())
        .ok_or(AppError::NotFound("district"))?;
    policy::ensure_may_follow_district(principal, district.id)?;
    Ok(directory.subtree(district.id))
}

/// The subscriber as it is now: a socket lives long, so each event re-checks the token's
/// expiry and the officer record (a suspension or a transfer takes effect at once, as for
/// HTTP). `None` is an anonymous connection.
pub async fn current_caller(
    claims: Option<&Claims>,
    db: &impl ConnectionTrait,
    directory: &DistrictDirectory,
) -> AppResult<Principal> {
    let Some(claims) = claims else {
        return Ok(Principal::Anonymous);
    };
    let now = u64::try_from(Utc::now().timestamp()).unwrap_or(0);
    if claims.exp <= now {
        return Err(AppError::Unauthenticated("the token expired".into()));
    }
    Principal::resolve(claims, db, directory).await
}

/// One inquiry event as a staff subscriber may see it.
#[derive(Debug, Clone)]
pub struct StaffNotice {
    /// `inquiry.<kind>`.
    pub event: String,
    pub at: Option<DateTime<Utc>>,
    /// The inquiry as it is now, loaded under the subscriber's scope.
    pub inquiry: inquiry::Model,
    /// The timeline entry, for callers who may read the timeline.
    pub timeline: Option<inquiry_event::Model>,
}

/// `Some` when `event` is an inquiry event in `districts` whose inquiry the caller may see.
pub async fn staff_notice(
    principal: &Principal,
    db: &impl ConnectionTrait,
    districts: &[Uuid],
    event: &OutboxEvent,
) -> AppResult<Option<StaffNotice>> {
    if !event.event.starts_with("inquiry.") {
        return Ok(None);
    }
    let (Some(inquiry_id), Some(district_id)) = (event.inquiry_id, event.district_id) else {
        return Ok(None);
    };
    if !districts.contains(&district_id) {
        return Ok(None);
    }
    let Some(inquiry) = inquiry::Entity::find_by_id(inquiry_id)
        .filter(policy::inquiry_scope(principal))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if !districts.contains(&inquiry.district_id) {
        return Ok(None);
    }
    let timeline = match event.timeline_event_id() {
        Some(id) if policy::may_read_timeline(principal) => {
            inquiry_event::Entity::find_by_id(id).one(db).await?
        }
        _ => None,
    };
    let at = event
        .payload
        .get("at")
        .and_then(|v| serde_json::from_value(v.clone()).ok());
    Ok(Some(StaffNotice {
        event: event.event.clone(),
        at,
        inquiry,
        timeline,
    }))
}

/// The inquiry `trackedInquiry` follows, once its reference and tracking code match.
pub async fn follow_tracked(
    db: &impl ConnectionTrait,
    reference: &str,
    code: &str,
) -> AppResult<Uuid> {
    tracking::find(db, reference, code)
        .await?
        .map(|i| i.id)
        .ok_or(AppError::NotFound("inquiry"))
}

/// The citizen's fresh view after a public change of inquiry `inquiry_id`; `None` for
/// other inquiries and for internal changes.
pub async fn tracked_update(
    db: &impl ConnectionTrait,
    inquiry_id: Uuid,
    event: &OutboxEvent,
) -> AppResult<Option<TrackedView>> {
    if event.inquiry_id != Some(inquiry_id) || !policy::may_push_to_tracker(event.public()) {
        return Ok(None);
    }
    let Some(inquiry) = inquiry::Entity::find_by_id(inquiry_id).one(db).await? else {
        return Ok(None);
    };
    tracking::view_of(db, inquiry).await.map(Some)
}
