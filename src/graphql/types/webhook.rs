//! Webhooks (partner and internal) and their delivery log.

use async_graphql::{Context, ID, Json, Object};
use chrono::{DateTime, Utc};
use entity::{webhook, webhook_delivery};

use super::{directory::District, enums::DeliveryStatus, ids::global_id};
use crate::{graphql::context::ContextExt, service::webhooks::fanout::strings};

/// Where events are POSTed: a partner hook (what that partner's token reads) or an
/// internal hook (the bureau's own systems). The secret is never shown after registration.
pub struct Webhook(pub webhook::Model);

#[Object]
impl Webhook {
    async fn id(&self) -> ID {
        global_id::<Webhook>(self.0.id)
    }
    /// The partner the hook belongs to; null: an internal hook (administrators' only,
    /// for the bureau's own systems, internal events included).
    async fn partner(&self) -> Option<&str> {
        self.0.partner.as_deref()
    }
    async fn url(&self) -> &str {
        &self.0.url
    }
    /// Event patterns, e.g. `inquiry.*`.
    async fn events(&self) -> Vec<String> {
        strings(&self.0.events)
    }
    /// A partner hook: the districts its partner's tokens cover. An internal hook: the
    /// districts whose events are delivered; empty: all. Sub-districts included.
    async fn districts(&self, ctx: &Context<'_>) -> Vec<District> {
        strings(&self.0.district_ids)
            .iter()
            .filter_map(|id| id.parse().ok())
            .filter_map(|id| ctx.app().directory.get(id).cloned())
            .map(District)
            .collect()
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn active(&self) -> bool {
        self.0.active
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// One event on its way to one webhook.
pub struct WebhookDelivery(pub webhook_delivery::Model);

#[Object]
impl WebhookDelivery {
    /// Also sent as the `wenzheng-delivery` header; the same on every retry.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The event's id (the `id` of the delivered body).
    async fn event_id(&self) -> ID {
        ID(self.0.outbox_id.to_string())
    }
    async fn event(&self) -> &str {
        &self.0.event
    }
    async fn status(&self) -> DeliveryStatus {
        self.0.status.into()
    }
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    /// When the next attempt is due (while PENDING).
    async fn next_attempt_at(&self) -> DateTime<Utc> {
        self.0.next_attempt_at
    }
    /// HTTP status of the last answer, if the receiver answered.
    async fn last_status_code(&self) -> Option<i32> {
        self.0.last_status_code
    }
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }
    async fn delivered_at(&self) -> Option<DateTime<Utc>> {
        self.0.delivered_at
    }
    /// When the event happened.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The `data` of the delivered body (for a partner hook, only what its partner reads).
    async fn payload(&self) -> Json<serde_json::Value> {
        Json(self.0.payload.clone())
    }
}
