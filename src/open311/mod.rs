//! A read/write Open311 GeoReport v2 view of the inquiry desk at `/open311/v2/`, for
//! civic-tech clients: services are inquiry kinds (tip-offs excluded), requests show only
//! their public side, and errors are `[{code, description}]`. It reuses the services under
//! `crate::service` and the access rules of `crate::auth::policy` (see `policy::open311`).

pub mod errors;
pub mod mapping;
pub mod params;
pub mod routes;

use axum::{Router, routing::get};

use crate::http::HttpState;

/// The routes, to be nested at `/open311/v2`.
pub fn router() -> Router<HttpState> {
    Router::new()
        .route("/services.json", get(routes::services))
        .route("/requests.json", get(routes::list).post(routes::create))
        .route("/services/{file}", get(routes::definition))
        .route("/requests/{file}", get(routes::get_one))
        .route("/tokens/{file}", get(routes::token))
        .fallback(routes::fallback)
        .method_not_allowed_fallback(routes::method_not_allowed)
}
