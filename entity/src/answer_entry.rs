//! An entry of the answer library (口徑庫): an approved, reusable answer to a
//! common question, so replies stay consistent. Edits go through review and
//! every version is kept in `answer_entry_version`.

use crate::enums::AnswerStatus;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "answer_entry")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub question: String,
    #[sea_orm(column_type = "Text")]
    pub answer: String,
    pub category: String,
    pub keywords: String,
    pub department_id: Uuid,
    pub status: AnswerStatus,
    pub version: i32,
    pub approved_version: Option<i32>,
    pub author_id: Uuid,
    pub approved_by_id: Option<Uuid>,
    pub approved_at: Option<DateTimeUtc>,
    pub retired_at: Option<DateTimeUtc>,
    pub use_count: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::department::Entity",
        from = "Column::DepartmentId",
        to = "super::department::Column::Id",
        fk_name = "fk_answer_entry_department_id"
    )]
    Department,
    #[sea_orm(
        belongs_to = "super::officer::Entity",
        from = "Column::AuthorId",
        to = "super::officer::Column::Id",
        fk_name = "fk_answer_entry_author_id"
    )]
    Author,
    #[sea_orm(
        belongs_to = "super::officer::Entity",
        from = "Column::ApprovedById",
        to = "super::officer::Column::Id",
        fk_name = "fk_answer_entry_approved_by_id"
    )]
    ApprovedBy,
    #[sea_orm(has_many = "super::answer_entry_version::Entity")]
    AnswerEntryVersion,
}

impl Related<super::department::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Department.def()
    }
}

/// The author.
impl Related<super::officer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Author.def()
    }
}

impl Related<super::answer_entry_version::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AnswerEntryVersion.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
