//! Partner webhooks and their delivery log.

use crate::m20261128_000001_directory::Officer;
use crate::{enum_col, fk, index, table, timestamps, unique};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Webhook {
    Table,
    Url,
    Events,
    DistrictIds,
    Secret,
    Description,
    Active,
    CreatedById,
}

#[derive(DeriveIden)]
enum WebhookDelivery {
    Table,
    WebhookId,
    OutboxId,
    Event,
    Payload,
    Status,
    Attempts,
    NextAttemptAt,
    LastStatusCode,
    LastError,
    DeliveredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Webhook as W;
        use WebhookDelivery as D;
        manager
            .create_table(timestamps(
                table(W::Table)
                    .col(ColumnDef::new(W::Url).string_len(2048).not_null())
                    .col(ColumnDef::new(W::Events).json().not_null())
                    .col(ColumnDef::new(W::DistrictIds).json().not_null())
                    .col(ColumnDef::new(W::Secret).string().not_null())
                    .col(ColumnDef::new(W::Description).string().null())
                    .col(ColumnDef::new(W::Active).boolean().not_null())
                    .col(ColumnDef::new(W::CreatedById).uuid().not_null())
                    .foreign_key(&mut fk(W::Table, W::CreatedById, Officer::Table))
                    .to_owned(),
            ))
            .await?;
        // outbox_id is not a foreign key: the log outlives outbox housekeeping.
        manager
            .create_table(timestamps(
                table(D::Table)
                    .col(ColumnDef::new(D::WebhookId).uuid().not_null())
                    .col(ColumnDef::new(D::OutboxId).uuid().not_null())
                    .col(ColumnDef::new(D::Event).string().not_null())
                    .col(ColumnDef::new(D::Payload).json().not_null())
                    .col(enum_col(D::Status))
                    .col(ColumnDef::new(D::Attempts).integer().not_null())
                    .col(
                        ColumnDef::new(D::NextAttemptAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(D::LastStatusCode).integer().null())
                    .col(ColumnDef::new(D::LastError).string_len(1000).null())
                    .col(
                        ColumnDef::new(D::DeliveredAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        fk(D::Table, D::WebhookId, W::Table).on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            ))
            .await?;
        manager
            .create_index(unique(D::Table, [D::WebhookId, D::OutboxId]))
            .await?;
        manager
            .create_index(index(D::Table, [D::Status, D::NextAttemptAt]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(
            manager,
            [
                WebhookDelivery::Table.into_iden(),
                Webhook::Table.into_iden(),
            ],
        )
        .await
    }
}
