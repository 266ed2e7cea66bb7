//! CORS from the allow-list in `CORS_ALLOWED_ORIGINS`: without one no CORS headers are sent,
//! so browsers allow same-origin calls only.

use std::time::Duration;

use axum::http::{HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The CORS layer for the configured origins; `None` when the list is empty. Origins that are
/// not valid header values are skipped with a warning.
pub fn layer(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<&str> = origins
        .iter()
        .map(|o| o.trim())
        .filter(|o| !o.is_empty())
        .collect();
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.contains(&"*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|o| match HeaderValue::from_str(o) {
                    Ok(v) => Some(v),
                    Err(_) => {
                        tracing::warn!(
                            origin = o,
                            "CORS_ALLOWED_ORIGINS: not a valid origin, skipped"
                        );
                        None
                    }
                }),
        )
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
            .max_age(Duration::from_secs(600)),
    )
}
