//! `createWebhook`, `disableWebhook`, `enableWebhook` (administrators).

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};

use crate::{
    graphql::{
        context::ContextExt,
        types::{ids::GlobalId, webhook::Webhook},
    },
    service::webhooks::registry::{self, NewWebhook},
};

/// A receiver, registered by an administrator. Deliveries are POSTs of JSON signed in the
/// `wenzheng-signature` header (`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with
/// the secret>`).
///
/// With `partner`, a partner hook: it receives exactly what that partner's token reads in
/// `districtCodes` (the public events of inquiries the partner submitted there). Without,
/// an internal hook for the bureau's own systems: every event of its districts, internal
/// ones and `webhook.*` included.
#[derive(InputObject)]
pub struct CreateWebhookInput {
    /// The partner the hook belongs to, as in its tokens' `partner` claim; omit it for an
    /// internal hook (the bureau's own systems only).
    pub partner: Option<String>,
    /// Absolute http(s) URL.
    pub url: String,
    /// Event patterns: `*`, a family such as `inquiry.*`, or a name such as `inquiry.replied`.
    /// A partner hook may ask for inquiry events only.
    pub events: Vec<String>,
    /// A partner hook: the districts its partner's tokens cover (and those below them),
    /// required. An internal hook: the districts whose events it receives; empty: all.
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
    /// Register a partner or an internal webhook (administrators); it receives the events
    /// committed from now on.
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
                partner: input.partner,
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

    /// Stop sending. Events committed meanwhile still become deliveries; they wait and are
    /// sent in order when the webhook is enabled again (those older than the give-up
    /// window become FAILED).
    async fn disable_webhook(
        &self,
        ctx: &Context<'_>,
        input: WebhookInput,
    ) -> Result<WebhookPayload> {
        let id = GlobalId::<Webhook>::parse(&input.id, "id")?;
        let hook = registry::set_active(&ctx.app().db, ctx.principal(), id, false).await?;
        Ok(WebhookPayload {
            webhook: Webhook(hook),
        })
    }

    /// Resume sending, starting with the deliveries that waited while it was disabled.
    async fn enable_webhook(
        &self,
        ctx: &Context<'_>,
        input: WebhookInput,
    ) -> Result<WebhookPayload> {
        let id = GlobalId::<Webhook>::parse(&input.id, "id")?;
        let hook = registry::set_active(&ctx.app().db, ctx.principal(), id, true).await?;
        Ok(WebhookPayload {
            webhook: Webhook(hook),
        })
    }
}
