//! Deadlines: SLA policies (with the default policy for every kind and
//! priority) and the holiday calendar (with the 2026 China calendar).

use crate::{Common, enum_col, table, timestamps, unique};
use chrono::{NaiveDate, Utc};
use sea_orm_migration::prelude::*;
use uuid::Uuid;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SlaPolicy {
    Table,
    Kind,
    Priority,
    FirstResponseHours,
    ResolutionAmount,
    ResolutionUnit,
}

#[derive(DeriveIden)]
enum CalendarDay {
    Table,
    Date,
    Working,
    Name,
}

/// 2026 public holidays and make-up working days (`date,working,name`).
const CN_2026: &str = include_str!("../data/cn-2026.csv");

/// Normal-priority defaults: (kind, first-response hours, resolution working days).
const NORMAL_DEFAULTS: [(&str, i32, i32); 5] = [
    ("CONSULTATION", 24, 3),
    ("COMPLAINT", 24, 5),
    ("REPORT", 24, 15),
    ("SUGGESTION", 48, 10),
    ("PRAISE", 48, 5),
];

/// The default policy of one (kind, priority): LOW is NORMAL; HIGH halves the
/// first-response hours; URGENT is 2 hours to first response, 24 hours to
/// resolution. Returns (first-response hours, resolution amount, unit).
fn default_policy(priority: &str, normal_hours: i32, normal_days: i32) -> (i32, i32, &'static str) {
    match priority {
        "URGENT" => (2, 24, "HOURS"),
        "HIGH" => (normal_hours / 2, normal_days, "WORKING_DAYS"),
        _ => (normal_hours, normal_days, "WORKING_DAYS"),
    }
}

fn parse_calendar(csv: &str) -> Result<Vec<(NaiveDate, bool, String)>, DbErr> {
    csv.lines()
        .skip(1)
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let bad = || DbErr::Migration(format!("bad calendar line: {line:?}"));
            let mut parts = line.splitn(3, ',');
            let (Some(date), Some(working), Some(name)) =
                (parts.next(), parts.next(), parts.next())
            else {
                return Err(bad());
            };
            let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| bad())?;
            let working = match working.trim() {
                "true" => true,
                "false" => false,
                _ => return Err(bad()),
            };
            Ok((date, working, name.trim().to_owned()))
        })
        .collect()
}

fn insert_error(e: impl std::fmt::Display) -> DbErr {
    DbErr::Migration(e.to_string())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let now = Utc::now();

        manager
            .create_table(timestamps(
                table(SlaPolicy::Table)
                    .col(enum_col(SlaPolicy::Kind))
                    .col(enum_col(SlaPolicy::Priority))
                    .col(
                        ColumnDef::new(SlaPolicy::FirstResponseHours)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(SlaPolicy::ResolutionAmount)
                            .integer()
                            .not_null(),
                    )
                    .col(enum_col(SlaPolicy::ResolutionUnit))
                    .to_owned(),
            ))
            .await?;
        manager
            .create_index(unique(
                SlaPolicy::Table,
                [SlaPolicy::Kind, SlaPolicy::Priority],
            ))
            .await?;

        let mut insert = Query::insert()
            .into_table(SlaPolicy::Table)
            .columns([
                Common::Id.into_iden(),
                SlaPolicy::Kind.into_iden(),
                SlaPolicy::Priority.into_iden(),
                SlaPolicy::FirstResponseHours.into_iden(),
                SlaPolicy::ResolutionAmount.into_iden(),
                SlaPolicy::ResolutionUnit.into_iden(),
                Common::CreatedAt.into_iden(),
                Common::UpdatedAt.into_iden(),
            ])
            .to_owned();
        for (kind, hours, days) in NORMAL_DEFAULTS {
            for priority in ["LOW", "NORMAL", "HIGH", "URGENT"] {
                let (first, amount, unit) = default_policy(priority, hours, days);
                insert
                    .values([
                        Uuid::now_v7().into(),
                        kind.into(),
                        priority.into(),
                        first.into(),
                        amount.into(),
                        unit.into(),
                        now.into(),
                        now.into(),
                    ])
                    .map_err(insert_error)?;
            }
        }
        manager.exec_stmt(insert).await?;

        manager
            .create_table(timestamps(
                table(CalendarDay::Table)
                    .col(
                        ColumnDef::new(CalendarDay::Date)
                            .date()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(CalendarDay::Working).boolean().not_null())
                    .col(ColumnDef::new(CalendarDay::Name).string().not_null())
                    .to_owned(),
            ))
            .await?;

        let mut insert = Query::insert()
            .into_table(CalendarDay::Table)
            .columns([
                Common::Id.into_iden(),
                CalendarDay::Date.into_iden(),
                CalendarDay::Working.into_iden(),
                CalendarDay::Name.into_iden(),
                Common::CreatedAt.into_iden(),
                Common::UpdatedAt.into_iden(),
            ])
            .to_owned();
        for (date, working, name) in parse_calendar(CN_2026)? {
            insert
                .values([
                    Uuid::now_v7().into(),
                    date.into(),
                    working.into(),
                    name.into(),
                    now.into(),
                    now.into(),
                ])
                .map_err(insert_error)?;
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(
            manager,
            [CalendarDay::Table.into_iden(), SlaPolicy::Table.into_iden()],
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_parses() {
        let days = parse_calendar(CN_2026).unwrap();
        assert_eq!(days.len(), 39);
        assert_eq!(days[0].0, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        assert!(!days[0].1);
        assert!(
            days.iter()
                .any(|(d, w, _)| *w && *d == NaiveDate::from_ymd_opt(2026, 10, 10).unwrap())
        );
    }

    #[test]
    fn policies() {
        assert_eq!(default_policy("LOW", 24, 5), (24, 5, "WORKING_DAYS"));
        assert_eq!(default_policy("HIGH", 48, 10), (24, 10, "WORKING_DAYS"));
        assert_eq!(default_policy("URGENT", 24, 15), (2, 24, "HOURS"));
    }
}
