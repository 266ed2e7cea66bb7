//! The few SQL pieces reports need that differ between SQLite and PostgreSQL, and the
//! distribution (mean, percentiles) of a duration computed in the database with
//! window functions, so no inquiry row is ever loaded to rank it.

use std::collections::HashMap;

use sea_orm::{
    ConnectionTrait, DbBackend, Statement,
    sea_query::{Expr, SelectStatement, SimpleExpr},
};
use uuid::Uuid;

use crate::error::AppResult;

/// Seconds from `table.from` to `table.to` as a double (NULL when either is NULL).
pub fn seconds_between(backend: DbBackend, table: &str, from: &str, to: &str) -> SimpleExpr {
    let (a, b) = (
        format!("\"{table}\".\"{from}\""),
        format!("\"{table}\".\"{to}\""),
    );
    Expr::cust(match backend {
        DbBackend::Postgres => {
            format!("CAST(EXTRACT(EPOCH FROM ({b} - {a})) AS DOUBLE PRECISION)")
        }
        _ => format!("ROUND((julianday({b}) - julianday({a})) * 86400.0)"),
    })
}

/// Mean and nearest-rank percentiles of a duration, in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Distribution {
    pub count: i64,
    pub mean: Option<f64>,
    pub p50: Option<f64>,
    pub p90: Option<f64>,
    pub p99: Option<f64>,
}

/// Runs `base`, which must select exactly two columns `grp` (a uuid, or NULL) and
/// `secs` (a double, rows with NULL excluded by the caller), and returns the
/// distribution of `secs` per `grp`. Percentile p is the smallest value whose rank r
/// satisfies r ≥ p·n (nearest rank), computed with `ROW_NUMBER()` in the database.
pub async fn distributions(
    db: &impl ConnectionTrait,
    base: &SelectStatement,
) -> AppResult<HashMap<Option<Uuid>, Distribution>> {
    let backend = db.get_database_backend();
    let inner = backend.build(base);
    let sql = format!(
        "SELECT grp, COUNT(*) AS n, CAST(AVG(secs) AS DOUBLE PRECISION) AS mean, \
         MIN(CASE WHEN rn * 100 >= cnt * 50 THEN secs END) AS p50, \
         MIN(CASE WHEN rn * 100 >= cnt * 90 THEN secs END) AS p90, \
         MIN(CASE WHEN rn * 100 >= cnt * 99 THEN secs END) AS p99 \
         FROM (SELECT grp, secs, \
                 ROW_NUMBER() OVER (PARTITION BY grp ORDER BY secs) AS rn, \
                 COUNT(*) OVER (PARTITION BY grp) AS cnt \
               FROM ({}) AS base) AS ranked \
         GROUP BY grp",
        inner.sql
    );
    let stmt = Statement { sql, ..inner };
    let mut out = HashMap::new();
    for row in db.query_all_raw(stmt).await? {
        let grp: Option<Uuid> = row.try_get("", "grp")?;
        out.insert(
            grp,
            Distribution {
                count: row.try_get("", "n")?,
                mean: row.try_get("", "mean")?,
                p50: row.try_get("", "p50")?,
                p90: row.try_get("", "p90")?,
                p99: row.try_get("", "p99")?,
            },
        );
    }
    Ok(out)
}

/// `SUM(CASE WHEN condition THEN 1 ELSE 0 END)`: a conditional count in one pass.
pub fn count_where(condition: SimpleExpr) -> SimpleExpr {
    sea_orm::sea_query::Func::sum(Expr::case(condition, 1).finally(0)).into()
}

/// A count that is NULL over no rows in SQL, as a number.
pub fn count(value: Option<i64>) -> i64 {
    value.unwrap_or_default()
}
