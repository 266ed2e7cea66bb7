//! Per-district intake settings of the duty rota: whether a new inquiry that nobody
//! routed yet is offered to the officer on duty (值班) in its district. One row per
//! district at most; a district without a row keeps the default (off).

use crate::m20261128_000001_directory::District;
use crate::{drop_tables, fk, table, timestamps, unique};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DistrictSetting {
    Table,
    DistrictId,
    AutoAssignToOnDuty,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use DistrictSetting as S;
        manager
            .create_table(timestamps(
                table(S::Table)
                    .col(ColumnDef::new(S::DistrictId).uuid().not_null())
                    .col(
                        ColumnDef::new(S::AutoAssignToOnDuty)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .foreign_key(&mut fk(S::Table, S::DistrictId, District::Table))
                    .to_owned(),
            ))
            .await?;
        manager
            .create_index(unique(S::Table, [S::DistrictId]))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [DistrictSetting::Table]).await
    }
}
