//! `createOfficer` and `updateOfficer`.
//!
//! The officer record is the authority behind every staff token (`Principal::resolve`
//! reads it on each request), so a change here takes effect on the officer's very next
//! request: a deactivated officer's token is refused, a moved officer works for the new
//! department. A token's `districts` claim stays an upper bound that the record never
//! widens: an officer moved to a department of another county sees its inquiries once
//! issued a token for that county.

use entity::{DirectoryAction, DirectorySubject, Role, department, officer};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter,
};
use uuid::Uuid;

use super::audit::{self, Change, Diff, action_of};
use crate::domain::validate;
use crate::{
    auth::{Principal, policy},
    db::begin_write,
    error::{AppError, AppResult, is_unique_violation},
    service::now,
};

/// Names are 2..30 characters (real names 2..20); a specialty at most 30.
const MAX_REAL_NAME: usize = 20;
const MAX_DUTY_NAME: usize = 30;
const MAX_SPECIALTY: usize = 30;

/// An officer to create (active).
#[derive(Debug, Clone)]
pub struct NewOfficer {
    pub real_name: String,
    pub badge_number: String,
    pub duty_name: String,
    pub department_id: Uuid,
    pub role: Role,
    pub expert: bool,
    pub specialty: Option<String>,
    pub spokesperson: bool,
}

/// Changes to an officer; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct OfficerUpdate {
    pub id: Uuid,
    pub department_id: Option<Uuid>,
    pub duty_name: Option<String>,
    pub role: Option<Role>,
    pub expert: Option<bool>,
    pub specialty: Option<String>,
    pub spokesperson: Option<bool>,
    pub active: Option<bool>,
}

/// A badge number (警號) is six digits. Badge numbers are never reused, not even those
/// of deactivated officers: old tokens and audit rows name officers by badge.
pub fn badge_number(value: &str) -> AppResult<String> {
    let v = value.trim();
    if v.len() == 6 && v.bytes().all(|b| b.is_ascii_digit()) {
        Ok(v.to_owned())
    } else {
        Err(AppError::bad_input("badgeNumber", "must be six digits"))
    }
}

fn staff_role(role: Role) -> AppResult<Role> {
    match role {
        Role::Officer | Role::Supervisor | Role::Admin => Ok(role),
        Role::Citizen | Role::Partner => Err(AppError::bad_input(
            "role",
            "must be OFFICER, SUPERVISOR or ADMIN",
        )),
    }
}

/// The specialty an expert (微博專家團) is consulted on is required; for officers who are
/// not experts none is kept, so a stale specialty never shows on the panel.
fn specialty(expert: bool, value: Option<String>) -> AppResult<Option<String>> {
    if !expert {
        return Ok(None);
    }
    validate::optional_text("specialty", value.as_deref(), MAX_SPECIALTY)?
        .map(Some)
        .ok_or_else(|| AppError::bad_input("specialty", "an expert needs a specialty"))
}

/// New officers and moves go only to active departments.
async fn active_department(db: &impl ConnectionTrait, id: Uuid) -> AppResult<department::Model> {
    department::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|d| d.active)
        .ok_or_else(|| AppError::bad_input("departmentId", "no active department with this id"))
}

fn badge_taken() -> AppError {
    AppError::bad_input("badgeNumber", "this badge number is already taken")
}

/// Creates an active officer. Administrators only. A duplicate badge number is refused
/// with `BAD_USER_INPUT` on `badgeNumber`, also when two requests race (unique index).
pub async fn create(
    db: &DatabaseConnection,
    principal: &Principal,
    input: NewOfficer,
) -> AppResult<officer::Model> {
    let admin = policy::ensure_may_administer_directory(principal)?;
    let real_name = validate::text("realName", &input.real_name, 2, MAX_REAL_NAME)?;
    let badge = badge_number(&input.badge_number)?;
    let duty_name = validate::text("dutyName", &input.duty_name, 2, MAX_DUTY_NAME)?;
    let role = staff_role(input.role)?;
    let specialty = specialty(input.expert, input.specialty)?;
    let at = now();
    let txn = begin_write(db).await?;
    let dept = active_department(&txn, input.department_id).await?;
    if officer::Entity::find()
        .filter(officer::Column::BadgeNumber.eq(badge.as_str()))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(badge_taken());
    }
    let stored = officer::Entity::insert(officer::ActiveModel {
        id: Set(Uuid::now_v7()),
        real_name: Set(real_name),
        badge_number: Set(badge),
        duty_name: Set(duty_name),
        department_id: Set(dept.id),
        role: Set(role),
        expert: Set(input.expert),
        specialty: Set(specialty),
        spokesperson: Set(input.spokesperson),
        active: Set(true),
        created_at: Set(at),
        updated_at: Set(at),
    })
    .exec_with_returning(&txn)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            badge_taken()
        } else {
            e.into()
        }
    })?;
    let mut diff = Diff::default();
    diff.created("realName", &stored.real_name);
    diff.created("badgeNumber", &stored.badge_number);
    diff.created("dutyName", &stored.duty_name);
    diff.created("departmentId", &stored.department_id);
    diff.created("role", &stored.role);
    diff.created("expert", &stored.expert);
    diff.created("specialty", &stored.specialty);
    diff.created("spokesperson", &stored.spokesperson);
    diff.created("active", &true);
    audit::record(
        &txn,
        Change {
            subject_kind: DirectorySubject::Officer,
            subject_id: stored.id,
            action: DirectoryAction::Created,
            diff,
            actor_id: admin.officer_id,
            district_id: Some(dept.district_id),
        },
        at,
    )
    .await?;
    txn.commit().await?;
    Ok(stored)
}

/// Moves an officer, renames their duty name, changes role or flags, deactivates or
/// reactivates them. Administrators only, and never against their own record's
/// `active` or administrator role. An update that changes nothing writes no audit row.
pub async fn update(
    db: &DatabaseConnection,
    principal: &Principal,
    input: OfficerUpdate,
) -> AppResult<officer::Model> {
    let admin = policy::ensure_may_administer_directory(principal)?;
    policy::ensure_not_self_lockout(admin, input.id, input.active == Some(false), input.role)?;
    let duty_name = input
        .duty_name
        .as_deref()
        .map(|n| validate::text("dutyName", n, 2, MAX_DUTY_NAME))
        .transpose()?;
    let role = input.role.map(staff_role).transpose()?;
    let at = now();
    let txn = begin_write(db).await?;
    let current = officer::Entity::find_by_id(input.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("officer"))?;
    let department_id = input.department_id.unwrap_or(current.department_id);
    let dept = if department_id != current.department_id {
        active_department(&txn, department_id).await?
    } else {
        department::Entity::find_by_id(department_id)
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound("department"))?
    };
    let expert = input.expert.unwrap_or(current.expert);
    let specialty = specialty(expert, input.specialty.or(current.specialty.clone()))?;
    let next = officer::Model {
        duty_name: duty_name.unwrap_or_else(|| current.duty_name.clone()),
        department_id,
        role: role.unwrap_or(current.role),
        expert,
        specialty,
        spokesperson: input.spokesperson.unwrap_or(current.spokesperson),
        active: input.active.unwrap_or(current.active),
        updated_at: at,
        ..current.clone()
    };
    let mut diff = Diff::default();
    diff.field("departmentId", &current.department_id, &next.department_id);
    diff.field("dutyName", &current.duty_name, &next.duty_name);
    diff.field("role", &current.role, &next.role);
    diff.field("expert", &current.expert, &next.expert);
    diff.field("specialty", &current.specialty, &next.specialty);
    diff.field("spokesperson", &current.spokesperson, &next.spokesperson);
    diff.field("active", &current.active, &next.active);
    if diff.is_empty() {
        txn.commit().await?;
        return Ok(current);
    }
    let action = action_of(current.active, next.active);
    let mut m: officer::ActiveModel = current.into();
    m.duty_name = Set(next.duty_name);
    m.department_id = Set(next.department_id);
    m.role = Set(next.role);
    m.expert = Set(next.expert);
    m.specialty = Set(next.specialty);
    m.spokesperson = Set(next.spokesperson);
    m.active = Set(next.active);
    m.updated_at = Set(at);
    let stored = m.update(&txn).await?;
    audit::record(
        &txn,
        Change {
            subject_kind: DirectorySubject::Officer,
            subject_id: stored.id,
            action,
            diff,
            actor_id: admin.officer_id,
            district_id: Some(dept.district_id),
        },
        at,
    )
    .await?;
    txn.commit().await?;
    Ok(stored)
}
