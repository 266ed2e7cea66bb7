//! The duty rota (值班): shifts, who holds a desk now, and the gaps in the rota.

use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, NaiveDate, Utc};
use entity::duty_shift;

use super::{
    deadlines::CalendarDaySource,
    directory::{Department, District, Officer},
    enums::ShiftKind,
    ids::global_id,
};
use crate::{
    auth::policy,
    graphql::{context::ContextExt, loaders::loader_error},
    service::rota::gaps,
};

/// One officer's turn at a district's desk. Staff only (see `onDuty` for the public view).
pub struct DutyShift(pub duty_shift::Model);

#[Object]
impl DutyShift {
    async fn id(&self) -> ID {
        global_id::<DutyShift>(self.0.id)
    }
    async fn kind(&self) -> ShiftKind {
        self.0.kind.into()
    }
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at
    }
    async fn ends_at(&self) -> DateTime<Utc> {
        self.0.ends_at
    }
    /// When the officer took the desk (實名上崗); null until then.
    async fn checked_in_at(&self) -> Option<DateTime<Utc>> {
        self.0.checked_in_at
    }
    async fn checked_out_at(&self) -> Option<DateTime<Utc>> {
        self.0.checked_out_at
    }
    /// Set when the shift was cancelled or swapped to another officer.
    async fn cancelled_at(&self) -> Option<DateTime<Utc>> {
        self.0.cancelled_at
    }
    /// The shift this one replaced in a swap.
    async fn swapped_from_id(&self) -> Option<ID> {
        self.0.swapped_from_id.map(global_id::<DutyShift>)
    }
    /// Why the shift changed hands (for a replacement shift).
    async fn swap_reason(&self) -> Option<&str> {
        self.0.swap_reason.as_deref()
    }
    async fn district(&self, ctx: &Context<'_>) -> Option<District> {
        ctx.app()
            .directory
            .get(self.0.district_id)
            .cloned()
            .map(District)
    }
    async fn officer(&self, ctx: &Context<'_>) -> Result<Option<Officer>> {
        Officer::load(ctx, Some(self.0.officer_id)).await
    }
}

/// Who holds a district's desk now. Everyone sees the duty name and the department the
/// officer speaks for (誰在說, 代表誰); staff also see the real name, badge number and shift.
pub struct OnDuty(pub duty_shift::Model);

impl OnDuty {
    async fn record(&self, ctx: &Context<'_>) -> Result<Option<entity::officer::Model>> {
        ctx.loaders()
            .officer
            .load_one(self.0.officer_id)
            .await
            .map_err(loader_error)
    }

    fn staff(ctx: &Context<'_>) -> bool {
        policy::may_see_officer_identity(ctx.principal())
    }
}

#[Object]
impl OnDuty {
    /// The name the officer answers under, e.g. "端州小李".
    async fn duty_name(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self.record(ctx).await?.map(|o| o.duty_name))
    }
    async fn department(&self, ctx: &Context<'_>) -> Result<Option<Department>> {
        let Some(officer) = self.record(ctx).await? else {
            return Ok(None);
        };
        let d = ctx
            .loaders()
            .department
            .load_one(officer.department_id)
            .await
            .map_err(loader_error)?;
        Ok(d.map(Department))
    }
    /// Staff only; null for others.
    async fn real_name(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        if !Self::staff(ctx) {
            return Ok(None);
        }
        Ok(self.record(ctx).await?.map(|o| o.real_name))
    }
    /// Staff only; null for others.
    async fn badge_number(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        if !Self::staff(ctx) {
            return Ok(None);
        }
        Ok(self.record(ctx).await?.map(|o| o.badge_number))
    }
    /// The shift being served (staff only; null for others).
    async fn shift(&self, ctx: &Context<'_>) -> Option<DutyShift> {
        Self::staff(ctx).then(|| DutyShift(self.0.clone()))
    }
}

/// A daily slot that nobody held or is set to hold.
pub struct RotaGap(pub gaps::RotaGap);

#[Object]
impl RotaGap {
    async fn district(&self, ctx: &Context<'_>) -> Option<District> {
        ctx.app()
            .directory
            .get(self.0.district_id)
            .cloned()
            .map(District)
    }
    /// The local date of the slot.
    async fn date(&self) -> NaiveDate {
        self.0.date
    }
    /// MORNING or EVENING.
    async fn slot(&self) -> ShiftKind {
        self.0.kind.into()
    }
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at
    }
    async fn ends_at(&self) -> DateTime<Utc> {
        self.0.ends_at
    }
    /// The public holiday the date belongs to, e.g. `National Day 国庆节`; null otherwise.
    async fn holiday_name(&self) -> Option<&str> {
        self.0.holiday_name.as_deref()
    }
    /// Why the date is, or is not, a working day.
    async fn day_source(&self) -> CalendarDaySource {
        self.0.day_source.into()
    }
    /// Inquiries received in the district during the slot, with nobody on duty to take them.
    async fn unattended_inquiries(&self) -> u64 {
        self.0.unattended_inquiries
    }
}
