//! HTTP routes: `/graphql` (and GraphiQL's assets), `/healthz`, `/readyz`, `/metrics`, with the protocol's limits and
//! the request id as layers.

pub mod body;
pub mod client_addr;
pub mod cors;
pub mod csrf;
pub mod document_limits;
pub mod graphiql;
pub mod graphql;
pub mod health;
pub mod limits;
pub mod metrics;
pub mod negotiate;
pub mod persisted;
pub mod rate_limit;
pub mod refusal;
pub mod request_id;
pub mod ws;

use std::sync::Arc;

use axum::{
    BoxError, Router,
    error_handling::HandleErrorLayer,
    extract::{DefaultBodyLimit, Request},
    http::{HeaderMap, StatusCode},
    middleware,
    response::Response,
    routing::get,
};
use tower::ServiceBuilder;
use tower_http::trace::TraceLayer;

use crate::{app::AppState, error::AppError, graphql::AppSchema, http::refusal::Refusal};
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
    /// The rate-limit buckets of this process.
    pub rate_limits: Arc<rate_limit::RateLimits>,
    /// The registered list or the APQ cache.
    pub persisted: Arc<persisted::PersistedQueries>,
}

/// The router with its layers: CORS (outermost, so refusals carry its headers too), the
/// request id, tracing, the whole-request timeout, then the body limit.
pub fn router(
    app: AppState,
    schema: AppSchema,
    public_schema: AppSchema,
    settings: &HttpSettings,
    persisted: Arc<persisted::PersistedQueries>,
) -> Router {
    metrics::install();
    let state = HttpState {
        app,
        schema,
        public_schema,
        settings: Arc::new(settings.clone()),
        rate_limits: Arc::new(rate_limit::RateLimits::new(settings)),
        persisted,
    };
    let timeout = settings.request_timeout();
    let router = Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/graphql/ws", get(ws::upgrade))
        // Gzip for the 1.5 MB of GraphiQL (once per browser: the URLs are cached a year).
        .route(
            "/graphql/assets/{version}/{file}",
            get(graphiql::asset).layer(tower_http::compression::CompressionLayer::new()),
        )
        .route("/graphql/demo-tokens", get(graphiql::demo_tokens))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .nest("/open311/v2", crate::open311::router())
        .route("/metrics", get(metrics::metrics))
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
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let id = req
                .headers()
                .get(&request_id::HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            tracing::info_span!("request", method = %req.method(), uri = %req.uri().path(), request_id = %id)
        }))
        .layer(middleware::from_fn(request_id::assign));
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
            Refusal::QueryTooComplex(format!(
                "the request took longer than {secs} s and was stopped"
            )),
            media,
        );
    }
    graphql::error_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        AppError::Internal(err.to_string()),
        media,
    )
}
