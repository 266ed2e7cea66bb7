//! Webhooks belong to a partner (or are explicitly internal), and are fanned out by a
//! cursor over the outbox's commit-ordered positions instead of `outbox.delivered_at`.
//!
//! - `webhook.partner`: the partner whose token the hook reads as; null: an internal
//!   hook (the bureau's own systems).
//! - `webhook.cursor`: the last outbox position fanned out for the hook. Existing hooks
//!   start where the old fan-out stopped (before the first event it had not handed out).
//! - `webhook_delivery.position` / `inquiry_id`: the event's position and inquiry, so one
//!   receiver gets one inquiry's events in commit order.

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
    Position,
}

const INDEX: &str = "ix_webhook_delivery_webhook_id_inquiry_id_position";

/// Existing hooks start before the first event the old fan-out had not handed out (or at
/// the head when it had handed out everything); events it had handed out and that are
/// read again find their delivery already in the log (one per hook and event).
const START_CURSORS: &str = r#"UPDATE "webhook" SET "cursor" = COALESCE(
  (SELECT MIN("position") - 1 FROM "outbox" WHERE "delivered_at" IS NULL),
  (SELECT "last_position" FROM "outbox_sequence" WHERE "id" = 1), 0)"#;

/// Existing deliveries take the position of their event.
const DELIVERY_POSITIONS: &str = r#"UPDATE "webhook_delivery" SET "position" = COALESCE(
  (SELECT "position" FROM "outbox" WHERE "outbox"."id" = "webhook_delivery"."outbox_id"), 0)"#;

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
                ColumnDef::new(W::Cursor)
                    .big_integer()
                    .not_null()
                    .default(0)
                    .to_owned(),
            ),
            (
                D::Table.into_iden(),
                ColumnDef::new(D::Position)
                    .big_integer()
                    .not_null()
                    .default(0)
                    .to_owned(),
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
            .create_index(index(D::Table, [D::WebhookId, D::InquiryId, D::Position]))
            .await?;
        for statement in [START_CURSORS, DELIVERY_POSITIONS] {
            manager
                .get_connection()
                .execute_unprepared(statement)
                .await?;
        }
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
            (D::Table.into_iden(), D::Position.into_iden()),
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
