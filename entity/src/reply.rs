//! An officer's answer on an inquiry, public, private to the citizen, or
//! internal. Replies are never edited: a correction is a new reply pointing
//! at the one it corrects. A reply may quote a versioned answer-library entry.

use crate::enums::ReplyVisibility;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "reply")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub inquiry_id: Uuid,
    pub officer_id: Uuid,
    pub department_id: Uuid,
    pub visibility: ReplyVisibility,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub answer_entry_id: Option<Uuid>,
    pub answer_entry_version: Option<i32>,
    pub corrects_reply_id: Option<Uuid>,
    pub correction_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::inquiry::Entity",
        from = "Column::InquiryId",
        to = "super::inquiry::Column::Id",
        fk_name = "fk_reply_inquiry_id"
    )]
    Inquiry,
    #[sea_orm(
        belongs_to = "super::officer::Entity",
        from = "Column::OfficerId",
        to = "super::officer::Column::Id",
        fk_name = "fk_reply_officer_id"
    )]
    Officer,
    #[sea_orm(
        belongs_to = "super::department::Entity",
        from = "Column::DepartmentId",
        to = "super::department::Column::Id",
        fk_name = "fk_reply_department_id"
    )]
    Department,
    #[sea_orm(
        belongs_to = "super::answer_entry::Entity",
        from = "Column::AnswerEntryId",
        to = "super::answer_entry::Column::Id",
        fk_name = "fk_reply_answer_entry_id"
    )]
    AnswerEntry,
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::CorrectsReplyId",
        to = "Column::Id",
        fk_name = "fk_reply_corrects_reply_id"
    )]
    CorrectsReply,
}

impl Related<super::inquiry::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Inquiry.def()
    }
}

impl Related<super::officer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Officer.def()
    }
}

impl Related<super::department::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Department.def()
    }
}

impl Related<super::answer_entry::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AnswerEntry.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
