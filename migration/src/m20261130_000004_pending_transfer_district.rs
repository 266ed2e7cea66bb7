//! `inquiry.pending_transfer_district_id`: the district a pending transfer moves the
//! inquiry into when it is accepted (the receiving county bureau's district; the
//! inquiry's own district for a city division). The receiving district's supervisors
//! see and answer the transfer by it, so it is a plain indexed column the scoping
//! condition can test, written and cleared together with
//! `pending_transfer_department_id`. No foreign key: SQLite cannot add one to an
//! existing table (nor drop a column that has one).

use crate::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Inquiry {
    Table,
    PendingTransferDistrictId,
}

fn pending_district_index() -> IndexCreateStatement {
    index(Inquiry::Table, [Inquiry::PendingTransferDistrictId])
}

/// Transfers already pending get the district they would move into.
const BACKFILL: &str = "UPDATE inquiry SET pending_transfer_district_id = COALESCE(
    (SELECT d.district_id FROM department d
      WHERE d.id = inquiry.pending_transfer_department_id AND d.kind = 'DISTRICT_BUREAU'),
    inquiry.district_id)
  WHERE pending_transfer_department_id IS NOT NULL";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Inquiry::Table)
                    .add_column(
                        ColumnDef::new(Inquiry::PendingTransferDistrictId)
                            .uuid()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager.create_index(pending_district_index()).await?;
        manager
            .get_connection()
            .execute_unprepared(BACKFILL)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let name = pending_district_index()
            .get_index_spec()
            .get_name()
            .unwrap_or_default()
            .to_owned();
        manager
            .drop_index(Index::drop().name(name).table(Inquiry::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Inquiry::Table)
                    .drop_column(Inquiry::PendingTransferDistrictId)
                    .to_owned(),
            )
            .await
    }
}
