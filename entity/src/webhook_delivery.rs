//! One outbox event on its way to one webhook: attempts, back-off and outcome, kept as
//! the delivery log partners and administrators read.

use crate::enums::DeliveryStatus;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "webhook_delivery")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub webhook_id: Uuid,
    /// The outbox row delivered (its id is the event id receivers de-duplicate on; one
    /// inquiry's deliveries to one hook go in its order).
    pub outbox_id: Uuid,
    /// The event's outbox position: one hook's deliveries of an inquiry go out in this order.
    pub position: i64,
    /// The inquiry the event is about, if any.
    pub inquiry_id: Option<Uuid>,
    pub event: String,
    pub payload: Json,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::webhook::Entity",
        from = "Column::WebhookId",
        to = "super::webhook::Column::Id",
        fk_name = "fk_webhook_delivery_webhook_id"
    )]
    Webhook,
}

impl Related<super::webhook::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Webhook.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
