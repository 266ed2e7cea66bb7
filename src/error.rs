//! One error type for every use case, mapped to the stable `extensions.code`
//! values of the public contract (DESIGN.md §6). Internal failures are logged
//! with a correlation id and reach the client only as that id.

use async_graphql::ErrorExtensions;
use sea_orm::DbErr;

/// Everything a use case can refuse or fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    /// An id in one input field names nothing the caller may see: absent and out of scope
    /// answer alike, with the field (`extensions.field`) so a client knows which id.
    #[error("{field}: {what} not found")]
    NotFoundIn {
        field: &'static str,
        what: &'static str,
    },
    #[error("{field}: {message}")]
    BadInput { field: String, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    InvalidTransition(String),
    #[error("rate limit exceeded")]
    RateLimited { retry_after_secs: u64 },
    #[error("{0}")]
    QueryTooComplex(String),
    /// An APQ hash this server does not know: the client resends the document (Apollo protocol).
    #[error("PersistedQueryNotFound")]
    PersistedQueryNotFound,
    #[error("PersistedQueryNotSupported")]
    PersistedQueryNotSupported,
    /// An event cursor older than the retention window: what followed it is gone, so
    /// the client refetches its state and subscribes again without `after`.
    #[error(
        "the events after this cursor are no longer kept; refetch and subscribe without `after`"
    )]
    CursorExpired { oldest: String },
    /// A subscription the server ended, with the last cursor it delivered so the client
    /// resumes with `after`.
    #[error("{message}")]
    SubscriptionEnded {
        message: String,
        last_cursor: Option<String>,
    },
    #[error("database error: {0}")]
    Database(#[from] DbErr),
    #[error("{0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// Shorthand for a refusal of one input field.
    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::BadInput {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The `extensions.code` clients switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::NotFound(_) | Self::NotFoundIn { .. } => "NOT_FOUND",
            Self::BadInput { .. } => "BAD_USER_INPUT",
            Self::Conflict(_) => "CONFLICT",
            Self::InvalidTransition(_) => "INVALID_TRANSITION",
            Self::RateLimited { .. } => "RATE_LIMITED",
            Self::QueryTooComplex(_) => "QUERY_TOO_COMPLEX",
            Self::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            Self::PersistedQueryNotSupported => "PERSISTED_QUERY_NOT_SUPPORTED",
            Self::CursorExpired { .. } => "CURSOR_EXPIRED",
            Self::SubscriptionEnded { .. } => "SUBSCRIPTION_ENDED",
            Self::Database(_) | Self::Internal(_) => "INTERNAL",
        }
    }

    /// True for failures whose details must stay in the server log.
    pub fn is_internal(&self) -> bool {
        matches!(self, Self::Database(_) | Self::Internal(_))
    }
}

impl ErrorExtensions for AppError {
    fn extend(&self) -> async_graphql::Error {
        if self.is_internal() {
            // The request id when serving one, so the client's error matches the log line.
            let correlation_id = crate::http::request_id::current()
                .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
            tracing::error!(%correlation_id, error = %self, "internal error");
            return async_graphql::Error::new("internal error").extend_with(|_, ext| {
                ext.set("code", "INTERNAL");
                ext.set("correlationId", correlation_id.clone());
            });
        }
        let code = self.code();
        async_graphql::Error::new(self.to_string()).extend_with(|_, ext| {
            ext.set("code", code);
            match self {
                Self::BadInput { field, .. } => ext.set("field", field.as_str()),
                Self::NotFoundIn { field, .. } => ext.set("field", *field),
                Self::RateLimited { retry_after_secs } => ext.set("retryAfter", *retry_after_secs),
                Self::CursorExpired { oldest } => ext.set("oldestCursor", oldest.as_str()),
                Self::SubscriptionEnded {
                    last_cursor: Some(cursor),
                    ..
                } => ext.set("lastCursor", cursor.as_str()),
                _ => {}
            }
        })
    }
}

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        err.extend()
    }
}

/// True when the database refused a row because of a unique constraint.
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}
