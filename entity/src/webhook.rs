//! A webhook: where to POST which outbox events of which districts, and the secret the
//! deliveries are signed with. A partner hook (`partner` set) reads as that partner's
//! token would; an internal hook (`partner` null) serves the bureau's own systems.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "webhook")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The partner whose token the hook reads as; `None`: an internal hook.
    pub partner: Option<String>,
    pub url: String,
    /// Event patterns, e.g. `["inquiry.*", "announcement.published"]`.
    pub events: Json,
    /// District ids whose events are delivered (with the districts below them); empty: all.
    pub district_ids: Json,
    /// HMAC-SHA256 key of the signature header (shown to no one after registration).
    #[serde(skip_serializing)]
    pub secret: String,
    pub description: Option<String>,
    pub active: bool,
    /// The last outbox event (by id) fanned out for this hook: deliveries exist, or were
    /// not due, for every event up to it. `None`: none yet.
    pub cursor: i64,
    pub created_by_id: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::webhook_delivery::Entity")]
    Delivery,
}

impl Related<super::webhook_delivery::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Delivery.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
