//! `createDepartment` and `updateDepartment`: rename, move to another district,
//! deactivate or reactivate.
//!
//! A deactivated department receives no new assignment, transfer or officer (routing
//! and officer administration check `active`); what it still holds stays with it, and
//! the update answers with its open inquiries so a supervisor can reassign them. Its
//! officers keep their records and can finish or hand back that work.

use entity::{DepartmentKind, DirectoryAction, DirectorySubject, department, inquiry};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use super::audit::{self, Change, Diff, action_of};
use crate::domain::districts::DistrictDirectory;
use crate::domain::transitions;
use crate::domain::validate;
use crate::{
    auth::{Principal, policy},
    db::begin_write,
    error::{AppError, AppResult, is_unique_violation},
    service::now,
};

/// Longest department name, in characters.
pub const MAX_NAME: usize = 50;

/// A department to create.
#[derive(Debug, Clone)]
pub struct NewDepartment {
    pub name: String,
    pub kind: DepartmentKind,
    pub district_code: String,
}

/// Changes to a department; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct DepartmentUpdate {
    pub id: Uuid,
    pub name: Option<String>,
    /// Moves the department to another district (a county bureau's inquiries keep their
    /// district: they were received there).
    pub district_code: Option<String>,
    pub active: Option<bool>,
}

/// The department after an update, and, while it is inactive, its open inquiries
/// (not RESOLVED, CLOSED, REJECTED or MERGED) that need another department.
#[derive(Debug, Clone)]
pub struct UpdatedDepartment {
    pub department: department::Model,
    pub inquiries_to_reassign: Vec<inquiry::Model>,
}

fn district_id(directory: &DistrictDirectory, code: &str) -> AppResult<Uuid> {
    Ok(directory.resolve("districtCode", code)?.id)
}

fn duplicate_name() -> AppError {
    AppError::bad_input(
        "name",
        "a department of this name already exists in that district",
    )
}

/// Refuses a name already used in the district (also enforced by the unique index
/// on `(district_id, name)`, which settles a race).
async fn ensure_name_free(
    txn: &impl ConnectionTrait,
    district_id: Uuid,
    name: &str,
    except: Option<Uuid>,
) -> AppResult<()> {
    let mut q = department::Entity::find()
        .filter(department::Column::DistrictId.eq(district_id))
        .filter(department::Column::Name.eq(name));
    if let Some(id) = except {
        q = q.filter(department::Column::Id.ne(id));
    }
    if q.one(txn).await?.is_some() {
        return Err(duplicate_name());
    }
    Ok(())
}

fn map_unique(e: sea_orm::DbErr) -> AppError {
    if is_unique_violation(&e) {
        duplicate_name()
    } else {
        e.into()
    }
}

/// Creates an active department. Administrators only.
pub async fn create(
    db: &DatabaseConnection,
    principal: &Principal,
    directory: &DistrictDirectory,
    input: NewDepartment,
) -> AppResult<department::Model> {
    let admin = policy::ensure_may_administer_directory(principal)?;
    let name = validate::text("name", &input.name, 2, MAX_NAME)?;
    let district = district_id(directory, &input.district_code)?;
    let at = now();
    let txn = begin_write(db).await?;
    ensure_name_free(&txn, district, &name, None).await?;
    let stored = department::Entity::insert(department::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name),
        kind: Set(input.kind),
        district_id: Set(district),
        active: Set(true),
        created_at: Set(at),
        updated_at: Set(at),
    })
    .exec_with_returning(&txn)
    .await
    .map_err(map_unique)?;
    let mut diff = Diff::default();
    diff.created("name", &stored.name);
    diff.created("kind", &stored.kind);
    diff.created("districtCode", &input.district_code.trim());
    diff.created("active", &true);
    audit::record(
        &txn,
        Change {
            subject_kind: DirectorySubject::Department,
            subject_id: stored.id,
            action: DirectoryAction::Created,
            diff,
            actor_id: admin.officer_id,
            district_id: Some(stored.district_id),
        },
        at,
    )
    .await?;
    txn.commit().await?;
    Ok(stored)
}

/// Renames, moves, deactivates or reactivates a department. Administrators only.
/// An update that changes nothing writes no audit row.
pub async fn update(
    db: &DatabaseConnection,
    principal: &Principal,
    directory: &DistrictDirectory,
    input: DepartmentUpdate,
) -> AppResult<UpdatedDepartment> {
    let admin = policy::ensure_may_administer_directory(principal)?;
    let name = input
        .name
        .as_deref()
        .map(|n| validate::text("name", n, 2, MAX_NAME))
        .transpose()?;
    let district = input
        .district_code
        .as_deref()
        .map(|c| district_id(directory, c))
        .transpose()?;
    let at = now();
    let txn = begin_write(db).await?;
    let current = department::Entity::find_by_id(input.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("department"))?;
    let new_name = name.unwrap_or_else(|| current.name.clone());
    let new_district = district.unwrap_or(current.district_id);
    let new_active = input.active.unwrap_or(current.active);
    let code = |id: Uuid| directory.get(id).map(|d| d.code.clone());
    let mut diff = Diff::default();
    diff.field("name", &current.name, &new_name);
    diff.field(
        "districtCode",
        &code(current.district_id),
        &code(new_district),
    );
    diff.field("active", &current.active, &new_active);
    let department = if diff.is_empty() {
        current
    } else {
        if new_name != current.name || new_district != current.district_id {
            ensure_name_free(&txn, new_district, &new_name, Some(current.id)).await?;
        }
        let action = action_of(current.active, new_active);
        let mut m: department::ActiveModel = current.into();
        m.name = Set(new_name);
        m.district_id = Set(new_district);
        m.active = Set(new_active);
        m.updated_at = Set(at);
        let stored = m.update(&txn).await.map_err(map_unique)?;
        audit::record(
            &txn,
            Change {
                subject_kind: DirectorySubject::Department,
                subject_id: stored.id,
                action,
                diff,
                actor_id: admin.officer_id,
                district_id: Some(stored.district_id),
            },
            at,
        )
        .await?;
        stored
    };
    let inquiries_to_reassign = if department.active {
        Vec::new()
    } else {
        open_inquiries(&txn, principal, department.id).await?
    };
    txn.commit().await?;
    Ok(UpdatedDepartment {
        department,
        inquiries_to_reassign,
    })
}

/// The department's open inquiries, oldest first (the longest waiting go first).
async fn open_inquiries(
    db: &impl ConnectionTrait,
    principal: &Principal,
    department_id: Uuid,
) -> AppResult<Vec<inquiry::Model>> {
    Ok(inquiry::Entity::find()
        .filter(policy::inquiry_scope(principal))
        .filter(inquiry::Column::DepartmentId.eq(department_id))
        .filter(inquiry::Column::Status.is_in(transitions::OPEN))
        .order_by_asc(inquiry::Column::CreatedAt)
        .order_by_asc(inquiry::Column::Id)
        .all(db)
        .await?)
}
