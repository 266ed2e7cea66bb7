//! Announcements (信息公開) and their public, newest-first connection.

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};
use entity::announcement;

use super::{
    directory::{District, Officer},
    enums::AnnouncementCategory,
    ids::global_id,
};
use crate::graphql::{context::ContextExt, loaders::loader_error};

/// Police information published to the public. Never edited: a correction is a new
/// announcement (`corrects`, `correctionReason`), and the original shows `correctedBy`.
pub struct Announcement(pub announcement::Model);

#[Object]
impl Announcement {
    pub async fn id(&self) -> ID {
        global_id::<Announcement>(self.0.id)
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn body(&self) -> &str {
        &self.0.body
    }
    async fn category(&self) -> AnnouncementCategory {
        self.0.category.into()
    }
    /// Where it applies: the city for a city-wide announcement, or one county.
    async fn district(&self, ctx: &Context<'_>) -> Option<District> {
        ctx.app()
            .directory
            .get(self.0.district_id)
            .cloned()
            .map(District)
    }
    async fn published_at(&self) -> DateTime<Utc> {
        self.0.published_at
    }
    /// Who published it: the public sees the duty name and department; staff also the
    /// real name and badge number.
    async fn author(&self, ctx: &Context<'_>) -> Result<Option<Officer>> {
        Officer::load(ctx, Some(self.0.author_id)).await
    }
    /// The announcement this one corrects; null for an original.
    async fn corrects(&self, ctx: &Context<'_>) -> Result<Option<Announcement>> {
        let Some(id) = self.0.corrects_id else {
            return Ok(None);
        };
        Ok(ctx
            .loaders()
            .announcement
            .load_one(id)
            .await
            .map_err(loader_error)?
            .map(Announcement))
    }
    /// Why the correction was published; null for an original.
    async fn correction_reason(&self) -> Option<&str> {
        self.0.correction_reason.as_deref()
    }
    /// The correction of this announcement, once corrected.
    async fn corrected_by(&self, ctx: &Context<'_>) -> Result<Option<Announcement>> {
        Ok(ctx
            .loaders()
            .correction
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?
            .flatten()
            .map(Announcement))
    }
    /// True once a correction of this announcement has been published.
    async fn corrected(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(ctx
            .loaders()
            .correction
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?
            .flatten()
            .is_some())
    }
}
