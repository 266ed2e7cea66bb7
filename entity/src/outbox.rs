//! Transactional outbox: domain events written in the same transaction as the
//! change that caused them; subscriptions and webhooks are fed from it in
//! `position` order. `inquiry_id` / `district_id` are routing hints, not
//! foreign keys, so events outlive what they describe.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub event: String,
    pub payload: Json,
    pub inquiry_id: Option<Uuid>,
    pub district_id: Option<Uuid>,
    /// Commit order, dense and only growing (see `outbox_sequence`): the cursor
    /// subscribers and webhooks resume from.
    pub position: i64,
    pub delivered_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
