//! Audit trail of every read of a citizen's unmasked personal data (name,
//! phone, ...): who read which fields of which inquiry, and when.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "pii_access")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub inquiry_id: Uuid,
    pub officer_id: Option<Uuid>,
    /// Who read the data (officer or token subject).
    pub accessor: String,
    /// Which fields were revealed.
    pub fields: String,
    pub accessed_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::inquiry::Entity",
        from = "Column::InquiryId",
        to = "super::inquiry::Column::Id",
        fk_name = "fk_pii_access_inquiry_id"
    )]
    Inquiry,
    #[sea_orm(
        belongs_to = "super::officer::Entity",
        from = "Column::OfficerId",
        to = "super::officer::Column::Id",
        fk_name = "fk_pii_access_officer_id"
    )]
    Officer,
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

impl ActiveModelBehavior for ActiveModel {}
