//! Demo data for the supervisors' month: last month's reviews of every officer by their
//! district's supervisor (or the city's administrator), so the leaderboard has all its
//! measures on a fresh demo. The star is left for the administrator to award from it.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use entity::{Role, officer, officer_review};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

use super::directory::Directory;
use crate::{error::AppResult, service::reports::month::Month};

/// Writes last month's reviews of the demo directory's officers.
pub(super) async fn seed_last_month(
    db: &impl ConnectionTrait,
    dir: &Directory,
    now: DateTime<Utc>,
    tz: Tz,
) -> AppResult<()> {
    let notes = &dir.data.wording.review_notes;
    let this_month = Month::containing(now, tz);
    let last = Month::containing(this_month.bounds(tz).0 - Duration::days(1), tz);
    let officers = &dir.officers;
    let district_of = |o: &officer::Model| {
        dir.departments
            .iter()
            .find(|d| d.id == o.department_id)
            .map(|d| d.district_id)
    };
    let admin = officers.iter().find(|o| o.role == Role::Admin);
    let mut reviews = Vec::new();
    for (i, o) in officers.iter().enumerate() {
        if o.role == Role::Admin || !o.active {
            continue;
        }
        // The supervisor of the officer's own district, else the administrator.
        let reviewer = officers
            .iter()
            .find(|s| {
                s.role == Role::Supervisor && s.id != o.id && district_of(s) == district_of(o)
            })
            .or(admin);
        let Some(reviewer) = reviewer else { continue };
        let attitude = 3 + (i % 3) as i32;
        let quality = 2 + (i * 7 % 4) as i32;
        let note = notes
            .get((quality - 1) as usize)
            .or(notes.last())
            .cloned()
            .unwrap_or_default();
        reviews.push(officer_review::ActiveModel {
            id: Set(Uuid::now_v7()),
            officer_id: Set(o.id),
            month: Set(last.to_string()),
            attitude: Set(attitude),
            quality: Set(quality),
            reviewer_id: Set(reviewer.id),
            note: Set(note),
            created_at: Set(now),
            updated_at: Set(now),
        });
    }
    if !reviews.is_empty() {
        officer_review::Entity::insert_many(reviews)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}
