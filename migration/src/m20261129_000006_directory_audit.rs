//! Who changed the bureau's directory, and one correction per announcement.

use crate::m20261128_000001_directory::Officer;
use crate::{Common, enum_col, fk, index, table, timestamps, unique};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DirectoryChange {
    Table,
    SubjectKind,
    SubjectId,
    Action,
    Changes,
    ActorId,
}

#[derive(DeriveIden)]
enum Announcement {
    Table,
    CorrectsId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use DirectoryChange as D;
        // subject_id is deliberately not a foreign key: it points at a department or an officer.
        manager
            .create_table(timestamps(
                table(D::Table)
                    .col(enum_col(D::SubjectKind))
                    .col(ColumnDef::new(D::SubjectId).uuid().not_null())
                    .col(enum_col(D::Action))
                    .col(ColumnDef::new(D::Changes).json().not_null())
                    .col(ColumnDef::new(D::ActorId).uuid().not_null())
                    .foreign_key(&mut fk(D::Table, D::ActorId, Officer::Table))
                    .to_owned(),
            ))
            .await?;
        manager
            .create_index(index(
                D::Table,
                [D::SubjectId.into_iden(), Common::CreatedAt.into_iden()],
            ))
            .await?;
        manager
            .create_index(index(D::Table, [Common::CreatedAt.into_iden()]))
            .await?;
        // An announcement is corrected once; later corrections correct the correction.
        // NULLs never collide in a unique index, on SQLite as on PostgreSQL.
        manager
            .create_index(unique(Announcement::Table, [Announcement::CorrectsId]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ux_announcement_corrects_id")
                    .table(Announcement::Table)
                    .to_owned(),
            )
            .await?;
        crate::drop_tables(manager, [DirectoryChange::Table.into_iden()]).await
    }
}
