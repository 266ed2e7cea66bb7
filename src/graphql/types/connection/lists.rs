//! Every connection of the schema: its type names, what the contract documents on it, and
//! how its `totalCount` is counted.

use async_graphql::Context;

use super::{ConnectionNode, Shown, TotalCount, Uncounted};
use crate::{
    error::AppResult,
    graphql::{
        context::ContextExt,
        types::{
            announcement::Announcement, answer::AnswerEntry, directory::Officer,
            directory_change::DirectoryChange, inquiry::Inquiry, timeline::ExpertConsultation,
            webhook::WebhookDelivery,
        },
    },
    service::{
        announcements::queries::{self as announcements, AnnouncementFilter},
        answers::queries::{self as answers, AnswerFilter},
        consultations::{self, InboxFilter},
        directory::{self, OfficerFilter},
        inquiries::{self, CappedCount, InquiryFilter},
    },
};

/// Exact counts are never capped.
fn exact(count: u64) -> CappedCount {
    CappedCount {
        count,
        capped: false,
    }
}

impl ConnectionNode for Inquiry {
    const CONNECTION: &'static str = "InquiryConnection";
    const EDGE: &'static str = "InquiryEdge";
    const NODES: Shown =
        Shown::Described("The nodes without cursors, for clients that do not need them.");
    type Count = InquiryFilter;
}

impl TotalCount for InquiryFilter {
    const TOTAL_COUNT: Shown = Shown::Described(
        "Number of inquiries matching the filter within the caller's scope, exact up to the\n\
         server's cap (`TOTAL_COUNT_CAP`, default 10,000); beyond it, the cap, with\n\
         `totalCountCapped` true (show \"10,000+\"). One bounded COUNT query, run only when asked\n\
         for, so it stays cheap at millions of rows.",
    );
    const TOTAL_COUNT_CAPPED: Shown = Shown::Described(
        "True when more inquiries match than the cap, so `totalCount` is a lower bound.",
    );

    async fn count(&self, ctx: &Context<'_>) -> AppResult<CappedCount> {
        let app = ctx.app();
        inquiries::count(
            &app.db,
            ctx.principal(),
            &app.directory,
            self,
            app.count_cap,
        )
        .await
    }
}

impl ConnectionNode for Officer {
    const CONNECTION: &'static str = "OfficerConnection";
    const EDGE: &'static str = "OfficerEdge";
    type Count = OfficerFilter;
}

impl TotalCount for OfficerFilter {
    const TOTAL_COUNT: Shown = Shown::Plain;

    async fn count(&self, ctx: &Context<'_>) -> AppResult<CappedCount> {
        Ok(exact(directory::count_officers(&ctx.app().db, self).await?))
    }
}

impl ConnectionNode for AnswerEntry {
    const CONNECTION: &'static str = "AnswerEntryConnection";
    const EDGE: &'static str = "AnswerEntryEdge";
    type Count = AnswerFilter;
}

impl TotalCount for AnswerFilter {
    const TOTAL_COUNT: Shown = Shown::Described(
        "Exact number of entries matching the filter (one COUNT query, run only when asked for).",
    );

    async fn count(&self, ctx: &Context<'_>) -> AppResult<CappedCount> {
        Ok(exact(
            answers::count(&ctx.app().db, ctx.principal(), self).await?,
        ))
    }
}

impl ConnectionNode for Announcement {
    const CONNECTION: &'static str = "AnnouncementConnection";
    const EDGE: &'static str = "AnnouncementEdge";
    type Count = AnnouncementFilter;
}

impl TotalCount for AnnouncementFilter {
    const TOTAL_COUNT: Shown = Shown::Described(
        "Exact number of announcements matching the filter (one COUNT, run only when asked for).",
    );

    async fn count(&self, ctx: &Context<'_>) -> AppResult<CappedCount> {
        let app = ctx.app();
        Ok(exact(
            announcements::count(&app.db, &app.directory, self).await?,
        ))
    }
}

impl ConnectionNode for DirectoryChange {
    const CONNECTION: &'static str = "DirectoryChangeConnection";
    const EDGE: &'static str = "DirectoryChangeEdge";
    type Count = Uncounted;
}

impl ConnectionNode for WebhookDelivery {
    const CONNECTION: &'static str = "WebhookDeliveryConnection";
    const EDGE: &'static str = "WebhookDeliveryEdge";
    const DESCRIPTION: Option<&'static str> = Some("A page of a delivery log, newest first.");
    const NODES: Shown = Shown::No;
    type Count = Uncounted;
}

impl ConnectionNode for ExpertConsultation {
    const CONNECTION: &'static str = "ExpertConsultationConnection";
    const EDGE: &'static str = "ExpertConsultationEdge";
    const DESCRIPTION: Option<&'static str> =
        Some("A page of the caller's consultation inbox, soonest due first.");
    type Count = InboxFilter;
}

impl TotalCount for InboxFilter {
    const TOTAL_COUNT: Shown = Shown::Described(
        "Exact number of the caller's consultations matching the filter (one COUNT, run only \
         when asked for).",
    );

    async fn count(&self, ctx: &Context<'_>) -> AppResult<CappedCount> {
        Ok(exact(
            consultations::count(&ctx.app().db, ctx.principal(), *self).await?,
        ))
    }
}
