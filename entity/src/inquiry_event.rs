//! One entry of an inquiry's append-only timeline (received, assigned,
//! transferred, replied, ...), with who acted. `public` entries are shown to
//! the citizen; `data` carries kind-specific details.

use crate::enums::{ActorKind, EventKind};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "inquiry_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub inquiry_id: Uuid,
    pub kind: EventKind,
    pub actor_kind: ActorKind,
    pub actor_officer_id: Option<Uuid>,
    pub actor_subject: Option<String>,
    pub public: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub data: Option<Json>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::inquiry::Entity",
        from = "Column::InquiryId",
        to = "super::inquiry::Column::Id",
        on_delete = "Cascade",
        fk_name = "fk_inquiry_event_inquiry_id"
    )]
    Inquiry,
    #[sea_orm(
        belongs_to = "super::officer::Entity",
        from = "Column::ActorOfficerId",
        to = "super::officer::Column::Id",
        fk_name = "fk_inquiry_event_actor_officer_id"
    )]
    ActorOfficer,
}

impl Related<super::inquiry::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Inquiry.def()
    }
}

impl Related<super::officer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ActorOfficer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
