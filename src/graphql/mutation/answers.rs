//! Answer-library mutations: experts write, spokespersons approve, approved wording
//! serves. Each takes one `input` and returns the entry; the rules live in
//! `service::answers` and `auth::policy`.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};

use crate::{
    graphql::{
        context::ContextExt,
        types::{answer::AnswerEntry, directory::Department, ids::GlobalId},
    },
    service::answers::{
        Ctx,
        content::Draft,
        lifecycle::{self, Revision},
    },
};

fn ctx<'a>(c: &'a Context<'_>) -> Ctx<'a> {
    c.service()
}

fn entry_id(id: &ID) -> Result<uuid::Uuid> {
    Ok(GlobalId::<AnswerEntry>::parse(id, "entryId")?)
}

/// The entry after the change.
#[derive(SimpleObject)]
pub struct AnswerEntryPayload {
    pub entry: AnswerEntry,
}

fn payload(m: entity::answer_entry::Model) -> AnswerEntryPayload {
    AnswerEntryPayload {
        entry: AnswerEntry(m),
    }
}

/// New wording. `answer` may use the placeholders `{{reference}}`, `{{department}}`,
/// `{{dutyName}}`, `{{dueDate}}` and `{{districtName}}`; anything else is refused.
#[derive(InputObject)]
pub struct CreateAnswerEntryInput {
    pub title: String,
    /// A typical citizen phrasing of the question.
    pub question: String,
    pub answer: String,
    pub category: String,
    #[graphql(default)]
    pub keywords: Vec<String>,
    /// The owning department; the author's own when omitted.
    pub department_id: Option<ID>,
}

/// A new revision; omitted fields keep their current value.
#[derive(InputObject)]
pub struct ReviseAnswerEntryInput {
    pub entry_id: ID,
    /// The `version` (latest revision) the author last saw.
    pub expected_version: i32,
    pub title: Option<String>,
    pub question: Option<String>,
    pub answer: Option<String>,
    pub category: Option<String>,
    pub keywords: Option<Vec<String>>,
}

/// An entry and the `version` the caller last saw (the revision it acts on).
#[derive(InputObject)]
pub struct AnswerEntryActionInput {
    pub entry_id: ID,
    pub expected_version: i32,
}

#[derive(Default)]
pub struct AnswerMutation;

#[Object]
impl AnswerMutation {
    /// Write new wording (experts and admins); it starts as DRAFT, revision 1.
    async fn create_answer_entry(
        &self,
        c: &Context<'_>,
        input: CreateAnswerEntryInput,
    ) -> Result<AnswerEntryPayload> {
        let department = input
            .department_id
            .as_ref()
            .map(|d| GlobalId::<Department>::parse(d, "departmentId"))
            .transpose()?;
        let draft = Draft {
            title: input.title,
            question: input.question,
            answer: input.answer,
            category: input.category,
            keywords: input.keywords,
        };
        Ok(payload(
            lifecycle::create(ctx(c), &draft, department).await?,
        ))
    }

    /// Write a new revision (experts and admins). It goes back to DRAFT; approved wording
    /// keeps serving its `approvedVersion` until the revision is approved.
    async fn revise_answer_entry(
        &self,
        c: &Context<'_>,
        input: ReviseAnswerEntryInput,
    ) -> Result<AnswerEntryPayload> {
        let id = entry_id(&input.entry_id)?;
        let revision = Revision {
            title: input.title,
            question: input.question,
            answer: input.answer,
            category: input.category,
            keywords: input.keywords,
        };
        Ok(payload(
            lifecycle::revise(ctx(c), id, input.expected_version, revision).await?,
        ))
    }

    /// Ask for review of the latest revision (its author or an admin): DRAFT → IN_REVIEW.
    async fn submit_answer_for_review(
        &self,
        c: &Context<'_>,
        input: AnswerEntryActionInput,
    ) -> Result<AnswerEntryPayload> {
        let id = entry_id(&input.entry_id)?;
        Ok(payload(
            lifecycle::submit_for_review(ctx(c), id, input.expected_version).await?,
        ))
    }

    /// Approve the revision in review (a spokesperson or an admin, never its author):
    /// IN_REVIEW → APPROVED, and it serves from now on.
    async fn approve_answer_entry(
        &self,
        c: &Context<'_>,
        input: AnswerEntryActionInput,
    ) -> Result<AnswerEntryPayload> {
        let id = entry_id(&input.entry_id)?;
        Ok(payload(
            lifecycle::approve(ctx(c), id, input.expected_version).await?,
        ))
    }

    /// Withdraw the entry for good (a spokesperson or an admin); replies can no longer quote it.
    async fn retire_answer_entry(
        &self,
        c: &Context<'_>,
        input: AnswerEntryActionInput,
    ) -> Result<AnswerEntryPayload> {
        let id = entry_id(&input.entry_id)?;
        Ok(payload(
            lifecycle::retire(ctx(c), id, input.expected_version).await?,
        ))
    }
}
