//! HTTP routes: `/graphql`, `/healthz`, `/readyz`, with the protocol's limits as layers.

pub mod body;
pub mod cors;
pub mod csrf;
pub mod document_limits;
pub mod graphql;
pub mod health;
pub mod limits;
pub mod negotiate;
pub mod ws;

use std::sync::Arc;

use axum::{
    BoxError, Router,
    error_handling::HandleErrorLayer,
    extract::DefaultBodyLimit,
    http::{HeaderMap, StatusCode},
    response::Response,
    routing::get,
};
use tower::ServiceBuilder;
use tower_http::trace::TraceLayer;

use crate::{app::AppState, error::AppError, graphql::AppSchema};
pub use limits::HttpSettings;

/// Shared by all handlers.
#[derive(Clone)]
pub struct HttpState {
    pub app: AppState,
    /// For callers who may introspect: field suggestions on.
    pub schema: AppSchema,
    /// For everyone else: the same schema without "Did you mean" suggestions.
    pub public_schema: AppSchema,
    pub settings: Arc<HttpSettings>,
}

/// The router with its layers: CORS (outermost, so refusals carry its headers too), tracing,
/// the whole-request timeout, then the body limit.
pub fn router(
    app: AppState,
    schema: AppSchema,
    public_schema: AppSchema,
    settings: &HttpSettings,
) -> Router {
    let state = HttpState {
        app,
        schema,
        public_schema,
        settings: Arc::new(settings.clone()),
    };
    let timeout = settings.request_timeout();
    let router = Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/graphql/ws", get(ws::upgrade))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .nest("/open311/v2", crate::open311::router())
        .with_state(state)
        .layer(DefaultBodyLimit::max(settings.max_body_bytes))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(
                    move |headers: HeaderMap, err: BoxError| {
                        timed_out(headers, err, timeout.as_secs())
                    },
                ))
                .timeout(timeout),
        )
        .layer(TraceLayer::new_for_http());
    match cors::layer(&settings.cors_allowed_origins) {
        Some(cors) => router.layer(cors),
        None => router,
    }
}

/// The answer when the request outlived `REQUEST_TIMEOUT_SECS` (the work is dropped, so an
/// unfinished write transaction rolls back).
async fn timed_out(headers: HeaderMap, err: BoxError, secs: u64) -> Response {
    let media = negotiate::negotiate(&headers).unwrap_or(negotiate::MediaType::Json);
    if err.is::<tower::timeout::error::Elapsed>() {
        return graphql::error_response(
            StatusCode::REQUEST_TIMEOUT,
            &AppError::QueryTooComplex(format!(
                "the request took longer than {secs} s and was stopped"
            )),
            media,
        );
    }
    graphql::error_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        &AppError::Internal(err.to_string()),
        media,
    )
}
