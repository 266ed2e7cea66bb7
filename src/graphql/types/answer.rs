//! Answer-library entries (口徑庫) and their immutable revisions, as staff see them.

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};
use entity::{answer_entry, answer_entry_version};
use uuid::Uuid;

use super::{
    directory::{Department, Officer},
    enums::AnswerStatus,
    ids::global_id,
};
use crate::{
    graphql::{context::ContextExt, loaders::loader_error},
    service::answers::{self, content::split_keywords, placeholders},
};

async fn officer(ctx: &Context<'_>, id: Option<Uuid>) -> Result<Option<Officer>> {
    let Some(id) = id else {
        return Ok(None);
    };
    Ok(ctx
        .loaders()
        .officer
        .load_one(id)
        .await
        .map_err(loader_error)?
        .map(Officer))
}

/// An answer-library entry as staff see it.
pub struct AnswerEntry(pub answer_entry::Model);

/// Approved, reusable wording for a common question (口徑庫), with every revision kept.
/// Staff only.
///
/// The entry's own fields (`title`, `question`, `answer`, ...) are its latest revision.
/// Replies quote `approvedAnswer`, the wording of `approvedVersion`: revising approved
/// wording starts a new revision (`status` DRAFT, then IN_REVIEW) while the approved
/// version keeps serving until the revision is approved in turn.
#[Object]
impl AnswerEntry {
    pub async fn id(&self) -> ID {
        global_id::<AnswerEntry>(self.0.id)
    }
    /// Title of the latest revision.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// A typical citizen phrasing of the question (latest revision).
    async fn question(&self) -> &str {
        &self.0.question
    }
    /// The latest revision's wording, placeholders such as `{{reference}}` unfilled. It is
    /// what replies quote only when `status` is APPROVED; see `approvedAnswer`.
    async fn answer(&self) -> &str {
        &self.0.answer
    }
    async fn category(&self) -> &str {
        &self.0.category
    }
    async fn keywords(&self) -> Vec<String> {
        split_keywords(&self.0.keywords)
    }
    /// The department that owns the wording.
    async fn department(&self, ctx: &Context<'_>) -> Result<Option<Department>> {
        Department::load(ctx, Some(self.0.department_id)).await
    }
    /// Review state of the latest revision (not whether the entry serves: see `serving`).
    async fn status(&self) -> AnswerStatus {
        self.0.status.into()
    }
    /// Number of the latest revision; mutations take it as `expectedVersion`.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// The revision replies quote; null until the entry is first approved.
    async fn approved_version(&self) -> Option<i32> {
        self.0.approved_version
    }
    /// The wording of `approvedVersion`, placeholders unfilled: what replies quote while
    /// `serving`. Null until the entry is first approved.
    async fn approved_answer(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let Some(approved) = self.0.approved_version else {
            return Ok(None);
        };
        if approved == self.0.version {
            return Ok(Some(self.0.answer.clone()));
        }
        let versions = ctx
            .loaders()
            .answer_versions
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?
            .unwrap_or_default();
        Ok(versions
            .into_iter()
            .find(|v| v.version == approved)
            .map(|v| v.answer))
    }
    /// True while replies may quote the entry: approved at least once and not retired.
    async fn serving(&self) -> bool {
        answers::is_serving(&self.0)
    }
    /// True when the latest revision is not the approved one (a draft or a revision in
    /// review); false once retired.
    async fn has_unapproved_revision(&self) -> bool {
        answers::has_unapproved_revision(&self.0)
    }
    /// Who created the entry (each revision names its own author in `versions`).
    async fn author(&self, ctx: &Context<'_>) -> Result<Option<Officer>> {
        officer(ctx, Some(self.0.author_id)).await
    }
    /// Who approved `approvedVersion`.
    async fn approved_by(&self, ctx: &Context<'_>) -> Result<Option<Officer>> {
        officer(ctx, self.0.approved_by_id).await
    }
    async fn approved_at(&self) -> Option<DateTime<Utc>> {
        self.0.approved_at
    }
    async fn retired_at(&self) -> Option<DateTime<Utc>> {
        self.0.retired_at
    }
    /// How many replies quoted the entry.
    async fn use_count(&self) -> i32 {
        self.0.use_count
    }
    /// Every revision, oldest first. Revisions are never edited, so a reply's
    /// `answerEntryVersion` always finds the exact wording it quoted.
    async fn versions(&self, ctx: &Context<'_>) -> Result<Vec<AnswerEntryVersion>> {
        let rows = ctx
            .loaders()
            .answer_versions
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(AnswerEntryVersion)
            .collect())
    }
    /// The variables `answer` uses, by name, e.g. `["reference", "dueDate"]`.
    async fn placeholders(&self) -> Vec<String> {
        names(&self.0.answer)
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

fn names(text: &str) -> Vec<String> {
    placeholders::names_in(text)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// One revision of an entry.
pub struct AnswerEntryVersion(pub answer_entry_version::Model);

/// One revision of an answer-library entry, as it was written; never edited.
#[Object]
impl AnswerEntryVersion {
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn question(&self) -> &str {
        &self.0.question
    }
    async fn answer(&self) -> &str {
        &self.0.answer
    }
    async fn category(&self) -> &str {
        &self.0.category
    }
    async fn keywords(&self) -> Vec<String> {
        split_keywords(&self.0.keywords)
    }
    /// The variables `answer` uses, by name.
    async fn placeholders(&self) -> Vec<String> {
        names(&self.0.answer)
    }
    /// Who wrote this revision.
    async fn author(&self, ctx: &Context<'_>) -> Result<Option<Officer>> {
        officer(ctx, Some(self.0.author_id)).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
