//! One id per request: taken from a well-formed incoming `x-request-id` (so a proxy's id
//! carries through) or a new UUIDv7, put on the request for the trace span, returned in the
//! response header, and added as `extensions.requestId` to every error the client gets, so a
//! complaint can be matched with the server log.

use axum::{
    extract::Request,
    http::{HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
};

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served on this task, if any.
pub fn current() -> Option<String> {
    crate::telemetry::request_id()
}

/// Adds `requestId` to error extensions (a JSON object) when serving a request.
pub fn tag(extensions: &mut async_graphql::ErrorExtensionValues) {
    if let Some(id) = current() {
        extensions.set("requestId", id);
    }
}

fn acceptable(value: &HeaderValue) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Middleware: assigns the id, serves the request within its scope, and echoes it.
pub async fn assign(mut req: Request, next: Next) -> Response {
    let value = req
        .headers()
        .get(&HEADER)
        .filter(|v| acceptable(v))
        .cloned()
        .unwrap_or_else(|| {
            HeaderValue::from_str(&uuid::Uuid::now_v7().to_string())
                .unwrap_or(HeaderValue::from_static("unknown"))
        });
    req.headers_mut().insert(HEADER, value.clone());
    let id = value.to_str().unwrap_or("unknown").to_owned();
    let mut resp = crate::telemetry::with_request_id(id, next.run(req)).await;
    resp.headers_mut().insert(HEADER, value);
    resp
}
