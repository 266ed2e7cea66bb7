//! `/metrics` in the Prometheus text format: requests by operation name and outcome, latency
//! histograms, database pool use, rate-limit refusals, statements sent and open subscriptions.
//! One recorder per process (the `metrics` facade is global), installed on first use.

use std::{
    collections::HashSet,
    sync::{Mutex, OnceLock},
    time::Duration,
};

use axum::{
    extract::State,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use metrics::{counter, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::{DatabaseBackend, DatabaseConnection};

use super::HttpState;

/// Latency buckets in seconds, from a cached lookup to the request timeout.
const LATENCY_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Distinct operation names kept as labels; later ones are counted as `other`, so clients
/// cannot grow the series without bound.
const MAX_OPERATION_NAMES: usize = 200;

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
static NAMES: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();

/// Installs the process's recorder once; `None` when another recorder was installed first.
pub fn install() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("graphql_request_duration_seconds".into()),
                    LATENCY_BUCKETS,
                )
                .ok()?
                .install_recorder()
                .map_err(|e| tracing::warn!(error = %e, "metrics recorder not installed"))
                .ok()
        })
        .as_ref()
}

/// The label for an operation name: `anonymous` without one, `other` for names that are not
/// plain identifiers or beyond the first `MAX_OPERATION_NAMES`.
fn operation_label(name: Option<&str>) -> String {
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        return "anonymous".into();
    };
    let plain = name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !plain {
        return "other".into();
    }
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if names.contains(name) || names.len() < MAX_OPERATION_NAMES {
        names.insert(name.to_owned());
        name.to_owned()
    } else {
        "other".into()
    }
}

/// Records one GraphQL operation: `outcome` is `ok`, `error` (executed with errors),
/// `refused` (not executed) or `rate_limited`.
pub fn request(operation: Option<&str>, outcome: &'static str, elapsed: Duration) {
    let operation = operation_label(operation);
    counter!("graphql_requests_total", "operation" => operation.clone(), "outcome" => outcome)
        .increment(1);
    histogram!("graphql_request_duration_seconds", "operation" => operation)
        .record(elapsed.as_secs_f64());
}

/// Counts a rate-limit refusal (`cost` or `submission`).
pub fn rate_limited(kind: &'static str) {
    counter!("rate_limited_total", "limit" => kind).increment(1);
}

/// For the subscription transport: call when a subscription starts and when it ends.
pub fn subscription_opened() {
    gauge!("graphql_subscriptions_active").increment(1.0);
}

/// See `subscription_opened`.
pub fn subscription_closed() {
    gauge!("graphql_subscriptions_active").decrement(1.0);
}

/// Sets the pool gauges from the pool's current state.
fn record_pool(db: &DatabaseConnection) {
    let (size, idle, max) = match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            )
        }
        DatabaseBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (
                pool.size(),
                pool.num_idle(),
                pool.options().get_max_connections(),
            )
        }
        _ => return,
    };
    let idle = u32::try_from(idle).unwrap_or(u32::MAX);
    gauge!("db_pool_connections", "state" => "in_use").set(f64::from(size.saturating_sub(idle)));
    gauge!("db_pool_connections", "state" => "idle").set(f64::from(idle));
    gauge!("db_pool_max_connections").set(f64::from(max));
}

/// GET `/metrics`.
pub async fn metrics(State(state): State<HttpState>) -> Response {
    let Some(handle) = install() else {
        return (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "metrics recorder unavailable",
        )
            .into_response();
    };
    record_pool(&state.app.db);
    counter!("db_statements_total").absolute(state.app.statements.get());
    // Registers the gauge so it reads 0 before the first subscription.
    gauge!("graphql_subscriptions_active").increment(0.0);
    handle.run_upkeep();
    let mut resp = handle.render().into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    resp
}
