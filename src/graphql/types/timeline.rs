//! The staff timeline, ratings, expert consultations and the PII audit trail.

use async_graphql::{Context, ID, Json, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{expert_consultation, feedback, inquiry_event, pii_access};

use crate::auth::policy::EventView;

use super::{
    directory::Officer,
    enums::{ActorKind, EventKind, Satisfaction},
    ids::global_id,
};

/// One entry of an inquiry's timeline, with its actor, as the caller may see it
/// (`policy::event_view`: the one rule for every path that shows timeline entries).
pub struct InquiryEvent {
    row: inquiry_event::Model,
    view: EventView,
}

impl InquiryEvent {
    /// An entry and what the caller may see of it.
    pub fn new(row: inquiry_event::Model, view: EventView) -> Self {
        Self { row, view }
    }
}

#[Object]
impl InquiryEvent {
    async fn id(&self) -> ID {
        global_id::<InquiryEvent>(self.row.id)
    }
    async fn kind(&self) -> EventKind {
        self.row.kind.into()
    }
    async fn at(&self) -> DateTime<Utc> {
        self.row.created_at
    }
    /// Shown to everyone who follows the inquiry (citizen, partner), not only staff.
    async fn public(&self) -> bool {
        self.row.public
    }
    async fn actor_kind(&self) -> ActorKind {
        self.row.actor_kind.into()
    }
    /// The officer who acted, for staff actions (by duty name outside the bureau).
    async fn actor(&self, ctx: &Context<'_>) -> Result<Option<Officer>> {
        if !self.view.actor_officer {
            return Ok(None);
        }
        Officer::load(ctx, self.row.actor_officer_id).await
    }
    /// The actor's subject as recorded (`officer:<badge>`, `partner:<name>`,
    /// `citizen:<account>`). A citizen's account id is shown only to the district's
    /// supervisors and admins (and to that citizen); null for everyone else.
    async fn actor_subject(&self) -> Option<&str> {
        self.row
            .actor_subject
            .as_deref()
            .filter(|_| self.view.actor_subject)
    }
    /// Reason or note given with the action.
    async fn note(&self) -> Option<&str> {
        self.row.note.as_deref().filter(|_| self.view.note)
    }
    /// Structured details (departments, deadlines, reply ids); staff only.
    async fn data(&self) -> Option<Json<serde_json::Value>> {
        self.row.data.clone().filter(|_| self.view.data).map(Json)
    }
}

/// A citizen's rating.
#[derive(SimpleObject)]
pub struct Feedback {
    pub satisfaction: Satisfaction,
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<&feedback::Model> for Feedback {
    fn from(f: &feedback::Model) -> Self {
        Self {
            satisfaction: f.satisfaction.into(),
            reason: f.reason.clone(),
            comment: f.comment.clone(),
            created_at: f.created_at,
        }
    }
}

/// A question to the expert panel and its advice (internal).
pub struct ExpertConsultation(pub expert_consultation::Model);

#[Object]
impl ExpertConsultation {
    async fn id(&self) -> ID {
        global_id::<ExpertConsultation>(self.0.id)
    }
    /// The id of the inquiry it is about (`inquiry(id:)` loads it where the caller may see it).
    async fn inquiry_id(&self) -> ID {
        global_id::<super::inquiry::Inquiry>(self.0.inquiry_id)
    }
    async fn expert(&self, ctx: &Context<'_>) -> Result<Option<Officer>> {
        Officer::load(ctx, Some(self.0.expert_id)).await
    }
    async fn requested_by(&self, ctx: &Context<'_>) -> Result<Option<Officer>> {
        Officer::load(ctx, Some(self.0.requested_by_id)).await
    }
    async fn question(&self) -> &str {
        &self.0.question
    }
    async fn advice(&self) -> Option<&str> {
        self.0.advice.as_deref()
    }
    async fn due_at(&self) -> DateTime<Utc> {
        self.0.due_at
    }
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.0.answered_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// One unmasked read of a citizen's name or phone.
pub struct PiiAccess(pub pii_access::Model);

#[Object]
impl PiiAccess {
    /// Who read it (`officer:<badge>`).
    async fn accessor(&self) -> &str {
        &self.0.accessor
    }
    async fn officer(&self, ctx: &Context<'_>) -> Result<Option<Officer>> {
        Officer::load(ctx, self.0.officer_id).await
    }
    /// Which fields were shown, e.g. `citizenName,citizenPhone`.
    async fn fields(&self) -> Vec<&str> {
        self.0.fields.split(',').collect()
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.accessed_at
    }
}
