//! Indexes for the desk's queues (`inquiries(filter:, orderBy:)`): every filter and order
//! the list offers is served by an index, so a queue costs the same on a million
//! inquiries as on a thousand. Orders end in `(created_at, id)` or `(updated_at, id)`,
//! the keyset the pager reads, so a filtered page is an index range scan.

use crate::{Common, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Inquiry {
    Table,
    OfficerId,
    Priority,
    Category,
    PendingTransferDepartmentId,
    PendingExtensionDays,
    EscalatedAt,
}

/// The indexes, each listed in the README's "Queues" table.
fn indexes() -> Vec<IndexCreateStatement> {
    let keyset = |first: DynIden| {
        index(
            Inquiry::Table,
            [first, Common::CreatedAt.into_iden(), Common::Id.into_iden()],
        )
    };
    vec![
        // orderBy UPDATED_*, updatedSince / updatedBefore
        index(
            Inquiry::Table,
            [Common::UpdatedAt.into_iden(), Common::Id.into_iden()],
        ),
        // officerId, assignedToMe
        keyset(Inquiry::OfficerId.into_iden()),
        // priority
        keyset(Inquiry::Priority.into_iden()),
        // category
        keyset(Inquiry::Category.into_iden()),
        // pendingTransfer IN (and the officer's scope, which admits transfers offered to it)
        index(Inquiry::Table, [Inquiry::PendingTransferDepartmentId]),
        // pendingExtension
        index(Inquiry::Table, [Inquiry::PendingExtensionDays]),
        // escalated
        index(Inquiry::Table, [Inquiry::EscalatedAt]),
    ]
}

/// `orderBy: PRIORITY` sorts by urgency, an expression over `priority` (the stored names do
/// not sort by urgency). The expression is `service::inquiries::URGENCY_SQL`, verbatim, so
/// both databases match the query to this index; the statement is the same on both.
const URGENCY_INDEX: &str = "CREATE INDEX ix_inquiry_urgency_created_at_id ON inquiry \
    ((CASE \"priority\" WHEN 'URGENT' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'NORMAL' THEN 2 ELSE 3 END), \
    created_at, id)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for ix in indexes() {
            manager.create_index(ix).await?;
        }
        manager
            .get_connection()
            .execute_unprepared(URGENCY_INDEX)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_inquiry_urgency_created_at_id")
                    .table(Inquiry::Table)
                    .to_owned(),
            )
            .await?;
        for ix in indexes() {
            let name = ix
                .get_index_spec()
                .get_name()
                .unwrap_or_default()
                .to_owned();
            manager
                .drop_index(Index::drop().name(name).table(Inquiry::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}
