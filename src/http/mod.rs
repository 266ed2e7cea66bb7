//! HTTP routes: `/graphql`, `/healthz`, `/readyz`.

pub mod graphql;
pub mod health;

use std::time::Duration;

use axum::{Router, routing::get};
use tower_http::{limit::RequestBodyLimitLayer, timeout::TimeoutLayer, trace::TraceLayer};

use crate::{app::AppState, graphql::AppSchema};

/// Largest request body accepted (413 beyond).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Shared by all handlers.
#[derive(Clone)]
pub struct HttpState {
    pub app: AppState,
    pub schema: AppSchema,
}

/// The router with its layers.
pub fn router(app: AppState, schema: AppSchema) -> Router {
    let state = HttpState { app, schema };
    Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .with_state(state)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(10),
        ))
        .layer(TraceLayer::new_for_http())
}
