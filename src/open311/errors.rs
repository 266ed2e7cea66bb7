//! Open311 errors: a JSON array `[{"code": 404, "description": "..."}]` with the same HTTP
//! status, as GeoReport v2 clients expect, instead of GraphQL's `errors[].extensions`.

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;

use crate::{error::AppError, http::refusal::Refusal};

#[derive(Debug, Serialize)]
struct Item {
    code: u16,
    description: String,
}

/// An error on the Open311 view.
#[derive(Debug)]
pub struct Open311Error {
    pub status: StatusCode,
    pub description: String,
    /// Seconds to wait, sent as `Retry-After` with a 429.
    pub retry_after_secs: Option<u64>,
}

impl Open311Error {
    pub fn new(status: StatusCode, description: impl Into<String>) -> Self {
        Self {
            retry_after_secs: None,
            status,
            description: description.into(),
        }
    }

    /// A refused parameter, named as Open311 names it.
    pub fn bad(field: &str, message: impl std::fmt::Display) -> Self {
        Self::new(StatusCode::BAD_REQUEST, format!("{field}: {message}"))
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("{what} not found"))
    }
}

/// Our input names (GraphQL's) → the Open311 parameter a client actually sent.
fn open311_field(field: &str) -> &str {
    match field {
        "body" => "description",
        "citizenPhone" => "phone",
        "citizenName" => "first_name/last_name",
        "locationText" => "address_string",
        "districtCode" => "jurisdiction_id",
        "latitude" => "lat",
        "longitude" => "long",
        "externalRef" => "external_ref",
        "idempotencyKey" => "Idempotency-Key",
        other => other,
    }
}

impl From<AppError> for Open311Error {
    fn from(err: AppError) -> Self {
        if err.is_internal() {
            let correlation_id = uuid::Uuid::now_v7();
            tracing::error!(%correlation_id, error = %err, "internal error (open311)");
            return Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("internal error (correlation id {correlation_id})"),
            );
        }
        let status = match &err {
            AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) | AppError::NotFoundIn { .. } => StatusCode::NOT_FOUND,
            AppError::Conflict(_)
            | AppError::StaleVersion { .. }
            | AppError::InvalidTransition(_) => StatusCode::CONFLICT,
            _ => StatusCode::BAD_REQUEST,
        };
        let description = match &err {
            AppError::BadInput { field, message } => {
                format!("{}: {message}", open311_field(field))
            }
            other => other.to_string(),
        };
        Self::new(status, description)
    }
}

impl From<Refusal> for Open311Error {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::App(err) => err.into(),
            Refusal::RateLimited { retry_after_secs } => Self {
                retry_after_secs: Some(retry_after_secs),
                ..Self::new(StatusCode::TOO_MANY_REQUESTS, "rate limit exceeded")
            },
            other => Self::new(StatusCode::BAD_REQUEST, other.to_string()),
        }
    }
}

impl IntoResponse for Open311Error {
    fn into_response(self) -> Response {
        let body = vec![Item {
            code: self.status.as_u16(),
            description: self.description,
        }];
        let mut resp = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        resp
    }
}

/// Result of an Open311 handler.
pub type Open311Result<T> = Result<T, Open311Error>;
