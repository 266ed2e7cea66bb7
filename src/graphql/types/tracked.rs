//! The citizen's view of an inquiry, through reference + tracking code or the citizen's
//! own token.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::reply;

use super::{
    directory::District,
    enums::{EventKind, InquiryKind, InquiryStatus, ReplyVisibility},
    ids::global_id,
    reply::{Reply, SignedBy},
    timeline::InquiryEvent,
};
use crate::{
    graphql::context::ContextExt,
    service::tracking::{self, TrackedEntry, TrackedView},
};

/// What the citizen sees (with the tracking code, or their own token): progress in plain
/// words, replies, and the result; no internals.
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
    /// The result standing now: for a RESOLVED or CLOSED inquiry its resolution, for a
    /// REJECTED one the reason it was not taken up. Null while it is being handled,
    /// including after a reopening (the earlier result is then in `previousResults`).
    async fn result(&self) -> Option<TrackedResult> {
        self.0.result.as_ref().map(TrackedResult::from)
    }
    /// The resolution of a RESOLVED or CLOSED inquiry (`result.text` when `result.kind` is
    /// RESOLVED); null otherwise.
    async fn resolution(&self) -> Option<&str> {
        self.0
            .result
            .as_ref()
            .filter(|r| r.kind == tracking::ResultKind::Resolved)
            .map(|r| r.text.as_str())
    }
    /// Why a REJECTED inquiry was not taken up (`result.text` when `result.kind` is
    /// REJECTED); null otherwise.
    async fn rejection_reason(&self) -> Option<&str> {
        self.0
            .result
            .as_ref()
            .filter(|r| r.kind == tracking::ResultKind::Rejected)
            .map(|r| r.text.as_str())
    }
    /// Earlier results sent back for re-handling (after an UNSATISFIED rating or by a
    /// supervisor), oldest first, each with `supersededAt`.
    async fn previous_results(&self) -> Vec<TrackedResult> {
        self.0
            .previous_results
            .iter()
            .map(TrackedResult::from)
            .collect()
    }
    /// Replies addressed to this citizen (public and private), oldest first, with their
    /// corrections linked both ways.
    async fn replies(&self) -> Vec<TrackedReply> {
        let all: Arc<[reply::Model]> = self.0.replies.clone().into();
        (0..all.len())
            .map(|at| TrackedReply {
                all: all.clone(),
                at,
            })
            .collect()
    }
    /// The timeline the citizen is shown, oldest first: received, assigned or transferred,
    /// replied (public, and private to this citizen), corrected, resolved, closed,
    /// rejected, merged, reopened; each with a readable `description`.
    async fn events(&self) -> Vec<TrackedEvent> {
        self.0.events.iter().map(TrackedEvent::from).collect()
    }
}

/// A reply as the citizen sees it: signed with the duty name and the department.
pub struct TrackedReply {
    all: Arc<[reply::Model]>,
    at: usize,
}

impl TrackedReply {
    fn reply(&self) -> &reply::Model {
        &self.all[self.at]
    }

    fn find(&self, pick: impl Fn(&reply::Model) -> bool) -> Option<TrackedReply> {
        self.all.iter().position(pick).map(|at| TrackedReply {
            all: self.all.clone(),
            at,
        })
    }
}

#[Object]
impl TrackedReply {
    /// The reply's id, as in `Reply.id` and `correctReply`'s `replyId`.
    async fn id(&self) -> ID {
        global_id::<Reply>(self.reply().id)
    }
    async fn visibility(&self) -> ReplyVisibility {
        self.reply().visibility.into()
    }
    async fn body(&self) -> &str {
        &self.reply().body
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.reply().created_at
    }
    /// Who speaks, and on whose behalf (實名上崗).
    async fn signed_by(&self) -> SignedBy {
        SignedBy::of(self.reply())
    }
    /// True when this reply corrects an earlier one (勇於糾錯).
    async fn is_correction(&self) -> bool {
        self.reply().corrects_reply_id.is_some()
    }
    /// Why the earlier reply was corrected, on a correction.
    async fn correction_reason(&self) -> Option<&str> {
        self.reply().correction_reason.as_deref()
    }
    /// The earlier reply this one corrects; null unless this is a correction.
    async fn corrects(&self) -> Option<TrackedReply> {
        let original = self.reply().corrects_reply_id?;
        self.find(|r| r.id == original)
    }
    /// The correction of this reply, when it was corrected: read that one instead.
    async fn corrected_by(&self) -> Option<TrackedReply> {
        let id = self.reply().id;
        self.find(|r| r.corrects_reply_id == Some(id))
    }
}

/// How an inquiry ended.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum TrackedResultKind {
    /// Handled: the text is the resolution.
    Resolved,
    /// Not taken up: the text is the reason.
    Rejected,
}

/// A result given to the citizen: the standing one, or one sent back for re-handling.
#[derive(SimpleObject)]
pub struct TrackedResult {
    /// Resolved, or rejected.
    pub kind: TrackedResultKind,
    /// The resolution, or the reason for rejecting.
    pub text: String,
    /// When it was given.
    pub at: DateTime<Utc>,
    /// True once it was sent back for re-handling (an UNSATISFIED rating or a reopening).
    pub superseded: bool,
    /// When it was sent back; null for the standing result.
    pub superseded_at: Option<DateTime<Utc>>,
}

impl From<&tracking::TrackedResult> for TrackedResult {
    fn from(r: &tracking::TrackedResult) -> Self {
        Self {
            kind: match r.kind {
                tracking::ResultKind::Resolved => TrackedResultKind::Resolved,
                tracking::ResultKind::Rejected => TrackedResultKind::Rejected,
            },
            text: r.text.clone(),
            at: r.at,
            superseded: r.superseded_at.is_some(),
            superseded_at: r.superseded_at,
        }
    }
}

/// A timeline entry as the citizen sees it.
#[derive(SimpleObject)]
pub struct TrackedEvent {
    /// The entry's id, as in `InquiryEvent.id`.
    pub id: ID,
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    /// What happened, in plain words (Simplified Chinese), e.g. "已转交肇庆市公安局端州分局办理".
    pub description: String,
    /// The reason given with it, when there is one: why it was rejected, reopened or a
    /// reply corrected, or the result itself.
    pub note: Option<String>,
}

impl From<&TrackedEntry> for TrackedEvent {
    fn from(e: &TrackedEntry) -> Self {
        Self {
            id: global_id::<InquiryEvent>(e.event.id),
            kind: e.event.kind.into(),
            at: e.event.created_at,
            description: e.description.clone(),
            note: e.note.clone(),
        }
    }
}
