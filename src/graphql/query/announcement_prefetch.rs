//! Look-ahead prefetch for a page of announcements: what the selection asks of each
//! node (author and their department, the corrected original and its author, the
//! correction) is loaded in one batch per relation before the nodes resolve, so the
//! page costs the same whatever its size and however the loaders' windows fall.

use std::collections::HashSet;

use async_graphql::{Context, Result};
use entity::announcement;
use uuid::Uuid;

use crate::graphql::{context::ContextExt, loaders::loader_error, selection::Selection};

/// Primes the request's loaders for `rows` as the current field's selection needs.
pub async fn prime(ctx: &Context<'_>, rows: &[&announcement::Model]) -> Result<()> {
    let selection = Selection::of_page(ctx);
    let asks = |path: &[&str]| selection.wants(path);
    if rows.is_empty() {
        return Ok(());
    }
    let loaders = ctx.loaders();
    let mut authors: HashSet<Uuid> = HashSet::new();
    if asks(&["author"]) {
        authors.extend(rows.iter().map(|a| a.author_id));
    }
    if asks(&["corrects"]) {
        let ids: Vec<Uuid> = rows.iter().filter_map(|a| a.corrects_id).collect();
        let originals = loaders
            .announcement
            .load_many(ids)
            .await
            .map_err(loader_error)?;
        if asks(&["corrects", "author"]) {
            authors.extend(originals.values().map(|a| a.author_id));
        }
    }
    if asks(&["correctedBy"]) || asks(&["corrected"]) {
        let ids: Vec<Uuid> = rows.iter().map(|a| a.id).collect();
        let corrections = loaders
            .correction
            .load_many(ids)
            .await
            .map_err(loader_error)?;
        if asks(&["correctedBy", "author"]) {
            authors.extend(corrections.values().flatten().map(|a| a.author_id));
        }
    }
    if !authors.is_empty() {
        let officers = loaders
            .officer
            .load_many(authors)
            .await
            .map_err(loader_error)?;
        let departments: HashSet<Uuid> = officers.values().map(|o| o.department_id).collect();
        if !departments.is_empty() {
            loaders
                .department
                .load_many(departments)
                .await
                .map_err(loader_error)?;
        }
    }
    Ok(())
}
