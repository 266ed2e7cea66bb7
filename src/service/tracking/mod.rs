//! Tracking: by reference + tracking code without an account, or by the citizen's own
//! token. Both show the same view: progress in plain words, replies, and the result.

use chrono::{DateTime, Utc};
use entity::{EventKind, InquiryStatus, ReplyVisibility, inquiry, inquiry_event, reply};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::ExprTrait,
};

use super::reference::TrackingCodes;
use crate::{
    auth::{
        Principal,
        policy::{self, EventViewer},
    },
    error::{AppError, AppResult},
};

mod describe;
pub use describe::describe;

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
    /// The timeline entries the viewer is shown, oldest first, in plain words.
    pub events: Vec<TrackedEntry>,
    /// The result standing now: the resolution of a RESOLVED or CLOSED inquiry, the reason
    /// of a REJECTED one; none while the inquiry is being handled (again).
    pub result: Option<TrackedResult>,
    /// Results an UNSATISFIED rating (or a supervisor) sent back for re-handling, oldest first.
    pub previous_results: Vec<TrackedResult>,
    /// In a `trackedInquiry` push: the log position of the change it follows.
    pub position: Option<i64>,
}

/// A timeline entry as the citizen reads it.
#[derive(Debug, Clone)]
pub struct TrackedEntry {
    pub event: inquiry_event::Model,
    /// What happened, in Simplified Chinese, from the entry's kind and data: no officer's
    /// name, no internal note.
    pub description: String,
    /// The reason given with the action, when `policy::event_view` shows it: a rejection's,
    /// a reopening's, a correction's reason, or the result itself.
    pub note: Option<String>,
}

/// How an inquiry ended (for now).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultKind {
    Resolved,
    Rejected,
}

/// A result given to the citizen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackedResult {
    pub kind: ResultKind,
    /// The resolution, or the reason for rejecting.
    pub text: String,
    pub at: DateTime<Utc>,
    /// When it was sent back for re-handling; none for the result standing now.
    pub superseded_at: Option<DateTime<Utc>>,
}

/// The inquiry behind `reference` if `code` is its tracking code; `None` for any mismatch.
pub async fn find(
    db: &impl ConnectionTrait,
    reference: &str,
    code: &str,
) -> AppResult<Option<inquiry::Model>> {
    let reference = crate::service::reference::parse_reference("reference", reference)?;
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
    view_of(db, inquiry, EventViewer::Tracker).await.map(Some)
}

/// The inquiry behind `reference` if it is the caller's own (a citizen's token, for what
/// [`policy::inquiry_scope`] gives it); `None` otherwise. Without a citizen's token the
/// tracking code is required: `BAD_USER_INPUT` on `trackingCode`.
pub async fn find_own(
    db: &impl ConnectionTrait,
    principal: &Principal,
    reference: &str,
) -> AppResult<Option<inquiry::Model>> {
    if !policy::tracks_with_own_token(principal) {
        return Err(AppError::bad_input(
            "trackingCode",
            "required unless you follow your own inquiry with your citizen token",
        ));
    }
    let reference = crate::service::reference::parse_reference("reference", reference)?;
    Ok(inquiry::Entity::find()
        .filter(inquiry::Column::Reference.eq(reference))
        .filter(policy::inquiry_scope(principal))
        .one(db)
        .await?)
}

/// The citizen's view of their own inquiry, read with their token instead of the code:
/// the same view, its timeline decided by `policy::event_view` for that token.
pub async fn own_view(
    db: &impl ConnectionTrait,
    principal: &Principal,
    reference: &str,
) -> AppResult<Option<TrackedView>> {
    let Some(inquiry) = find_own(db, principal, reference).await? else {
        return Ok(None);
    };
    view_of(db, inquiry, EventViewer::Principal(principal))
        .await
        .map(Some)
}

/// The citizen's view of an inquiry already shown to be theirs: the tracking code was
/// verified ([`EventViewer::Tracker`]) or it is in the citizen token's scope.
pub async fn view_of(
    db: &impl ConnectionTrait,
    inquiry: inquiry::Model,
    viewer: EventViewer<'_>,
) -> AppResult<TrackedView> {
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
        .filter_map(|event| {
            let view = policy::event_view(viewer, &inquiry, &event)?;
            let description = describe(&event, &inquiry, merged_into.as_ref());
            let note = event.note.clone().filter(|_| view.note);
            Some(TrackedEntry {
                event,
                description,
                note,
            })
        })
        .collect::<Vec<_>>();
    let (result, previous_results) = results(&inquiry, &events);
    Ok(TrackedView {
        inquiry,
        merged_into,
        replies,
        events,
        result,
        previous_results,
        position: None,
    })
}

/// The result standing now and those superseded, read from the timeline: each RESOLVED or
/// REJECTED entry gives a result (its note holds the text), and a REOPENED entry after it
/// sends it back. The standing result's text is the inquiry's own `resolution`. A result
/// recorded before the timeline kept its text (no note) is left out of the history.
fn results(
    inquiry: &inquiry::Model,
    events: &[TrackedEntry],
) -> (Option<TrackedResult>, Vec<TrackedResult>) {
    let mut standing: Option<(ResultKind, Option<String>, DateTime<Utc>)> = None;
    let mut previous = Vec::new();
    for entry in events {
        let e = &entry.event;
        match e.kind {
            EventKind::Resolved => {
                standing = Some((ResultKind::Resolved, e.note.clone(), e.created_at));
            }
            EventKind::Rejected => {
                standing = Some((ResultKind::Rejected, e.note.clone(), e.created_at));
            }
            EventKind::Reopened => {
                if let Some((kind, Some(text), at)) = standing.take() {
                    previous.push(TrackedResult {
                        kind,
                        text,
                        at,
                        superseded_at: Some(e.created_at),
                    });
                }
            }
            _ => {}
        }
    }
    let ended = matches!(
        inquiry.status,
        InquiryStatus::Resolved | InquiryStatus::Closed | InquiryStatus::Rejected
    );
    // Rows older than the timeline (or seeded without one) still show their result.
    let standing = standing.or_else(|| {
        let kind = match inquiry.status {
            InquiryStatus::Rejected => ResultKind::Rejected,
            _ => ResultKind::Resolved,
        };
        Some((
            kind,
            None,
            inquiry.resolved_at.unwrap_or(inquiry.updated_at),
        ))
    });
    let current = standing.filter(|_| ended).and_then(|(kind, note, at)| {
        let text = inquiry.resolution.clone().or(note)?;
        Some(TrackedResult {
            kind,
            text,
            at,
            superseded_at: None,
        })
    });
    (current, previous)
}
