//! An officer's duty slot (值班) in a district, with check-in/out times.
//! A swap cancels the original shift and creates a new one pointing back at it.

use crate::enums::ShiftKind;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "duty_shift")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub officer_id: Uuid,
    pub district_id: Uuid,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub kind: ShiftKind,
    pub checked_in_at: Option<DateTimeUtc>,
    pub checked_out_at: Option<DateTimeUtc>,
    pub swapped_from_id: Option<Uuid>,
    pub swap_reason: Option<String>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::officer::Entity",
        from = "Column::OfficerId",
        to = "super::officer::Column::Id",
        fk_name = "fk_duty_shift_officer_id"
    )]
    Officer,
    #[sea_orm(
        belongs_to = "super::district::Entity",
        from = "Column::DistrictId",
        to = "super::district::Column::Id",
        fk_name = "fk_duty_shift_district_id"
    )]
    District,
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::SwappedFromId",
        to = "Column::Id",
        fk_name = "fk_duty_shift_swapped_from_id"
    )]
    SwappedFrom,
}

impl Related<super::officer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Officer.def()
    }
}

impl Related<super::district::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::District.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
