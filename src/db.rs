//! Database connection: pool settings per backend and write transactions
//! that behave the same on SQLite and PostgreSQL.

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
};

/// Counts every SQL statement the server sends, so tests and `/metrics` can
/// prove that a page of results costs a constant number of round trips.
#[derive(Clone, Debug, Default)]
pub struct StatementCounter(Arc<AtomicU64>);

impl StatementCounter {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Opens the pool; waiting for (or opening) a connection gives up after `acquire_timeout`, so
/// a database outage fails requests fast. SQLite: WAL, `busy_timeout`, foreign keys on, so
/// readers never block the writer and concurrent writers wait their turn instead of failing.
pub async fn connect(
    url: &str,
    max_connections: Option<u32>,
    acquire_timeout: Duration,
) -> Result<(DatabaseConnection, StatementCounter), DbErr> {
    let sqlite = url.starts_with("sqlite:");
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(max_connections.unwrap_or(if sqlite { 8 } else { 16 }))
        .min_connections(1)
        // Short: during a database outage requests fail fast instead of queueing.
        .acquire_timeout(acquire_timeout)
        .connect_timeout(acquire_timeout)
        .sqlx_logging(false)
        .test_before_acquire(false);
    if sqlite {
        opts.map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(15))
                .foreign_keys(true)
        });
    }
    let mut db = Database::connect(opts).await?;
    let counter = StatementCounter::default();
    let handle = counter.0.clone();
    db.set_metric_callback(move |_| {
        handle.fetch_add(1, Ordering::Relaxed);
    });
    Ok((db, counter))
}

/// Begins a transaction that will write. On SQLite it is `BEGIN IMMEDIATE`, taking the
/// write lock up front: a deferred transaction that reads first and writes later would
/// fail with SQLITE_BUSY instead of waiting for `busy_timeout`.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}
