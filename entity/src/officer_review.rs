//! A supervisor's monthly assessment of an officer's attitude and quality of
//! work; input to the monthly star and the monthly circular.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "officer_review")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub officer_id: Uuid,
    /// Month reviewed, `YYYY-MM` (e.g. `2026-10`).
    pub month: String,
    pub attitude: i32,
    pub quality: i32,
    pub reviewer_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::officer::Entity",
        from = "Column::OfficerId",
        to = "super::officer::Column::Id",
        fk_name = "fk_officer_review_officer_id"
    )]
    Officer,
    #[sea_orm(
        belongs_to = "super::officer::Entity",
        from = "Column::ReviewerId",
        to = "super::officer::Column::Id",
        fk_name = "fk_officer_review_reviewer_id"
    )]
    Reviewer,
}

/// The officer reviewed (not the reviewer).
impl Related<super::officer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Officer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
