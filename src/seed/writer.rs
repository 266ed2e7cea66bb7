//! Writes planned rows with multi-row inserts of at most [`BATCH`] rows, parents before
//! the rows that point at them: a demo seed is about 30 statements, under 0.1 s on
//! SQLite and about a second on PostgreSQL over TCP.

use entity::{
    announcement, answer_entry, answer_entry_version, department, district, duty_shift, feedback,
    inquiry, inquiry_event, officer, reply,
};
use sea_orm::{ConnectionTrait, EntityTrait, IntoActiveModel};

use super::{directory::Directory, planner::DemoPlan};
use crate::error::AppResult;

/// Rows per `INSERT` statement: far below SQLite's bound-parameter limit even for
/// the widest table (`inquiry`, 44 columns).
const BATCH: usize = 200;

pub(super) async fn insert_directory(db: &impl ConnectionTrait, dir: &Directory) -> AppResult<()> {
    // The city first: the counties point at it.
    let (roots, counties): (Vec<_>, Vec<_>) = dir
        .districts
        .iter()
        .cloned()
        .partition(|d| d.parent_id.is_none());
    insert_all::<district::Entity>(db, &roots).await?;
    insert_all::<district::Entity>(db, &counties).await?;
    insert_all::<department::Entity>(db, &dir.departments).await?;
    insert_all::<officer::Entity>(db, &dir.officers).await?;
    Ok(())
}

pub(super) async fn insert_demo(db: &impl ConnectionTrait, plan: &DemoPlan) -> AppResult<()> {
    insert_all::<answer_entry::Entity>(db, &plan.answer_entries).await?;
    insert_all::<answer_entry_version::Entity>(db, &plan.answer_versions).await?;
    // Rows that point at rows of their own table go in a later statement.
    insert_all::<inquiry::Entity>(db, &plan.inquiries).await?;
    insert_all::<inquiry::Entity>(db, &plan.merged_inquiries).await?;
    insert_all::<inquiry_event::Entity>(db, &plan.events).await?;
    insert_all::<reply::Entity>(db, &plan.replies).await?;
    insert_all::<reply::Entity>(db, &plan.correcting_replies).await?;
    insert_all::<feedback::Entity>(db, &plan.feedback).await?;
    insert_all::<duty_shift::Entity>(db, &plan.shifts).await?;
    insert_all::<duty_shift::Entity>(db, &plan.swapped_shifts).await?;
    insert_all::<announcement::Entity>(db, &plan.announcements).await?;
    insert_all::<announcement::Entity>(db, &plan.corrections).await?;
    Ok(())
}

/// Multi-row inserts in batches of [`BATCH`].
async fn insert_all<E>(db: &impl ConnectionTrait, rows: &[E::Model]) -> AppResult<()>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel> + Clone,
{
    for chunk in rows.chunks(BATCH) {
        E::insert_many(
            chunk
                .iter()
                .cloned()
                .map(IntoActiveModel::into_active_model),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}
