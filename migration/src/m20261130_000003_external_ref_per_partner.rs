//! A partner's `externalRef` is its own: unique per `(submitted_by_partner, external_ref)`
//! instead of per `(channel, external_ref)`, so two partners may use the same reference
//! (each gets its own inquiry) and neither learns that the other used it.
//!
//! `down` restores the old index; it fails if two partners have meanwhile used the same
//! reference on one channel (undo that data first).

use crate::unique;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Inquiry {
    Table,
    Channel,
    ExternalRef,
    SubmittedByPartner,
}

fn per_channel() -> IndexCreateStatement {
    unique(Inquiry::Table, [Inquiry::Channel, Inquiry::ExternalRef])
}

fn per_partner() -> IndexCreateStatement {
    unique(
        Inquiry::Table,
        [Inquiry::SubmittedByPartner, Inquiry::ExternalRef],
    )
}

fn drop(index: IndexCreateStatement) -> IndexDropStatement {
    let name = index
        .get_index_spec()
        .get_name()
        .unwrap_or_default()
        .to_owned();
    Index::drop().name(name).table(Inquiry::Table).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(drop(per_channel())).await?;
        manager.create_index(per_partner()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(drop(per_partner())).await?;
        manager.create_index(per_channel()).await
    }
}
