//! The month's star officer (每月之星): at most one award per month.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "monthly_star")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Month awarded, `YYYY-MM`.
    #[sea_orm(unique)]
    pub month: String,
    pub officer_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub citation: String,
    pub awarded_by_id: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::officer::Entity",
        from = "Column::OfficerId",
        to = "super::officer::Column::Id",
        fk_name = "fk_monthly_star_officer_id"
    )]
    Officer,
    #[sea_orm(
        belongs_to = "super::officer::Entity",
        from = "Column::AwardedById",
        to = "super::officer::Column::Id",
        fk_name = "fk_monthly_star_awarded_by_id"
    )]
    AwardedBy,
}

/// The officer awarded (not the one who awarded).
impl Related<super::officer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Officer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
