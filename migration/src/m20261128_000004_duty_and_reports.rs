//! Duty rosters and monthly reporting: shifts, officer reviews, the monthly
//! star and the published monthly circulars.

use crate::m20261128_000001_directory::{District, Officer};
use crate::{enum_col, fk, index, table, timestamps, unique};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DutyShift {
    Table,
    OfficerId,
    DistrictId,
    StartsAt,
    EndsAt,
    Kind,
    CheckedInAt,
    CheckedOutAt,
    SwappedFromId,
    SwapReason,
    CancelledAt,
}

#[derive(DeriveIden)]
enum OfficerReview {
    Table,
    OfficerId,
    Month,
    Attitude,
    Quality,
    ReviewerId,
    Note,
}

#[derive(DeriveIden)]
enum MonthlyStar {
    Table,
    Month,
    OfficerId,
    Citation,
    AwardedById,
}

#[derive(DeriveIden)]
enum MonthlyCircular {
    Table,
    Month,
    DistrictId,
    PublishedAt,
    Body,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use DutyShift as S;
        manager
            .create_table(timestamps(
                table(S::Table)
                    .col(ColumnDef::new(S::OfficerId).uuid().not_null())
                    .col(ColumnDef::new(S::DistrictId).uuid().not_null())
                    .col(
                        ColumnDef::new(S::StartsAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(S::EndsAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(enum_col(S::Kind))
                    .col(
                        ColumnDef::new(S::CheckedInAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(S::CheckedOutAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(S::SwappedFromId).uuid().null())
                    .col(ColumnDef::new(S::SwapReason).string().null())
                    .col(
                        ColumnDef::new(S::CancelledAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(&mut fk(S::Table, S::OfficerId, Officer::Table))
                    .foreign_key(&mut fk(S::Table, S::DistrictId, District::Table))
                    .foreign_key(&mut fk(S::Table, S::SwappedFromId, S::Table))
                    .to_owned(),
            ))
            .await?;
        manager
            .create_index(index(S::Table, [S::DistrictId, S::StartsAt]))
            .await?;
        manager
            .create_index(index(S::Table, [S::OfficerId, S::StartsAt]))
            .await?;

        use OfficerReview as R;
        manager
            .create_table(timestamps(
                table(R::Table)
                    .col(ColumnDef::new(R::OfficerId).uuid().not_null())
                    .col(ColumnDef::new(R::Month).string().not_null())
                    .col(ColumnDef::new(R::Attitude).integer().not_null())
                    .col(ColumnDef::new(R::Quality).integer().not_null())
                    .col(ColumnDef::new(R::ReviewerId).uuid().not_null())
                    .col(ColumnDef::new(R::Note).text().not_null())
                    .foreign_key(&mut fk(R::Table, R::OfficerId, Officer::Table))
                    .foreign_key(&mut fk(R::Table, R::ReviewerId, Officer::Table))
                    .to_owned(),
            ))
            .await?;
        manager
            .create_index(unique(R::Table, [R::OfficerId, R::Month, R::ReviewerId]))
            .await?;

        use MonthlyStar as M;
        manager
            .create_table(timestamps(
                table(M::Table)
                    .col(ColumnDef::new(M::Month).string().not_null().unique_key())
                    .col(ColumnDef::new(M::OfficerId).uuid().not_null())
                    .col(ColumnDef::new(M::Citation).text().not_null())
                    .col(ColumnDef::new(M::AwardedById).uuid().not_null())
                    .foreign_key(&mut fk(M::Table, M::OfficerId, Officer::Table))
                    .foreign_key(&mut fk(M::Table, M::AwardedById, Officer::Table))
                    .to_owned(),
            ))
            .await?;

        use MonthlyCircular as C;
        manager
            .create_table(timestamps(
                table(C::Table)
                    .col(ColumnDef::new(C::Month).string().not_null())
                    .col(ColumnDef::new(C::DistrictId).uuid().not_null())
                    .col(
                        ColumnDef::new(C::PublishedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(C::Body).json().not_null())
                    .foreign_key(&mut fk(C::Table, C::DistrictId, District::Table))
                    .to_owned(),
            ))
            .await?;
        manager
            .create_index(unique(C::Table, [C::Month, C::DistrictId]))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(
            manager,
            [
                MonthlyCircular::Table.into_iden(),
                MonthlyStar::Table.into_iden(),
                OfficerReview::Table.into_iden(),
                DutyShift::Table.into_iden(),
            ],
        )
        .await
    }
}
