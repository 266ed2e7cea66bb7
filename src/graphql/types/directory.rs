//! Districts, departments and officers.

use async_graphql::{Context, ID, Object, Result};
use entity::{department, district, officer};
use uuid::Uuid;

use super::{
    enums::{DepartmentKind, Role},
    ids::global_id,
};
use crate::{
    auth::policy,
    graphql::{context::ContextExt, loaders::loader_error},
};

/// A jurisdiction, identified by its administrative code.
pub struct District(pub district::Model);

#[Object]
impl District {
    pub async fn id(&self) -> ID {
        global_id::<District>(self.0.id)
    }
    /// Administrative code, e.g. `441202` for Duanzhou.
    async fn code(&self) -> &str {
        &self.0.code
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The enclosing district (the city for a county-level unit).
    async fn parent(&self, ctx: &Context<'_>) -> Option<District> {
        self.0
            .parent_id
            .and_then(|p| ctx.app().directory.get(p).cloned())
            .map(District)
    }
    /// New inquiries that nobody routed are offered to the officer on duty here (值班);
    /// otherwise they wait in the district's intake queue. Set by `setDistrictIntake`.
    async fn auto_assign_to_on_duty(&self, ctx: &Context<'_>) -> Result<bool> {
        let s = ctx
            .loaders()
            .district_setting
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?;
        Ok(s.is_some_and(|s| s.auto_assign_to_on_duty))
    }
}

/// A police division or a county-level bureau.
pub struct Department(pub department::Model);

impl Department {
    /// The department `id` names, through the request's loader (so a page's prefetch serves
    /// it); `None` for no id or an unknown one.
    pub async fn load(ctx: &Context<'_>, id: Option<Uuid>) -> Result<Option<Self>> {
        let Some(id) = id else { return Ok(None) };
        let found = ctx
            .loaders()
            .department
            .load_one(id)
            .await
            .map_err(loader_error)?;
        Ok(found.map(Self))
    }
}

#[Object]
impl Department {
    pub async fn id(&self) -> ID {
        global_id::<Department>(self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn kind(&self) -> DepartmentKind {
        self.0.kind.into()
    }
    async fn active(&self) -> bool {
        self.0.active
    }
    async fn district(&self, ctx: &Context<'_>) -> Option<District> {
        ctx.app()
            .directory
            .get(self.0.district_id)
            .cloned()
            .map(District)
    }
}

/// An officer. The public sees the duty name (實名上崗) and department; colleagues
/// also see the real name and badge number.
pub struct Officer(pub officer::Model);

impl Officer {
    /// The officer `id` names, through the request's loader; `None` for no id or an unknown one.
    pub async fn load(ctx: &Context<'_>, id: Option<Uuid>) -> Result<Option<Self>> {
        let Some(id) = id else { return Ok(None) };
        let found = ctx
            .loaders()
            .officer
            .load_one(id)
            .await
            .map_err(loader_error)?;
        Ok(found.map(Self))
    }
}

#[Object]
impl Officer {
    pub async fn id(&self) -> ID {
        global_id::<Officer>(self.0.id)
    }
    /// The name shown on replies, e.g. "出入境小陈".
    async fn duty_name(&self) -> &str {
        &self.0.duty_name
    }
    /// Staff only; null for others.
    async fn real_name(&self, ctx: &Context<'_>) -> Option<&str> {
        policy::may_see_officer_identity(ctx.principal()).then_some(self.0.real_name.as_str())
    }
    /// Staff only; null for others.
    async fn badge_number(&self, ctx: &Context<'_>) -> Option<&str> {
        policy::may_see_officer_identity(ctx.principal()).then_some(self.0.badge_number.as_str())
    }
    /// Staff only; null for others.
    async fn role(&self, ctx: &Context<'_>) -> Option<Role> {
        policy::may_see_officer_identity(ctx.principal()).then_some(self.0.role.into())
    }
    async fn expert(&self) -> bool {
        self.0.expert
    }
    async fn specialty(&self) -> Option<&str> {
        self.0.specialty.as_deref()
    }
    async fn spokesperson(&self) -> bool {
        self.0.spokesperson
    }
    async fn active(&self) -> bool {
        self.0.active
    }
    async fn department(&self, ctx: &Context<'_>) -> Result<Option<Department>> {
        let d = ctx
            .loaders()
            .department
            .load_one(self.0.department_id)
            .await
            .map_err(loader_error)?;
        Ok(d.map(Department))
    }
}
