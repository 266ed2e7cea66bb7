//! Routing: assignment, transfers between departments, rejection and merging.

use entity::{
    ActorKind, DepartmentKind, EventKind, InquiryStatus, Priority, department, district, inquiry,
    officer,
};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseTransaction, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use super::{
    Ctx, clock,
    core::{Entry, Step, changes, load, save},
};
use crate::domain::transitions::{self, Action};
use crate::domain::validate;
use crate::domain::values::Reason;
use crate::{
    error::{AppError, AppResult},
    service::{
        deadline,
        timeline::{self, NewEvent},
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

/// True when `inner` is `outer` or lies below it (a county of the city).
async fn within(db: &impl ConnectionTrait, inner: Uuid, outer: Uuid) -> AppResult<bool> {
    let mut at = Some(inner);
    for _ in 0..16 {
        match at {
            Some(d) if d == outer => return Ok(true),
            Some(d) => {
                at = district::Entity::find_by_id(d)
                    .one(db)
                    .await?
                    .and_then(|x| x.parent_id)
            }
            None => break,
        }
    }
    Ok(false)
}

/// A district's administrative code, for event data.
async fn district_code(db: &impl ConnectionTrait, id: Uuid) -> AppResult<String> {
    Ok(district::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("district"))?
        .code)
}

/// `fromDistrictId`, `fromDistrictCode`, `toDistrictId`, `toDistrictCode` of a move.
async fn district_move(
    db: &impl ConnectionTrait,
    from: Uuid,
    to: Uuid,
) -> AppResult<serde_json::Value> {
    Ok(json!({
        "fromDistrictId": from,
        "fromDistrictCode": district_code(db, from).await?,
        "toDistrictId": to,
        "toDistrictCode": district_code(db, to).await?,
    }))
}

/// Adds the fields of `extra` (an object) to `data` (an object).
fn merged(mut data: serde_json::Value, extra: serde_json::Value) -> serde_json::Value {
    if let (Some(d), serde_json::Value::Object(e)) = (data.as_object_mut(), extra) {
        d.extend(e);
    }
    data
}

/// An [`assign`] command. Named fields, because the inquiry, the department and the
/// officer are all uuids: positional ones would let a swapped pair compile.
#[derive(Debug, Clone)]
pub struct Assignment {
    pub inquiry_id: Uuid,
    /// The version the caller last saw; a stale one is `CONFLICT`.
    pub expected_version: i32,
    pub department_id: Uuid,
    /// A named officer of that department, or none (the department's queue).
    pub officer_id: Option<Uuid>,
    /// A new priority, which recomputes the deadlines; none keeps the current one.
    pub priority: Option<Priority>,
}

/// Hands an inquiry to a department (and optionally a named officer of it) within its
/// district; a new priority recomputes the deadlines from receipt under that priority's
/// policy. Assigning never moves an inquiry sideways to another district, whoever asks
/// (admins included): another county's bureau is refused (`BAD_USER_INPUT` on
/// `departmentId`), as that is a transfer the receiving side accepts or returns. The one
/// move it makes is down the hierarchy: an inquiry filed with the city, handed to a county
/// bureau, goes into that county (everyone who saw it at city level still does), and its
/// `ASSIGNED` entry names the districts it moved from and to.
pub async fn assign(ctx: Ctx<'_>, command: Assignment) -> AppResult<inquiry::Model> {
    let Assignment {
        inquiry_id: id,
        expected_version,
        department_id,
        officer_id,
        priority,
    } = command;
    let step = Step::start(ctx, id, Some(expected_version), Action::Assign).await?;
    let dept = active_department(&step.txn, department_id, "departmentId").await?;
    let to_district = jurisdiction(&dept, &step.current);
    if !within(&step.txn, to_district, step.current.district_id).await? {
        return Err(AppError::bad_input(
            "departmentId",
            "this department serves another district: moving an inquiry to another district \
             is a transfer the receiving side accepts or returns; use transferInquiry",
        ));
    }
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
    let (mut c, mut data) = assignment(&dept, officer_id);
    if to_district != current.district_id {
        c.district_id = Set(to_district);
        data = merged(
            data,
            district_move(&step.txn, current.district_id, to_district).await?,
        );
    }
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
/// The district is left to the caller ([`assign`] moves it only down the hierarchy, the
/// duty offer never). A pending transfer is withdrawn (assigning again is the sender's
/// way to take an offer back).
fn assignment(
    dept: &department::Model,
    officer_id: Option<Uuid>,
) -> (inquiry::ActiveModel, serde_json::Value) {
    let mut c = changes();
    c.department_id = Set(Some(dept.id));
    c.officer_id = Set(officer_id);
    c.pending_transfer_department_id = Set(None);
    c.pending_transfer_district_id = Set(None);
    let data = json!({ "departmentId": dept.id, "department": dept.name, "officerId": officer_id });
    (c, data)
}

/// Intake offers a new inquiry that nobody routed to the district's officer on duty
/// (值班): it is assigned to that officer and their department like [`assign`] does, by
/// the system rather than a supervisor, inside the intake's transaction (so the inquiry
/// is never seen NEW by others and then taken away). Like [`assign`], it never moves the
/// inquiry to another district: when the officer's department no longer serves the
/// district (moved or deactivated since the shift was planned), the inquiry is left NEW
/// in the district's queue.
pub async fn assign_to_duty_officer(
    txn: &DatabaseTransaction,
    current: &inquiry::Model,
    officer: &officer::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<inquiry::Model> {
    let next = transitions::check(current.status, Action::Assign)?;
    let dept = department::Entity::find_by_id(officer.department_id)
        .one(txn)
        .await?
        .filter(|d| d.active && jurisdiction(d, current) == current.district_id);
    let Some(dept) = dept else {
        tracing::warn!(
            inquiry = %current.id,
            officer = %officer.id,
            "the officer on duty's department does not serve the inquiry's district; left in the queue"
        );
        return Ok(current.clone());
    };
    let (mut c, mut data) = assignment(&dept, Some(officer.id));
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

/// Offers the inquiry to another department, which accepts or returns it. Nothing moves
/// yet: the department and the district change on acceptance. Meanwhile the offer is
/// visible to the receiving department and to the supervisors of the district it would
/// move into (`pending_transfer_district_id`), who answer it.
pub async fn transfer(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    department_id: Uuid,
    reason: Reason,
) -> AppResult<inquiry::Model> {
    let reason = reason.into_string();
    let step = Step::start(ctx, id, Some(expected_version), Action::Transfer).await?;
    let dept = active_department(&step.txn, department_id, "departmentId").await?;
    if step.current.department_id == Some(dept.id) {
        return Err(AppError::bad_input(
            "departmentId",
            "the inquiry is already with this department",
        ));
    }
    let to_district = jurisdiction(&dept, &step.current);
    let mut c = changes();
    c.pending_transfer_department_id = Set(Some(dept.id));
    c.pending_transfer_district_id = Set(Some(to_district));
    let data = merged(
        json!({ "fromDepartmentId": step.current.department_id, "toDepartmentId": dept.id, "toDepartment": dept.name }),
        district_move(&step.txn, step.current.district_id, to_district).await?,
    );
    step.finish(
        c,
        Entry::internal(EventKind::TransferRequested)
            .note(reason)
            .data(data),
    )
    .await
}

/// The receiving side takes the inquiry over (轉辦): it goes to the receiving department,
/// unassigned to an officer, and into the district the transfer named (another county's
/// when offered to its bureau). The `TRANSFER_ACCEPTED` entry names the departments and
/// districts it moved from and to. Deadlines stay as they were: the citizen's clock does
/// not restart because the desk routed the inquiry again.
pub async fn accept_transfer(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
) -> AppResult<inquiry::Model> {
    let step = Step::start(ctx, id, Some(expected_version), Action::AcceptTransfer).await?;
    let Some(target) = step.current.pending_transfer_department_id else {
        return Err(AppError::InvalidTransition(
            "no transfer is waiting for an answer".into(),
        ));
    };
    let dept = department::Entity::find_by_id(target)
        .one(&step.txn)
        .await?
        .ok_or(AppError::NotFound("department"))?;
    let from_district = step.current.district_id;
    let to_district = step
        .current
        .pending_transfer_district_id
        .unwrap_or_else(|| jurisdiction(&dept, &step.current));
    let mut c = changes();
    c.department_id = Set(Some(target));
    c.district_id = Set(to_district);
    c.officer_id = Set(None);
    c.pending_transfer_department_id = Set(None);
    c.pending_transfer_district_id = Set(None);
    let data = merged(
        json!({ "fromDepartmentId": step.current.department_id, "toDepartmentId": target, "departmentId": target, "department": dept.name }),
        district_move(&step.txn, from_district, to_district).await?,
    );
    step.finish(c, Entry::public(EventKind::TransferAccepted).data(data))
        .await
}

/// The receiving side declines the transfer, with a reason; the inquiry stays where it was
/// (department and district).
pub async fn return_transfer(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    reason: Reason,
) -> AppResult<inquiry::Model> {
    let reason = reason.into_string();
    let step = Step::start(ctx, id, Some(expected_version), Action::ReturnTransfer).await?;
    let Some(target) = step.current.pending_transfer_department_id else {
        return Err(AppError::InvalidTransition(
            "no transfer is waiting for an answer".into(),
        ));
    };
    let mut c = changes();
    c.pending_transfer_department_id = Set(None);
    c.pending_transfer_district_id = Set(None);
    let data =
        json!({ "departmentId": target, "districtId": step.current.pending_transfer_district_id });
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
    let step = Step::start(ctx, id, Some(expected_version), Action::Reject).await?;
    let mut c = changes();
    c.resolution = Set(Some(reason.clone()));
    c.pending_transfer_department_id = Set(None);
    c.pending_transfer_district_id = Set(None);
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
    let step = Step::start(ctx, id, Some(expected_version), Action::Merge).await?;
    if id == into_id {
        return Err(AppError::bad_input(
            "intoId",
            "an inquiry cannot be merged into itself",
        ));
    }
    // Out of scope and absent answer alike, naming the field.
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
