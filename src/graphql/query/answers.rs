//! Reading the answer library (口徑庫). Staff only; search lives in `searchAnswers`.

use std::collections::HashSet;

use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::answer_entry;
use uuid::Uuid;

use crate::{
    graphql::{
        context::ContextExt,
        loaders::loader_error,
        selection::Selection,
        types::{
            answer::AnswerEntry, connection::Connection, directory::Department,
            enums::AnswerStatus, ids::GlobalId,
        },
    },
    service::{
        answers::queries::{self, AnswerFilter},
        paging::{Cursor, page_size},
    },
};

/// Narrows the answer library; all conditions combine with AND.
#[derive(InputObject, Default)]
pub struct AnswerEntryFilterInput {
    /// Any of these statuses (of the latest revision).
    pub status: Option<Vec<AnswerStatus>>,
    /// Exactly this category, e.g. `出入境`.
    pub category: Option<String>,
    /// The owning department.
    pub department_id: Option<ID>,
    /// Text contained in the title, question, wording or keywords.
    pub text: Option<String>,
    /// true: only entries replies may quote now; false: only those they may not.
    pub serving: Option<bool>,
}

impl AnswerEntryFilterInput {
    fn into_service(self) -> Result<AnswerFilter> {
        Ok(AnswerFilter {
            status: self.status.map(|s| s.into_iter().map(Into::into).collect()),
            category: self.category,
            department_id: self
                .department_id
                .map(|d| GlobalId::<Department>::parse(&d, "filter.departmentId"))
                .transpose()?,
            text: self.text,
            serving: self.serving,
        })
    }
}

#[derive(Default)]
pub struct AnswerQuery;

#[Object]
impl AnswerQuery {
    /// The answer library, newest entries first (`first` 1..100). Staff only:
    /// `UNAUTHENTICATED` without a token, `FORBIDDEN` for any other token.
    #[graphql(complexity = "crate::graphql::connection_complexity(first, child_complexity)")]
    async fn answer_entries(
        &self,
        ctx: &Context<'_>,
        first: i32,
        after: Option<String>,
        filter: Option<AnswerEntryFilterInput>,
    ) -> Result<Connection<AnswerEntry>> {
        let first = page_size(first)?;
        let after = after.as_deref().map(Cursor::decode).transpose()?;
        let filter = filter.unwrap_or_default().into_service()?;
        let page = queries::list(&ctx.app().db, ctx.principal(), &filter, first, after).await?;
        let rows: Vec<&answer_entry::Model> = page.rows.iter().map(|(_, e)| e).collect();
        prefetch_relations(ctx, &rows).await?;
        Ok(Connection::new(page, AnswerEntry, filter))
    }

    /// One entry by global id; null when absent. Staff only: `UNAUTHENTICATED` without a
    /// token, `FORBIDDEN` for any other token.
    async fn answer_entry(&self, ctx: &Context<'_>, id: ID) -> Result<Option<AnswerEntry>> {
        let uuid = GlobalId::<AnswerEntry>::parse(&id, "id")?;
        Ok(queries::get(&ctx.app().db, ctx.principal(), uuid)
            .await?
            .map(AnswerEntry))
    }
}

/// Loads, one query per relation, what the selection asks for on a page of entries, so the
/// nested resolvers are served from the loaders' caches: a page costs the same number of
/// statements whatever its size (batching alone depends on timing).
async fn prefetch_relations(ctx: &Context<'_>, rows: &[&answer_entry::Model]) -> Result<()> {
    let selection = Selection::of_page(ctx);
    let wants = |path: &[&str]| selection.wants(path);
    let loaders = ctx.loaders();
    let ids: Vec<Uuid> = rows.iter().map(|e| e.id).collect();
    let mut departments: HashSet<Uuid> = HashSet::new();
    if wants(&["department"]) {
        departments.extend(rows.iter().map(|e| e.department_id));
    }
    let versions = if wants(&["versions"]) || wants(&["approvedAnswer"]) {
        loaders
            .answer_versions
            .load_many(ids)
            .await
            .map_err(loader_error)?
    } else {
        Default::default()
    };
    let mut officers: HashSet<Uuid> = HashSet::new();
    if wants(&["author"]) {
        officers.extend(rows.iter().map(|e| e.author_id));
    }
    if wants(&["approvedBy"]) {
        officers.extend(rows.iter().filter_map(|e| e.approved_by_id));
    }
    if wants(&["versions", "author"]) {
        officers.extend(versions.values().flatten().map(|v| v.author_id));
    }
    let (_, loaded) = futures::try_join!(
        loaders.department.load_many(departments.iter().copied()),
        loaders.officer.load_many(officers),
    )
    .map_err(loader_error)?;
    let officer_departments = wants(&["author", "department"])
        || wants(&["approvedBy", "department"])
        || wants(&["versions", "author", "department"]);
    if officer_departments {
        let more: Vec<Uuid> = loaded
            .values()
            .map(|o| o.department_id)
            .filter(|d| !departments.contains(d))
            .collect();
        loaders
            .department
            .load_many(more)
            .await
            .map_err(loader_error)?;
    }
    Ok(())
}
