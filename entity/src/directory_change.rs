//! Who changed the bureau's directory, when, and what: one row per created or
//! updated department or officer, written in the transaction of the change.
//! `changes` maps each changed field to `{ "from": old, "to": new }`.

use crate::enums::{DirectoryAction, DirectorySubject};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "directory_change")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub subject_kind: DirectorySubject,
    /// The department or officer changed (not a foreign key: it names either table).
    pub subject_id: Uuid,
    pub action: DirectoryAction,
    pub changes: Json,
    /// The administrator who made the change.
    pub actor_id: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::officer::Entity",
        from = "Column::ActorId",
        to = "super::officer::Column::Id",
        fk_name = "fk_directory_change_actor_id"
    )]
    Actor,
}

/// The actor.
impl Related<super::officer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Actor.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
