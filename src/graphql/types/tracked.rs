//! The citizen's view of an inquiry through reference + tracking code.

use async_graphql::{Context, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{inquiry_event, reply};

use super::{
    directory::District,
    enums::{EventKind, InquiryKind, InquiryStatus, ReplyVisibility},
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
    /// Replies addressed to this citizen (public and private), oldest first.
    async fn replies(&self) -> Vec<TrackedReply> {
        self.0.replies.iter().map(TrackedReply::from).collect()
    }
    /// The public part of the timeline: received, assigned, replied, resolved, closed, reopened.
    async fn events(&self) -> Vec<TrackedEvent> {
        self.0.events.iter().map(TrackedEvent::from).collect()
    }
}

/// A reply as the citizen sees it.
#[derive(SimpleObject)]
pub struct TrackedReply {
    pub visibility: ReplyVisibility,
    pub body: String,
    pub created_at: DateTime<Utc>,
    /// True when this reply corrects an earlier one (勇於糾錯).
    pub is_correction: bool,
}

impl From<&reply::Model> for TrackedReply {
    fn from(r: &reply::Model) -> Self {
        Self {
            visibility: r.visibility.into(),
            body: r.body.clone(),
            created_at: r.created_at,
            is_correction: r.corrects_reply_id.is_some(),
        }
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
