//! Liveness and readiness.

use axum::{extract::State, http::StatusCode};

use super::HttpState;

/// 200 while the process runs.
pub async fn healthz() -> &'static str {
    "ok"
}

/// 200 only while the database answers.
pub async fn readyz(State(state): State<HttpState>) -> (StatusCode, &'static str) {
    let ping = tokio::time::timeout(std::time::Duration::from_secs(2), state.app.db.ping()).await;
    match ping {
        Ok(Ok(())) => (StatusCode::OK, "ready"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}
