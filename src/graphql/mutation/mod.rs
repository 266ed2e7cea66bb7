//! Mutation root: one `input` argument, a payload object back.

mod announcements;
mod answers;
mod deadlines;
mod directory;
mod intake;
mod lifecycle;
mod reports;
mod rota;
mod webhooks;

use async_graphql::MergedObject;

/// All mutations of the public contract.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    intake::IntakeMutation,
    lifecycle::LifecycleMutation,
    deadlines::DeadlineMutation,
    answers::AnswerMutation,
    reports::ReportMutation,
    rota::RotaMutation,
    webhooks::WebhookMutation,
    directory::DirectoryMutation,
    announcements::AnnouncementMutation,
);
