//! Reading announcements: public, newest first, keyset-paged.

use entity::{AnnouncementCategory, announcement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter,
};
use uuid::Uuid;

use crate::domain::districts::DistrictDirectory;
use crate::{
    error::AppResult,
    service::paging::{Cursor, Keyset, Page},
};

/// Narrowing of the public list.
#[derive(Debug, Clone, Default)]
pub struct AnnouncementFilter {
    /// What a resident of this district needs: see [`resident_districts`].
    pub district_code: Option<String>,
    pub category: Option<AnnouncementCategory>,
}

/// The districts whose announcements concern a resident of `code`: the district itself,
/// the districts below it (a city filter shows the counties' too), and every district
/// above it (a county filter shows city-wide announcements), but not sibling counties.
pub fn resident_districts(directory: &DistrictDirectory, code: &str) -> AppResult<Vec<Uuid>> {
    let district = directory.resolve("districtCode", code)?;
    let mut ids = directory.subtree(district.id);
    let mut parent = district.parent_id;
    while let Some(p) = parent.filter(|p| !ids.contains(p)) {
        ids.push(p);
        parent = directory.get(p).and_then(|d| d.parent_id);
    }
    Ok(ids)
}

fn condition(directory: &DistrictDirectory, filter: &AnnouncementFilter) -> AppResult<Condition> {
    let mut c = Condition::all();
    if let Some(code) = &filter.district_code {
        c = c.add(announcement::Column::DistrictId.is_in(resident_districts(directory, code)?));
    }
    if let Some(cat) = filter.category {
        c = c.add(announcement::Column::Category.eq(cat));
    }
    Ok(c)
}

/// A page of announcements, newest first. Open to everyone.
pub async fn list(
    db: &impl ConnectionTrait,
    directory: &DistrictDirectory,
    filter: &AnnouncementFilter,
    first: u64,
    after: Option<Cursor>,
) -> AppResult<Page<announcement::Model>> {
    use announcement::Column as C;
    let query = announcement::Entity::find().filter(condition(directory, filter)?);
    Keyset::by_time(C::PublishedAt, C::Id, Order::Desc)
        .page(db, query, first, after)
        .await
}

/// How many announcements match the filter.
pub async fn count(
    db: &impl ConnectionTrait,
    directory: &DistrictDirectory,
    filter: &AnnouncementFilter,
) -> AppResult<u64> {
    Ok(announcement::Entity::find()
        .filter(condition(directory, filter)?)
        .count(db)
        .await?)
}

/// Announcements by id (for loaders and `node`).
pub async fn by_ids(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<Vec<announcement::Model>> {
    Ok(announcement::Entity::find()
        .filter(announcement::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// The corrections of announcements, by the id of the announcement they correct.
pub async fn corrections_of(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> AppResult<Vec<announcement::Model>> {
    Ok(announcement::Entity::find()
        .filter(announcement::Column::CorrectsId.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}
