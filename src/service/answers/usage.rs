//! Quoting the library in a reply: the approved version's wording, filled with the
//! inquiry's values, cited by entry and version, and counted.

use chrono_tz::Tz;
use entity::{AnswerStatus, answer_entry, department, district, inquiry, officer};
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{
    is_serving,
    placeholders::{Placeholder, Template, Values, chinese_date},
    store,
};
use crate::{
    auth::StaffPrincipal,
    error::{AppError, AppResult},
};

/// Library wording as one reply uses it.
#[derive(Debug, Clone)]
pub struct Quoted {
    pub entry_id: Uuid,
    /// The approved version the wording comes from.
    pub version: i32,
    /// The approved wording with the inquiry's values filled in.
    pub text: String,
}

fn refused(message: impl Into<String>) -> AppError {
    AppError::bad_input("answerEntryId", message)
}

/// Renders the serving version of `entry_id` for a reply by `staff` to `inquiry`, and
/// counts the use, inside the reply's transaction (a rolled-back reply counts nothing).
/// A retired or never-approved entry is refused on `answerEntryId`.
pub async fn quote(
    txn: &DatabaseTransaction,
    entry_id: Uuid,
    inquiry: &inquiry::Model,
    staff: &StaffPrincipal,
    tz: Tz,
) -> AppResult<Quoted> {
    let entry = answer_entry::Entity::find_by_id(entry_id)
        .one(txn)
        .await?
        .filter(is_serving)
        .ok_or_else(|| {
            refused("no approved answer-library entry with this id (retired, or not approved yet)")
        })?;
    let Some(version) = entry.approved_version else {
        return Err(refused("the entry has no approved version"));
    };
    let wording = store::revision(txn, entry.id, version).await?;
    let template = Template::parse(&wording.answer)
        .map_err(|e| refused(format!("the approved wording cannot be used: {e}")))?;
    let values = values_for(txn, &template, inquiry, staff, tz).await?;
    let counted = answer_entry::Entity::update_many()
        .col_expr(
            answer_entry::Column::UseCount,
            Expr::col(answer_entry::Column::UseCount).add(1),
        )
        .filter(answer_entry::Column::Id.eq(entry.id))
        .filter(answer_entry::Column::Status.ne(AnswerStatus::Retired))
        .exec(txn)
        .await?;
    if counted.rows_affected != 1 {
        return Err(refused("the entry was retired meanwhile"));
    }
    Ok(Quoted {
        entry_id: entry.id,
        version,
        text: template.render(&values),
    })
}

/// Loads only the values the wording uses.
async fn values_for(
    txn: &DatabaseTransaction,
    template: &Template,
    inquiry: &inquiry::Model,
    staff: &StaffPrincipal,
    tz: Tz,
) -> AppResult<Values> {
    let mut v = Values::default();
    for p in template.placeholders() {
        match p {
            Placeholder::Reference => v.reference = inquiry.reference.clone(),
            Placeholder::Department => {
                // The department handling the inquiry speaks, whoever types the reply.
                let id = inquiry.department_id.unwrap_or(staff.department_id);
                v.department = department::Entity::find_by_id(id)
                    .one(txn)
                    .await?
                    .map(|d| d.name)
                    .ok_or(AppError::NotFound("department"))?;
            }
            Placeholder::DutyName => {
                v.duty_name = officer::Entity::find_by_id(staff.officer_id)
                    .one(txn)
                    .await?
                    .map(|o| o.duty_name)
                    .ok_or(AppError::NotFound("officer"))?;
            }
            Placeholder::DueDate => {
                let due = inquiry.due_at.ok_or_else(|| {
                    refused("the wording uses {{dueDate}} but the inquiry has no deadline")
                })?;
                v.due_date = chinese_date(due, tz);
            }
            Placeholder::DistrictName => {
                v.district_name = district::Entity::find_by_id(inquiry.district_id)
                    .one(txn)
                    .await?
                    .map(|d| d.name)
                    .ok_or(AppError::NotFound("district"))?;
            }
        }
    }
    Ok(v)
}
