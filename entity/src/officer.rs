//! A staff member (民警) who handles, supervises or administers inquiries.
//! `duty_name` is the name shown to citizens; the real name and badge number
//! stay internal.

use crate::enums::Role;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "officer")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub real_name: String,
    #[sea_orm(unique)]
    pub badge_number: String,
    pub duty_name: String,
    pub department_id: Uuid,
    /// Staff role: OFFICER, SUPERVISOR or ADMIN.
    pub role: Role,
    pub expert: bool,
    pub specialty: Option<String>,
    pub spokesperson: bool,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::department::Entity",
        from = "Column::DepartmentId",
        to = "super::department::Column::Id",
        fk_name = "fk_officer_department_id"
    )]
    Department,
}

impl Related<super::department::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Department.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
