//! What `inquiryEvents` pushes: which inquiry changed and how, without citizen data.
//! Name and phone stay behind the audited HTTP reads (`node`, `inquiry`): a socket has no
//! point where the `pii_access` log could be written before data leaves.

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};

use crate::{
    graphql::{
        context::ContextExt,
        types::{
            directory::{Department, District},
            enums::{InquiryKind, InquiryStatus},
            ids::global_id,
            inquiry::Inquiry,
            timeline::InquiryEvent,
        },
    },
    service::subscriptions::StaffNotice,
};

/// One change of an inquiry the subscriber may see.
pub struct InquiryEventNotice(pub StaffNotice);

#[Object]
impl InquiryEventNotice {
    /// This change's place in the event log: pass the last one received as `after` when
    /// subscribing again, and the changes committed since are replayed first.
    async fn cursor(&self) -> String {
        crate::realtime::cursor::encode(self.0.position)
    }
    /// The outbox event name, e.g. `inquiry.assigned`.
    async fn event(&self) -> &str {
        &self.0.event
    }
    /// When the change happened.
    async fn at(&self) -> Option<DateTime<Utc>> {
        self.0.at
    }
    /// The inquiry's global id (read it over HTTP with `node(id:)` for details).
    async fn inquiry_id(&self) -> ID {
        global_id::<Inquiry>(self.0.inquiry.id)
    }
    async fn reference(&self) -> &str {
        &self.0.inquiry.reference
    }
    async fn kind(&self) -> InquiryKind {
        self.0.inquiry.kind.into()
    }
    /// The inquiry's status now.
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
    /// The handling department, once assigned.
    async fn department(&self, ctx: &Context<'_>) -> Result<Option<Department>> {
        Department::load(ctx, self.0.inquiry.department_id).await
    }
    /// The timeline entry this change added, as `Inquiry.events` shows it to the caller.
    async fn timeline_event(&self) -> Option<InquiryEvent> {
        self.0
            .timeline
            .clone()
            .map(|(row, view)| InquiryEvent::new(row, view))
    }
}
