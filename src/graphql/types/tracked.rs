//! The citizen's view of an inquiry through reference + tracking code.

use async_graphql::{Context, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{inquiry_event, reply};

use super::{
    directory::District,
    enums::{EventKind, InquiryKind, InquiryStatus, ReplyVisibility},
    reply::SignedBy,
};
use crate::{graphql::context::ContextExt, service::tracking::TrackedView};

/// What the holder of a tracking code sees: progress and replies, no internals.
pub struct TrackedInquiry(pub TrackedView);

#[Object]
impl TrackedInquiry {
    async fn reference(&self) -> &str {
        &self.0.inquiry.reference
    }
    async fn kind(&self) -> InquiryKind {
        self.0.inquiry.kind.into()
    }
    async fn status(&self) -> InquiryStatus {
        self.0.inquiry.status.into()
    }
    async fn subject(&self) -> &str {
        &self.0.inquiry.subject
    }
    async fn district(&self, ctx: &Context<'_>) -> Option<District> {
        ctx.app()
            .directory
            .get(self.0.inquiry.district_id)
            .cloned()
            .map(District)
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.inquiry.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.inquiry.updated_at
    }
    async fn due_at(&self) -> Option<DateTime<Utc>> {
        self.0.inquiry.due_at
    }
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.inquiry.resolved_at
    }
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.inquiry.closed_at
    }
    /// When merged into another inquiry, its reference: the citizen follows that one's public replies here.
    async fn merged_into_reference(&self) -> Option<&str> {
        self.0.merged_into.as_ref().map(|m| m.reference.as_str())
    }
    /// In a `trackedInquiry` push: the cursor of the change it follows, to resume with
    /// `trackedInquiry(after:)` after a reconnect. Null from `trackInquiry`.
    async fn cursor(&self) -> Option<String> {
        self.0.position.map(crate::realtime::cursor::encode)
    }
    /// Replies addressed to this citizen (public and private), oldest first.
    async fn replies(&self) -> Vec<TrackedReply> {
        self.0.replies.iter().map(TrackedReply::from).collect()
    }
    /// The public part of the timeline: received, assigned, replied, resolved, closed, reopened.
    async fn events(&self) -> Vec<TrackedEvent> {
        self.0.events.iter().map(TrackedEvent::from).collect()
    }
}

/// A reply as the citizen sees it: signed with the duty name and the department.
pub struct TrackedReply(reply::Model);

impl From<&reply::Model> for TrackedReply {
    fn from(r: &reply::Model) -> Self {
        Self(r.clone())
    }
}

#[Object]
impl TrackedReply {
    async fn visibility(&self) -> ReplyVisibility {
        self.0.visibility.into()
    }
    async fn body(&self) -> &str {
        &self.0.body
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Who speaks, and on whose behalf (實名上崗).
    async fn signed_by(&self) -> SignedBy {
        SignedBy::of(&self.0)
    }
    /// True when this reply corrects an earlier one (勇於糾錯).
    async fn is_correction(&self) -> bool {
        self.0.corrects_reply_id.is_some()
    }
    async fn correction_reason(&self) -> Option<&str> {
        self.0.correction_reason.as_deref()
    }
}

/// A public timeline entry.
#[derive(SimpleObject)]
pub struct TrackedEvent {
    pub kind: EventKind,
    pub at: DateTime<Utc>,
}

impl From<&inquiry_event::Model> for TrackedEvent {
    fn from(e: &inquiry_event::Model) -> Self {
        Self {
            kind: e.kind.into(),
            at: e.created_at,
        }
    }
}
