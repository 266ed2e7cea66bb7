//! Routing: assignment, transfers between departments, rejection and merging.

use entity::{
    ActorKind, DepartmentKind, EventKind, InquiryStatus, Priority, department, inquiry, officer,
};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseTransaction, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use super::{
    Ctx, clock,
    core::{Entry, Step, changes, load, save},
    transitions::{self, Action},
};
use crate::{
    error::{AppError, AppResult},
    service::{
        deadline,
        timeline::{self, NewEvent},
        validate,
    },
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
    let step = Step::begin(
        ctx.db,
        ctx.principal,
        id,
        Some(expected_version),
        Action::Assign,
    )
    .await?;
    let dept = active_department(&step.txn, department_id, "departmentId").await?;
    if let Some(oid) = officer_id {
        officer::Entity::find_by_id(oid)
            .one(&step.txn)
            .await?
            .filter(|o| o.active && o.department_id == dept.id)
            .ok_or_else(|| {
                AppError::bad_input(
                    "officerId",
                    "no active officer of that department with this id",
                )
            })?;
    }
    let current = &step.current;
    let (mut c, data) = assignment(&dept, current, officer_id);
    if let Some(p) = priority.filter(|p| *p != current.priority) {
        let (first, due) =
            deadline::compute(&step.txn, ctx.tz, current.kind, p, current.created_at).await?;
        c.priority = Set(p);
        c.first_response_due_at = Set(Some(first));
        c.due_at = Set(Some(due));
        c.due_soon_at = Set(Some(clock::due_soon_at(current.created_at, due)));
    }
    step.finish(c, Entry::public(EventKind::Assigned).data(data))
        .await
}

/// What handing an inquiry to a department (and officer) changes, and the data of its
/// `ASSIGNED` entry: shared by [`assign`] and the intake offer to the officer on duty.
fn assignment(
    dept: &department::Model,
    current: &inquiry::Model,
    officer_id: Option<Uuid>,
) -> (inquiry::ActiveModel, serde_json::Value) {
    let mut c = changes();
    c.department_id = Set(Some(dept.id));
    c.district_id = Set(jurisdiction(dept, current));
    c.officer_id = Set(officer_id);
    c.pending_transfer_department_id = Set(None);
    let data = json!({ "departmentId": dept.id, "department": dept.name, "officerId": officer_id });
    (c, data)
}

/// Intake offers a new inquiry that nobody routed to the district's officer on duty
/// (值班): it is assigned to that officer and their department like [`assign`] does, by
/// the system rather than a supervisor, inside the intake's transaction (so the inquiry
/// is never seen NEW by others and then taken away).
pub async fn assign_to_duty_officer(
    txn: &DatabaseTransaction,
    current: &inquiry::Model,
    officer: &officer::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<inquiry::Model> {
    let next = transitions::check(current.status, Action::Assign)?;
    let dept = active_department(txn, officer.department_id, "departmentId").await?;
    let (mut c, mut data) = assignment(&dept, current, Some(officer.id));
    data["via"] = json!("DUTY_ROTA");
    c.status = Set(next);
    let updated = save(txn, current, c, now).await?;
    let entry = NewEvent {
        kind: EventKind::Assigned,
        actor_kind: ActorKind::System,
        actor_officer_id: None,
        actor_subject: Some("system:duty-rota".into()),
        public: true,
        note: None,
        data: Some(data),
    };
    timeline::record(txn, &updated, entry, now).await?;
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
    let step = Step::begin(
        ctx.db,
        ctx.principal,
        id,
        Some(expected_version),
        Action::Transfer,
    )
    .await?;
    if step.current.pending_transfer_department_id.is_some() {
        return Err(AppError::InvalidTransition(
            "a transfer is already waiting for an answer".into(),
        ));
    }
    let dept = active_department(&step.txn, department_id, "departmentId").await?;
    if step.current.department_id == Some(dept.id) {
        return Err(AppError::bad_input(
            "departmentId",
            "the inquiry is already with this department",
        ));
    }
    let mut c = changes();
    c.pending_transfer_department_id = Set(Some(dept.id));
    let data = json!({ "fromDepartmentId": step.current.department_id, "toDepartmentId": dept.id, "toDepartment": dept.name });
    step.finish(
        c,
        Entry::internal(EventKind::TransferRequested)
            .note(reason)
            .data(data),
    )
    .await
}

/// The receiving department takes the inquiry over (轉辦).
pub async fn accept_transfer(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
) -> AppResult<inquiry::Model> {
    let step = Step::begin(
        ctx.db,
        ctx.principal,
        id,
        Some(expected_version),
        Action::AcceptTransfer,
    )
    .await?;
    let Some(target) = step.current.pending_transfer_department_id else {
        return Err(AppError::InvalidTransition(
            "no transfer is waiting for an answer".into(),
        ));
    };
    let dept = department::Entity::find_by_id(target)
        .one(&step.txn)
        .await?
        .ok_or(AppError::NotFound("department"))?;
    // Deactivated while the offer was pending: it takes no new work, it can only return it.
    if !dept.active {
        return Err(AppError::InvalidTransition(
            "the receiving department has been deactivated; return the transfer".into(),
        ));
    }
    let mut c = changes();
    c.department_id = Set(Some(target));
    c.district_id = Set(jurisdiction(&dept, &step.current));
    c.officer_id = Set(None);
    c.pending_transfer_department_id = Set(None);
    let data = json!({ "fromDepartmentId": step.current.department_id, "departmentId": target, "department": dept.name });
    step.finish(c, Entry::public(EventKind::TransferAccepted).data(data))
        .await
}

/// The receiving department declines the transfer, with a reason; the inquiry stays where it was.
pub async fn return_transfer(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    reason: &str,
) -> AppResult<inquiry::Model> {
    let reason = validate::text("reason", reason, 1, 500)?;
    let step = Step::begin(
        ctx.db,
        ctx.principal,
        id,
        Some(expected_version),
        Action::ReturnTransfer,
    )
    .await?;
    let Some(target) = step.current.pending_transfer_department_id else {
        return Err(AppError::InvalidTransition(
            "no transfer is waiting for an answer".into(),
        ));
    };
    let mut c = changes();
    c.pending_transfer_department_id = Set(None);
    let data = json!({ "departmentId": target });
    step.finish(
        c,
        Entry::internal(EventKind::TransferReturned)
            .note(reason)
            .data(data),
    )
    .await
}

/// Refuses an inquiry that the desk cannot handle (with the reason the citizen is given).
pub async fn reject(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    reason: &str,
) -> AppResult<inquiry::Model> {
    let reason = validate::text("reason", reason, 1, 1000)?;
    let step = Step::begin(
        ctx.db,
        ctx.principal,
        id,
        Some(expected_version),
        Action::Reject,
    )
    .await?;
    let mut c = changes();
    c.resolution = Set(Some(reason.clone()));
    c.pending_transfer_department_id = Set(None);
    step.finish(c, Entry::public(EventKind::Rejected).note(reason))
        .await
}

/// Marks a duplicate: the citizen keeps tracking it and sees the target's public replies.
pub async fn merge(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    into_id: Uuid,
) -> AppResult<inquiry::Model> {
    let step = Step::begin(
        ctx.db,
        ctx.principal,
        id,
        Some(expected_version),
        Action::Merge,
    )
    .await?;
    if id == into_id {
        return Err(AppError::bad_input(
            "intoId",
            "an inquiry cannot be merged into itself",
        ));
    }
    // Out of scope and absent answer alike (DESIGN.md §5), naming the field.
    let target = load(&step.txn, ctx.principal, into_id, None)
        .await
        .map_err(|e| match e {
            AppError::NotFound(what) => AppError::NotFoundIn {
                field: "intoId",
                what,
            },
            other => other,
        })?;
    if !transitions::OPEN.contains(&target.status) && target.status != InquiryStatus::Resolved {
        return Err(AppError::bad_input(
            "intoId",
            "the target is closed, rejected or merged itself",
        ));
    }
    let mut c = changes();
    c.merged_into_id = Set(Some(target.id));
    c.pending_transfer_department_id = Set(None);
    let data = json!({ "intoId": target.id, "intoReference": target.reference });
    step.finish(c, Entry::public(EventKind::Merged).data(data))
        .await
}
