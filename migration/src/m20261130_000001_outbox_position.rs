//! A commit-ordered position for every outbox row, so subscribers and webhooks can
//! resume from a cursor. Positions come from the one-row `outbox_sequence` counter,
//! incremented inside the writing transaction: its row lock orders writers by commit
//! and a rollback gives the number back, so positions are dense and only grow.
//! `pruned_through` is the highest position retention has deleted: a cursor below it
//! has lost events and must refetch.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Position,
}

#[derive(DeriveIden)]
enum OutboxSequence {
    Table,
    Id,
    LastPosition,
    PrunedThrough,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .add_column(ColumnDef::new(Outbox::Position).big_integer().null())
                    .to_owned(),
            )
            .await?;
        // Rows written before this migration get positions in id (time) order.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE outbox SET position = r.rn FROM \
                 (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM outbox) AS r \
                 WHERE outbox.id = r.id",
            )
            .await?;
        manager
            .create_index(crate::unique(Outbox::Table, [Outbox::Position]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OutboxSequence::Table)
                    .col(
                        ColumnDef::new(OutboxSequence::Id)
                            .integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(OutboxSequence::LastPosition)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(OutboxSequence::PrunedThrough)
                            .big_integer()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO outbox_sequence (id, last_position, pruned_through) \
                 SELECT 1, COUNT(*), 0 FROM outbox",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(manager, [OutboxSequence::Table]).await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ux_outbox_position")
                    .table(Outbox::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Outbox::Table)
                    .drop_column(Outbox::Position)
                    .to_owned(),
            )
            .await
    }
}
