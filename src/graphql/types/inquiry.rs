//! An inquiry as a caller may see it: citizen data masked per policy.

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};
use entity::inquiry;

use super::{
    directory::{Department, District, Officer},
    enums::{Channel, DeadlineState, InquiryAction, InquiryKind, InquiryStatus, Priority},
    ids::global_id,
    reply::Reply,
    search::AnswerSearchHit,
    timeline::{ExpertConsultation, Feedback, InquiryEvent, PiiAccess},
};
use crate::{
    auth::policy::{self, ContactView},
    graphql::{context::ContextExt, loaders::loader_error},
    service::{
        answer_search, inquiries, inquiry_details,
        lifecycle::{clock, facts},
    },
};

/// A consultation, complaint, tip-off, suggestion or praise.
pub struct Inquiry(pub inquiry::Model);

impl Inquiry {
    /// The field value as this caller may see it; unmasked staff reads are audited.
    fn contact(
        &self,
        ctx: &Context<'_>,
        value: Option<&String>,
        field: &'static str,
        mask: fn(&str) -> String,
    ) -> Option<String> {
        let value = value?;
        let principal = ctx.principal();
        let view = policy::contact_view(principal, &self.0);
        if policy::is_audited_read(principal, view) {
            ctx.request().pii.note(self.0.id, field);
        }
        match view {
            ContactView::Full => Some(value.clone()),
            ContactView::Masked => Some(mask(value)),
            ContactView::Hidden => None,
        }
    }
}

#[Object]
impl Inquiry {
    pub async fn id(&self) -> ID {
        global_id::<Inquiry>(self.0.id)
    }
    /// Citizen-facing reference, e.g. `ZQ2611-7K3M9Q`.
    async fn reference(&self) -> &str {
        &self.0.reference
    }
    async fn kind(&self) -> InquiryKind {
        self.0.kind.into()
    }
    async fn channel(&self) -> Channel {
        self.0.channel.into()
    }
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    async fn body(&self) -> &str {
        &self.0.body
    }
    async fn category(&self) -> Option<&str> {
        self.0.category.as_deref()
    }
    async fn status(&self) -> InquiryStatus {
        self.0.status.into()
    }
    async fn priority(&self) -> Priority {
        self.0.priority.into()
    }
    async fn district(&self, ctx: &Context<'_>) -> Option<District> {
        ctx.app()
            .directory
            .get(self.0.district_id)
            .cloned()
            .map(District)
    }
    /// The department handling it; null while it waits in the intake queue.
    async fn department(&self, ctx: &Context<'_>) -> Result<Option<Department>> {
        Department::load(ctx, self.0.department_id).await
    }
    /// The officer handling it, if one is named.
    async fn officer(&self, ctx: &Context<'_>) -> Result<Option<Officer>> {
        Officer::load(ctx, self.0.officer_id).await
    }
    async fn location_text(&self) -> Option<&str> {
        self.0.location_text.as_deref()
    }
    async fn latitude(&self) -> Option<f64> {
        self.0.latitude
    }
    async fn longitude(&self) -> Option<f64> {
        self.0.longitude
    }
    /// Shown to the handling department, its district's supervisors and admins; masked for
    /// others; null for a protected informant. Unmasked staff reads are logged.
    async fn citizen_name(&self, ctx: &Context<'_>) -> Option<String> {
        self.contact(
            ctx,
            self.0.citizen_name.as_ref(),
            "citizenName",
            policy::mask_name,
        )
    }
    /// As `citizenName`: `138****5678` when masked.
    async fn citizen_phone(&self, ctx: &Context<'_>) -> Option<String> {
        self.contact(
            ctx,
            self.0.citizen_phone.as_ref(),
            "citizenPhone",
            policy::mask_phone,
        )
    }
    /// The citizen asked not to be named publicly.
    async fn anonymous(&self) -> bool {
        self.0.anonymous
    }
    /// A tip-off whose informant only supervisors and admins may see.
    async fn protect_identity(&self) -> bool {
        self.0.protect_identity
    }
    /// The partner's own reference, for partner integrations.
    async fn external_ref(&self) -> Option<&str> {
        self.0.external_ref.as_deref()
    }
    async fn first_response_due_at(&self) -> Option<DateTime<Utc>> {
        self.0.first_response_due_at
    }
    /// Completion deadline (限時辦結).
    async fn due_at(&self) -> Option<DateTime<Utc>> {
        self.0.due_at
    }
    async fn first_responded_at(&self) -> Option<DateTime<Utc>> {
        self.0.first_responded_at
    }
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at
    }
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }
    /// How often the citizen's dissatisfaction sent it back for re-handling.
    async fn reopened_count(&self) -> i32 {
        self.0.reopened_count
    }
    /// Where it stands against its deadline; null for rejected and merged inquiries.
    async fn deadline_state(&self) -> Option<DeadlineState> {
        clock::state(&self.0, crate::service::now()).map(Into::into)
    }
    /// When the deadline clock was stopped (waiting for the citizen); null while it runs.
    async fn paused_at(&self) -> Option<DateTime<Utc>> {
        self.0.paused_at
    }
    /// When the overdue inquiry was escalated to supervisors (催辦).
    async fn escalated_at(&self) -> Option<DateTime<Utc>> {
        self.0.escalated_at
    }
    /// Working days asked for and not yet approved.
    async fn pending_extension_days(&self) -> Option<i32> {
        self.0.pending_extension_days
    }
    /// The department a transfer is offered to, until it accepts or returns it.
    async fn pending_transfer_department(&self, ctx: &Context<'_>) -> Result<Option<Department>> {
        Department::load(ctx, self.0.pending_transfer_department_id).await
    }
    /// The district a pending transfer moves the inquiry into when accepted (the receiving
    /// county bureau's; the inquiry's own for a city division). Its supervisors see the
    /// inquiry meanwhile and may accept or return the transfer; `district` changes only on
    /// acceptance.
    async fn pending_transfer_district(&self, ctx: &Context<'_>) -> Option<District> {
        let id = self.0.pending_transfer_district_id?;
        ctx.app().directory.get(id).cloned().map(District)
    }
    /// The result (or the reason for a rejection).
    async fn resolution(&self) -> Option<&str> {
        self.0.resolution.as_deref()
    }
    /// The inquiry this duplicate was merged into, if the caller may see it.
    async fn merged_into(&self, ctx: &Context<'_>) -> Result<Option<Inquiry>> {
        let Some(id) = self.0.merged_into_id else {
            return Ok(None);
        };
        Ok(inquiries::get(&ctx.app().db, ctx.principal(), id)
            .await?
            .map(Inquiry))
    }
    /// Replies the caller may read: staff all, citizens public and private, others public.
    async fn replies(&self, ctx: &Context<'_>) -> Result<Vec<Reply>> {
        let rows = ctx
            .loaders()
            .replies
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?;
        Ok(rows.unwrap_or_default().into_iter().map(Reply).collect())
    }
    /// The newest reply the caller may read (what a list shows beside each inquiry); null
    /// before the first one. Served from the same batch as `replies`.
    async fn last_reply(&self, ctx: &Context<'_>) -> Result<Option<Reply>> {
        let rows = ctx
            .loaders()
            .replies
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?;
        Ok(rows.and_then(|mut r| r.pop()).map(Reply))
    }
    /// The timeline, oldest first, as the caller may see it: staff the whole of it;
    /// the citizen its public entries and private replies; a partner its public entries
    /// (`policy::event_view`, the same rule as subscriptions, webhooks and tracking).
    async fn events(&self, ctx: &Context<'_>) -> Result<Vec<InquiryEvent>> {
        let rows = ctx
            .loaders()
            .events
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?;
        let rows = rows.unwrap_or_default();
        Ok(
            inquiry_details::visible_events(ctx.principal(), &self.0, rows)
                .into_iter()
                .map(|(row, view)| InquiryEvent::new(row, view))
                .collect(),
        )
    }
    /// The citizen's ratings, oldest first.
    async fn feedback(&self, ctx: &Context<'_>) -> Result<Vec<Feedback>> {
        let rows = ctx
            .loaders()
            .feedback
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?;
        Ok(rows
            .unwrap_or_default()
            .iter()
            .map(Feedback::from)
            .collect())
    }
    /// Questions to the expert panel and their advice (staff only; empty for others).
    async fn consultations(&self, ctx: &Context<'_>) -> Result<Vec<ExpertConsultation>> {
        let rows = ctx
            .loaders()
            .consultations
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(ExpertConsultation)
            .collect())
    }
    /// Approved answer-library wording that fits this inquiry, from its subject and body,
    /// best first (`first`: 1 to 50). Staff only; empty for others. One search per
    /// inquiry: ask for it on a single inquiry rather than across a long list.
    #[graphql(complexity = "crate::graphql::connection_complexity(first, child_complexity)")]
    async fn suggested_answers(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 3)] first: i32,
    ) -> Result<Vec<AnswerSearchHit>> {
        let app = ctx.app();
        let hits =
            answer_search::suggest_for(ctx.principal(), &app.db, &app.search, &self.0, first)
                .await?;
        Ok(hits.into_iter().map(AnswerSearchHit).collect())
    }
    /// Every unmasked read of the citizen's name or phone (admins only; null for others).
    async fn pii_access_log(&self, ctx: &Context<'_>) -> Result<Option<Vec<PiiAccess>>> {
        let Some(permit) = policy::pii_auditor(ctx.principal()) else {
            return Ok(None);
        };
        let rows = inquiry_details::pii_accesses(&ctx.app().db, &permit, self.0.id).await?;
        Ok(Some(rows.into_iter().map(PiiAccess).collect()))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// The lifecycle actions the viewer may take on this inquiry now, decided by the same
    /// rule the mutations check (role, status, pending transfer or extension, paused clock,
    /// a reply before resolving, a consultation naming the viewer, …): show a button for
    /// each and no other. Empty for a viewer who may only read.
    async fn viewer_actions(&self, ctx: &Context<'_>) -> Result<Vec<InquiryAction>> {
        let actions = facts::viewer_actions(&ctx.app().db, ctx.principal(), &self.0).await?;
        Ok(actions.into_iter().map(InquiryAction::from).collect())
    }
    /// Optimistic-concurrency version; mutations take it as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
}
