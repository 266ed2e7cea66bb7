//! Service-level targets per (inquiry kind, priority): hours until the first
//! response and the resolution deadline, counted in hours or working days.
//! Deadlines of new inquiries are computed from these rows.

use crate::enums::{InquiryKind, Priority, ResolutionUnit};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sla_policy")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: InquiryKind,
    pub priority: Priority,
    pub first_response_hours: i32,
    pub resolution_amount: i32,
    pub resolution_unit: ResolutionUnit,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
