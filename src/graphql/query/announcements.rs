//! The public list of announcements.

use async_graphql::{Context, Object, Result};

use crate::{
    graphql::{
        context::ContextExt,
        types::{announcement::Announcement, connection::Connection, enums::AnnouncementCategory},
    },
    service::{
        announcements::queries::{self, AnnouncementFilter},
        paging::{Cursor, page_size},
    },
};

#[derive(Default)]
pub struct AnnouncementQuery;

#[Object]
impl AnnouncementQuery {
    /// Published announcements, newest first; no token needed. `districtCode` gives what
    /// a resident of that district needs: its own announcements, those of the districts
    /// below it, and city-wide ones above it (not a neighbouring county's).
    #[graphql(complexity = "crate::graphql::connection_complexity(first, child_complexity)")]
    async fn announcements(
        &self,
        ctx: &Context<'_>,
        first: i32,
        after: Option<String>,
        district_code: Option<String>,
        category: Option<AnnouncementCategory>,
    ) -> Result<Connection<Announcement>> {
        let first = page_size(first)?;
        let after = after.as_deref().map(Cursor::decode).transpose()?;
        let filter = AnnouncementFilter {
            district_code,
            category: category.map(Into::into),
        };
        let app = ctx.app();
        let page = queries::list(&app.db, &app.directory, &filter, first, after).await?;
        let rows: Vec<_> = page.rows.iter().map(|(_, a)| a).collect();
        super::announcement_prefetch::prime(ctx, &rows).await?;
        Ok(Connection::new(page, Announcement, filter))
    }
}
