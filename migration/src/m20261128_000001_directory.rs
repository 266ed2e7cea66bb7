//! Directory: districts, departments and officers.

use crate::{enum_col, fk, index, table, timestamps, unique};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub(crate) enum District {
    Table,
    Code,
    Name,
    ParentId,
}

#[derive(DeriveIden)]
pub(crate) enum Department {
    Table,
    Name,
    Kind,
    DistrictId,
    Active,
}

#[derive(DeriveIden)]
pub(crate) enum Officer {
    Table,
    RealName,
    BadgeNumber,
    DutyName,
    DepartmentId,
    Role,
    Expert,
    Specialty,
    Spokesperson,
    Active,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(timestamps(
                table(District::Table)
                    .col(
                        ColumnDef::new(District::Code)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(District::Name).string().not_null())
                    .col(ColumnDef::new(District::ParentId).uuid().null())
                    .foreign_key(&mut fk(
                        District::Table,
                        District::ParentId,
                        District::Table,
                    ))
                    .to_owned(),
            ))
            .await?;

        manager
            .create_table(timestamps(
                table(Department::Table)
                    .col(ColumnDef::new(Department::Name).string().not_null())
                    .col(enum_col(Department::Kind))
                    .col(ColumnDef::new(Department::DistrictId).uuid().not_null())
                    .col(ColumnDef::new(Department::Active).boolean().not_null())
                    .foreign_key(&mut fk(
                        Department::Table,
                        Department::DistrictId,
                        District::Table,
                    ))
                    .to_owned(),
            ))
            .await?;
        manager
            .create_index(unique(
                Department::Table,
                [Department::DistrictId, Department::Name],
            ))
            .await?;
        manager
            .create_index(index(Department::Table, [Department::DistrictId]))
            .await?;

        manager
            .create_table(timestamps(
                table(Officer::Table)
                    .col(ColumnDef::new(Officer::RealName).string().not_null())
                    .col(
                        ColumnDef::new(Officer::BadgeNumber)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Officer::DutyName).string().not_null())
                    .col(ColumnDef::new(Officer::DepartmentId).uuid().not_null())
                    .col(enum_col(Officer::Role))
                    .col(ColumnDef::new(Officer::Expert).boolean().not_null())
                    .col(ColumnDef::new(Officer::Specialty).string().null())
                    .col(ColumnDef::new(Officer::Spokesperson).boolean().not_null())
                    .col(ColumnDef::new(Officer::Active).boolean().not_null())
                    .foreign_key(&mut fk(
                        Officer::Table,
                        Officer::DepartmentId,
                        Department::Table,
                    ))
                    .to_owned(),
            ))
            .await?;
        manager
            .create_index(index(Officer::Table, [Officer::DepartmentId]))
            .await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(
            manager,
            [
                Officer::Table.into_iden(),
                Department::Table.into_iden(),
                District::Table.into_iden(),
            ],
        )
        .await
    }
}
