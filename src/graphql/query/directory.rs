//! Who am I, and the bureau's structure.

use async_graphql::{Context, ID, InputObject, Object, Result};

use crate::{
    graphql::{
        context::ContextExt,
        loaders::loader_error,
        selection::Selection,
        types::{
            connection::Connection,
            directory::{Department, District, Officer},
            ids::GlobalId,
            viewer::Viewer,
        },
    },
    service::{
        directory::{self, OfficerFilter},
        paging::{Cursor, page_size},
    },
};

/// Narrows the officers list.
#[derive(InputObject, Default)]
pub struct OfficerFilterInput {
    pub department_id: Option<ID>,
    pub expert: Option<bool>,
    pub spokesperson: Option<bool>,
    /// Include deactivated officers (default false).
    #[graphql(default)]
    pub include_inactive: bool,
}

#[derive(Default)]
pub struct DirectoryQuery;

#[Object]
impl DirectoryQuery {
    /// The caller as the server sees it; null without a token.
    async fn me(&self, ctx: &Context<'_>) -> Option<Viewer> {
        ctx.principal().role().map(|_| Viewer)
    }

    /// The city and its county-level units, ordered by code.
    async fn districts(&self, ctx: &Context<'_>) -> Vec<District> {
        ctx.app().directory.all().cloned().map(District).collect()
    }

    /// Departments, optionally of one district (and the districts below it).
    async fn departments(
        &self,
        ctx: &Context<'_>,
        district_code: Option<String>,
        #[graphql(default)] include_inactive: bool,
    ) -> Result<Vec<Department>> {
        let app = ctx.app();
        let rows = directory::departments(
            &app.db,
            &app.directory,
            district_code.as_deref(),
            include_inactive,
        )
        .await?;
        Ok(rows.into_iter().map(Department).collect())
    }

    /// Officers, a page at a time (`first` 1..100).
    #[graphql(complexity = "crate::graphql::connection_complexity(first, child_complexity)")]
    async fn officers(
        &self,
        ctx: &Context<'_>,
        first: i32,
        after: Option<String>,
        filter: Option<OfficerFilterInput>,
    ) -> Result<Connection<Officer>> {
        let first = page_size(first)?;
        let after = after.as_deref().map(Cursor::decode).transpose()?;
        let f = filter.unwrap_or_default();
        let filter = OfficerFilter {
            department_id: f
                .department_id
                .map(|d| GlobalId::<Department>::parse(&d, "filter.departmentId"))
                .transpose()?,
            expert: f.expert,
            spokesperson: f.spokesperson,
            include_inactive: f.include_inactive,
        };
        let app = ctx.app();
        let page = directory::officers(&app.db, &filter, first, after).await?;
        if Selection::of_page(ctx).wants(&["department"]) {
            ctx.loaders()
                .department
                .load_many(page.rows.iter().map(|(_, o)| o.department_id))
                .await
                .map_err(loader_error)?;
        }
        Ok(Connection::new(page, Officer, filter))
    }
}
