//! A handling officer's request for advice from a subject-matter expert on
//! an inquiry, with its own deadline and the expert's answer.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "expert_consultation")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub inquiry_id: Uuid,
    pub expert_id: Uuid,
    pub requested_by_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub question: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub advice: Option<String>,
    pub due_at: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::inquiry::Entity",
        from = "Column::InquiryId",
        to = "super::inquiry::Column::Id",
        fk_name = "fk_expert_consultation_inquiry_id"
    )]
    Inquiry,
    #[sea_orm(
        belongs_to = "super::officer::Entity",
        from = "Column::ExpertId",
        to = "super::officer::Column::Id",
        fk_name = "fk_expert_consultation_expert_id"
    )]
    Expert,
    #[sea_orm(
        belongs_to = "super::officer::Entity",
        from = "Column::RequestedById",
        to = "super::officer::Column::Id",
        fk_name = "fk_expert_consultation_requested_by_id"
    )]
    RequestedBy,
}

impl Related<super::inquiry::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Inquiry.def()
    }
}

/// The expert asked (not the requesting officer).
impl Related<super::officer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Expert.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
