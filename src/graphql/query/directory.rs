//! Who am I, and the bureau's structure.

use async_graphql::{Context, ID, InputObject, Object, Result};
use uuid::Uuid;

use crate::{
    graphql::{
        context::ContextExt,
        types::{
            connection::{OfficerConnection, OfficerEdge, PageInfo},
            directory::{Department, District, Officer},
            ids::GlobalId,
            viewer::Viewer,
        },
    },
    service::{
        directory::{self, OfficerFilter},
        inquiries::page_size,
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
    ) -> Result<OfficerConnection> {
        let first = page_size(first)?;
        let after = match after {
            Some(a) => Some(GlobalId::<Officer>::parse(&ID(a), "after")?),
            None => None,
        };
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
        let (rows, more) = directory::officers(&app.db, &filter, first, after).await?;
        let department_ids: Vec<Uuid> = rows.iter().map(|o| o.department_id).collect();
        if ctx
            .look_ahead()
            .field("edges")
            .field("node")
            .field("department")
            .exists()
            || ctx.look_ahead().field("nodes").field("department").exists()
        {
            ctx.loaders()
                .department
                .load_many(department_ids)
                .await
                .map_err(crate::graphql::loaders::loader_error)?;
        }
        let edges: Vec<OfficerEdge> = rows
            .into_iter()
            .map(|o| OfficerEdge {
                cursor: crate::graphql::types::ids::global_id::<Officer>(o.id).0,
                node: Officer(o),
            })
            .collect();
        let cursors: Vec<String> = edges.iter().map(|e| e.cursor.clone()).collect();
        Ok(OfficerConnection {
            edges,
            page_info: PageInfo::new(&cursors, more),
            filter,
        })
    }
}
