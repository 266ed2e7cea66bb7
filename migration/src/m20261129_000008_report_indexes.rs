//! Indexes the reports need on a million inquiries: the monthly circular, the
//! leaderboard and service statistics select by when something was resolved, rated,
//! replied or reopened, so each of those times is indexed with what it is grouped by.

use crate::{Common, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Inquiry {
    Table,
    DistrictId,
    ResolvedAt,
    OfficerId,
}

#[derive(DeriveIden)]
enum Feedback {
    Table,
}

#[derive(DeriveIden)]
enum Reply {
    Table,
    OfficerId,
}

#[derive(DeriveIden)]
enum InquiryEvent {
    Table,
    Kind,
}

/// Each index with the table it is on.
fn indexes() -> Vec<(DynIden, IndexCreateStatement)> {
    vec![
        (
            Inquiry::Table.into_iden(),
            index(
                Inquiry::Table,
                [
                    Inquiry::DistrictId.into_iden(),
                    Inquiry::ResolvedAt.into_iden(),
                ],
            ),
        ),
        (
            Inquiry::Table.into_iden(),
            index(
                Inquiry::Table,
                [
                    Inquiry::OfficerId.into_iden(),
                    Inquiry::ResolvedAt.into_iden(),
                ],
            ),
        ),
        (
            Feedback::Table.into_iden(),
            index(Feedback::Table, [Common::CreatedAt]),
        ),
        (
            Reply::Table.into_iden(),
            index(
                Reply::Table,
                [Reply::OfficerId.into_iden(), Common::CreatedAt.into_iden()],
            ),
        ),
        (
            Reply::Table.into_iden(),
            index(Reply::Table, [Common::CreatedAt]),
        ),
        (
            InquiryEvent::Table.into_iden(),
            index(
                InquiryEvent::Table,
                [
                    InquiryEvent::Kind.into_iden(),
                    Common::CreatedAt.into_iden(),
                ],
            ),
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (_, ix) in indexes() {
            manager.create_index(ix).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, ix) in indexes() {
            let name = ix
                .get_index_spec()
                .get_name()
                .unwrap_or_default()
                .to_owned();
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
