//! Announcements (信息公開): police information published to the public.
//!
//! Published text is never edited (勇於糾錯): `correct` publishes a new announcement
//! that points at the original (`corrects_id`, with the reason), and the original stays
//! listed, marked as corrected. Each announcement is corrected at most once (a unique
//! index on `corrects_id`); a further correction corrects the correction, so the chain
//! reads in order. Publishing and correcting write an outbox row in the same transaction.

pub mod queries;

use entity::{AnnouncementCategory, announcement};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use crate::domain::districts::DistrictDirectory;
use crate::domain::validate;
use crate::{
    auth::{Principal, policy},
    db::begin_write,
    error::{AppError, AppResult, is_unique_violation},
    service::{now, timeline},
};

/// Longest title and body, in characters.
pub const MAX_TITLE: usize = 100;
pub const MAX_BODY: usize = 5000;
/// Longest correction reason.
pub const MAX_REASON: usize = 500;

/// An announcement to publish. `district_code` is where it applies: the city code for
/// a city-wide announcement, a county's code for that county.
#[derive(Debug, Clone)]
pub struct NewAnnouncement {
    pub title: String,
    pub body: String,
    pub category: AnnouncementCategory,
    pub district_code: String,
}

async fn announce(
    txn: &impl ConnectionTrait,
    event: &str,
    row: &announcement::Model,
) -> AppResult<()> {
    let payload = json!({
        "announcementId": row.id,
        "category": row.category.as_str(),
        "districtId": row.district_id,
        "correctsId": row.corrects_id,
        "publishedAt": row.published_at,
    });
    timeline::outbox(
        txn,
        timeline::OutboxEntry {
            event,
            payload,
            inquiry_id: None,
            district_id: Some(row.district_id),
            at: row.published_at,
        },
    )
    .await
}

/// Publishes at once. Spokespersons within their districts, and administrators.
pub async fn publish(
    db: &DatabaseConnection,
    principal: &Principal,
    directory: &DistrictDirectory,
    input: NewAnnouncement,
) -> AppResult<announcement::Model> {
    let district = directory.resolve("districtCode", &input.district_code)?.id;
    let author = policy::ensure_may_publish_announcement(principal, district)?;
    let title = validate::text("title", &input.title, 2, MAX_TITLE)?;
    let body = validate::text("body", &input.body, 1, MAX_BODY)?;
    let at = now();
    let txn = begin_write(db).await?;
    let stored = announcement::Entity::insert(announcement::ActiveModel {
        id: Set(Uuid::now_v7()),
        title: Set(title),
        body: Set(body),
        category: Set(input.category),
        district_id: Set(district),
        published_at: Set(at),
        author_id: Set(author.officer_id),
        corrects_id: Set(None),
        correction_reason: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
    })
    .exec_with_returning(&txn)
    .await?;
    announce(&txn, "announcement.published", &stored).await?;
    txn.commit().await?;
    Ok(stored)
}

fn already_corrected() -> AppError {
    AppError::Conflict(
        "this announcement has already been corrected; correct its correction instead".into(),
    )
}

/// Publishes a correction of `id` with the new body and the reason; title, category
/// and district are the original's. Same authors as [`publish`], for the original's district.
pub async fn correct(
    db: &DatabaseConnection,
    principal: &Principal,
    id: Uuid,
    body: &str,
    reason: &str,
) -> AppResult<announcement::Model> {
    let body = validate::text("body", body, 1, MAX_BODY)?;
    let reason = validate::text("reason", reason, 2, MAX_REASON)?;
    let at = now();
    let txn = begin_write(db).await?;
    let original = announcement::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("announcement"))?;
    let author = policy::ensure_may_correct_announcement(principal, original.district_id)?;
    if body == original.body {
        return Err(AppError::bad_input(
            "body",
            "is the same as the announcement it corrects",
        ));
    }
    if announcement::Entity::find()
        .filter(announcement::Column::CorrectsId.eq(original.id))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(already_corrected());
    }
    let stored = announcement::Entity::insert(announcement::ActiveModel {
        id: Set(Uuid::now_v7()),
        title: Set(original.title.clone()),
        body: Set(body),
        category: Set(original.category),
        district_id: Set(original.district_id),
        published_at: Set(at),
        author_id: Set(author.officer_id),
        corrects_id: Set(Some(original.id)),
        correction_reason: Set(Some(reason)),
        created_at: Set(at),
        updated_at: Set(at),
    })
    .exec_with_returning(&txn)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            already_corrected()
        } else {
            e.into()
        }
    })?;
    announce(&txn, "announcement.corrected", &stored).await?;
    txn.commit().await?;
    Ok(stored)
}
