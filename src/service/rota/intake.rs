//! Intake and the rota: a district may have new inquiries that nobody routed yet offered
//! to its officer on duty. Off by default; an admin turns it on per district.

use chrono::{DateTime, Utc};
use entity::{district, district_setting, officer};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::OnConflict,
};
use serde_json::json;
use uuid::Uuid;

use super::{district_by_code, queries::on_duty_at};
use crate::domain::districts::DistrictDirectory;
use crate::{
    auth::{Principal, policy},
    db::begin_write,
    error::AppResult,
    service::{now, timeline},
};

/// The stored settings of these districts (districts without a row use the defaults).
pub async fn settings_of(
    db: &impl ConnectionTrait,
    district_ids: &[Uuid],
) -> AppResult<Vec<district_setting::Model>> {
    Ok(district_setting::Entity::find()
        .filter(district_setting::Column::DistrictId.is_in(district_ids.to_vec()))
        .all(db)
        .await?)
}

/// Turns the offer to the officer on duty on or off for a district (admins). Applies to
/// inquiries submitted afterwards. Returns the district and its stored setting.
pub async fn set_district_intake(
    db: &DatabaseConnection,
    principal: &Principal,
    directory: &DistrictDirectory,
    district_code: &str,
    auto_assign_to_on_duty: bool,
) -> AppResult<(district::Model, district_setting::Model)> {
    policy::ensure_admin(principal)?;
    let district = district_by_code(directory, district_code)?.clone();
    let now = now();
    let txn = begin_write(db).await?;
    district_setting::Entity::insert(district_setting::ActiveModel {
        id: Set(Uuid::now_v7()),
        district_id: Set(district.id),
        auto_assign_to_on_duty: Set(auto_assign_to_on_duty),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(district_setting::Column::DistrictId)
            .update_columns([
                district_setting::Column::AutoAssignToOnDuty,
                district_setting::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    let stored = district_setting::Entity::find()
        .filter(district_setting::Column::DistrictId.eq(district.id))
        .one(&txn)
        .await?
        .ok_or(crate::error::AppError::NotFound("district setting"))?;
    timeline::outbox(
        &txn,
        timeline::OutboxEntry {
            event: "district.intake_changed",
            payload: json!({
                "districtId": district.id,
                "districtCode": district.code,
                "autoAssignToOnDuty": stored.auto_assign_to_on_duty,
                "by": principal.subject_label(),
                "at": now,
            }),
            inquiry_id: None,
            district_id: Some(district.id),
            at: now,
        },
    )
    .await?;
    txn.commit().await?;
    Ok((district, stored))
}

/// The officer a new, unrouted inquiry of `district_id` is offered to at `at`: the first
/// officer on duty there (checked in first, else scheduled now) when the district has the
/// offer turned on; `None` otherwise, and the inquiry waits in the district's queue.
/// Reads inside the intake's write transaction.
pub async fn duty_officer_for_intake(
    txn: &impl ConnectionTrait,
    district_id: Uuid,
    at: DateTime<Utc>,
) -> AppResult<Option<officer::Model>> {
    let enabled = district_setting::Entity::find()
        .filter(district_setting::Column::DistrictId.eq(district_id))
        .one(txn)
        .await?
        .is_some_and(|s| s.auto_assign_to_on_duty);
    if !enabled {
        return Ok(None);
    }
    let Some(shift) = on_duty_at(txn, district_id, at).await?.into_iter().next() else {
        return Ok(None);
    };
    Ok(officer::Entity::find_by_id(shift.officer_id)
        .one(txn)
        .await?
        .filter(|o| o.active))
}
