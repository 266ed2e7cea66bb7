//! Demo data for the supervisors' month: last month's reviews of every officer by their
//! district's supervisor (or the city's administrator), so the leaderboard has all its
//! measures on a fresh demo. The star is left for the administrator to award from it.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use entity::{Role, department, officer, officer_review};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

use super::reports::month::Month;
use crate::error::AppResult;

/// Short notes a supervisor writes, by quality score.
const NOTES: [&str; 5] = [
    "答复内容需核实后再发布",
    "答复偏慢，需加强跟进",
    "答复基本规范",
    "答复及时，用语规范",
    "答复及时准确，群众反映好",
];

/// Writes last month's reviews. `officers` and `departments` are the demo directory.
pub async fn seed_last_month(
    db: &impl ConnectionTrait,
    officers: &[officer::Model],
    departments: &[department::Model],
    now: DateTime<Utc>,
    tz: Tz,
) -> AppResult<()> {
    let this_month = Month::containing(now, tz);
    let last = Month::containing(this_month.bounds(tz).0 - Duration::days(1), tz);
    let district_of = |o: &officer::Model| {
        departments
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
        reviews.push(officer_review::ActiveModel {
            id: Set(Uuid::now_v7()),
            officer_id: Set(o.id),
            month: Set(last.to_string()),
            attitude: Set(attitude),
            quality: Set(quality),
            reviewer_id: Set(reviewer.id),
            note: Set(NOTES[(quality - 1) as usize].to_owned()),
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
