//! Routing: assignment, transfers between departments, rejection and merging.

use entity::{DepartmentKind, EventKind, InquiryStatus, Priority, department, inquiry, officer};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use super::{
    Ctx,
    core::{changes, event, load, save},
    transitions::{self, Action},
};
use crate::{
    auth::policy,
    db::begin_write,
    error::{AppError, AppResult},
    service::{deadline, lifecycle::clock, timeline, validate},
};

async fn active_department(
    db: &impl ConnectionTrait,
    id: Uuid,
    field: &str,
) -> AppResult<department::Model> {
    department::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|d| d.active)
        .ok_or_else(|| AppError::bad_input(field, "no active department with this id"))
}

/// A county bureau handles its own county: handing an inquiry to another county's bureau
/// moves it into that jurisdiction. City divisions work across the city and leave it as is.
fn jurisdiction(dept: &department::Model, inquiry: &inquiry::Model) -> Uuid {
    if dept.kind == DepartmentKind::DistrictBureau {
        dept.district_id
    } else {
        inquiry.district_id
    }
}

/// Hands an inquiry to a department (and optionally a named officer of it); a new priority
/// recomputes the deadlines from receipt under that priority's policy.
pub async fn assign(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    department_id: Uuid,
    officer_id: Option<Uuid>,
    priority: Option<Priority>,
) -> AppResult<inquiry::Model> {
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx.principal, id, Some(expected_version)).await?;
    policy::ensure_may(ctx.principal, Action::Assign, &current)?;
    let next = transitions::check(current.status, Action::Assign)?;
    let dept = active_department(&txn, department_id, "departmentId").await?;
    if let Some(oid) = officer_id {
        officer::Entity::find_by_id(oid)
            .one(&txn)
            .await?
            .filter(|o| o.active && o.department_id == dept.id)
            .ok_or_else(|| {
                AppError::bad_input(
                    "officerId",
                    "no active officer of that department with this id",
                )
            })?;
    }
    let now = crate::service::now();
    let mut c = changes();
    c.status = Set(next);
    c.department_id = Set(Some(dept.id));
    c.district_id = Set(jurisdiction(&dept, &current));
    c.officer_id = Set(officer_id);
    c.pending_transfer_department_id = Set(None);
    if let Some(p) = priority.filter(|p| *p != current.priority) {
        let (first, due) =
            deadline::compute(&txn, ctx.tz, current.kind, p, current.created_at).await?;
        c.priority = Set(p);
        c.first_response_due_at = Set(Some(first));
        c.due_at = Set(Some(due));
        c.due_soon_at = Set(Some(clock::due_soon_at(current.created_at, due)));
    }
    let updated = save(&txn, &current, c, now).await?;
    let data = json!({ "departmentId": dept.id, "department": dept.name, "officerId": officer_id });
    timeline::record(
        &txn,
        &updated,
        event(ctx.principal, EventKind::Assigned, true, None, Some(data)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Offers the inquiry to another department, which accepts or returns it.
pub async fn transfer(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    department_id: Uuid,
    reason: &str,
) -> AppResult<inquiry::Model> {
    let reason = validate::text("reason", reason, 1, 500)?;
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx.principal, id, Some(expected_version)).await?;
    policy::ensure_may(ctx.principal, Action::Transfer, &current)?;
    let next = transitions::check(current.status, Action::Transfer)?;
    if current.pending_transfer_department_id.is_some() {
        return Err(AppError::InvalidTransition(
            "a transfer is already waiting for an answer".into(),
        ));
    }
    let dept = active_department(&txn, department_id, "departmentId").await?;
    if current.department_id == Some(dept.id) {
        return Err(AppError::bad_input(
            "departmentId",
            "the inquiry is already with this department",
        ));
    }
    let now = crate::service::now();
    let mut c = changes();
    c.status = Set(next);
    c.pending_transfer_department_id = Set(Some(dept.id));
    let updated = save(&txn, &current, c, now).await?;
    let data = json!({ "fromDepartmentId": current.department_id, "toDepartmentId": dept.id, "toDepartment": dept.name });
    timeline::record(
        &txn,
        &updated,
        event(
            ctx.principal,
            EventKind::TransferRequested,
            false,
            Some(reason),
            Some(data),
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// The receiving department takes the inquiry over (轉辦).
pub async fn accept_transfer(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
) -> AppResult<inquiry::Model> {
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx.principal, id, Some(expected_version)).await?;
    let Some(target) = current.pending_transfer_department_id else {
        return Err(AppError::InvalidTransition(
            "no transfer is waiting for an answer".into(),
        ));
    };
    policy::ensure_may(ctx.principal, Action::AcceptTransfer, &current)?;
    let next = transitions::check(current.status, Action::AcceptTransfer)?;
    let dept = department::Entity::find_by_id(target)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("department"))?;
    let now = crate::service::now();
    let mut c = changes();
    c.status = Set(next);
    c.department_id = Set(Some(target));
    c.district_id = Set(jurisdiction(&dept, &current));
    c.officer_id = Set(None);
    c.pending_transfer_department_id = Set(None);
    let updated = save(&txn, &current, c, now).await?;
    let data = json!({ "fromDepartmentId": current.department_id, "departmentId": target, "department": dept.name });
    timeline::record(
        &txn,
        &updated,
        event(
            ctx.principal,
            EventKind::TransferAccepted,
            true,
            None,
            Some(data),
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// The receiving department declines the transfer, with a reason; the inquiry stays where it was.
pub async fn return_transfer(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    reason: &str,
) -> AppResult<inquiry::Model> {
    let reason = validate::text("reason", reason, 1, 500)?;
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx.principal, id, Some(expected_version)).await?;
    let Some(target) = current.pending_transfer_department_id else {
        return Err(AppError::InvalidTransition(
            "no transfer is waiting for an answer".into(),
        ));
    };
    policy::ensure_may(ctx.principal, Action::ReturnTransfer, &current)?;
    let next = transitions::check(current.status, Action::ReturnTransfer)?;
    let now = crate::service::now();
    let mut c = changes();
    c.status = Set(next);
    c.pending_transfer_department_id = Set(None);
    let updated = save(&txn, &current, c, now).await?;
    let data = json!({ "departmentId": target });
    timeline::record(
        &txn,
        &updated,
        event(
            ctx.principal,
            EventKind::TransferReturned,
            false,
            Some(reason),
            Some(data),
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Refuses an inquiry that the desk cannot handle (with the reason the citizen is given).
pub async fn reject(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    reason: &str,
) -> AppResult<inquiry::Model> {
    let reason = validate::text("reason", reason, 1, 1000)?;
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx.principal, id, Some(expected_version)).await?;
    policy::ensure_may(ctx.principal, Action::Reject, &current)?;
    let next = transitions::check(current.status, Action::Reject)?;
    let now = crate::service::now();
    let mut c = changes();
    c.status = Set(next);
    c.resolution = Set(Some(reason.clone()));
    c.pending_transfer_department_id = Set(None);
    let updated = save(&txn, &current, c, now).await?;
    timeline::record(
        &txn,
        &updated,
        event(ctx.principal, EventKind::Rejected, true, Some(reason), None),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Marks a duplicate: the citizen keeps tracking it and sees the target's public replies.
pub async fn merge(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    into_id: Uuid,
) -> AppResult<inquiry::Model> {
    if id == into_id {
        return Err(AppError::bad_input(
            "intoId",
            "an inquiry cannot be merged into itself",
        ));
    }
    let txn = begin_write(ctx.db).await?;
    let current = load(&txn, ctx.principal, id, Some(expected_version)).await?;
    policy::ensure_may(ctx.principal, Action::Merge, &current)?;
    let next = transitions::check(current.status, Action::Merge)?;
    let target = load(&txn, ctx.principal, into_id, None)
        .await
        .map_err(|_| AppError::bad_input("intoId", "no inquiry with this id in your scope"))?;
    if !transitions::OPEN.contains(&target.status) && target.status != InquiryStatus::Resolved {
        return Err(AppError::bad_input(
            "intoId",
            "the target is closed, rejected or merged itself",
        ));
    }
    let now = crate::service::now();
    let mut c = changes();
    c.status = Set(next);
    c.merged_into_id = Set(Some(target.id));
    c.pending_transfer_department_id = Set(None);
    let updated = save(&txn, &current, c, now).await?;
    let data = json!({ "intoId": target.id, "intoReference": target.reference });
    timeline::record(
        &txn,
        &updated,
        event(ctx.principal, EventKind::Merged, true, None, Some(data)),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(updated)
}
