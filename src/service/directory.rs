//! The bureau's structure: departments and officers.

use entity::{department, officer};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use super::paging::{Cursor, Keyset, Page};
use crate::domain::districts::DistrictDirectory;
use crate::error::AppResult;

/// Departments, optionally of one district (and its sub-districts).
pub async fn departments(
    db: &impl ConnectionTrait,
    directory: &DistrictDirectory,
    district_code: Option<&str>,
    include_inactive: bool,
) -> AppResult<Vec<department::Model>> {
    let mut q = department::Entity::find();
    if let Some(code) = district_code {
        let d = directory.resolve("districtCode", code)?;
        q = q.filter(department::Column::DistrictId.is_in(directory.subtree(d.id)));
    }
    if !include_inactive {
        q = q.filter(department::Column::Active.eq(true));
    }
    Ok(q.order_by_asc(department::Column::Name).all(db).await?)
}

/// Filter of the officers list.
#[derive(Debug, Clone, Default)]
pub struct OfficerFilter {
    pub department_id: Option<Uuid>,
    pub expert: Option<bool>,
    pub spokesperson: Option<bool>,
    pub include_inactive: bool,
}

fn officer_condition(f: &OfficerFilter) -> Condition {
    let mut c = Condition::all();
    if let Some(d) = f.department_id {
        c = c.add(officer::Column::DepartmentId.eq(d));
    }
    if let Some(e) = f.expert {
        c = c.add(officer::Column::Expert.eq(e));
    }
    if let Some(s) = f.spokesperson {
        c = c.add(officer::Column::Spokesperson.eq(s));
    }
    if !f.include_inactive {
        c = c.add(officer::Column::Active.eq(true));
    }
    c
}

/// A page of officers ordered by id (time of creation).
pub async fn officers(
    db: &impl ConnectionTrait,
    filter: &OfficerFilter,
    first: u64,
    after: Option<Cursor>,
) -> AppResult<Page<officer::Model>> {
    let query = officer::Entity::find().filter(officer_condition(filter));
    Keyset::by_id(officer::Column::Id, Order::Asc)
        .page(db, query, first, after)
        .await
}

pub async fn count_officers(db: &impl ConnectionTrait, filter: &OfficerFilter) -> AppResult<u64> {
    Ok(officer::Entity::find()
        .filter(officer_condition(filter))
        .count(db)
        .await?)
}

/// Departments by id (for loaders).
pub async fn departments_by_ids(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<Vec<department::Model>> {
    Ok(department::Entity::find()
        .filter(department::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// Officers by id (for loaders).
pub async fn officers_by_ids(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<Vec<officer::Model>> {
    Ok(officer::Entity::find()
        .filter(officer::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}
