//! Seed data: the Zhaoqing bureau's structure (districts, departments, officers) and,
//! for demonstrations, three months of inquiry-desk activity modelled on the Safe
//! Zhaoqing (平安肇庆) police microblog programme.
//!
//! What the bureau is and what people write lives in data files (`data/*.toml`,
//! compiled in); the code plans rows from them in memory (`planner` and its siblings,
//! pure and unit-tested), checking every inquiry's history against the lifecycle's
//! transition table, then writes them in one transaction (`writer`).
//!
//! Ids are UUIDv7 whose time part is the row's `created_at`, so ordering by id agrees
//! with ordering by creation, as it does for rows the server creates live.

mod announcements;
mod data;
mod directory;
mod draw;
mod histories;
mod history;
mod inquiries;
mod integrity;
mod library;
mod planner;
mod reports;
mod results;
mod rota;
mod rows;
mod writer;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use chrono::Duration;
use chrono_tz::Tz;
use entity::{district, sla_policy};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};

use self::{
    directory::Directory,
    planner::{DEMO_DAYS, DemoContext, plan_demo},
};
use crate::{
    db::begin_write,
    error::{AppError, AppResult},
    service::{
        deadline::{SlaRule, WorkingCalendar},
        reference::TrackingCodes,
    },
};

/// What [`seed_directory`] created, for the command to report.
#[derive(Debug, Clone)]
pub struct DirectorySummary {
    pub districts: usize,
    pub departments: usize,
    pub officers: usize,
}

/// What [`seed_demo`] created, for the command to report.
#[derive(Debug, Clone)]
pub struct DemoSummary {
    pub directory: DirectorySummary,
    pub inquiries: usize,
    pub replies: usize,
    pub answer_entries: usize,
    /// A few (reference, tracking_code) pairs of demo inquiries to try `trackInquiry` with:
    /// tracking codes are stored hashed, so this is the only time they can be shown.
    pub sample_tracking: Vec<(String, String)>,
}

/// True when no district exists yet (a fresh database): seeding goes only there.
pub async fn is_empty(db: &impl ConnectionTrait) -> AppResult<bool> {
    Ok(district::Entity::find().one(db).await?.is_none())
}

/// The bureau's structure only: districts, departments, officers. Deterministic (same
/// names and badge numbers every run), so tests and scripts can name them. Refuses a
/// database that already has districts.
pub async fn seed_directory(db: &DatabaseConnection) -> AppResult<DirectorySummary> {
    let data = data::load()?;
    let txn = begin_write(db).await?;
    ensure_empty(&txn).await?;
    let dir = Directory::plan(data, crate::service::now() - Duration::days(365));
    writer::insert_directory(&txn, &dir).await?;
    txn.commit().await?;
    Ok(dir.summary())
}

/// The directory plus demo activity: inquiries with their timelines, replies and
/// feedback, answer-library entries, duty shifts, announcements and last month's
/// reviews, so every screen of a front end has something to show. Deadlines follow the
/// database's SLA policies and calendar. Refuses a database that already has districts.
pub async fn seed_demo(
    db: &DatabaseConnection,
    codes: &TrackingCodes,
    tz: Tz,
) -> AppResult<DemoSummary> {
    let data = data::load()?;
    let txn = begin_write(db).await?;
    ensure_empty(&txn).await?;
    let now = crate::service::now();
    let rules: HashMap<_, SlaRule> = sla_policy::Entity::find()
        .all(&txn)
        .await?
        .iter()
        .map(|p| ((p.kind, p.priority), SlaRule::from(p)))
        .collect();
    let today = now.with_timezone(&tz).date_naive();
    let calendar = WorkingCalendar::load(
        &txn,
        today - Duration::days(DEMO_DAYS + 10),
        today + Duration::days(90),
    )
    .await?;

    let dir = Directory::plan(data, now - Duration::days(365));
    let ctx = DemoContext {
        rules: &rules,
        calendar: &calendar,
        tz,
        now,
        codes,
    };
    let plan = plan_demo(&dir, ctx)?;
    writer::insert_directory(&txn, &dir).await?;
    writer::insert_demo(&txn, &plan).await?;
    reports::seed_last_month(&txn, &dir, now, tz).await?;
    txn.commit().await?;

    Ok(DemoSummary {
        directory: dir.summary(),
        inquiries: plan.inquiries.len() + plan.merged_inquiries.len(),
        replies: plan.replies.len() + plan.correcting_replies.len(),
        answer_entries: plan.answer_entries.len(),
        sample_tracking: plan.sample_tracking,
    })
}

async fn ensure_empty(db: &impl ConnectionTrait) -> AppResult<()> {
    if is_empty(db).await? {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "the database already holds a directory; seed data goes only into a fresh database"
                .into(),
        ))
    }
}
