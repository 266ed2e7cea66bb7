//! The directory's audit trail.

use async_graphql::{Context, ID, Object, Result};

use crate::{
    error::AppError,
    graphql::{
        context::ContextExt,
        types::{
            connection::{Connection, Uncounted},
            directory_change::DirectoryChange,
            ids::{Kind, decode},
        },
    },
    service::{
        directory_admin,
        paging::{Cursor, page_size},
    },
};

#[derive(Default)]
pub struct DirectoryChangeQuery;

#[Object]
impl DirectoryChangeQuery {
    /// Who changed which department or officer, newest first; optionally of one
    /// department or officer (`subjectId`). Administrators only.
    #[graphql(complexity = "crate::graphql::connection_complexity(first, child_complexity)")]
    async fn directory_changes(
        &self,
        ctx: &Context<'_>,
        first: i32,
        after: Option<String>,
        subject_id: Option<ID>,
    ) -> Result<Connection<DirectoryChange>> {
        let first = page_size(first)?;
        let after = after.as_deref().map(Cursor::decode).transpose()?;
        let subject = match subject_id {
            Some(id) => match decode(&id, "subjectId")? {
                (Some(Kind::Department | Kind::Officer), uuid) => Some(uuid),
                _ => {
                    return Err(AppError::bad_input(
                        "subjectId",
                        "expected a Department or Officer id",
                    )
                    .into());
                }
            },
            None => None,
        };
        let page =
            directory_admin::changes(&ctx.app().db, ctx.principal(), subject, first, after).await?;
        Ok(Connection::new(page, DirectoryChange, Uncounted))
    }
}
