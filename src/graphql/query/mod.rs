//! Query root.

mod announcement_prefetch;
mod announcements;
mod answers;
mod consultations;
mod deadlines;
mod directory;
mod directory_changes;
mod inquiries;
mod reports;
mod rota;
mod search;
mod webhooks;

use async_graphql::MergedObject;

/// All queries of the public contract.
#[derive(MergedObject, Default)]
pub struct QueryRoot(
    directory::DirectoryQuery,
    inquiries::InquiryQuery,
    deadlines::DeadlineQuery,
    answers::AnswerQuery,
    search::SearchQuery,
    reports::ReportQuery,
    rota::RotaQuery,
    webhooks::WebhookQuery,
    announcements::AnnouncementQuery,
    directory_changes::DirectoryChangeQuery,
    consultations::ConsultationQuery,
);
