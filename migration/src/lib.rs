//! Reversible schema migrations of wenzheng, portable between SQLite and
//! PostgreSQL: enums are `varchar(32)`, timestamps `timestamp with time zone`,
//! ids `uuid`, JSON `json`. Foreign keys are declared inline in
//! `CREATE TABLE` (SQLite cannot add them later), and every `down` drops its
//! tables in reverse foreign-key order.

pub use sea_orm_migration::prelude::*;

mod m20261128_000001_directory;
mod m20261128_000002_inquiry;
mod m20261128_000003_deadlines;
mod m20261128_000004_duty_and_reports;
mod m20261128_000005_announcement_and_outbox;
mod m20261129_000006_directory_audit;
mod m20261129_000007_rota;
mod m20261129_000008_report_indexes;
mod m20261129_000009_webhooks;
mod m20261130_000001_outbox_position;
mod m20261130_000002_webhook_partner;
mod m20261130_000003_external_ref_per_partner;
mod m20261130_000004_pending_transfer_district;
mod m20261130_000005_queue_indexes;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_directory::Migration),
            Box::new(m20261128_000002_inquiry::Migration),
            Box::new(m20261128_000003_deadlines::Migration),
            Box::new(m20261128_000004_duty_and_reports::Migration),
            Box::new(m20261128_000005_announcement_and_outbox::Migration),
            Box::new(m20261129_000006_directory_audit::Migration),
            Box::new(m20261129_000007_rota::Migration),
            Box::new(m20261129_000008_report_indexes::Migration),
            Box::new(m20261129_000009_webhooks::Migration),
            Box::new(m20261130_000001_outbox_position::Migration),
            Box::new(m20261130_000002_webhook_partner::Migration),
            Box::new(m20261130_000003_external_ref_per_partner::Migration),
            Box::new(m20261130_000004_pending_transfer_district::Migration),
            Box::new(m20261130_000005_queue_indexes::Migration),
        ]
    }
}

/// Columns every table has.
#[derive(DeriveIden)]
pub(crate) enum Common {
    Id,
    CreatedAt,
    UpdatedAt,
}

/// `CREATE TABLE <table> (id uuid PRIMARY KEY, ...)`; add the table's own
/// columns, then finish with [`timestamps`].
pub(crate) fn table(name: impl IntoIden) -> TableCreateStatement {
    Table::create()
        .table(name)
        .col(ColumnDef::new(Common::Id).uuid().not_null().primary_key())
        .to_owned()
}

/// Appends `created_at` and `updated_at`.
pub(crate) fn timestamps(mut stmt: TableCreateStatement) -> TableCreateStatement {
    stmt.col(
        ColumnDef::new(Common::CreatedAt)
            .timestamp_with_time_zone()
            .not_null(),
    )
    .col(
        ColumnDef::new(Common::UpdatedAt)
            .timestamp_with_time_zone()
            .not_null(),
    )
    .to_owned()
}

/// An enum column: stored as its upper-case name.
pub(crate) fn enum_col(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name).string_len(32).not_null().to_owned()
}

/// `FOREIGN KEY (<from>) REFERENCES <to_table> (id)`, named `fk_<table>_<column>`.
pub(crate) fn fk(
    table: impl IntoIden,
    column: impl IntoIden,
    to_table: impl IntoIden,
) -> ForeignKeyCreateStatement {
    let (table, column) = (table.into_iden(), column.into_iden());
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(table, column)
        .to(to_table, Common::Id)
        .to_owned()
}

/// A (non-unique) index named `ix_<table>_<col1>_<col2>...`.
pub(crate) fn index<C: IntoIden>(
    table: impl IntoIden,
    columns: impl IntoIterator<Item = C>,
) -> IndexCreateStatement {
    named_index("ix", table, columns)
}

/// A unique index named `ux_<table>_<col1>_<col2>...`.
pub(crate) fn unique<C: IntoIden>(
    table: impl IntoIden,
    columns: impl IntoIterator<Item = C>,
) -> IndexCreateStatement {
    named_index("ux", table, columns).unique().to_owned()
}

fn named_index<C: IntoIden>(
    prefix: &str,
    table: impl IntoIden,
    columns: impl IntoIterator<Item = C>,
) -> IndexCreateStatement {
    let table = table.into_iden();
    let mut name = format!("{prefix}_{table}");
    let mut stmt = Index::create();
    stmt.table(table);
    for column in columns {
        let column = column.into_iden();
        name.push('_');
        name.push_str(&column.to_string());
        stmt.col(column);
    }
    stmt.name(name).to_owned()
}

/// Drops tables in the given order (children first).
pub(crate) async fn drop_tables<T: IntoIden>(
    manager: &SchemaManager<'_>,
    tables: impl IntoIterator<Item = T>,
) -> Result<(), DbErr> {
    for table in tables {
        manager
            .drop_table(Table::drop().table(table).to_owned())
            .await?;
    }
    Ok(())
}
