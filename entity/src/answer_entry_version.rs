//! An immutable snapshot of one version of an answer-library entry, so a
//! reply can cite exactly the wording it quoted and reviews can be audited.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "answer_entry_version")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub answer_entry_id: Uuid,
    pub version: i32,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub question: String,
    #[sea_orm(column_type = "Text")]
    pub answer: String,
    pub category: String,
    pub keywords: String,
    pub author_id: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::answer_entry::Entity",
        from = "Column::AnswerEntryId",
        to = "super::answer_entry::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_answer_entry_version_answer_entry_id"
    )]
    AnswerEntry,
    #[sea_orm(
        belongs_to = "super::officer::Entity",
        from = "Column::AuthorId",
        to = "super::officer::Column::Id",
        fk_name = "fk_answer_entry_version_author_id"
    )]
    Author,
}

impl Related<super::answer_entry::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AnswerEntry.def()
    }
}

/// The author of this version.
impl Related<super::officer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Author.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
