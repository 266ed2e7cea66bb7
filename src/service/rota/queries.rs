//! Reading the rota: a district's shifts over a range of days, and who holds its desk now.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::{department, duty_shift, officer};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Query, SelectStatement},
};
use uuid::Uuid;

use super::{Ctx, check_range, district_by_code, local};
use crate::{auth::policy, error::AppResult};

/// The shifts of a district that overlap the local days `from..=to` (at most 62), in
/// order of start. Staff of the district and admins. Cancelled shifts (swapped or taken
/// off the rota) are included only when asked for, to show the history of a swap.
pub async fn duty_shifts(
    ctx: Ctx<'_>,
    from: NaiveDate,
    to: NaiveDate,
    district_code: &str,
    include_cancelled: bool,
) -> AppResult<Vec<duty_shift::Model>> {
    let district = district_by_code(ctx.directory, district_code)?;
    policy::ensure_may_read_rota(ctx.principal, district.id)?;
    check_range(from, to)?;
    let tz = ctx.rota.tz;
    let start = local(tz, from, chrono::NaiveTime::MIN);
    let end = local(tz, to + Duration::days(1), chrono::NaiveTime::MIN);
    let mut q = duty_shift::Entity::find()
        .filter(duty_shift::Column::DistrictId.eq(district.id))
        .filter(duty_shift::Column::StartsAt.lt(end))
        .filter(duty_shift::Column::EndsAt.gt(start));
    if !include_cancelled {
        q = q.filter(duty_shift::Column::CancelledAt.is_null());
    }
    Ok(q.order_by_asc(duty_shift::Column::StartsAt)
        .order_by_asc(duty_shift::Column::Id)
        .all(ctx.db)
        .await?)
}

/// The ids of active officers of active departments: only they hold a desk (a
/// deactivated officer's remaining shifts no longer count).
pub fn active_officers() -> SelectStatement {
    Query::select()
        .column(officer::Column::Id)
        .from(officer::Entity)
        .and_where(officer::Column::Active.eq(true))
        .and_where(
            officer::Column::DepartmentId.in_subquery(
                Query::select()
                    .column(department::Column::Id)
                    .from(department::Entity)
                    .and_where(department::Column::Active.eq(true))
                    .to_owned(),
            ),
        )
        .to_owned()
}

/// Who holds the desk of a district at `at`: the officers checked in on a shift that has
/// not ended (and not checked out), earliest check-in first; if nobody is checked in, the
/// officers whose shift covers `at`, earliest start first. Only active officers of active
/// departments count, and never a cancelled shift. Empty when the desk is unattended.
pub async fn on_duty_at(
    db: &impl ConnectionTrait,
    district_id: Uuid,
    at: DateTime<Utc>,
) -> AppResult<Vec<duty_shift::Model>> {
    let rows = duty_shift::Entity::find()
        .filter(duty_shift::Column::DistrictId.eq(district_id))
        .filter(duty_shift::Column::CancelledAt.is_null())
        .filter(duty_shift::Column::CheckedOutAt.is_null())
        .filter(duty_shift::Column::EndsAt.gt(at))
        .filter(duty_shift::Column::StartsAt.lte(at + Duration::days(1)))
        .filter(duty_shift::Column::OfficerId.in_subquery(active_officers()))
        .order_by_asc(duty_shift::Column::StartsAt)
        .order_by_asc(duty_shift::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    let mut checked_in: Vec<duty_shift::Model> = rows
        .iter()
        .filter(|s| s.checked_in_at.is_some())
        .cloned()
        .collect();
    if !checked_in.is_empty() {
        checked_in.sort_by_key(|s| (s.checked_in_at, s.id));
        return Ok(checked_in);
    }
    Ok(rows.into_iter().filter(|s| s.starts_at <= at).collect())
}

/// [`on_duty_at`] now, by district code; public, since the desk answers under duty names
/// (what callers see of the officer is decided by the policy where it is shown).
pub async fn on_duty(ctx: Ctx<'_>, district_code: &str) -> AppResult<Vec<duty_shift::Model>> {
    let district = district_by_code(ctx.directory, district_code)?;
    on_duty_at(ctx.db, district.id, crate::service::now()).await
}
