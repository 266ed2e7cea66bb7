//! The review cycle: experts write, spokespersons approve, approved wording serves.
//! Each command runs in one write transaction (version check, change, version row,
//! outbox row); the search index is updated after the commit, in the same request.

use entity::{AnswerStatus, answer_entry, department};
use sea_orm::{ActiveValue::Set, EntityTrait};
use uuid::Uuid;

use super::{
    Ctx,
    content::{Content, Draft},
    store,
    transitions::{self, AnswerAction},
};
use crate::{
    auth::policy,
    db::begin_write,
    error::{AppError, AppResult},
};

/// The fields a revision changes; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct Revision {
    pub title: Option<String>,
    pub question: Option<String>,
    pub answer: Option<String>,
    pub category: Option<String>,
    pub keywords: Option<Vec<String>>,
}

fn content_of(e: &answer_entry::Model) -> Content {
    Content {
        title: e.title.clone(),
        question: e.question.clone(),
        answer: e.answer.clone(),
        category: e.category.clone(),
        keywords: e.keywords.clone(),
    }
}

fn changes() -> answer_entry::ActiveModel {
    answer_entry::ActiveModel {
        ..Default::default()
    }
}

/// Brings the search index up to date with a committed change. The database is the source
/// of truth and the index is rebuilt at start-up, so a failure here is logged rather than
/// reported as a failure of a change that did commit.
async fn reindex(ctx: Ctx<'_>, id: Uuid) {
    if let Err(error) = ctx.index.sync_entry(ctx.db, id).await {
        tracing::warn!(entry = %id, %error, "answer-library entry committed but not reindexed");
    }
}

/// A new entry in DRAFT, revision 1, owned by `department_id` (default: the author's).
pub async fn create(
    ctx: Ctx<'_>,
    draft: &Draft,
    department_id: Option<Uuid>,
) -> AppResult<answer_entry::Model> {
    let staff = policy::ensure_may_author_answers(ctx.principal)?.clone();
    let content = Content::validate(draft)?;
    let txn = begin_write(ctx.db).await?;
    let department = department::Entity::find_by_id(department_id.unwrap_or(staff.department_id))
        .one(&txn)
        .await?
        .filter(|d| d.active)
        .ok_or_else(|| AppError::bad_input("departmentId", "no active department with this id"))?;
    let now = crate::service::now();
    let entry = answer_entry::Entity::insert(answer_entry::ActiveModel {
        id: Set(Uuid::now_v7()),
        title: Set(content.title),
        question: Set(content.question),
        answer: Set(content.answer),
        category: Set(content.category),
        keywords: Set(content.keywords),
        department_id: Set(department.id),
        status: Set(AnswerStatus::Draft),
        version: Set(1),
        approved_version: Set(None),
        author_id: Set(staff.officer_id),
        approved_by_id: Set(None),
        approved_at: Set(None),
        retired_at: Set(None),
        use_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(&txn)
    .await?;
    store::insert_version(&txn, &entry, staff.officer_id, now).await?;
    store::announce(&txn, &entry, "created", ctx.principal, now).await?;
    txn.commit().await?;
    Ok(entry)
}

/// A new revision (`version` + 1, its own version row, status DRAFT). Approved wording
/// keeps serving its `approved_version` until this revision is approved in turn.
pub async fn revise(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
    revision: Revision,
) -> AppResult<answer_entry::Model> {
    let staff = policy::ensure_may_author_answers(ctx.principal)?.clone();
    let txn = begin_write(ctx.db).await?;
    let current = store::load(&txn, id, expected_version).await?;
    let next = transitions::check(current.status, AnswerAction::Revise)?;
    let before = content_of(&current);
    let mut draft = before.to_draft();
    let Revision {
        title,
        question,
        answer,
        category,
        keywords,
    } = revision;
    draft.title = title.unwrap_or(draft.title);
    draft.question = question.unwrap_or(draft.question);
    draft.answer = answer.unwrap_or(draft.answer);
    draft.category = category.unwrap_or(draft.category);
    draft.keywords = keywords.unwrap_or(draft.keywords);
    let after = Content::validate(&draft)?;
    if after == before {
        return Err(AppError::bad_input(
            "input",
            "the revision changes nothing; send the fields to change",
        ));
    }
    let now = crate::service::now();
    let mut c = changes();
    c.title = Set(after.title);
    c.question = Set(after.question);
    c.answer = Set(after.answer);
    c.category = Set(after.category);
    c.keywords = Set(after.keywords);
    c.version = Set(current.version + 1);
    c.status = Set(next);
    let updated = store::save(&txn, &current, c, now).await?;
    store::insert_version(&txn, &updated, staff.officer_id, now).await?;
    store::announce(&txn, &updated, "revised", ctx.principal, now).await?;
    txn.commit().await?;
    // What serves is unchanged, but the index is told anyway: it decides from the database.
    reindex(ctx, id).await;
    Ok(updated)
}

/// DRAFT → IN_REVIEW, by the author of the wording (or an admin).
pub async fn submit_for_review(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
) -> AppResult<answer_entry::Model> {
    policy::ensure_may_read_library(ctx.principal)?;
    let txn = begin_write(ctx.db).await?;
    let current = store::load(&txn, id, expected_version).await?;
    let revision = store::revision(&txn, id, current.version).await?;
    policy::ensure_may_submit_answer(ctx.principal, &current, &revision)?;
    let next = transitions::check(current.status, AnswerAction::Submit)?;
    let now = crate::service::now();
    let mut c = changes();
    c.status = Set(next);
    let updated = store::save(&txn, &current, c, now).await?;
    store::announce(&txn, &updated, "submitted", ctx.principal, now).await?;
    txn.commit().await?;
    Ok(updated)
}

/// IN_REVIEW → APPROVED: the latest revision becomes the serving one.
pub async fn approve(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
) -> AppResult<answer_entry::Model> {
    let staff = policy::ensure_may_read_library(ctx.principal)?.clone();
    let txn = begin_write(ctx.db).await?;
    let current = store::load(&txn, id, expected_version).await?;
    let revision = store::revision(&txn, id, current.version).await?;
    policy::ensure_may_approve_answer(ctx.principal, &revision)?;
    let next = transitions::check(current.status, AnswerAction::Approve)?;
    let now = crate::service::now();
    let mut c = changes();
    c.status = Set(next);
    c.approved_version = Set(Some(current.version));
    c.approved_by_id = Set(Some(staff.officer_id));
    c.approved_at = Set(Some(now));
    let updated = store::save(&txn, &current, c, now).await?;
    store::announce(&txn, &updated, "approved", ctx.principal, now).await?;
    txn.commit().await?;
    reindex(ctx, id).await;
    Ok(updated)
}

/// Withdraws the entry from use for good (replies can no longer quote it).
pub async fn retire(
    ctx: Ctx<'_>,
    id: Uuid,
    expected_version: i32,
) -> AppResult<answer_entry::Model> {
    policy::ensure_may_retire_answer(ctx.principal)?;
    let txn = begin_write(ctx.db).await?;
    let current = store::load(&txn, id, expected_version).await?;
    let next = transitions::check(current.status, AnswerAction::Retire)?;
    let now = crate::service::now();
    let mut c = changes();
    c.status = Set(next);
    c.retired_at = Set(Some(now));
    let updated = store::save(&txn, &current, c, now).await?;
    store::announce(&txn, &updated, "retired", ctx.principal, now).await?;
    txn.commit().await?;
    reindex(ctx, id).await;
    Ok(updated)
}
