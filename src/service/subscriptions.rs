//! What a subscriber is sent for a batch of outbox events: the staff view scoped like a
//! query, or the citizen's tracked view. An event only says *that* something changed;
//! what a subscriber sees is read again under its own scope, and each timeline entry
//! through the one event-visibility rule (`policy::event_view`).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use entity::{inquiry, inquiry_event};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::tracking::{self, TrackedView};
use crate::domain::districts::DistrictDirectory;
use crate::{
    auth::{
        Claims, Principal,
        officer_cache::OfficerCache,
        policy::{self, EventView, EventViewer},
    },
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

/// The subscriber as it is now: a socket lives long, so each batch re-checks the token's
/// expiry and the officer record (a suspension or a transfer takes effect at once, as for
/// HTTP, within the officer cache's lifetime). `None` is an anonymous connection.
pub async fn current_caller(
    claims: Option<&Claims>,
    db: &impl ConnectionTrait,
    directory: &DistrictDirectory,
    officers: Option<&OfficerCache>,
) -> AppResult<Principal> {
    let Some(claims) = claims else {
        return Ok(Principal::Anonymous);
    };
    let now = u64::try_from(Utc::now().timestamp()).unwrap_or(0);
    if claims.exp <= now {
        return Err(AppError::Unauthenticated("the token expired".into()));
    }
    Principal::resolve_cached(claims, db, directory, officers).await
}

/// One inquiry event as a staff subscriber may see it.
#[derive(Debug, Clone)]
pub struct StaffNotice {
    /// The event's position in the log (the cursor to resume after).
    pub position: i64,
    /// `inquiry.<kind>`.
    pub event: String,
    pub at: Option<DateTime<Utc>>,
    /// The inquiry as it is now, loaded under the subscriber's scope.
    pub inquiry: inquiry::Model,
    /// The timeline entry and what the subscriber may see of it.
    pub timeline: Option<(inquiry_event::Model, EventView)>,
}

/// The notices of `batch` for a staff subscriber following `districts`: inquiry events
/// of those districts whose inquiry the caller may load, in log order. Scope is decided in
/// memory on the inquiry the event carries (`policy::inquiry_visible`); only the cases that
/// depend on other rows are asked of the database, in one statement per batch.
pub async fn staff_notices(
    principal: &Principal,
    db: &impl ConnectionTrait,
    districts: &[Uuid],
    batch: &[Arc<OutboxEvent>],
) -> AppResult<Vec<StaffNotice>> {
    let wanted: Vec<&OutboxEvent> = batch
        .iter()
        .map(Arc::as_ref)
        .filter(|e| e.event.starts_with("inquiry."))
        .filter(|e| e.district_id.is_some_and(|d| districts.contains(&d)))
        .filter(|e| e.inquiry_id.is_some())
        .collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut undecided: Vec<Uuid> = wanted
        .iter()
        .filter(|e| {
            e.inquiry
                .as_ref()
                .is_none_or(|i| policy::inquiry_visible(principal, i).is_none())
        })
        .filter_map(|e| e.inquiry_id)
        .collect();
    undecided.sort_unstable();
    undecided.dedup();
    let loaded = if undecided.is_empty() {
        Vec::new()
    } else {
        inquiry::Entity::find()
            .filter(inquiry::Column::Id.is_in(undecided))
            .filter(policy::inquiry_scope(principal))
            .all(db)
            .await?
    };
    let unattached: Vec<&OutboxEvent> = wanted
        .iter()
        .copied()
        .filter(|e| e.entry.is_none())
        .collect();
    let entries = timeline_entries(db, &unattached).await?;
    let mut notices = Vec::new();
    for event in wanted {
        let from_database = || loaded.iter().find(|i| Some(i.id) == event.inquiry_id);
        let inquiry = match &event.inquiry {
            Some(i) => match policy::inquiry_visible(principal, i) {
                Some(true) => Some(i),
                Some(false) => None,
                None => from_database(),
            },
            None => from_database(),
        };
        let Some(inquiry) = inquiry.filter(|i| districts.contains(&i.district_id)) else {
            continue;
        };
        let entry = event.entry.as_ref().or_else(|| {
            event
                .timeline_event_id()
                .and_then(|id| entries.iter().find(|t| t.id == id))
        });
        let timeline = entry.and_then(|t| {
            policy::event_view(EventViewer::Principal(principal), inquiry, t)
                .map(|view| (t.clone(), view))
        });
        notices.push(StaffNotice {
            position: event.position,
            event: event.event.clone(),
            at: at_of(event),
            inquiry: inquiry.clone(),
            timeline,
        });
    }
    Ok(notices)
}

fn at_of(event: &OutboxEvent) -> Option<DateTime<Utc>> {
    event
        .payload
        .get("at")
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

/// The timeline entries the events announce, in one statement.
async fn timeline_entries(
    db: &impl ConnectionTrait,
    events: &[&OutboxEvent],
) -> AppResult<Vec<inquiry_event::Model>> {
    let ids: Vec<Uuid> = events
        .iter()
        .filter_map(|e| e.timeline_event_id())
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(inquiry_event::Entity::find()
        .filter(inquiry_event::Column::Id.is_in(ids))
        .all(db)
        .await?)
}

/// The inquiry `trackedInquiry` follows, once its reference and tracking code match.
pub async fn follow_tracked(
    db: &impl ConnectionTrait,
    reference: &str,
    code: &str,
) -> AppResult<inquiry::Model> {
    tracking::find(db, reference, code)
        .await?
        .ok_or(AppError::NotFound("inquiry"))
}

/// What a tracker follows: its inquiry and, once merged, the inquiry it was merged into
/// (when the citizen may see that one at all).
#[derive(Debug, Clone, Copy)]
pub struct Tracked {
    pub inquiry_id: Uuid,
    pub merged_into: Option<Uuid>,
}

/// The citizen's fresh view after `batch`, carrying the position of the last change in
/// it that tracking shows (`policy::event_view` for a tracker: public entries and the
/// citizen's private replies; of a merge target, its public entries); `None` when the
/// batch holds no such change.
pub async fn tracked_update(
    db: &impl ConnectionTrait,
    followed: &mut Tracked,
    batch: &[Arc<OutboxEvent>],
) -> AppResult<Option<TrackedView>> {
    let relevant: Vec<&OutboxEvent> = batch
        .iter()
        .map(Arc::as_ref)
        .filter(|e| {
            e.inquiry_id
                .is_some_and(|id| id == followed.inquiry_id || Some(id) == followed.merged_into)
        })
        .collect();
    if relevant.is_empty() {
        return Ok(None);
    }
    let Some(inquiry) = inquiry::Entity::find_by_id(followed.inquiry_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let unattached: Vec<&OutboxEvent> = relevant
        .iter()
        .copied()
        .filter(|e| e.entry.is_none())
        .collect();
    let entries = timeline_entries(db, &unattached).await?;
    let mut last = None;
    for event in &relevant {
        let Some(entry) = event.entry.as_ref().or_else(|| {
            event
                .timeline_event_id()
                .and_then(|id| entries.iter().find(|t| t.id == id))
        }) else {
            continue;
        };
        let shown = if entry.inquiry_id == inquiry.id {
            policy::event_view(EventViewer::Tracker, &inquiry, entry).is_some()
        } else {
            policy::tracker_sees_merge_target_event(entry)
        };
        if shown {
            last = Some(event.position);
        }
    }
    let Some(position) = last else {
        return Ok(None);
    };
    let mut view = tracking::view_of(db, inquiry, EventViewer::Tracker).await?;
    followed.merged_into = view.merged_into.as_ref().map(|t| t.id);
    view.position = Some(position);
    Ok(Some(view))
}
