//! Published announcements (信息公開) and the transactional outbox.

use crate::m20261128_000001_directory::{District, Officer};
use crate::{Common, enum_col, fk, index, table, timestamps};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Announcement {
    Table,
    Title,
    Body,
    Category,
    DistrictId,
    PublishedAt,
    AuthorId,
    CorrectsId,
    CorrectionReason,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Event,
    Payload,
    InquiryId,
    DistrictId,
    DeliveredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Announcement as A;
        manager
            .create_table(timestamps(
                table(A::Table)
                    .col(ColumnDef::new(A::Title).string().not_null())
                    .col(ColumnDef::new(A::Body).text().not_null())
                    .col(enum_col(A::Category))
                    .col(ColumnDef::new(A::DistrictId).uuid().not_null())
                    .col(
                        ColumnDef::new(A::PublishedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(A::AuthorId).uuid().not_null())
                    .col(ColumnDef::new(A::CorrectsId).uuid().null())
                    .col(ColumnDef::new(A::CorrectionReason).string().null())
                    .foreign_key(&mut fk(A::Table, A::DistrictId, District::Table))
                    .foreign_key(&mut fk(A::Table, A::AuthorId, Officer::Table))
                    .foreign_key(&mut fk(A::Table, A::CorrectsId, A::Table))
                    .to_owned(),
            ))
            .await?;
        manager
            .create_index(index(A::Table, [A::DistrictId, A::PublishedAt]))
            .await?;

        // inquiry_id and district_id are routing hints, deliberately not foreign
        // keys: events outlive what they describe.
        use Outbox as O;
        manager
            .create_table(timestamps(
                table(O::Table)
                    .col(ColumnDef::new(O::Event).string().not_null())
                    .col(ColumnDef::new(O::Payload).json().not_null())
                    .col(ColumnDef::new(O::InquiryId).uuid().null())
                    .col(ColumnDef::new(O::DistrictId).uuid().null())
                    .col(
                        ColumnDef::new(O::DeliveredAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            ))
            .await?;
        manager
            .create_index(index(O::Table, [Common::CreatedAt.into_iden()]))
            .await?;
        manager
            .create_index(index(O::Table, [O::DeliveredAt]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(
            manager,
            [Outbox::Table.into_iden(), Announcement::Table.into_iden()],
        )
        .await
    }
}
