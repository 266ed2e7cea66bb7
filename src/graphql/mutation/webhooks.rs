//! `createWebhook`, `disableWebhook`, `enableWebhook` (administrators).

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};

use crate::{
    graphql::{
        context::ContextExt,
        types::{ids::decode_as, webhook::Webhook},
    },
    service::webhooks::registry::{self, NewWebhook},
};

/// A partner's receiver. Deliveries are POSTs of JSON signed in the `wenzheng-signature`
/// header (`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`).
#[derive(InputObject)]
pub struct CreateWebhookInput {
    /// Absolute http(s) URL.
    pub url: String,
    /// Event patterns: `*`, a family such as `inquiry.*`, or a name such as `inquiry.replied`.
    pub events: Vec<String>,
    /// Districts whose events are delivered (and those below them); empty: all.
    #[graphql(default)]
    pub district_codes: Vec<String>,
    /// 16..256 characters; keep it: it is never shown again.
    pub secret: String,
    pub description: Option<String>,
}

#[derive(InputObject)]
pub struct WebhookInput {
    pub id: ID,
}

#[derive(SimpleObject)]
pub struct WebhookPayload {
    pub webhook: Webhook,
}

#[derive(Default)]
pub struct WebhookMutation;

#[Object]
impl WebhookMutation {
    /// Register a webhook; it receives events committed from now on.
    async fn create_webhook(
        &self,
        ctx: &Context<'_>,
        input: CreateWebhookInput,
    ) -> Result<WebhookPayload> {
        let app = ctx.app();
        let hook = registry::create(
            &app.db,
            &app.directory,
            ctx.principal(),
            NewWebhook {
                url: input.url,
                events: input.events,
                district_codes: input.district_codes,
                secret: input.secret,
                description: input.description,
            },
        )
        .await?;
        Ok(WebhookPayload {
            webhook: Webhook(hook),
        })
    }

    /// Stop deliveries; they wait and resume when the webhook is enabled again.
    async fn disable_webhook(
        &self,
        ctx: &Context<'_>,
        input: WebhookInput,
    ) -> Result<WebhookPayload> {
        let id = decode_as(&input.id, "Webhook", "id")?;
        let hook = registry::set_active(&ctx.app().db, ctx.principal(), id, false).await?;
        Ok(WebhookPayload {
            webhook: Webhook(hook),
        })
    }

    /// Resume deliveries, including those that waited while disabled.
    async fn enable_webhook(
        &self,
        ctx: &Context<'_>,
        input: WebhookInput,
    ) -> Result<WebhookPayload> {
        let id = decode_as(&input.id, "Webhook", "id")?;
        let hook = registry::set_active(&ctx.app().db, ctx.principal(), id, true).await?;
        Ok(WebhookPayload {
            webhook: Webhook(hook),
        })
    }
}
