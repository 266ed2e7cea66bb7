//! Signed replies (實名上崗): who speaks, and on whose behalf.

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};
use entity::reply;

use super::{
    answer::AnswerEntry,
    directory::{Department, Officer},
    enums::ReplyVisibility,
    ids::global_id,
};
use crate::{
    auth::policy,
    graphql::{context::ContextExt, loaders::loader_error},
};

/// A reply to a citizen, or an internal note.
pub struct Reply(pub reply::Model);

#[Object]
impl Reply {
    async fn id(&self) -> ID {
        global_id::<Reply>(self.0.id)
    }
    async fn visibility(&self) -> ReplyVisibility {
        self.0.visibility.into()
    }
    async fn body(&self) -> &str {
        &self.0.body
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Who wrote it and for which department.
    async fn signed_by(&self) -> SignedBy {
        SignedBy::of(&self.0)
    }
    /// The answer-library entry the wording came from, and the approved version used.
    async fn answer_entry_id(&self) -> Option<ID> {
        self.0.answer_entry_id.map(global_id::<AnswerEntry>)
    }
    async fn answer_entry_version(&self) -> Option<i32> {
        self.0.answer_entry_version
    }
    /// The quoted answer-library entry itself (staff only: null for others, as the
    /// library is internal).
    async fn answer_entry(&self, ctx: &Context<'_>) -> Result<Option<AnswerEntry>> {
        let Some(id) = self.0.answer_entry_id else {
            return Ok(None);
        };
        Ok(ctx
            .loaders()
            .answer_entry
            .load_one(id)
            .await
            .map_err(loader_error)?
            .map(AnswerEntry))
    }
    /// The earlier reply this one corrects (勇於糾錯); the original stays visible.
    async fn corrects_reply_id(&self) -> Option<ID> {
        self.0.corrects_reply_id.map(global_id::<Reply>)
    }
    async fn correction_reason(&self) -> Option<&str> {
        self.0.correction_reason.as_deref()
    }
}

/// The signature on a reply. Everyone sees the duty name and the department; staff
/// also see the officer's real name and badge number.
pub struct SignedBy {
    officer_id: uuid::Uuid,
    department_id: uuid::Uuid,
}

impl SignedBy {
    /// The signing officer's record, for callers allowed to see who is behind a duty name.
    async fn identity(&self, ctx: &Context<'_>) -> Result<Option<entity::officer::Model>> {
        if !policy::may_see_officer_identity(ctx.principal()) {
            return Ok(None);
        }
        ctx.loaders()
            .officer
            .load_one(self.officer_id)
            .await
            .map_err(loader_error)
    }

    pub fn of(reply: &reply::Model) -> Self {
        Self {
            officer_id: reply.officer_id,
            department_id: reply.department_id,
        }
    }
}

#[Object]
impl SignedBy {
    /// The name the officer answers under, e.g. "出入境小陈".
    async fn duty_name(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        let o = ctx
            .loaders()
            .officer
            .load_one(self.officer_id)
            .await
            .map_err(loader_error)?;
        Ok(o.map(|o| o.duty_name))
    }
    /// The department the reply speaks for.
    async fn department(&self, ctx: &Context<'_>) -> Result<Option<Department>> {
        let d = ctx
            .loaders()
            .department
            .load_one(self.department_id)
            .await
            .map_err(loader_error)?;
        Ok(d.map(Department))
    }
    /// Staff only.
    async fn real_name(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self.identity(ctx).await?.map(|o| o.real_name))
    }
    /// Staff only.
    async fn badge_number(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self.identity(ctx).await?.map(|o| o.badge_number))
    }
    /// The officer record (staff only).
    async fn officer(&self, ctx: &Context<'_>) -> Result<Option<Officer>> {
        Ok(self.identity(ctx).await?.map(Officer))
    }
}
