//! Webhooks belong to a partner (or are explicitly internal), and are fanned out by a
//! cursor per hook instead of `outbox.delivered_at`.
//!
//! - `webhook.partner`: the partner whose token the hook reads as; null: an internal
//!   hook (the bureau's own systems).
//! - `webhook.cursor`: the last outbox event (by id) fanned out for the hook; null: none
//!   yet. Existing hooks start where the old fan-out stopped (before the first event it
//!   had not handed out).
//! - `webhook_delivery.inquiry_id`: the inquiry of the delivery, so one receiver gets one
//!   inquiry's events in order.

use crate::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Webhook {
    Table,
    Partner,
    Cursor,
}

#[derive(DeriveIden)]
enum WebhookDelivery {
    Table,
    WebhookId,
    InquiryId,
    OutboxId,
}

const INDEX: &str = "ix_webhook_delivery_webhook_id_inquiry_id_outbox_id";

/// Existing hooks: the last event such that the old fan-out handed out every event up to
/// it (later ones it had handed out are read again; the log keeps one delivery each).
/// (PostgreSQL has no `max(uuid)`: the last by order.)
const START_CURSORS: &str = r#"UPDATE "webhook" SET "cursor" = (
  SELECT "o"."id" FROM "outbox" AS "o"
  WHERE "o"."delivered_at" IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM "outbox" AS "u"
                    WHERE "u"."delivered_at" IS NULL AND "u"."id" < "o"."id")
  ORDER BY "o"."id" DESC LIMIT 1)"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Webhook as W;
        use WebhookDelivery as D;
        // SQLite alters one column per statement.
        let columns = [
            (
                W::Table.into_iden(),
                ColumnDef::new(W::Partner).string_len(100).null().to_owned(),
            ),
            (
                W::Table.into_iden(),
                ColumnDef::new(W::Cursor).uuid().null().to_owned(),
            ),
            (
                D::Table.into_iden(),
                ColumnDef::new(D::InquiryId).uuid().null().to_owned(),
            ),
        ];
        for (table, mut column) in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(index(D::Table, [D::WebhookId, D::InquiryId, D::OutboxId]))
            .await?;
        manager
            .get_connection()
            .execute_unprepared(START_CURSORS)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Webhook as W;
        use WebhookDelivery as D;
        manager
            .drop_index(Index::drop().name(INDEX).table(D::Table).to_owned())
            .await?;
        let columns = [
            (D::Table.into_iden(), D::InquiryId.into_iden()),
            (W::Table.into_iden(), W::Cursor.into_iden()),
            (W::Table.into_iden(), W::Partner.into_iden()),
        ];
        for (table, column) in columns {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
