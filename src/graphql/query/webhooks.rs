//! Administrators' view of webhooks (partner and internal) and their delivery logs.

use async_graphql::{Context, ID, Object, Result};

use crate::{
    graphql::{
        context::ContextExt,
        types::{
            connection::{Connection, Uncounted},
            enums::DeliveryStatus,
            ids::GlobalId,
            webhook::{Webhook, WebhookDelivery},
        },
    },
    service::{
        paging::{Cursor, page_size},
        webhooks::registry,
    },
};

#[derive(Default)]
pub struct WebhookQuery;

#[Object]
impl WebhookQuery {
    /// Every registered webhook. Administrators only.
    async fn webhooks(&self, ctx: &Context<'_>) -> Result<Vec<Webhook>> {
        let rows = registry::list(&ctx.app().db, ctx.principal()).await?;
        Ok(rows.into_iter().map(Webhook).collect())
    }

    /// A webhook's delivery log, newest first (`first` 1..100). Administrators only.
    #[graphql(complexity = "crate::graphql::connection_complexity(first, child_complexity)")]
    async fn webhook_deliveries(
        &self,
        ctx: &Context<'_>,
        webhook_id: ID,
        first: i32,
        after: Option<String>,
        status: Option<DeliveryStatus>,
    ) -> Result<Connection<WebhookDelivery>> {
        let first = page_size(first)?;
        let webhook_id = GlobalId::<Webhook>::parse(&webhook_id, "webhookId")?;
        let after = after.as_deref().map(Cursor::decode).transpose()?;
        let page = registry::deliveries(
            &ctx.app().db,
            ctx.principal(),
            webhook_id,
            status.map(Into::into),
            first,
            after,
        )
        .await?;
        Ok(Connection::new(page, WebhookDelivery, Uncounted))
    }
}
