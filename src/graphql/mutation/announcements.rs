//! `publishAnnouncement` and `correctAnnouncement`: spokespersons and administrators.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};

use crate::{
    graphql::{
        context::ContextExt,
        types::{announcement::Announcement, enums::AnnouncementCategory, ids::GlobalId},
    },
    service::announcements::{self, NewAnnouncement},
};

#[derive(InputObject)]
pub struct PublishAnnouncementInput {
    /// 2..100 characters.
    pub title: String,
    /// 1..5000 characters.
    pub body: String,
    pub category: AnnouncementCategory,
    /// Where it applies: the city's code for a city-wide announcement, or a county's.
    pub district_code: String,
}

#[derive(InputObject)]
pub struct CorrectAnnouncementInput {
    /// The announcement to correct (not yet corrected itself).
    pub id: ID,
    /// The corrected text, 1..5000 characters.
    pub body: String,
    /// Why, 2..500 characters; shown with the correction.
    pub reason: String,
}

#[derive(SimpleObject)]
pub struct AnnouncementPayload {
    pub announcement: Announcement,
}

#[derive(Default)]
pub struct AnnouncementMutation;

#[Object]
impl AnnouncementMutation {
    /// Publishes at once. Spokespersons within their districts, and administrators.
    async fn publish_announcement(
        &self,
        ctx: &Context<'_>,
        input: PublishAnnouncementInput,
    ) -> Result<AnnouncementPayload> {
        let app = ctx.app();
        let request = NewAnnouncement {
            title: input.title,
            body: input.body,
            category: input.category.into(),
            district_code: input.district_code,
        };
        let stored =
            announcements::publish(&app.db, ctx.principal(), &app.directory, request).await?;
        Ok(AnnouncementPayload {
            announcement: Announcement(stored),
        })
    }

    /// Publishes a correction linked to the original, which stays listed marked as
    /// corrected. Returns the correction.
    async fn correct_announcement(
        &self,
        ctx: &Context<'_>,
        input: CorrectAnnouncementInput,
    ) -> Result<AnnouncementPayload> {
        let id = GlobalId::<Announcement>::parse(&input.id, "id")?;
        let stored = announcements::correct(
            &ctx.app().db,
            ctx.principal(),
            id,
            &input.body,
            &input.reason,
        )
        .await?;
        Ok(AnnouncementPayload {
            announcement: Announcement(stored),
        })
    }
}
