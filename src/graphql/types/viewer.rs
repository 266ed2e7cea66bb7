//! `me`: who the server takes the caller to be.

use async_graphql::{Context, Object, Result};

use super::{
    directory::{District, Officer},
    enums::Role,
};
use crate::{
    auth::{DistrictScope, Principal},
    graphql::{context::ContextExt, loaders::loader_error},
};

/// The authenticated caller.
pub struct Viewer;

#[Object]
impl Viewer {
    async fn role(&self, ctx: &Context<'_>) -> Option<Role> {
        ctx.principal().role().map(Into::into)
    }
    /// The token's subject (an officer's badge number, a citizen's account id).
    async fn subject(&self, ctx: &Context<'_>) -> Option<String> {
        match ctx.principal() {
            Principal::Anonymous => None,
            Principal::Citizen { subject } | Principal::Partner { subject, .. } => {
                Some(subject.clone())
            }
            Principal::Staff(s) => Some(s.badge_number.clone()),
        }
    }
    /// The partner agency, for partner tokens.
    async fn partner(&self, ctx: &Context<'_>) -> Option<String> {
        match ctx.principal() {
            Principal::Partner { partner, .. } => Some(partner.clone()),
            _ => None,
        }
    }
    /// Districts whose inquiries this caller may see.
    async fn districts(&self, ctx: &Context<'_>) -> Vec<District> {
        let dir = &ctx.app().directory;
        let scope = match ctx.principal() {
            Principal::Partner { districts, .. } => districts,
            Principal::Staff(s) => &s.districts,
            _ => return Vec::new(),
        };
        match scope {
            DistrictScope::All => dir.all().cloned().map(District).collect(),
            DistrictScope::Only(ids) => ids
                .iter()
                .filter_map(|id| dir.get(*id).cloned())
                .map(District)
                .collect(),
        }
    }
    /// The officer record behind a staff token.
    async fn officer(&self, ctx: &Context<'_>) -> Result<Option<Officer>> {
        let Some(staff) = ctx.principal().staff() else {
            return Ok(None);
        };
        Ok(ctx
            .loaders()
            .officer
            .load_one(staff.officer_id)
            .await
            .map_err(loader_error)?
            .map(Officer))
    }
}
